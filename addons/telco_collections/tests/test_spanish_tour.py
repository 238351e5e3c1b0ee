from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon


@tagged('post_install', '-at_install')
class TestSpanishCollectorTour(AccountTestInvoicingHttpCommon):
    """A collector whose language is Spanish works through the Collections app in a browser."""

    @classmethod
    @AccountTestInvoicingHttpCommon.setup_country('es')
    def setUpClass(cls):
        super().setUpClass()
        cls.env['res.lang']._activate_lang('es_ES')
        cls.env['ir.module.module']._load_module_terms(['telco_collections'], ['es_ES'], overwrite=True)
        company = cls.company_data['company']
        cls.collector = new_test_user(
            cls.env,
            login='cobros_tour',
            lang='es_ES',
            groups='base.group_user,telco_collections.group_collections_user',
            company_id=company.id,
            company_ids=[company.id],
        )
        customer = cls.env['res.partner'].create({
            'name': 'Cliente Moroso Tour',
            'collection_payment_method': 'transfer',
            'company_id': company.id,
        })
        cls.invoice = cls.env['account.move'].create({
            'move_type': 'out_invoice',
            'partner_id': customer.id,
            'invoice_date': '2024-03-01',
            'invoice_date_due': '2024-03-31',
            'invoice_line_ids': [Command.create({'name': 'Fibra 600 Mb', 'price_unit': 100.0})],
        })
        cls.invoice.action_post()

    def test_collector_finds_debt_in_spanish(self):
        self.assertEqual(self.invoice.collection_state, 'overdue')
        self.start_tour('/odoo', 'telco_collections_spanish_tour', login='cobros_tour')
