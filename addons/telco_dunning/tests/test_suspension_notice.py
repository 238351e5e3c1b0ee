from datetime import date

from odoo.tests import tagged

from .common import TelcoDunningCommon


@tagged('post_install', '-at_install')
class TestSuspensionNotice(TelcoDunningCommon):

    def test_notice_skips_national_holiday(self):
        # Notice on Friday 25 September 2026. Counting 15 working days skips three Sundays and
        # Monday 12 October (national holiday), so suspension is on Wednesday 14 October.
        madrid = self.other_customer
        self._invoice(madrid, date(2026, 9, 5), 30.0)

        self._run(date(2026, 9, 25))

        action = self._actions(madrid)
        self.assertEqual(action.action, 'suspension_notice')
        self.assertEqual(action.suspension_date, date(2026, 10, 14))
        self.assertEqual(madrid.telco_suspension_notice_date, date(2026, 9, 25))
        self.assertIn('10/14/2026', str(action.mail_message_id.body))

    def test_notice_skips_regional_holiday(self):
        # Notice on Tuesday 1 September 2026. Friday 11 September is a holiday in Catalonia
        # (Barcelona) but not in Madrid, so the Barcelona customer is suspended a day later.
        barcelona = self.customer
        madrid = self.other_customer
        self._invoice(barcelona, date(2026, 8, 12), 30.0)
        self._invoice(madrid, date(2026, 8, 12), 30.0)

        self._run(date(2026, 9, 1))

        self.assertEqual(self._actions(madrid).suspension_date, date(2026, 9, 18))
        self.assertEqual(self._actions(barcelona).suspension_date, date(2026, 9, 19))

    def test_notice_waits_one_month_overdue(self):
        # An early notice level (day 5): 15 working days are not enough to be more than one
        # month overdue, so the date moves to the day after the same day next month.
        self.level_notice.days_after_due = 5
        self.level_second.days_after_due = 4
        self._invoice(self.other_customer, date(2026, 3, 2), 30.0)

        self._run(date(2026, 3, 7))

        action = self._actions(self.other_customer)
        self.assertEqual(action.action, 'suspension_notice')
        # 15 working days after Saturday 7 March is Wednesday 25 March. The debt is more than
        # one month overdue from Friday 3 April 2026, which is Good Friday (a national holiday),
        # so suspension is on Saturday 4 April.
        self.assertEqual(action.suspension_date, date(2026, 4, 4))

    def test_notice_lists_affected_services(self):
        self._invoice(self.customer, date(2026, 3, 1), 30.0,
                      telco_service_category='data', telco_service_identifier='600111222')

        self._run(date(2026, 3, 26))

        body = str(self._actions(self.customer).mail_message_id.body)
        self.assertIn('600111222', body)
        self.assertIn('emergency calls', body)
        self.assertIn('reverse-charge', body)
