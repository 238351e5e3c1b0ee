from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from telcocollect.identifiers import creditor_id_from_nif, make_spanish_iban

from .common import TelcoSepaCommon


@tagged('post_install', '-at_install')
class TestCreditorAndMandate(TelcoSepaCommon):

    def test_creditor_id_valid_accepted(self):
        other_business_code = creditor_id_from_nif('12345678Z', 'ABC')
        self.company.sepa_creditor_identifier = other_business_code
        self.assertEqual(self.company.sepa_creditor_identifier, other_business_code)

    def test_creditor_id_bad_check_digits(self):
        wrong = 'ES00' + self.creditor_id[4:]
        with self.assertRaises(ValidationError) as caught:
            self.company.sepa_creditor_identifier = wrong
        message = str(caught.exception)
        self.assertIn(wrong, message)
        self.assertIn('3-character business code', message)

    def test_creditor_id_not_an_identifier(self):
        with self.assertRaises(ValidationError) as caught:
            self.company.sepa_creditor_identifier = 'B12345678'
        self.assertIn('B12345678', str(caught.exception))

    def test_payment_method_on_bank_journal(self):
        method_line = self.journal._get_telco_sepa_payment_method_line()
        self.assertEqual(method_line.payment_method_id.code, 'telco_sepa_direct_debit')
        self.assertEqual(method_line.payment_method_id.payment_type, 'inbound')

    def test_mandate_reference_charset(self):
        with self.assertRaises(ValidationError) as caught:
            self._create_mandate(self.debtor, 'MND_Ñ*1', validate=False)
        self.assertIn('MND_Ñ*1', str(caught.exception))

    def test_mandate_reference_too_long(self):
        with self.assertRaises(ValidationError):
            self._create_mandate(self.debtor, 'M' * 36, validate=False)

    def test_mandate_reference_unique(self):
        with self.assertRaises(IntegrityError), mute_logger('odoo.sql_db'), self.cr.savepoint():
            self._create_mandate(self.debtor, 'MND-0001', validate=False)

    def test_mandate_reference_numbered(self):
        mandate = self._create_mandate(self.debtor, False, validate=False)
        self.assertTrue(mandate.name.startswith('MND'))

    def test_mandate_needs_signature_date(self):
        mandate = self._create_mandate(self.debtor, 'MND-0003', validate=False,
                                       signature_date=False)
        with self.assertRaises(UserError):
            mandate.action_validate()
        self.assertEqual(mandate.state, 'draft')

    def test_mandate_b2b_only_business(self):
        with self.assertRaises(ValidationError) as caught:
            self._create_mandate(self.debtor, 'MND-0004', validate=False, scheme='B2B')
        self.assertIn('business', str(caught.exception))
        b2b = self._create_mandate(self.debtor_b, 'MND-0005', scheme='B2B')
        self.assertEqual(b2b.state, 'active')

    def test_mandate_bank_of_other_partner(self):
        with self.assertRaises(ValidationError):
            self.env['telco.sepa.mandate'].create({
                'name': 'MND-0006',
                'partner_id': self.debtor.id,
                'partner_bank_id': self.debtor_b.bank_ids[:1].id,
                'signature_date': '2024-01-10',
            })

    def test_mandate_invalid_iban(self):
        bank = self.env['res.partner.bank'].create({
            'partner_id': self.debtor.id,
            'acc_number': '12345',
        })
        with self.assertRaises(ValidationError) as caught:
            self._create_mandate(self.debtor, 'MND-0007', validate=False,
                                 partner_bank_id=bank.id)
        self.assertIn('12345', str(caught.exception))

    def test_mandate_cancel(self):
        self.mandate.action_cancel()
        self.assertEqual(self.mandate.state, 'cancelled')

    def test_partner_smart_button_count(self):
        self.assertEqual(self.debtor.telco_sepa_mandate_count, 1)
        action = self.debtor.action_view_telco_sepa_mandates()
        self.assertEqual(self.env['telco.sepa.mandate'].search(action['domain']), self.mandate)

    def test_creditor_id_error_in_spanish(self):
        if not self.env['res.lang']._lang_get('es_ES'):
            self.skipTest("Spanish is not installed in this database")
        company = self.company.with_context(lang='es_ES')
        with self.assertRaises(ValidationError) as caught:
            company.sepa_creditor_identifier = 'ES00000X'
        self.assertIn('Identificador del acreedor SEPA ES00000X no válido', str(caught.exception))


@tagged('post_install', '-at_install')
class TestPartnerBankIban(TelcoSepaCommon):

    def test_invalid_spanish_iban_rejected(self):
        with self.assertRaisesRegex(ValidationError, 'ES00 1234 5678 9012 3456 7890'):
            self.env['res.partner.bank'].create({
                'partner_id': self.debtor.id,
                'acc_number': 'ES00 1234 5678 9012 3456 7890',
            })

    def test_valid_and_foreign_accounts_accepted(self):
        valid = self.env['res.partner.bank'].create({
            'partner_id': self.debtor.id,
            'acc_number': make_spanish_iban('2100', '0418', '0200051399'),
        })
        self.assertTrue(valid)
        foreign = self.env['res.partner.bank'].create({
            'partner_id': self.debtor.id,
            'acc_number': '123456789',
        })
        self.assertTrue(foreign)
