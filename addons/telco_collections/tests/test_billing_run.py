from datetime import date
from unittest.mock import patch

from psycopg2.errors import UniqueViolation

from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from .common import TelcoCollectionsCommon


@tagged('post_install', '-at_install')
class TestBillingRun(TelcoCollectionsCommon):

    def _invoices_of(self, subscriptions):
        return self.env['account.move'].search([('telco_subscription_id', 'in', subscriptions.ids)])

    def test_run_invoices_due_subscriptions_once(self):
        due = self._create_subscription(self.customer, '2026-03-05')
        late = self._create_subscription(self.customer_transfer, '2026-03-01')
        late.collection_payment_method = 'card'
        future = self._create_subscription(self.customer, '2026-03-20')
        draft = self._create_subscription(self.customer, '2026-03-01', state='draft')

        runs = self.env['telco.billing.run'].run_billing(date(2026, 3, 5))

        self.assertEqual(len(runs), 1)
        self.assertEqual(runs.state, 'done')
        self.assertEqual(runs.invoice_count, 2)
        self.assertEqual(len(self._invoices_of(due)), 1)
        self.assertEqual(len(self._invoices_of(late)), 1)
        self.assertFalse(self._invoices_of(future))
        self.assertFalse(self._invoices_of(draft))
        self.assertRecordValues(self._invoices_of(due), [{
            'move_type': 'out_invoice',
            'state': 'posted',
            'partner_id': self.customer.id,
            'invoice_date': date(2026, 3, 5),
            'invoice_date_due': date(2026, 3, 10),
            'telco_billing_period': date(2026, 3, 5),
            'telco_billing_run_id': runs.id,
            'collection_payment_method': 'direct_debit',
        }])
        self.assertEqual(self._invoices_of(late).collection_payment_method, 'card')
        self.assertEqual(self._invoices_of(late).telco_billing_period, date(2026, 3, 1))
        self.assertEqual(due.next_invoice_date, date(2026, 4, 5))
        self.assertEqual(late.next_invoice_date, date(2026, 4, 1))
        self.assertEqual(future.next_invoice_date, date(2026, 3, 20))

    def test_lines_keep_service_categories(self):
        subscription = self._create_subscription(self.customer, '2026-03-05')

        self.env['telco.billing.run'].run_billing(date(2026, 3, 5))

        invoice = self._invoices_of(subscription)
        self.assertRecordValues(invoice.invoice_line_ids.sorted('price_unit'), [
            {'product_id': self.product_voice.id, 'telco_service_category': 'voice',
             'telco_service_identifier': '+34600111222', 'price_unit': 20.0},
            {'product_id': self.product_data.id, 'telco_service_category': 'data',
             'telco_service_identifier': 'FTTH-0042', 'price_unit': 30.0},
        ])

    def test_spanish_vat_from_chart(self):
        sale_tax = self.env.company.account_sale_tax_id
        self.assertEqual(sale_tax.amount, 21.0)
        self.assertEqual(self.product_voice.taxes_id, sale_tax)
        subscription = self._create_subscription(self.customer, '2026-03-05')
        self.assertEqual(subscription.line_ids.tax_ids, sale_tax + sale_tax)

        self.env['telco.billing.run'].run_billing(date(2026, 3, 5))

        invoice = self._invoices_of(subscription)
        self.assertEqual(invoice.invoice_line_ids.tax_ids, sale_tax)
        self.assertEqual(invoice.amount_untaxed, 50.0)
        self.assertEqual(invoice.amount_tax, 10.5)
        self.assertEqual(invoice.amount_total, 60.5)

    def test_due_date_from_payment_term(self):
        self.customer.property_payment_term_id = self.env.ref('account.account_payment_term_30days')
        subscription = self._create_subscription(self.customer, '2026-03-05')

        self.env['telco.billing.run'].run_billing(date(2026, 3, 5))

        invoice = self._invoices_of(subscription)
        self.assertEqual(invoice.invoice_payment_term_id, self.env.ref('account.account_payment_term_30days'))
        self.assertEqual(invoice.invoice_date_due, date(2026, 4, 4))

    def test_due_days_setting(self):
        self.env.company.telco_invoice_due_days = 12
        subscription = self._create_subscription(self.customer, '2026-03-05')

        self.env['telco.billing.run'].run_billing(date(2026, 3, 5))

        self.assertEqual(self._invoices_of(subscription).invoice_date_due, date(2026, 3, 17))

    def test_rerun_same_day_does_nothing(self):
        subscriptions = (
            self._create_subscription(self.customer, '2026-03-05')
            + self._create_subscription(self.customer_transfer, '2026-03-05')
        )
        first_runs = self.env['telco.billing.run'].run_billing(date(2026, 3, 5))
        invoices = self._invoices_of(subscriptions)

        second_runs = self.env['telco.billing.run'].run_billing(date(2026, 3, 5))

        self.assertFalse(second_runs, "no company has a subscription due any more")
        self.assertEqual(first_runs.invoice_count, 2)
        self.assertEqual(len(invoices), 2)
        self.assertEqual(self._invoices_of(subscriptions), invoices)
        self.assertEqual(subscriptions.mapped('next_invoice_date'), [date(2026, 4, 5)] * 2)

    def test_resume_skips_invoiced_period(self):
        subscription = self._create_subscription(self.customer, '2026-03-05')
        self.env['telco.billing.run'].run_billing(date(2026, 3, 5))
        invoice = self._invoices_of(subscription)
        # Next invoice date moved back by hand to a cycle that already has its invoice.
        subscription.next_invoice_date = date(2026, 3, 5)

        self.env['telco.billing.run'].run_billing(date(2026, 3, 5))

        self.assertEqual(self._invoices_of(subscription), invoice)
        self.assertEqual(subscription.next_invoice_date, date(2026, 4, 5))

    def test_catch_up_one_invoice_per_cycle(self):
        subscription = self._create_subscription(self.customer, '2026-01-10')

        self.env['telco.billing.run'].run_billing(date(2026, 3, 10))

        invoices = self._invoices_of(subscription)
        self.assertEqual(
            sorted(invoices.mapped('telco_billing_period')),
            [date(2026, 1, 10), date(2026, 2, 10), date(2026, 3, 10)],
        )
        self.assertEqual(subscription.next_invoice_date, date(2026, 4, 10))

    def test_batch_split(self):
        subscriptions = self.env['telco.subscription']
        for _index in range(5):
            subscriptions |= self._create_subscription(self.customer, '2026-03-05')
        run_class = self.registry['telco.billing.run']
        original = run_class._process_batch
        batch_results = []

        def record_batch(run, batch_size):
            processed = original(run, batch_size)
            batch_results.append(processed)
            return processed

        with patch.object(run_class, '_process_batch', autospec=True, side_effect=record_batch):
            runs = self.env['telco.billing.run'].run_billing(date(2026, 3, 5), batch_size=2)

        self.assertEqual(batch_results, [2, 2, 1])
        self.assertEqual(runs.invoice_count, 5)
        for subscription in subscriptions:
            self.assertEqual(len(self._invoices_of(subscription)), 1, subscription.name)

    def test_period_unique_per_subscription(self):
        subscription = self._create_subscription(self.customer, '2026-03-05')
        self.env['telco.billing.run'].run_billing(date(2026, 3, 5))
        invoice = self._invoices_of(subscription)

        with self.assertRaises(UniqueViolation), mute_logger('odoo.sql_db'), self.cr.savepoint():
            invoice.copy({'telco_subscription_id': subscription.id, 'telco_billing_period': date(2026, 3, 5)})

    def test_error_logged_and_others_continue(self):
        broken = self._create_subscription(self.customer, '2026-03-05')
        sound = self._create_subscription(self.customer_transfer, '2026-03-05')
        subscription_class = self.registry['telco.subscription']
        original = subscription_class._prepare_invoice_values

        def fail_for_broken(subscription, billing_date, period):
            if subscription == broken:
                raise UserError("Customer bank account missing")
            return original(subscription, billing_date, period)

        with patch.object(subscription_class, '_prepare_invoice_values', autospec=True, side_effect=fail_for_broken):
            run = self.env['telco.billing.run'].run_billing(date(2026, 3, 5))

        self.assertEqual(run.state, 'done')
        self.assertEqual(len(self._invoices_of(sound)), 1)
        self.assertFalse(self._invoices_of(broken))
        self.assertEqual(run.failed_subscription_ids, broken)
        self.assertIn(broken.name, run.error_log)
        self.assertIn("Customer bank account missing", run.error_log)
        self.assertEqual(broken.next_invoice_date, date(2026, 3, 5))
        self.assertIn("Customer bank account missing", broken.message_ids[0].body)

    def test_cron_one_batch_with_progress(self):
        for _index in range(3):
            self._create_subscription(self.customer, '2026-03-05')
        self.env['ir.config_parameter'].sudo().set_param('telco_collections.billing_batch_size', 2)
        cron = self.env.ref('telco_collections.ir_cron_telco_billing')
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, 'days'))
        progress = self.env['ir.cron.progress'].create({'cron_id': cron.id, 'done': 0, 'remaining': 0})
        billing = self.env['telco.billing.run'].with_context(ir_cron_progress_id=progress.id)

        with freeze_time('2026-03-05'):
            billing._cron_run_billing()
            run = self.env['telco.billing.run'].search([('date', '=', date(2026, 3, 5))])
            self.assertEqual((progress.done, progress.remaining), (2, 1))
            self.assertEqual(run.state, 'running')
            self.assertEqual(run.invoice_count, 2)

            billing._cron_run_billing()
            self.assertEqual((progress.done, progress.remaining), (1, 0))
            self.assertEqual(run.invoice_count, 3)

            billing._cron_run_billing()
            self.assertEqual((progress.done, progress.remaining), (0, 0))
            self.assertEqual(run.state, 'done')

    def test_button_runs_billing(self):
        subscription = self._create_subscription(self.customer, '2026-03-05')
        run = self.env['telco.billing.run'].create({'date': date(2026, 3, 5)})

        run.action_run()

        self.assertEqual(run.state, 'done')
        self.assertEqual(len(self._invoices_of(subscription)), 1)
        self.assertEqual(run.invoice_ids, self._invoices_of(subscription))
        with self.assertRaises(UserError):
            run.action_run()
        self.assertEqual(len(self._invoices_of(subscription)), 1)
