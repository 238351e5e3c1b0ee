from datetime import date

from odoo.tools import file_open

from telcocollect.identifiers import make_spanish_iban

from .common import TelcoSepaCommon
from .statement_files import Movement, account_block, norma43_file

MAIN_KEY = '210004180200051332'
SECOND_KEY = '004915000000012345'
MARCH_1 = date(2025, 3, 1)
MARCH_31 = date(2025, 3, 31)


class TelcoStatementCommon(TelcoSepaCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Import = cls.env['telco.statement.import']
        cls.second_journal = cls.env['account.journal'].create({
            'name': 'Second bank',
            'code': 'BNK2',
            'type': 'bank',
            'company_id': cls.company.id,
        })
        cls.second_journal.bank_account_id = cls.env['res.partner.bank'].create({
            'partner_id': cls.company.partner_id.id,
            'acc_number': make_spanish_iban('0049', '1500', '0000012345'),
        })

    @staticmethod
    def _data(name):
        with file_open(f'telco_sepa/tests/data/{name}', 'rb') as handle:
            return handle.read()

    @staticmethod
    def _n43(movements, key=MAIN_KEY, opening_cents=0):
        return norma43_file([account_block(key, MARCH_1, MARCH_31, opening_cents, movements)])

    def _import(self, data, name='statement.n43', accept=False, match=True):
        record = self.Import.import_file(data, name, accept_totals_mismatch=accept)
        if match:
            self.env['telco.reconcile.engine']._match_statement_lines(record.statement_line_ids)
        return record

    @staticmethod
    def _transfer(text, amount_cents, day=10):
        concepts = [('01', text)]
        return Movement(date(2025, 3, day), amount_cents, '02', reference1='TRF', concepts=concepts)

    @staticmethod
    def _cents(amount):
        return round(amount * 100)
