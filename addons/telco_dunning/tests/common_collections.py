from odoo import Command

from .common import TelcoDunningCommon


class TelcoCollectionsCommon(TelcoDunningCommon):
    """Dunning common setup plus fee settings, credit bureaus, an agency and a write-off account."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fee_product = cls.env.ref('telco_dunning.product_dunning_fee')
        cls.bureau = cls.env.ref('telco_dunning.telco_credit_bureau_asnef')
        cls.channel_email = cls.env.ref('telco_dunning.telco_dunning_channel_email')
        cls.channel_sms = cls.env.ref('telco_dunning.telco_dunning_channel_sms')
        cls.channel_letter = cls.env.ref('telco_dunning.telco_dunning_channel_letter')
        cls.template_first = cls.env.ref('telco_dunning.mail_template_dunning_first_reminder')
        cls.template_demand = cls.env.ref('telco_dunning.mail_template_dunning_payment_demand')
        cls.sms_template = cls.env.ref('telco_dunning.sms_template_dunning_reminder')
        cls.agency = cls.env['telco.collection.agency'].create({'name': 'Recobros Norte'})
        cls.writeoff_account = cls.env['account.account'].create({
            'name': 'Losses on irrecoverable trade receivables',
            'code': '650999',
            'account_type': 'expense',
        })
        cls.company.write({
            'telco_dunning_fee_product_id': cls.fee_product.id,
            'telco_writeoff_account_id': cls.writeoff_account.id,
        })
        cls.business = cls._create_customer('Bea Business', 'base.state_es_b')
        cls.business.write({'telco_customer_type': 'business', 'is_company': True})
        cls.customer.mobile = '+34 600 000 001'

    @classmethod
    def _policy(cls, levels, **values):
        """Create a policy of the test company with ``levels`` (dicts of level values)."""
        return cls.env['telco.dunning.policy'].create({
            'name': values.pop('name', 'Collections test policy'),
            'company_id': cls.company.id,
            'level_ids': [Command.create({'name': f"Level {index}", 'sequence': index, **level})
                          for index, level in enumerate(levels, start=1)],
            **values,
        })

    @classmethod
    def _assign(cls, partner, policy):
        partner.with_company(cls.company).telco_dunning_policy_id = policy

    def _demand_then_report_policy(self):
        """Payment demand by email at 30 days, credit bureau report at 60 days."""
        return self._policy([
            {'days_after_due': 30, 'action': 'email', 'mail_template_id': self.template_demand.id,
             'is_payment_demand': True, 'bureau_ids': [Command.set(self.bureau.ids)]},
            {'days_after_due': 60, 'action': 'credit_bureau',
             'bureau_ids': [Command.set(self.bureau.ids)]},
        ])
