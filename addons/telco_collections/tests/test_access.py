from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user, tagged

from .common import TelcoCollectionsCommon


@tagged('post_install', '-at_install')
class TestCollectionsAccess(TelcoCollectionsCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.subscription = cls._create_subscription(cls.customer, '2026-03-05')
        cls.env['telco.billing.run'].run_billing(date(2026, 3, 5))
        cls.invoice = cls.subscription.invoice_ids
        company = cls.env.company
        cls.sales_rep = new_test_user(
            cls.env, login='telco_sales_rep', company_id=company.id, company_ids=[Command.set(company.ids)],
            groups='base.group_user,telco_collections.group_collections_viewer',
        )
        cls.collector = new_test_user(
            cls.env, login='telco_collector', company_id=company.id, company_ids=[Command.set(company.ids)],
            groups='base.group_user,telco_collections.group_collections_user',
        )

    def test_subscription_company_rule(self):
        other_company = self.setup_other_company()['company']
        other_subscription = self.env['telco.subscription'].with_company(other_company).create({
            'partner_id': self.customer.id,
            'company_id': other_company.id,
        })

        visible = self.env['telco.subscription'].with_user(self.collector).search([])

        self.assertIn(self.subscription, visible)
        self.assertNotIn(other_subscription, visible)
        with self.assertRaises(AccessError):
            other_subscription.with_user(self.collector).read(['name'])

    def test_group_hierarchy(self):
        manager = self.env.ref('telco_collections.group_collections_manager')
        for xmlid in ('group_collections_accountant', 'group_collections_user', 'group_collections_viewer'):
            self.assertIn(self.env.ref(f'telco_collections.{xmlid}'), manager.trans_implied_ids, xmlid)

    def test_viewer_reads_customer_debt(self):
        with freeze_time('2026-03-11'):
            partner = self.customer.with_user(self.sales_rep)
            self.assertEqual(partner.telco_overdue_amount, 60.5)
            self.assertEqual(partner.telco_open_invoice_ids, self.invoice)
            invoice = self.invoice.with_user(self.sales_rep)
            self.assertEqual(invoice.amount_residual, 60.5)
            self.assertEqual(invoice.collection_state, 'overdue')
            self.assertEqual(invoice.invoice_line_ids.mapped('telco_service_category'), ['voice', 'data'])
            self.assertEqual(self.subscription.with_user(self.sales_rep).next_invoice_date, date(2026, 4, 5))

    def test_viewer_cannot_write_invoices(self):
        with self.assertRaises(AccessError):
            self.invoice.with_user(self.sales_rep).write({'ref': 'changed by sales rep'})
        with self.assertRaises(AccessError):
            self.invoice.with_user(self.sales_rep).write({'collection_dispute': True})

    def test_viewer_cannot_write_subscriptions(self):
        with self.assertRaises(AccessError):
            self.subscription.with_user(self.sales_rep).write({'billing_day': 10})
        with self.assertRaises(AccessError):
            self.env['telco.subscription'].with_user(self.sales_rep).create({'partner_id': self.customer.id})

    def test_viewer_cannot_read_billing_runs(self):
        with self.assertRaises(AccessError):
            self.env['telco.billing.run'].with_user(self.sales_rep).search([])

    def test_collector_manages_subscriptions_not_billing(self):
        self.subscription.with_user(self.collector).write({'billing_day': 10})
        self.assertEqual(self.subscription.billing_day, 10)
        with self.assertRaises(AccessError):
            self.env['telco.billing.run'].with_user(self.collector).create({'date': date(2026, 4, 5)})
