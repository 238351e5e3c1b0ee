from datetime import date

from odoo import Command
from odoo.addons.sms.tests.common import MockSMS
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_collections import TelcoCollectionsCommon


@tagged('post_install', '-at_install')
class TestDunningChannels(TelcoCollectionsCommon, MockSMS):

    def test_sms_level_queues_sms(self):
        policy = self._policy([{'days_after_due': 1, 'action': 'sms',
                                'sms_template_id': self.sms_template.id}])
        self._assign(self.customer, policy)
        invoice = self._invoice(self.customer, date(2026, 3, 1), 30.0)

        with self.mockSMSGateway():
            self._run(date(2026, 3, 3))

        action = self._actions(self.customer)
        self.assertEqual(action.state, 'done')
        self.assertEqual(len(self._new_sms), 1)
        self.assertEqual(action.sms_ids, self._new_sms)
        self.assertEqual(self._new_sms.number, '+34600000001')
        self.assertIn('30.00', self._new_sms.body)
        self.assertIn('1 invoice', self._new_sms.body)
        self.assertTrue(invoice.name)

    @mute_logger('odoo.addons.telco_dunning.models.telco_dunning_run')
    def test_sms_without_number_fails(self):
        policy = self._policy([{'days_after_due': 1, 'action': 'sms',
                                'sms_template_id': self.sms_template.id}])
        self._assign(self.other_customer, policy)
        self._invoice(self.other_customer, date(2026, 3, 1), 30.0)

        with self.mockSMSGateway():
            self._run(date(2026, 3, 3))

        action = self._actions(self.other_customer)
        self.assertEqual(action.state, 'failed')
        self.assertIn('no mobile or phone number', action.error_message)
        self.assertFalse(self._new_sms)

    def test_email_and_sms_one_communication(self):
        policy = self._policy([{
            'days_after_due': 1, 'action': 'email', 'mail_template_id': self.template_first.id,
            'sms_template_id': self.sms_template.id,
            'extra_channel_ids': [Command.set(self.channel_sms.ids)],
        }])
        self._assign(self.customer, policy)
        self._invoice(self.customer, date(2026, 3, 1), 30.0)

        with self.mockSMSGateway():
            self._run(date(2026, 3, 3))
            second = self._run(date(2026, 3, 3))

        action = self._actions(self.customer)
        self.assertEqual(len(action), 1)
        self.assertEqual(action.channel_ids, self.channel_sms)
        self.assertTrue(action.mail_message_id)
        self.assertEqual(len(self._new_sms), 1)
        self.assertEqual(second.skipped_count, 1)

    def test_letter_attached_to_action_and_chatter(self):
        policy = self._policy([{'days_after_due': 1, 'action': 'letter'}])
        self._assign(self.customer, policy)
        invoice = self._invoice(self.customer, date(2026, 3, 1), 30.0)

        self._run(date(2026, 3, 3))

        action = self._actions(self.customer)
        self.assertEqual(action.state, 'done')
        letter = action.letter_attachment_id
        self.assertEqual(letter.res_model, 'telco.dunning.action')
        self.assertEqual(letter.res_id, action.id)
        # Odoo renders reports as HTML in test mode, so the content is readable here.
        content = letter.raw.decode()
        self.assertIn(invoice.name, content)
        self.assertIn('How to pay', content)
        chatter_files = self.customer.message_ids.attachment_ids
        self.assertIn(letter.name, chatter_files.mapped('name'))

    def test_letter_in_spanish(self):
        self.env['res.lang']._activate_lang('es_ES')
        self.customer.lang = 'es_ES'
        policy = self._policy([{'days_after_due': 1, 'action': 'letter'}])
        self._assign(self.customer, policy)
        self._invoice(self.customer, date(2026, 3, 1), 30.0)

        self._run(date(2026, 3, 3))

        content = self._actions(self.customer).letter_attachment_id.raw.decode()
        self.assertIn('Cómo pagar', content)

    def test_call_activity_with_debt(self):
        policy = self._policy([{'days_after_due': 1, 'action': 'call'}])
        self._assign(self.customer, policy)
        invoice = self._invoice(self.customer, date(2026, 3, 1), 30.0)

        self._run(date(2026, 3, 3))

        action = self._actions(self.customer)
        activity = action.activity_id
        self.assertEqual(activity.summary, 'Call the customer')
        self.assertEqual(activity.res_id, self.customer.id)
        self.assertEqual(activity.activity_type_id, self.env.ref('mail.mail_activity_data_call'))
        self.assertEqual(activity.date_deadline, date(2026, 3, 3))
        self.assertIn(invoice.name, str(activity.note))
        self.assertIn('2 days overdue', str(activity.note))

    def test_extra_channel_needs_communication(self):
        with self.assertRaises(ValidationError):
            self._policy([{'days_after_due': 1, 'action': 'call',
                           'extra_channel_ids': [Command.set(self.channel_sms.ids)]}])


@tagged('post_install', '-at_install')
class TestPolicyAssignment(TelcoCollectionsCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.business_policy = cls._policy([{'days_after_due': 5, 'action': 'email'}],
                                          name='Business', customer_type='business')
        cls.high_risk_policy = cls._policy([{'days_after_due': 1, 'action': 'call'}],
                                           name='High risk', risk_level='high')
        cls.Policy = cls.env['telco.dunning.policy']

    def test_high_risk_wins_over_type(self):
        self.business.telco_risk_level = 'high'
        self.assertEqual(self.Policy._find_for_partner(self.business, self.company),
                         self.high_risk_policy)

    def test_business_gets_business_policy(self):
        self.assertEqual(self.Policy._find_for_partner(self.business, self.company),
                         self.business_policy)

    def test_normal_risk_never_high_risk(self):
        self.assertEqual(self.Policy._find_for_partner(self.customer, self.company), self.policy)

    def test_own_policy_wins(self):
        self.customer.telco_risk_level = 'high'
        self._assign(self.customer, self.business_policy)
        self.assertEqual(self.Policy._find_for_partner(self.customer, self.company),
                         self.business_policy)
