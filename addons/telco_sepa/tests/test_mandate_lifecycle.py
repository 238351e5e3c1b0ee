import base64

from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common import TelcoSepaCommon


@tagged('post_install', '-at_install')
class TestMandateLifecycle(TelcoSepaCommon):

    def test_debtor_data_from_partner(self):
        mandate = self._create_mandate(self.debtor, 'MND-L01', validate=False,
                                       signature_place='Málaga')
        self.assertRecordValues(mandate, [{
            'debtor_name': 'Peña Íñiguez',
            'debtor_street': 'Calle Larios 1',
            'debtor_zip': '29001',
            'debtor_city': 'Málaga',
            'debtor_country_id': self.env.ref('base.es').id,
            'signature_place': 'Málaga',
        }])

    def test_debtor_data_kept_when_partner_moves(self):
        mandate = self._create_mandate(self.debtor, 'MND-L02')
        self.assertEqual(mandate.debtor_city, 'Málaga')
        self.debtor.city = 'Sevilla'
        self.assertEqual(mandate.debtor_city, 'Málaga')

    def test_debtor_bic_validated(self):
        with self.assertRaises(ValidationError) as caught:
            self._create_mandate(self.debtor, 'MND-L03', validate=False, debtor_bic='CAIX12')
        self.assertIn('CAIX12', str(caught.exception))
        mandate = self._create_mandate(self.debtor, 'MND-L04', validate=False,
                                       debtor_bic='CAIXESBBXXX')
        self.assertEqual(mandate.debtor_bic, 'CAIXESBBXXX')

    def test_signed_copy_required_by_setting(self):
        self.company.sepa_require_signed_copy = True
        mandate = self._create_mandate(self.debtor, 'MND-L05', validate=False)
        with self.assertRaises(UserError) as caught:
            mandate.action_validate()
        self.assertIn('MND-L05', str(caught.exception))
        self.assertEqual(mandate.state, 'draft')

        mandate.write({
            'signed_copy': base64.b64encode(b'%PDF-1.4 signed'),
            'signed_copy_filename': 'mandato-firmado.pdf',
        })
        self.assertIn('mandato-firmado.pdf', mandate.message_ids[0].body)
        mandate.action_validate()
        self.assertEqual(mandate.state, 'active')

    def test_signed_copy_optional_by_default(self):
        mandate = self._create_mandate(self.debtor, 'MND-L06')
        self.assertFalse(self.company.sepa_require_signed_copy)
        self.assertEqual(mandate.state, 'active')

    def test_one_off_ends_after_collection(self):
        self.mandate.action_cancel()
        one_off = self._create_mandate(self.debtor, 'MND-L07', recurrence='one_off')
        invoice = self._invoice(self.debtor, 20.0)
        remittance = self._sent_remittance(invoice)
        self.assertEqual(remittance.line_ids.sequence_type, 'OOFF')
        self.assertEqual(one_off.state, 'expired')
        self.assertEqual(str(one_off.last_debit_date), '2025-03-05')
        self.assertIn('One-off mandate used', one_off.message_ids[0].body)

        second = self._invoice(self.debtor, 15.0)
        with freeze_time('2025-03-06'):
            again = self._remittance(collection_date='2025-03-10')
            again.action_select_invoices()
        self.assertFalse(again.line_ids)
        exclusion = again.excluded_ids.filtered(lambda e: e.move_id == second)
        self.assertIn('One-off mandate MND-L07 already collected', exclusion.reason)

    def test_expiry_counts_from_last_debit(self):
        used = self._create_mandate(self.debtor_b, 'MND-L08', signature_date='2020-01-10')
        used.last_debit_date = '2022-03-10'
        recent = self._create_mandate(self.debtor_b, 'MND-L09', signature_date='2020-01-10')
        recent.last_debit_date = '2024-06-10'
        with freeze_time('2025-03-11'):
            expired = self.env['telco.sepa.mandate']._cron_expire_unused()
        self.assertIn(used, expired)
        self.assertNotIn(recent, expired)
        self.assertEqual(used.state, 'expired')
        self.assertEqual(str(used.last_debit_date), '2022-03-10')
        self.assertEqual(recent.state, 'active')

    def test_expiry_unused_counts_from_signature(self):
        never_used = self._create_mandate(self.debtor, 'MND-L10', signature_date='2022-03-01')
        with freeze_time('2025-03-01'):
            self.env['telco.sepa.mandate']._cron_expire_unused()
            self.assertEqual(never_used.state, 'active')
        with freeze_time('2025-03-02'):
            self.env['telco.sepa.mandate']._cron_expire_unused()
        self.assertEqual(never_used.state, 'expired')
        self.assertFalse(never_used.last_debit_date)

    def test_expiry_in_batches(self):
        old = [
            self._create_mandate(self.debtor, f'MND-B{i}', signature_date='2021-01-04')
            for i in range(3)
        ]
        Mandate = self.env['telco.sepa.mandate']
        with freeze_time('2025-03-03'):
            first = Mandate._cron_expire_unused(batch_size=2)
            second = Mandate._cron_expire_unused(batch_size=2)
            third = Mandate._cron_expire_unused(batch_size=2)
        self.assertEqual(len(first), 2)
        self.assertGreaterEqual(len(second), 1)
        self.assertFalse(third)
        self.assertEqual({m.state for m in old}, {'expired'})
