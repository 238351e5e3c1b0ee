from odoo.tests import freeze_time

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from telcocollect.identifiers import creditor_id_from_nif, make_spanish_iban

# 2025-03-03 is a Monday and 2025-03-05 a TARGET2 business day.
TODAY = '2025-03-03'
COLLECTION_DATE = '2025-03-05'
PRENOTIFIED_DATE = '2025-02-10'


class TelcoSepaCommon(AccountTestInvoicingCommon):

    @classmethod
    @AccountTestInvoicingCommon.setup_country('es')
    def setUpClass(cls):
        super().setUpClass()
        # Messages are checked in English whatever languages the database has loaded.
        cls.env = cls.env(context=dict(cls.env.context, lang='en_US'))
        # The test user is an accountant of the Collections app, the role that runs
        # remittances and return imports.
        cls.env.user.groups_id |= cls.env.ref('telco_collections.group_collections_accountant')
        cls.company = cls.company_data['company'].with_env(cls.env)
        cls.creditor_id = creditor_id_from_nif('12345678Z')
        cls.journal = cls.company_data['default_journal_bank'].with_env(cls.env)
        cls.journal.bank_account_id = cls.env['res.partner.bank'].create({
            'partner_id': cls.company.partner_id.id,
            'acc_number': make_spanish_iban('2100', '0418', '0200051332'),
        })
        cls.company.write({
            'sepa_creditor_identifier': cls.creditor_id,
            'sepa_collection_journal_id': cls.journal.id,
        })
        spain = cls.env.ref('base.es')
        cls.debtor = cls._create_debtor('Peña Íñiguez', '0001', city='Málaga', country=spain)
        cls.debtor_b = cls._create_debtor('Comercial Norte SL', '0002', city='Bilbao',
                                          country=spain, customer_type='business')
        cls.mandate = cls._create_mandate(cls.debtor, 'MND-0001')
        cls.mandate_b = cls._create_mandate(cls.debtor_b, 'MND-0002')

    @classmethod
    def _create_debtor(cls, name, account, city, country, customer_type='residential'):
        partner = cls.env['res.partner'].create({
            'name': name,
            'city': city,
            'zip': '29001',
            'street': 'Calle Larios 1',
            'country_id': country.id,
            'telco_customer_type': customer_type,
            'collection_payment_method': 'direct_debit',
            'property_payment_term_id': cls.pay_terms_a.id,
            'property_account_receivable_id': cls.company_data['default_account_receivable'].id,
        })
        cls.env['res.partner.bank'].create({
            'partner_id': partner.id,
            'acc_number': make_spanish_iban('0049', '1500', account.zfill(10)),
        })
        return partner

    @classmethod
    def _create_mandate(cls, partner, name, validate=True, **vals):
        mandate = cls.env['telco.sepa.mandate'].create({
            'name': name,
            'partner_id': partner.id,
            'partner_bank_id': partner.bank_ids[:1].id,
            'signature_date': '2024-01-10',
            **vals,
        })
        if validate:
            mandate.action_validate()
        return mandate

    def _invoice(self, partner, amount, invoice_date='2025-03-01', **vals):
        invoice = self.init_invoice(
            'out_invoice', partner=partner, invoice_date=invoice_date, amounts=[amount],
            taxes=self.tax_sale_a,
        )
        # Remittances collect only pre-notified invoices; tests of other rules start from
        # an invoice notified well before COLLECTION_DATE.
        vals.setdefault('sepa_prenotification_date', PRENOTIFIED_DATE)
        if vals:
            invoice.write(vals)
        invoice.action_post()
        return invoice

    def _remittance(self, **vals):
        return self.env['telco.sepa.remittance'].create({
            'collection_date': COLLECTION_DATE,
            'journal_id': self.journal.id,
            **vals,
        })

    def _sent_remittance(self, invoices):
        with freeze_time(TODAY):
            remittance = self._remittance()
            remittance.action_select_invoices()
            remittance.action_generate_file()
            remittance.action_mark_sent()
        self.assertEqual(remittance.line_ids.move_id, invoices)
        return remittance
