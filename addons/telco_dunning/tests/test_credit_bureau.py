import json
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from .common_collections import TelcoCollectionsCommon


@tagged('post_install', '-at_install')
class TestCreditBureau(TelcoCollectionsCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env['telco.credit.bureau.report']

    def setUp(self):
        super().setUp()
        self._assign(self.customer, self._demand_then_report_policy())

    def _send_demand(self, invoice_due=date(2026, 1, 10), amount=80.0, proof=True):
        invoice = self._invoice(self.customer, invoice_due, amount)
        self._run(date(2026, 2, 15))
        demand = self._actions(self.customer)
        if proof:
            demand.action_confirm_delivery()
        return invoice, demand

    def test_demand_sets_warning_date(self):
        _invoice, demand = self._send_demand(proof=False)

        self.assertEqual(demand.state, 'done')
        self.assertTrue(demand.is_payment_demand)
        self.assertEqual(self.customer.telco_bureau_warning_date, date(2026, 2, 15))
        self.assertIn('ASNEF', str(demand.mail_message_id.body))
        self.assertFalse(demand.has_delivery_proof)

    def test_report_with_evidence_pack(self):
        invoice, demand = self._send_demand()

        self._run(date(2026, 3, 15))

        action = self._actions(self.customer)[-1]
        self.assertEqual(action.state, 'done', action.error_message)
        report = action.bureau_report_ids
        self.assertEqual(report.state, 'draft')
        self.assertEqual(report.bureau_id, self.bureau)
        self.assertEqual(report.invoice_ids, invoice)
        self.assertEqual(report.amount, 80.0)
        self.assertEqual(report.demand_action_ids, demand)
        data = json.loads(report.evidence_json_id.raw)
        self.assertEqual(data['amount'], '80.00')
        self.assertEqual(data['invoices'][0]['number'], invoice.name)
        self.assertEqual(data['payment_demands'][0]['date'], '2026-02-15')
        self.assertEqual(data['payment_demands'][0]['delivery_state'], 'delivered')
        self.assertEqual(data['bureau_warning_date'], '2026-02-15')
        self.assertIn(invoice.name, report.evidence_pdf_id.raw.decode())

        with freeze_time('2026-03-16'):
            report.action_mark_reported()
        self.assertEqual(report.state, 'reported')
        self.assertEqual(report.report_date, date(2026, 3, 16))

    @mute_logger('odoo.addons.telco_dunning.models.telco_dunning_run')
    def test_demand_without_proof_blocks(self):
        self._send_demand(proof=False)

        self._run(date(2026, 3, 15))

        action = self._actions(self.customer)[-1]
        self.assertEqual(action.state, 'failed')
        self.assertIn('no payment demand with proof of content and delivery',
                      action.error_message)
        self.assertFalse(self.Report.search([('partner_id', '=', self.customer.id)]))

    def test_proof_attachment_counts(self):
        _invoice, demand = self._send_demand(proof=False)
        demand.write({'delivery_proof': b'YnVyb2ZheA==', 'delivery_proof_filename': 'burofax.pdf'})

        self._run(date(2026, 3, 15))

        self.assertEqual(self._actions(self.customer)[-1].state, 'done')

    def test_conditions_all_listed(self):
        invoice = self._invoice(self.customer, date(2026, 1, 10), 80.0)
        invoice.collection_dispute = True
        not_due = self._invoice(self.customer, date(2026, 4, 10), 20.0)

        _eligible, _demands, problems, invoice_problems = self.Report._check_conditions(
            self.customer, invoice | not_due, date(2026, 3, 15))

        text = '\n'.join(problems + invoice_problems)
        self.assertIn('was not informed', text)
        self.assertIn('the customer disputes it', text)
        self.assertIn('not yet due', text)
        self.assertIn('no payment demand', text)
        self.assertIn('No invoice of', text)

    def test_disputed_after_demand_blocks(self):
        invoice, _demand = self._send_demand()
        invoice.collection_dispute = True

        with self.assertRaisesRegex(UserError, 'disputes it'):
            self.Report._create_from_action(self._fake_bureau_action(invoice, date(2026, 3, 15)))

    def test_more_than_five_years(self):
        invoice, _demand = self._send_demand()
        self.customer.telco_bureau_warning_date = date(2026, 2, 15)
        _eligible, _demands, problems, invoice_problems = self.Report._check_conditions(
            self.customer, invoice, date(2031, 1, 11))
        self.assertIn('more than 5 years', '\n'.join(invoice_problems))
        _eligible, _demands, problems, invoice_problems = self.Report._check_conditions(
            self.customer, invoice, date(2031, 1, 10))
        self.assertFalse(problems + invoice_problems)

    def test_paid_debt_prompts_removal(self):
        invoice, _demand = self._send_demand()
        self._run(date(2026, 3, 15))
        report = self._actions(self.customer)[-1].bureau_report_ids
        with freeze_time('2026-03-16'):
            report.action_mark_reported()

        with freeze_time('2026-03-20'):
            self._pay(invoice, 80.0, date(2026, 3, 20))

        self.assertEqual(report.state, 'to_remove')
        self.assertEqual(report.paid_date, date(2026, 3, 20))
        activity = report.activity_ids
        self.assertEqual(activity.activity_type_id,
                         self.env.ref('telco_dunning.mail_activity_bureau_removal'))
        self.assertEqual(activity.date_deadline, date(2026, 3, 20))
        with freeze_time('2026-03-21'):
            report.action_mark_removed()
        self.assertEqual(report.state, 'removed')
        self.assertFalse(report.activity_ids)

    def test_partial_payment_keeps_report(self):
        invoice, _demand = self._send_demand()
        self._run(date(2026, 3, 15))
        report = self._actions(self.customer)[-1].bureau_report_ids
        with freeze_time('2026-03-16'):
            report.action_mark_reported()

        self._pay(invoice, 30.0, date(2026, 3, 20))

        self.assertEqual(report.state, 'reported')

    def test_export_csv(self):
        invoice, _demand = self._send_demand()
        self._run(date(2026, 3, 15))
        report = self._actions(self.customer)[-1].bureau_report_ids

        result = report.action_export_csv()

        attachment_id = int(result['url'].split('/')[3].split('?')[0])
        content = self.env['ir.attachment'].browse(attachment_id).raw.decode()
        lines = content.splitlines()
        self.assertTrue(lines[0].startswith('bureau;customer;vat;invoice'))
        self.assertIn(f"ASNEF;Ana Customer;;{invoice.name};2026-01-10;2026-01-10;80.00;EUR;draft",
                      lines[1])

    def _fake_bureau_action(self, invoice, on_date):
        level = self._actions(self.customer).level_id.policy_id.level_ids.filtered(
            lambda lvl: lvl.action == 'credit_bureau')
        return self.env['telco.dunning.action'].create({
            'partner_id': self.customer.id,
            'level_id': level.id,
            'action': 'credit_bureau',
            'action_date': on_date,
            'invoice_ids': [(6, 0, invoice.ids)],
        })
