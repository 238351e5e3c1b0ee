from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon


@tagged('post_install', '-at_install')
class TestSpanishDunningTour(AccountTestInvoicingHttpCommon):
    """A collector whose language is Spanish reads the dunning history in a browser."""

    @classmethod
    @AccountTestInvoicingHttpCommon.setup_country('es')
    def setUpClass(cls):
        super().setUpClass()
        cls.env['res.lang']._activate_lang('es_ES')
        cls.env['ir.module.module']._load_module_terms(
            ['telco_collections', 'telco_dunning'], ['es_ES'], overwrite=True,
        )
        company = cls.company_data['company']
        cls.env.user.groups_id += cls.env.ref('telco_collections.group_collections_manager')
        shipped = cls.env.ref('telco_dunning.telco_dunning_policy_default').sudo()
        shipped.copy({'name': 'Tour policy', 'company_id': company.id, 'is_default': True})
        cls.collector = new_test_user(
            cls.env,
            login='reclamacion_tour',
            lang='es_ES',
            groups='base.group_user,telco_collections.group_collections_user',
            company_id=company.id,
            company_ids=[company.id],
        )
        customer = cls.env['res.partner'].create({
            'name': 'Cliente Tour Reclamación',
            'email': 'cliente.tour@example.com',
            'lang': 'es_ES',
            'country_id': cls.env.ref('base.es').id,
            'state_id': cls.env.ref('base.state_es_m').id,
            'collection_payment_method': 'transfer',
        })
        due = fields.Date.today() - timedelta(days=40)
        invoice = cls.env['account.move'].create({
            'move_type': 'out_invoice',
            'partner_id': customer.id,
            'invoice_date': due,
            'invoice_date_due': due,
            'invoice_line_ids': [Command.create({'name': 'Línea móvil', 'price_unit': 30.0})],
        })
        invoice.action_post()
        cls.dunning_run = cls.env['telco.dunning.run'].with_company(company).run_dunning()

    def test_collector_reads_history_in_spanish(self):
        notice = self.dunning_run.action_ids
        self.assertEqual(notice.mapped('action'), ['suspension_notice'])
        self.assertEqual(notice.state, 'done', notice.error_message)
        self.assertTrue(notice.suspension_date)
        self.start_tour('/odoo', 'telco_dunning_spanish_tour', login='reclamacion_tour')
