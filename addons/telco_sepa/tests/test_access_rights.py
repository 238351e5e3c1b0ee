from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import TelcoSepaCommon


@tagged('post_install', '-at_install')
class TestAccessRights(TelcoSepaCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collector = new_test_user(
            cls.env, login='sepa_collector', groups='telco_collections.group_collections_user',
            company_id=cls.company.id, company_ids=[cls.company.id],
        )
        cls.accountant = new_test_user(
            cls.env, login='sepa_accountant',
            groups='telco_collections.group_collections_accountant',
            company_id=cls.company.id, company_ids=[cls.company.id],
        )

    def test_collector_reads_only(self):
        remittance = self._remittance()
        as_collector = remittance.with_user(self.collector)
        self.assertEqual(as_collector.name, remittance.name)
        self.assertEqual(self.mandate.with_user(self.collector).state, 'active')
        with self.assertRaises(AccessError):
            self.env['telco.sepa.remittance'].with_user(self.collector).create({
                'journal_id': self.journal.id,
            })
        with self.assertRaises(AccessError):
            self.env['telco.sepa.return.import'].with_user(self.collector).create({})

    def test_accountant_cannot_edit_reasons(self):
        reason = self.env.ref('telco_sepa.return_reason_am04')
        self.assertEqual(reason.with_user(self.accountant).represent_max, 1)
        with self.assertRaises(AccessError):
            reason.with_user(self.accountant).represent_max = 2

    def test_accountant_creates_remittance(self):
        remittance = self.env['telco.sepa.remittance'].with_user(self.accountant).create({
            'journal_id': self.journal.id,
        })
        self.assertTrue(remittance.name.startswith('SDD'))
