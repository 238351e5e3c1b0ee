from odoo.tests import tagged

from .common import TelcoDunningCommon


@tagged('post_install', '-at_install')
class TestDunningSettings(TelcoDunningCommon):

    def test_settings_default_policy(self):
        other = self.policy.copy({'name': 'Other', 'is_default': False})
        settings = self.env['res.config.settings'].create({})
        self.assertEqual(settings.telco_dunning_default_policy_id, self.policy)

        settings.telco_dunning_default_policy_id = other
        settings.execute()

        self.assertTrue(other.is_default)
        self.assertFalse(self.policy.is_default)

    def test_settings_auto_run_toggles_cron(self):
        cron = self.env.ref('telco_dunning.ir_cron_telco_dunning')
        settings = self.env['res.config.settings'].create({})
        self.assertEqual(settings.telco_dunning_auto_run, cron.active)

        settings.telco_dunning_auto_run = False
        settings.execute()
        self.assertFalse(cron.active)

        settings = self.env['res.config.settings'].create({'telco_dunning_auto_run': True})
        settings.execute()
        self.assertTrue(cron.active)
