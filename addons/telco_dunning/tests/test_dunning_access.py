from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import TelcoDunningCommon


@tagged('post_install', '-at_install')
class TestDunningAccess(TelcoDunningCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collector = new_test_user(
            cls.env, login='dunning_collector', name='Collector',
            groups='base.group_user,telco_collections.group_collections_user',
            company_id=cls.company.id, company_ids=[cls.company.id])

    def test_collector_runs_dunning(self):
        self._invoice(self.customer, date(2026, 3, 1), 30.0)

        run = self._run(date(2026, 3, 2), user=self.collector)

        self.assertEqual(run.user_id, self.collector)
        actions = self.env['telco.dunning.action'].with_user(self.collector).search(
            [('partner_id', '=', self.customer.id)])
        self.assertEqual(actions.state, 'done')
        self.assertEqual(actions.level_id.with_user(self.collector).name, 'First reminder')

    def test_collector_cannot_configure(self):
        policy = self.policy.with_user(self.collector)
        with self.assertRaises(AccessError):
            policy.write({'name': 'Changed'})
        with self.assertRaises(AccessError):
            self.level_first.with_user(self.collector).write({'days_after_due': 3})
        with self.assertRaises(AccessError):
            self.env['telco.dunning.policy'].with_user(self.collector).create({'name': 'New'})
