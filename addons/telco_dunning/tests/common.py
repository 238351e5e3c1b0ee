from odoo import Command
from odoo.tests import freeze_time

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class TelcoDunningCommon(AccountTestInvoicingCommon):
    """Spanish company with a copy of the shipped default policy and two customers."""

    @classmethod
    @AccountTestInvoicingCommon.setup_country('es')
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data['company']
        cls.company.email = 'collections@company.example'
        # Mails render in the customer's language; make English available whatever the
        # languages of the database.
        cls.env['res.lang']._activate_lang('en_US')
        # Messages and activities are checked in English, whatever the languages installed.
        cls.env.user.lang = 'en_US'
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, lang='en_US'))
        cls.env.user.groups_id += cls.env.ref('telco_collections.group_collections_manager')
        # The shipped policy belongs to the main company; the test company gets a copy.
        shipped = cls.env.ref('telco_dunning.telco_dunning_policy_default').sudo()
        cls.policy = shipped.copy({
            'name': 'Test policy',
            'company_id': cls.company.id,
            'is_default': True,
        }).sudo(False)
        levels = cls.policy.level_ids.sorted('days_after_due')
        cls.level_first, cls.level_second, cls.level_notice = levels
        cls.spain = cls.env.ref('base.es')
        cls.customer = cls._create_customer('Ana Customer', 'base.state_es_b')
        cls.other_customer = cls._create_customer('Luis Customer', 'base.state_es_m')
        cls.Run = cls.env['telco.dunning.run']

    @classmethod
    def _create_customer(cls, name, state_xmlid):
        return cls.env['res.partner'].create({
            'name': name,
            'email': f"{name.split()[0].lower()}@example.com",
            'country_id': cls.spain.id,
            'state_id': cls.env.ref(state_xmlid).id,
            'telco_customer_type': 'residential',
            'lang': 'en_US',
        })

    @classmethod
    def _invoice(cls, partner, due_date, amount, **values):
        """Post a customer invoice without taxes, dated and due on ``due_date``."""
        invoice = cls.env['account.move'].create({
            'move_type': 'out_invoice',
            'partner_id': partner.id,
            'invoice_date': due_date,
            'invoice_date_due': due_date,
            'invoice_payment_term_id': False,
            'invoice_line_ids': [Command.create({
                'name': 'Monthly fee',
                'quantity': 1,
                'price_unit': amount,
                'tax_ids': [],
                **values,
            })],
        })
        invoice.action_post()
        return invoice

    def _pay(self, invoice, amount, payment_date):
        self.env['account.payment.register'].with_context(
            active_model='account.move', active_ids=invoice.ids,
        ).create({'amount': amount, 'payment_date': payment_date})._create_payments()

    def _run(self, day, user=None):
        """Run dunning at ``day`` with the clock frozen on that day."""
        with freeze_time(day):
            run_model = self.Run.with_user(user) if user else self.Run
            return run_model.run_dunning()

    def _actions(self, partner):
        return self.env['telco.dunning.action'].search(
            [('partner_id', '=', partner.id)], order='action_date, id')
