from datetime import datetime, time

from odoo.tests import HttpCase, freeze_time, new_test_user, tagged

from telcocollect.aeb import c19_returns
from telcocollect.money import to_cents

from .common import TODAY, TelcoSepaCommon


@tagged('post_install', '-at_install')
class TestSpanishSepaTour(TelcoSepaCommon, HttpCase):
    """An accountant whose language is Spanish follows a returned debit in a browser."""

    def test_accountant_follows_return_in_spanish(self):
        self.env['res.lang']._activate_lang('es_ES')
        self.env['ir.module.module']._load_module_terms(
            ['telco_collections', 'telco_sepa'], ['es_ES'], overwrite=True,
        )
        new_test_user(
            self.env,
            login='remesas_tour',
            lang='es_ES',
            groups='base.group_user,telco_collections.group_collections_accountant',
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        invoice = self._invoice(self.debtor, 50.0)
        remittance = self._sent_remittance(invoice)
        line = remittance.line_ids
        creditor_iban = self.journal.bank_account_id.sanitized_acc_number
        data = c19_returns.write(
            c19_returns.Presenter(self.creditor_id, self.company.name, creditor_iban[4:8],
                                  creditor_iban[8:12]),
            self.company.name,
            self.creditor_id,
            [c19_returns.ReturnedDebit(
                end_to_end_id=line.end_to_end_id,
                mandate_id=self.mandate.name,
                amount_cents=to_cents(line.amount),
                reason_code='AM04',
                return_date=remittance.collection_date,
                collection_date=remittance.collection_date,
                debtor_name=self.debtor.name,
                debtor_iban=self.mandate.partner_bank_id.sanitized_acc_number,
                mandate_date=self.mandate.signature_date,
            )],
            datetime.combine(remittance.collection_date, time(10, 0)),
            creditor_iban=creditor_iban,
        )
        with freeze_time(TODAY):
            self.env['telco.sepa.return.file'].import_return_file(data, 'devoluciones.c19')
        self.assertEqual(line.state, 'returned')

        self.start_tour('/odoo', 'telco_sepa_spanish_tour', login='remesas_tour')
