from datetime import date

from odoo import Command
from odoo.tests import freeze_time, tagged

from .common_collections import TelcoCollectionsCommon


@tagged('post_install', '-at_install')
class TestAgencyHandover(TelcoCollectionsCommon):

    def setUp(self):
        super().setUp()
        self._assign(self.customer, self._policy([
            {'days_after_due': 90, 'action': 'agency', 'agency_id': self.agency.id},
        ]))

    def test_handover_marks_invoices(self):
        invoice = self._invoice(self.customer, date(2026, 1, 10), 80.0)

        self._run(date(2026, 4, 15))

        action = self._actions(self.customer)
        handover = action.handover_ids
        self.assertEqual(action.state, 'done', action.error_message)
        self.assertEqual(handover.agency_id, self.agency)
        self.assertEqual(handover.invoice_ids, invoice)
        self.assertEqual(handover.amount, 80.0)
        self.assertEqual(handover.state, 'handed_over')
        self.assertEqual(invoice.telco_agency_state, 'handed_over')
        self.assertEqual(invoice.telco_agency_handover_id, handover)

    def test_handed_over_left_out_of_dunning(self):
        self._invoice(self.customer, date(2026, 1, 10), 80.0)
        self._run(date(2026, 4, 15))

        later = self._run(date(2026, 4, 16))

        self.assertEqual(later.partner_count, 0)

    def test_returned_and_csv(self):
        invoice = self._invoice(self.customer, date(2026, 1, 10), 80.0)
        self._run(date(2026, 4, 15))
        handover = self._actions(self.customer).handover_ids

        result = handover.action_export_csv()
        attachment_id = int(result['url'].split('/')[3].split('?')[0])
        lines = self.env['ir.attachment'].browse(attachment_id).raw.decode().splitlines()
        self.assertEqual(len(lines), 2)
        self.assertIn(f"{invoice.name};2026-01-10;2026-01-10;80.00;EUR;2026-04-15", lines[1])

        with freeze_time('2026-06-01'):
            handover.action_mark_returned()
        self.assertEqual(handover.state, 'returned')
        self.assertEqual(handover.end_date, date(2026, 6, 1))
        self.assertEqual(invoice.telco_agency_state, 'returned')


@tagged('post_install', '-at_install')
class TestWriteoff(TelcoCollectionsCommon):

    def setUp(self):
        super().setUp()
        self._assign(self.customer, self._policy([
            {'days_after_due': 180, 'action': 'writeoff_proposal'},
        ]))

    def test_proposal_approve_post(self):
        invoice = self._invoice(self.customer, date(2025, 6, 10), 80.0)
        other = self._invoice(self.customer, date(2025, 7, 10), 20.0)
        self._run(date(2026, 1, 15))
        proposal = self._actions(self.customer).writeoff_ids
        self.assertEqual(proposal.state, 'proposed')
        self.assertEqual(proposal.amount, 100.0)

        proposal.action_approve()
        with freeze_time('2026-01-20'):
            proposal.action_post()

        move = proposal.move_id
        self.assertEqual(proposal.state, 'posted')
        self.assertEqual(move.state, 'posted')
        self.assertEqual(move.date, date(2026, 1, 20))
        expense = move.line_ids.filtered(lambda line: line.account_id == self.writeoff_account)
        self.assertEqual(expense.debit, 100.0)
        receivable = move.line_ids - expense
        self.assertEqual(sum(receivable.mapped('credit')), 100.0)
        self.assertEqual(receivable.account_id.account_type, 'asset_receivable')
        for inv in invoice | other:
            self.assertEqual(inv.amount_residual, 0.0)
            self.assertEqual(inv.payment_state, 'paid')

    def test_post_needs_approval(self):
        invoice = self._invoice(self.customer, date(2025, 6, 10), 80.0)
        proposal = self.env['telco.writeoff.proposal'].create({
            'partner_id': self.customer.id,
            'invoice_ids': [Command.set(invoice.ids)],
            'reason': 'Insolvent',
        })
        with self.assertRaisesRegex(Exception, 'Approve the write-off'):
            proposal.action_post()
        self.assertFalse(proposal.move_id)

    def test_writeoff_keeps_bureau_report(self):
        self._assign(self.customer, self._demand_then_report_policy())
        invoice = self._invoice(self.customer, date(2026, 1, 10), 80.0)
        self._run(date(2026, 2, 15))
        self._actions(self.customer).action_confirm_delivery()
        self._run(date(2026, 3, 15))
        report = self._actions(self.customer)[-1].bureau_report_ids
        with freeze_time('2026-03-16'):
            report.action_mark_reported()
        proposal = self.env['telco.writeoff.proposal'].create({
            'partner_id': self.customer.id,
            'invoice_ids': [Command.set(invoice.ids)],
            'reason': 'Insolvent',
        })

        proposal.action_approve()
        with freeze_time('2026-03-20'):
            proposal.action_post()

        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertEqual(report.state, 'reported')
        self.assertFalse(report.activity_ids)
