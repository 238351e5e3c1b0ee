"""Credit bureau reporting under LOPDGDD art. 20 and the Supreme Court criteria (STS 945/2022,
STS 854/2021).

Only certain, due and payable debt that is not disputed may be reported. A payment demand with
proof of content and delivery must come first, and the customer must have been informed which
bureaus may receive the debt. The debt stays reported at most 5 years from its due date and is
removed as soon as it is paid."""

import csv
import io
import json

from dateutil.relativedelta import relativedelta
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_repr

# LOPDGDD art. 20.1.d: the debt may stay reported for at most five years from its due date.
MAX_REPORTING_YEARS = 5
DEMAND_CHANNELS = ('email', 'letter')

REPORT_STATES = [
    ('draft', 'Draft'),
    ('reported', 'Reported'),
    ('to_remove', 'To remove'),
    ('removed', 'Removed'),
    ('cancelled', 'Cancelled'),
]


class TelcoCreditBureau(models.Model):
    """Credit bureau (fichero de morosos) that receives reports of unpaid debt."""

    _name = 'telco.credit.bureau'
    _description = 'Credit Bureau'
    _order = 'name'

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    note = fields.Text(help="Contract reference, address for reports, contact.")


class TelcoCreditBureauReport(models.Model):
    """Debt of one customer reported (or to be reported) to one credit bureau."""

    _name = 'telco.credit.bureau.report'
    _description = 'Credit Bureau Report'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'create_date desc, id desc'
    _check_company_auto = True

    name = fields.Char(compute='_compute_name', store=True)
    company_id = fields.Many2one(
        'res.company', required=True, index=True, readonly=True,
        default=lambda self: self.env.company)
    currency_id = fields.Many2one(related='company_id.currency_id')
    partner_id = fields.Many2one(
        'res.partner', string='Customer', required=True, index=True, readonly=True)
    bureau_id = fields.Many2one('telco.credit.bureau', string='Credit Bureau', required=True,
                                readonly=True)
    invoice_ids = fields.Many2many(
        'account.move', 'telco_credit_bureau_report_invoice_rel', 'report_id', 'move_id',
        string='Invoices', readonly=True)
    amount = fields.Monetary(
        string='Reported Amount', currency_field='currency_id', readonly=True,
        help="Sum of the residuals of the invoices when the report was prepared.")
    state = fields.Selection(REPORT_STATES, required=True, default='draft', tracking=True,
                             readonly=True)
    date = fields.Date(string='Prepared On', required=True, readonly=True,
                       default=fields.Date.context_today)
    report_date = fields.Date(string='Reported On', readonly=True, tracking=True)
    paid_date = fields.Date(
        string='Paid On', readonly=True,
        help="Date on which the last reported invoice was paid: removal is due at once.")
    removal_date = fields.Date(string='Removed On', readonly=True, tracking=True)
    oldest_due_date = fields.Date(readonly=True)
    action_id = fields.Many2one('telco.dunning.action', string='Dunning Action', readonly=True,
                                ondelete='set null')
    demand_action_ids = fields.Many2many(
        'telco.dunning.action', 'telco_credit_bureau_report_demand_rel', 'report_id', 'action_id',
        string='Payment Demands', readonly=True,
        help="Payment demands with proof of delivery that cover the reported invoices.")
    warning_date = fields.Date(
        string='Bureau Warning Date', readonly=True,
        help="Date on which the customer was informed that the debt may be reported.")
    check_log = fields.Text(string='Checks', readonly=True)
    evidence_pdf_id = fields.Many2one('ir.attachment', string='Evidence Pack (PDF)',
                                      readonly=True, ondelete='set null')
    evidence_json_id = fields.Many2one('ir.attachment', string='Evidence Data (JSON)',
                                       readonly=True, ondelete='set null')

    @api.depends('partner_id', 'bureau_id', 'date')
    def _compute_name(self):
        for report in self:
            report.name = _("%(bureau)s: %(customer)s (%(date)s)",
                            bureau=report.bureau_id.name or '',
                            customer=report.partner_id.name or '',
                            date=fields.Date.to_string(report.date) or '')

    # ------------------------------------------------------------------
    # Legal conditions
    # ------------------------------------------------------------------

    @api.model
    def _check_conditions(self, partner, invoices, on_date):
        """Check every reporting condition for ``invoices`` of ``partner`` on ``on_date``.

        Returns ``(eligible, demands, customer_problems, invoice_problems)``: the invoices
        that meet every invoice-level condition, the payment demands that cover them, the
        failures that block every invoice of the customer, and the failures of single invoices.
        """
        problems = []
        invoice_failures = []
        partner = partner.commercial_partner_id
        warning_date = partner.sudo().telco_bureau_warning_date
        # NOTE: the warning date records that bureaus were named, not which ones. The named
        # bureaus are those of the payment demand level or of the contract, and no check
        # compares them with the bureau of the report.
        if not warning_date or warning_date > on_date:
            problems.append(_(
                "Customer %(partner)s was not informed in the contract or in a payment demand that "
                "the debt may be reported to the credit bureaus named to it.",
                partner=partner.display_name))

        demands = self._payment_demands(partner, on_date)
        eligible = self.env['account.move']
        used_demands = self.env['telco.dunning.action']
        for invoice in invoices.sudo():
            invoice_problems = self._invoice_problems(invoice, on_date)
            covering = demands.filtered(
                lambda demand, invoice=invoice: invoice in demand.invoice_ids)
            if not covering:
                invoice_problems.append(_(
                    "no payment demand with proof of content and delivery was sent before for "
                    "this invoice"))
            if invoice_problems:
                invoice_failures.append(_("Invoice %(invoice)s: %(reasons)s.", invoice=invoice.name,
                                  reasons='; '.join(invoice_problems)))
            else:
                eligible |= invoice
                used_demands |= covering
        if not eligible:
            problems.append(_("No invoice of %(partner)s meets every reporting condition.",
                              partner=partner.display_name))
        return eligible, used_demands, problems, invoice_failures

    @api.model
    def _invoice_problems(self, invoice, on_date):
        problems = []
        currency = invoice.currency_id
        if invoice.move_type != 'out_invoice' or invoice.state != 'posted':
            problems.append(_("not a posted customer invoice"))
        if currency.is_zero(invoice.amount_residual) or invoice.amount_residual < 0:
            problems.append(_("nothing is left to pay"))
        if not invoice.invoice_date_due or invoice.invoice_date_due >= on_date:
            problems.append(_("not yet due"))
        if invoice.collection_dispute:
            problems.append(_("the customer disputes it"))
        if invoice.invoice_date_due and \
                on_date > invoice.invoice_date_due + relativedelta(years=MAX_REPORTING_YEARS):
            problems.append(_("more than 5 years have passed since the due date"))
        return problems

    @api.model
    def _payment_demands(self, partner, on_date):
        """Return the sent payment demands of ``partner`` that have proof of delivery."""
        demands = self.env['telco.dunning.action'].sudo().search([
            ('partner_id', '=', partner.id),
            ('is_payment_demand', '=', True),
            ('state', '=', 'done'),
            ('has_delivery_proof', '=', True),
            ('action_date', '<', on_date),
        ])
        return demands.filtered(
            lambda demand: demand.action in DEMAND_CHANNELS
            or set(demand.channel_ids.mapped('code')) & set(DEMAND_CHANNELS))

    @api.model
    def _raise_problems(self, partner, problems):
        raise UserError(_(
            "The debt of %(partner)s cannot be reported to a credit bureau:\n%(problems)s",
            partner=partner.display_name,
            problems='\n'.join(f"- {problem}" for problem in problems)))

    # ------------------------------------------------------------------
    # Creation from a dunning action
    # ------------------------------------------------------------------

    @api.model
    def _create_from_action(self, action):
        """Prepare one draft report per bureau of the action's level, with its evidence pack."""
        bureaus = action.level_id.bureau_ids
        if not bureaus:
            raise UserError(_(
                "Dunning level %(level)s reports to a credit bureau but names none. Choose the "
                "bureaus on the level.", level=action.level_id.display_name))
        partner = action.partner_id.commercial_partner_id
        eligible, demands, problems, invoice_problems = self._check_conditions(
            partner, action.invoice_ids, action.action_date)
        if problems:
            self._raise_problems(partner, problems + invoice_problems)
        currency = action.company_id.currency_id
        check_log = '\n'.join(
            [_("All conditions met on %(date)s.", date=fields.Date.to_string(action.action_date))]
            + [self.env._("Left out: %(problem)s", problem=problem)
               for problem in invoice_problems])
        reports = self.sudo().create([{
            'company_id': action.company_id.id,
            'partner_id': partner.id,
            'bureau_id': bureau.id,
            'invoice_ids': [fields.Command.set(eligible.ids)],
            'amount': currency.round(sum(eligible.mapped('amount_residual_signed'))),
            'date': action.action_date,
            'oldest_due_date': min(eligible.mapped('invoice_date_due')),
            'action_id': action.id,
            'demand_action_ids': [fields.Command.set(demands.ids)],
            'warning_date': partner.sudo().telco_bureau_warning_date,
            'check_log': check_log,
        } for bureau in bureaus])
        reports._generate_evidence_pack()
        return reports

    # ------------------------------------------------------------------
    # Evidence pack and export
    # ------------------------------------------------------------------

    def _evidence_data(self):
        self.ensure_one()

        def money(amount):
            return float_repr(self.currency_id.round(amount), self.currency_id.decimal_places)

        return {
            'report': self.name,
            'bureau': self.bureau_id.name,
            'customer': {
                'name': self.partner_id.name,
                'vat': self.partner_id.vat or None,
                'customer_type': self.partner_id.telco_customer_type,
            },
            'currency': self.currency_id.name,
            'amount': money(self.amount),
            'prepared_on': fields.Date.to_string(self.date),
            'bureau_warning_date': fields.Date.to_string(self.warning_date),
            'invoices': [{
                'number': invoice.name,
                'invoice_date': fields.Date.to_string(invoice.invoice_date),
                'due_date': fields.Date.to_string(invoice.invoice_date_due),
                'amount_total': money(invoice.amount_total_signed),
                'amount_residual': money(invoice.amount_residual_signed),
                'disputed': invoice.collection_dispute,
            } for invoice in self.invoice_ids],
            'payment_demands': [{
                'date': fields.Date.to_string(demand.action_date),
                'level': demand.level_id.name,
                'channel': demand.action,
                'extra_channels': demand.channel_ids.mapped('code'),
                'message_id': demand.mail_message_id.id or None,
                'letter': demand.letter_attachment_id.name or None,
                'delivery_state': demand.delivery_state,
                'delivery_proof': demand.delivery_proof_filename or None,
            } for demand in self.demand_action_ids],
            'checks': (self.check_log or '').splitlines(),
        }

    def _generate_evidence_pack(self):
        attachments = self.env['ir.attachment'].sudo()
        report = self.env.ref('telco_dunning.action_report_credit_bureau_evidence').sudo()
        for record in self:
            data = json.dumps(record._evidence_data(), indent=2, ensure_ascii=False)
            record.evidence_json_id = attachments.create({
                'name': f"evidence-{record.id}.json",
                'raw': data.encode(),
                'mimetype': 'application/json',
                'res_model': record._name,
                'res_id': record.id,
            })
            pdf, _report_type = report._render_qweb_pdf(report.report_name, res_ids=record.ids)
            record.evidence_pdf_id = attachments.create({
                'name': f"evidence-{record.id}.pdf",
                'raw': pdf,
                'mimetype': 'application/pdf',
                'res_model': record._name,
                'res_id': record.id,
            })

    def _csv_rows(self):
        header = ['bureau', 'customer', 'vat', 'invoice', 'invoice_date', 'due_date',
                  'amount_residual', 'currency', 'state', 'reported_on']
        rows = [header]
        for record in self:
            decimals = record.currency_id.decimal_places
            for invoice in record.invoice_ids:
                rows.append([
                    record.bureau_id.name, record.partner_id.name, record.partner_id.vat or '',
                    invoice.name, fields.Date.to_string(invoice.invoice_date),
                    fields.Date.to_string(invoice.invoice_date_due),
                    float_repr(invoice.amount_residual_signed, decimals),
                    record.currency_id.name, record.state,
                    fields.Date.to_string(record.report_date) or '',
                ])
        return rows

    def action_export_csv(self):
        """Download the invoices of the selected reports as CSV."""
        return _csv_download(self, self._csv_rows(), 'credit_bureau_reports.csv')

    # ------------------------------------------------------------------
    # State changes
    # ------------------------------------------------------------------

    def action_mark_reported(self):
        """Record that the draft reports were sent to the bureau, checking the conditions again."""
        today = fields.Date.context_today(self)
        for record in self:
            if record.state != 'draft':
                raise UserError(_("Only draft credit bureau reports can be marked as reported."))
            _eligible, _demands, problems, invoice_problems = self._check_conditions(
                record.partner_id, record.invoice_ids, today)
            if problems or invoice_problems:
                self._raise_problems(record.partner_id, problems + invoice_problems)
        self.write({'state': 'reported', 'report_date': today})
        return True

    def action_mark_removed(self):
        """Record that the bureau removed the reports."""
        if self.filtered(lambda r: r.state not in ('reported', 'to_remove')):
            raise UserError(_("Only reported credit bureau reports can be marked as removed."))
        self.write({'state': 'removed', 'removal_date': fields.Date.context_today(self)})
        self.activity_feedback(['telco_dunning.mail_activity_bureau_removal'])
        return True

    def action_cancel(self):
        if self.filtered(lambda r: r.state != 'draft'):
            raise UserError(_("Only draft credit bureau reports can be cancelled."))
        self.state = 'cancelled'
        return True

    def _on_invoices_paid(self, paid_invoices):
        """Prompt the removal of every report whose invoices are now all paid."""
        today = fields.Date.context_today(self)
        for record in self:
            unpaid = record.invoice_ids.filtered(
                lambda inv: not inv.currency_id.is_zero(inv.amount_residual))
            if unpaid:
                record._message_log(body=_(
                    "Invoices %(invoices)s were paid; %(unpaid)s are still unpaid. Update the "
                    "amount reported to the bureau.",
                    invoices=', '.join((record.invoice_ids & paid_invoices).mapped('name')),
                    unpaid=', '.join(unpaid.mapped('name'))))
                continue
            if record.state == 'draft':
                record.write({'state': 'cancelled', 'paid_date': today})
                continue
            record.write({'state': 'to_remove', 'paid_date': today})
            record.activity_schedule(
                'telco_dunning.mail_activity_bureau_removal',
                date_deadline=today,
                summary=_("Remove from the credit bureau"),
                note=_("The reported debt is paid: ask %(bureau)s to remove it today.",
                       bureau=record.bureau_id.name),
                user_id=(record.create_uid or self.env.user).id,
            )


