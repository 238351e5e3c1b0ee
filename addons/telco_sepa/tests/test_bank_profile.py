from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from telcocollect.identifiers import validate_creditor_id

from .common import TelcoSepaCommon


@tagged('post_install', '-at_install')
class TestBankProfile(TelcoSepaCommon):

    def test_profile_created_with_defaults(self):
        self.assertFalse(self.journal.telco_sepa_bank_profile_ids)
        profile = self.journal._get_telco_sepa_bank_profile()
        self.assertRecordValues(profile, [{
            'journal_id': self.journal.id,
            'company_id': self.company.id,
            'pain008_version': 'pain.008.001.02',
            'cutoff_time': 14.0,
            'lead_days': 1,
            'max_transactions': 100000,
            'initiating_party_id_kind': 'creditor_id',
            'creditor_business_code': '000',
            'use_frst': False,
        }])
        self.assertEqual(profile.creditor_identifier, self.creditor_id)
        self.assertEqual(self.journal._get_telco_sepa_bank_profile(), profile)

    def test_profile_unique_per_journal(self):
        self.journal._get_telco_sepa_bank_profile()
        with mute_logger('odoo.sql_db'), self.assertRaises(IntegrityError):
            self.env['telco.sepa.bank.profile'].sudo().create({'journal_id': self.journal.id})

    def test_business_code_in_identifier(self):
        profile = self.journal._get_telco_sepa_bank_profile().sudo()
        profile.creditor_business_code = 'A01'
        identifier = profile.creditor_identifier
        self.assertEqual(identifier[:4], self.creditor_id[:4])
        self.assertEqual(identifier[4:7], 'A01')
        self.assertEqual(identifier[7:], self.creditor_id[7:])
        self.assertEqual(validate_creditor_id(identifier), identifier)

    def test_business_code_invalid(self):
        profile = self.journal._get_telco_sepa_bank_profile().sudo()
        for code in ('0A', 'ÑA1', '0-1'):
            with self.subTest(code=code), self.assertRaises(ValidationError):
                profile.creditor_business_code = code
                profile.flush_recordset()

    def test_lead_days_and_cutoff_checked(self):
        profile = self.journal._get_telco_sepa_bank_profile().sudo()
        with self.assertRaises(ValidationError):
            profile.lead_days = 0
        with self.assertRaises(ValidationError):
            profile.cutoff_time = 24.5
        with self.assertRaises(ValidationError):
            profile.max_transactions = -1

    def test_custom_presenter_needs_identifier(self):
        profile = self.journal._get_telco_sepa_bank_profile().sudo()
        with self.assertRaises(ValidationError):
            profile.initiating_party_id_kind = 'custom'
        profile.write({'initiating_party_id_kind': 'custom', 'initiating_party_id': 'PRES01'})
        self.assertEqual(profile._get_initiating_party_id(), 'PRES01')

    def test_cutoff_time_to_minutes(self):
        profile = self.journal._get_telco_sepa_bank_profile().sudo()
        profile.cutoff_time = 14.5
        self.assertEqual(profile._get_cutoff_time().strftime('%H:%M'), '14:30')

    def test_profile_only_for_bank_journals(self):
        with self.assertRaises(ValidationError):
            self.env['telco.sepa.bank.profile'].sudo().create({
                'journal_id': self.company_data['default_journal_sale'].id,
            })
