import base64
from datetime import date
from unittest.mock import patch

import psycopg2.errors

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from ..models import telco_statement_import
from .statement_common import MAIN_KEY, MARCH_1, SECOND_KEY, TelcoStatementCommon
from .statement_files import account_block, norma43_file


MARCH_10 = date(2025, 3, 10)


@tagged('post_install', '-at_install')
class TestStatementImport(TelcoStatementCommon):

    def test_import_creates_statement_lines(self):
        data = self._data('two_accounts.n43')
        record = self._import(data, 'two_accounts.n43', match=False)

        self.assertEqual(record.file_format, 'norma43')
        self.assertEqual(record.statement_count, 2)
        self.assertEqual(record.line_count, 3)
        self.assertEqual(record.skipped_count, 0)
        lines = record.statement_line_ids.sorted('amount')
        self.assertRecordValues(lines, [
            {'amount': -2.50, 'telco_common_concept': '17', 'journal_id': self.journal.id},
            {'amount': 50.00, 'telco_common_concept': '02', 'journal_id': self.second_journal.id},
            {'amount': 121.00, 'telco_common_concept': '02', 'journal_id': self.journal.id},
        ])
        self.assertIn('TRANSFERENCIA DE CLIENTE UNO', lines[2].payment_ref)
        self.assertTrue(all(lines.mapped('telco_import_fingerprint')))
        self.assertEqual(len(set(lines.mapped('telco_import_fingerprint'))), 3)
        self.assertEqual(record.attachment_id.raw, data)

    def test_lines_created_in_chunks(self):
        movements = [self._transfer(f'INGRESO {index}', 1000 + index) for index in range(5)]
        data = self._n43(movements, opening_cents=50000)
        with patch.object(telco_statement_import, 'IMPORT_CHUNK_SIZE', 2):
            record = self._import(data, match=False)
        statement = record.statement_ids
        self.assertEqual(len(statement), 1)
        self.assertEqual(record.line_count, 5)
        self.assertEqual(statement.line_ids, record.statement_line_ids)
        self.assertEqual(statement.line_ids.sorted('sequence').mapped('amount'),
                         [10.0, 10.01, 10.02, 10.03, 10.04])
        self.assertEqual(statement.balance_start, 500.0)
        self.assertAlmostEqual(statement.balance_end_real, 550.10)
        self.assertTrue(statement.is_complete)

    def test_multi_account_two_journals(self):
        record = self._import(self._data('two_accounts.n43'), match=False)
        statements = record.statement_ids
        self.assertEqual(statements.journal_id, self.journal | self.second_journal)
        main = statements.filtered(lambda s: s.journal_id == self.journal)
        self.assertEqual(main.balance_start, 1000.0)
        self.assertEqual(main.balance_end_real, 1118.5)
        self.assertTrue(main.is_valid)

    def test_same_file_twice(self):
        data = self._data('two_accounts.n43')
        first = self._import(data, 'march.n43', match=False)
        lines_before = self.env['account.bank.statement.line'].search_count([])
        with self.assertRaisesRegex(UserError, 'already imported as march.n43'):
            self._import(data, 'march-again.n43', match=False)
        self.assertEqual(self.env['account.bank.statement.line'].search_count([]), lines_before)
        self.assertEqual(self.Import.search_count([]), 1)
        self.assertTrue(first.exists())

    def test_all_movements_present_changes_nothing(self):
        movements = [self._transfer('PAGO UNO', 1000), self._transfer('PAGO DOS', 2000)]
        self._import(self._n43(movements), 'first.n43', match=False)
        lines_before = self.env['account.bank.statement.line'].search_count([])
        # Another file (its end date differs) with the same movements.
        data = norma43_file([account_block(MAIN_KEY, MARCH_1, MARCH_10, 0, movements)])
        with self.assertRaisesRegex(UserError, 'All 2 movements of again.n43 were already'):
            self._import(data, 'again.n43', match=False)
        self.assertEqual(self.env['account.bank.statement.line'].search_count([]), lines_before)
        self.assertEqual(self.Import.search_count([]), 1)

    def test_new_movements_adjust_opening_balance(self):
        old = [self._transfer('PAGO UNO', 1000), self._transfer('PAGO DOS', 2000)]
        self._import(self._n43(old), 'first.n43', match=False)
        new = old + [self._transfer('PAGO TRES', 3000, day=11)]
        record = self._import(self._n43(new), 'second.n43', match=False)
        statement = record.statement_ids
        self.assertEqual(record.line_count, 1)
        self.assertEqual(statement.balance_end_real, 60.0)
        self.assertEqual(statement.balance_start, 30.0)
        self.assertTrue(statement.is_complete)
        self.assertIn('opening balance', record.warnings)

    def test_file_without_movements(self):
        data = self._n43([])
        with self.assertRaisesRegex(UserError, 'contains no movements'):
            self._import(data, 'sin-movimientos.n43', match=False)
        self.assertEqual(self.Import.search_count([]), 0)

    def test_concurrent_import_clear_error(self):
        # Two imports of the same movements at the same moment: the unique index stops the
        # second one in PostgreSQL, which is simulated here.
        data = self._n43([self._transfer('PAGO UNO', 1000)])
        collision = psycopg2.errors.UniqueViolation()
        with patch.object(type(self.Import), '_create_import', side_effect=collision):
            with self.assertRaisesRegex(UserError, 'ran at the same moment'):
                self._import(data, 'concurrent.n43', match=False)
        self.assertEqual(self.Import.search_count([]), 0)

    def test_empty_file(self):
        with self.assertRaisesRegex(UserError, 'empty.n43 is empty'):
            self._import(b'\r\n', 'empty.n43', match=False)
        self.assertEqual(self.Import.search_count([]), 0)

    def test_overlapping_file_skips_present_lines(self):
        first = [self._transfer('PAGO UNO', 1000), self._transfer('PAGO DOS', 2000)]
        self._import(self._n43(first), 'first.n43', match=False)
        second = first + [self._transfer('PAGO TRES', 3000, day=11)]
        record = self._import(self._n43(second), 'second.n43', match=False)
        self.assertEqual(record.line_count, 1)
        self.assertEqual(record.skipped_count, 2)
        self.assertEqual(record.statement_line_ids.amount, 30.0)
        self.assertIn('2 movements were already imported', record.warnings)

    def test_identical_movements_both_kept(self):
        fee = self._transfer('COMISION', -150)
        record = self._import(self._n43([fee, fee]), match=False)
        self.assertEqual(record.line_count, 2)

    def test_unknown_account(self):
        data = self._n43([self._transfer('PAGO', 1000)], key='123456780000000001')
        with self.assertRaises(UserError) as caught:
            self._import(data, match=False)
        message = str(caught.exception)
        self.assertIn('123456780000000001', message)
        self.assertIn('ES', message)
        self.assertIn('ask an administrator to set each account number on a bank journal', message)
        self.assertFalse(self.Import.search([]))

    def test_currency_mismatch(self):
        usd = self.env.ref('base.USD')
        usd.active = True
        self.second_journal.currency_id = usd
        data = self._n43([self._transfer('INGRESO', 700)], key=SECOND_KEY)
        with self.assertRaisesRegex(UserError, r'is in EUR but bank journal Second bank \(USD\) keeps USD'):
            self._import(data, match=False)
        self.assertFalse(self.Import.search([]))

    def test_malformed_file(self):
        with self.assertRaises(UserError) as caught:
            self._import(self._data('malformed_amount.n43'), 'bad.n43', match=False)
        message = str(caught.exception)
        self.assertIn('line 2', message)
        self.assertIn('field amount', message)
        self.assertIn('Nothing was imported', message)
        self.assertFalse(self.Import.search([]))
        self.assertFalse(self.env['account.bank.statement'].search(
            [('journal_id', '=', self.journal.id)]))

    def test_unknown_format(self):
        with self.assertRaisesRegex(UserError, 'neither an AEB Norma 43'):
            self._import(b'hello,world\n', 'data.csv', match=False)

    def test_totals_mismatch_needs_acceptance(self):
        data = self._data('totals_mismatch.n43')
        with self.assertRaises(UserError) as caught:
            self._import(data, 'mismatch.n43', match=False)
        self.assertIn('Accept totals mismatch', str(caught.exception))
        self.assertIn('total of credits', str(caught.exception))
        self.assertFalse(self.Import.search([]))

        record = self._import(data, 'mismatch.n43', accept=True, match=False)
        self.assertTrue(record.accepted_totals_mismatch)
        self.assertEqual(record.line_count, 2)
        self.assertIn('Record 33', record.warnings)

    def test_second_journal_key_only(self):
        data = self._n43([self._transfer('INGRESO', 700)], key=SECOND_KEY)
        record = self._import(data, match=False)
        self.assertEqual(record.statement_ids.journal_id, self.second_journal)

    def test_import_wizard(self):
        wizard = self.env['telco.statement.import.wizard'].create({
            'data_file': base64.b64encode(self._data('two_accounts.n43')),
            'file_name': 'two_accounts.n43',
        })
        action = wizard.action_import()
        record = self.Import.browse(action['res_id'])
        self.assertEqual(record.line_count, 3)
        self.assertFalse(record.matching_requested)

    def test_large_file_matched_in_background(self):
        customer = self.env['res.partner'].create({'name': 'Cliente Fondo'})
        invoices = [self._invoice(customer, 30 + index) for index in range(3)]
        data = self._n43([
            self._transfer(f'PAGO {invoice.name}', self._cents(invoice.amount_total))
            for invoice in invoices
        ])
        wizard = self.env['telco.statement.import.wizard'].create({
            'data_file': base64.b64encode(data),
            'file_name': 'grande.n43',
        })
        with patch.object(telco_statement_import, 'MATCH_INLINE_LIMIT', 2):
            record = self.Import.browse(wizard.action_import()['res_id'])
        self.assertTrue(record.matching_requested)
        self.assertFalse(record.statement_line_ids.filtered('telco_match_rule'))

        commits = []
        with patch.object(self.env.cr, 'commit', lambda: commits.append(True)):
            self.Import._cron_match_statements(batch_size=2)
        # One commit per batch of two movements, and one after the file.
        self.assertEqual(len(commits), 3)
        self.assertFalse(record.matching_requested)
        self.assertEqual(record.matched_count, 3)
        self.assertEqual({invoice.payment_state for invoice in invoices}, {'paid'})


@tagged('post_install', '-at_install')
class TestStatementImportAccess(TelcoStatementCommon):

    def test_collections_accountant_imports_and_matches(self):
        accountant = new_test_user(
            self.env,
            login='extractos_contable',
            groups='base.group_user,telco_collections.group_collections_accountant',
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        record = self.Import.with_user(accountant).import_file(
            self._data('two_accounts.n43'), 'two_accounts.n43')
        self.assertEqual(record.statement_count, 2)
        self.assertEqual(record.line_count, 3)
        self.env['telco.reconcile.engine'].with_user(accountant)._match_statement_lines(
            record.statement_line_ids)
