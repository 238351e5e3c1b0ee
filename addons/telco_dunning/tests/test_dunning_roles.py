from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user, tagged

from .common_collections import TelcoCollectionsCommon


@tagged('post_install', '-at_install')
class TestDunningRoles(TelcoCollectionsCommon):
    """What a sales rep (viewer), a collector and an accountant may do."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        common = {'company_id': cls.company.id, 'company_ids': [cls.company.id]}
        cls.viewer = new_test_user(
            cls.env, login='roles_viewer', name='Sales rep',
            groups='base.group_user,telco_collections.group_collections_viewer', **common)
        cls.collector = new_test_user(
            cls.env, login='roles_collector', name='Collector',
            groups='base.group_user,telco_collections.group_collections_user', **common)
        cls.accountant = new_test_user(
            cls.env, login='roles_accountant', name='Accountant',
            groups='base.group_user,account.group_account_invoice,'
                   'telco_collections.group_collections_accountant', **common)

    def _report(self):
        self._assign(self.customer, self._demand_then_report_policy())
        self._invoice(self.customer, date(2026, 1, 10), 80.0)
        self._run(date(2026, 2, 15))
        self._actions(self.customer).action_confirm_delivery()
        self._run(date(2026, 3, 15))
        return self._actions(self.customer)[-1].bureau_report_ids

    def _proposal(self):
        invoice = self._invoice(self.customer, date(2025, 6, 10), 80.0)
        return self.env['telco.writeoff.proposal'].create({
            'partner_id': self.customer.id,
            'invoice_ids': [Command.set(invoice.ids)],
            'reason': 'Insolvent',
        })

    def test_viewer_cannot_run(self):
        with self.assertRaises(AccessError):
            self._run(date(2026, 3, 2), user=self.viewer)

    def test_viewer_cannot_see_bureau_reports(self):
        report = self._report()
        with self.assertRaises(AccessError):
            report.with_user(self.viewer).read(['amount'])

    def test_collector_runs_and_approves(self):
        self._assign(self.customer, self._policy([
            {'days_after_due': 1, 'action': 'call', 'requires_approval': True}]))
        self._invoice(self.customer, date(2026, 3, 1), 30.0)

        self._run(date(2026, 3, 3), user=self.collector)
        action = self._actions(self.customer).with_user(self.collector)
        self.assertEqual(action.state, 'to_approve')
        with freeze_time('2026-03-03'):
            action.action_approve()

        self.assertEqual(action.state, 'done')
        self.assertTrue(action.activity_id)

    def test_collector_reads_but_cannot_report(self):
        report = self._report().with_user(self.collector)
        self.assertEqual(report.amount, 80.0)
        with self.assertRaises(AccessError):
            report.action_mark_reported()
        self.assertEqual(report.state, 'draft')

    def test_accountant_marks_reported(self):
        report = self._report().with_user(self.accountant)
        with freeze_time('2026-03-16'):
            report.action_mark_reported()
        self.assertEqual(report.state, 'reported')

    def test_collector_proposes_not_approves(self):
        proposal = self._proposal()
        created = self.env['telco.writeoff.proposal'].with_user(self.collector).create({
            'partner_id': self.customer.id,
            'invoice_ids': [Command.set(proposal.invoice_ids.ids)],
            'reason': 'Agency returned it',
        })
        self.assertEqual(created.state, 'proposed')
        with self.assertRaises(AccessError):
            created.action_approve()
        with self.assertRaises(AccessError):
            proposal.with_user(self.collector).action_post()

    def test_accountant_approves_and_posts(self):
        proposal = self._proposal().with_user(self.accountant)
        proposal.action_approve()
        proposal.action_post()
        self.assertEqual(proposal.state, 'posted')
        self.assertEqual(proposal.approved_by_id, self.accountant)

    def test_only_manager_configures(self):
        for user in (self.collector, self.accountant):
            with self.assertRaises(AccessError):
                self.env['telco.credit.bureau'].with_user(user).create({'name': 'Other'})
            with self.assertRaises(AccessError):
                self.env['telco.dunning.ecb.rate'].with_user(user).create(
                    {'date_start': '2027-01-01', 'rate': 2.0})
            with self.assertRaises(AccessError):
                self.env['telco.collection.agency'].with_user(user).create({'name': 'Other'})
        rate = self.env['telco.dunning.ecb.rate'].create({'date_start': '2027-01-01', 'rate': 2.0})
        self.assertEqual(rate.rate, 2.0)
