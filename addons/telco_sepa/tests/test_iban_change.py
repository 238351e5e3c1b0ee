from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from telcocollect.identifiers import make_spanish_iban

from .common import TelcoSepaCommon


@tagged('post_install', '-at_install')
class TestIbanChange(TelcoSepaCommon):

    def _wizard(self, **vals):
        return self.env['telco.sepa.iban.change'].create({
            'mandate_id': self.mandate.id,
            **vals,
        })

    def test_invalid_iban_named_in_error(self):
        with self.assertRaises(UserError) as caught:
            self._wizard(new_iban='ES00 1234').action_apply()
        self.assertIn('ES00 1234', str(caught.exception))
        self.assertEqual(len(self.debtor.bank_ids), 1)

    def test_invalid_bic_named_in_error(self):
        iban = make_spanish_iban('2100', '0418', '0000000123')
        with self.assertRaises(UserError) as caught:
            self._wizard(new_iban=iban, new_bic='XX1').action_apply()
        self.assertIn('XX1', str(caught.exception))

    def test_same_iban_rejected(self):
        current = self.mandate.partner_bank_id.acc_number
        with self.assertRaises(UserError) as caught:
            self._wizard(new_iban=current).action_apply()
        self.assertIn('MND-0001', str(caught.exception))

    def test_switches_account_and_archives_old(self):
        old_account = self.mandate.partner_bank_id
        iban = make_spanish_iban('2100', '0418', '0000000123')
        self._wizard(new_iban=iban, new_bic='CAIXESBBXXX', reason='Cambio de banco',
                     change_date='2025-03-04').action_apply()

        new_account = self.mandate.partner_bank_id
        self.assertNotEqual(new_account, old_account)
        self.assertEqual(new_account.sanitized_acc_number, iban)
        self.assertEqual(new_account.partner_id, self.debtor)
        self.assertEqual(new_account.bank_id.bic, 'CAIXESBBXXX')
        self.assertEqual(self.mandate.debtor_bic, 'CAIXESBBXXX')
        self.assertFalse(old_account.active)
        self.assertTrue(old_account.exists())
        self.assertIn('Cambio de banco', self.mandate.message_ids[0].body)
        self.assertIn(new_account.acc_number, self.mandate.message_ids[0].body)
        self.assertIn('MND-0001', self.debtor.message_ids[0].body)
        # The mandate never collected, so the debtor's bank needs no amendment.
        self.assertFalse(self.mandate.amendment_pending)

    def test_archived_account_reused(self):
        old_account = self.mandate.partner_bank_id
        old_iban = old_account.sanitized_acc_number
        self._wizard(new_iban=make_spanish_iban('2100', '0418', '0000000123')).action_apply()
        self._wizard(new_iban=old_iban).action_apply()
        self.assertEqual(self.mandate.partner_bank_id, old_account)
        self.assertTrue(old_account.active)

    def test_opened_from_partner(self):
        action = self.debtor.action_open_telco_sepa_iban_change()
        self.assertEqual(action['res_model'], 'telco.sepa.iban.change')
        wizard_form = Form(self.env['telco.sepa.iban.change'].with_context(action['context']))
        self.assertEqual(wizard_form.mandate_id, self.mandate)
        wizard_form.new_iban = make_spanish_iban('2100', '0418', '0000000321')
        wizard_form.save().action_apply()
        self.assertEqual(self.mandate.partner_bank_id.sanitized_acc_number,
                         make_spanish_iban('2100', '0418', '0000000321'))

    def test_cancelled_mandate_rejected(self):
        self.mandate.action_cancel()
        with self.assertRaises(UserError):
            self._wizard(new_iban=make_spanish_iban('2100', '0418', '0000000123')).action_apply()