def _csv_download(records, rows, filename):
    """Store ``rows`` as a CSV attachment and return the action that downloads it."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=';').writerows(rows)
    attachment = records.env['ir.attachment'].create({
        'name': filename,
        'raw': buffer.getvalue().encode('utf-8'),
        'mimetype': 'text/csv',
    })
    return {
        'type': 'ir.actions.act_url',
        'url': f"/web/content/{attachment.id}?download=true",
        'target': 'self',
    }


class TelcoDunningAction(models.Model):
    _inherit = 'telco.dunning.action'

    bureau_report_ids = fields.One2many(
        'telco.credit.bureau.report', 'action_id', string='Credit Bureau Reports', readonly=True)

    def _execute_credit_bureau(self):
        self.ensure_one()
        self.env['telco.credit.bureau.report']._create_from_action(self)


class AccountMove(models.Model):
    _inherit = 'account.move'

    telco_bureau_report_ids = fields.Many2many(
        'telco.credit.bureau.report', 'telco_credit_bureau_report_invoice_rel', 'move_id',
        'report_id', string='Credit Bureau Reports', readonly=True, copy=False)

    def _invoice_paid_hook(self):
        result = super()._invoice_paid_hook()
        if self.env.context.get('telco_writeoff'):
            return result
        paid = self.filtered(lambda move: move.is_invoice(include_receipts=True))
        reports = paid.sudo().telco_bureau_report_ids.filtered(
            lambda report: report.state in ('draft', 'reported'))
        reports._on_invoices_paid(paid)
        return result
