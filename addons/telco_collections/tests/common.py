from datetime import date

from odoo import Command

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class TelcoCollectionsCommon(AccountTestInvoicingCommon):
    """Spanish company with telecom products, customers and a helper to create subscriptions."""

    @classmethod
    @AccountTestInvoicingCommon.setup_country('es')
    def setUpClass(cls):
        super().setUpClass()
        # No explicit taxes: the product gets the company's default sale tax from the chart.
        cls.product_voice, cls.product_data = cls.env['product.product'].create([
            {'name': 'Mobile voice plan', 'type': 'service', 'lst_price': 20.0},
            {'name': 'Fibre 600 Mb', 'type': 'service', 'lst_price': 30.0},
        ])
        cls.customer = cls.env['res.partner'].create({
            'name': 'Lucía Fernández',
            'collection_payment_method': 'direct_debit',
            'country_id': cls.env.ref('base.es').id,
        })
        cls.customer_transfer = cls.env['res.partner'].create({
            'name': 'Talleres Ebro SL',
            'is_company': True,
            'telco_customer_type': 'business',
            'collection_payment_method': 'transfer',
            'country_id': cls.env.ref('base.es').id,
        })
        cls.sale_journal = cls.company_data['default_journal_sale']

    @classmethod
    def get_default_groups(cls):
        return super().get_default_groups() | cls.env.ref('telco_collections.group_collections_manager')

    @classmethod
    def _create_subscription(cls, partner, next_invoice_date, billing_day=None, state='active', lines=None):
        next_invoice_date = next_invoice_date and date.fromisoformat(next_invoice_date)
        if lines is None:
            lines = [
                {'product_id': cls.product_voice.id, 'service_category': 'voice', 'service_identifier': '+34600111222'},
                {'product_id': cls.product_data.id, 'service_category': 'data', 'service_identifier': 'FTTH-0042'},
            ]
        return cls.env['telco.subscription'].create({
            'partner_id': partner.id,
            'billing_day': billing_day or (next_invoice_date.day if next_invoice_date else 1),
            'next_invoice_date': next_invoice_date,
            'state': state,
            'line_ids': [Command.create(line) for line in lines],
        })
