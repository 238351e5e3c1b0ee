from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_repr

from .telco_credit_bureau import _csv_download

HANDOVER_STATES = [
    ('handed_over', 'Handed over'),
    ('returned', 'Returned'),
    ('recovered', 'Recovered'),
]


class TelcoCollectionAgency(models.Model):
    """External debt collection agency that receives unpaid debt."""

    _name = 'telco.collection.agency'
    _description = 'Collection Agency'
    _order = 'name'

    name = fields.Char(required=True)
    partner_id = fields.Many2one('res.partner', string='Contact')
    active = fields.Boolean(default=True)
    note = fields.Text(help="Contract reference, commission and how the agency takes files.")


class TelcoCollectionHandover(models.Model):
    """Debt of one customer handed over to a collection agency."""

    _name = 'telco.collection.handover'
    _description = 'Collection Agency Handover'
    _inherit = ['mail.thread']
    _order = 'date desc, id desc'
    _check_company_auto = True

    name = fields.Char(compute='_compute_name', store=True)
    company_id = fields.Many2one(
        'res.company', required=True, index=True, readonly=True,
        default=lambda self: self.env.company)
    currency_id = fields.Many2one(related='company_id.currency_id')
    partner_id = fields.Many2one('res.partner', string='Customer', required=True, index=True,
                                 readonly=True)
    agency_id = fields.Many2one('telco.collection.agency', string='Collection Agency',
                                required=True, readonly=True)
    invoice_ids = fields.Many2many(
        'account.move', 'telco_collection_handover_invoice_rel', 'handover_id', 'move_id',
        string='Invoices', readonly=True)
    amount = fields.Monetary(string='Amount Handed Over', currency_field='currency_id',
                             readonly=True)
    date = fields.Date(string='Handed Over On', required=True, readonly=True,
                       default=fields.Date.context_today)
    end_date = fields.Date(string='Closed On', readonly=True)
    state = fields.Selection(HANDOVER_STATES, required=True, default='handed_over',
                             readonly=True, tracking=True)
    action_id = fields.Many2one('telco.dunning.action', string='Dunning Action', readonly=True,
                                ondelete='set null')

    @api.depends('partner_id', 'agency_id', 'date')
    def _compute_name(self):
        for handover in self:
            handover.name = _("%(agency)s: %(customer)s (%(date)s)",
                              agency=handover.agency_id.name or '',
                              customer=handover.partner_id.name or '',
                              date=fields.Date.to_string(handover.date) or '')

    @api.model
    def _create_from_action(self, action):
        agency = action.level_id.agency_id
        if not agency:
            raise UserError(_(
                "Dunning level %(level)s hands debt over to a collection agency but names none. "
                "Choose the agency on the level.", level=action.level_id.display_name))
        invoices = action.invoice_ids.filtered(lambda inv: inv.telco_agency_state != 'handed_over')
        if not invoices:
            raise UserError(_(
                "Every invoice of %(partner)s in this dunning action is already with a "
                "collection agency.", partner=action.partner_id.display_name))
        currency = action.company_id.currency_id
        handover = self.sudo().create({
            'company_id': action.company_id.id,
            'partner_id': action.partner_id.commercial_partner_id.id,
            'agency_id': agency.id,
            'invoice_ids': [fields.Command.set(invoices.ids)],
            'amount': currency.round(sum(invoices.mapped('amount_residual_signed'))),
            'date': action.action_date,
            'action_id': action.id,
        })
        invoices.sudo().write({
            'telco_agency_state': 'handed_over',
            'telco_agency_handover_id': handover.id,
        })
        return handover

    def _close(self, state):
        if self.filtered(lambda h: h.state != 'handed_over'):
            raise UserError(_("Only handovers in the state 'Handed over' can be closed."))
        self.write({'state': state, 'end_date': fields.Date.context_today(self)})
        for handover in self:
            handover.invoice_ids.sudo().telco_agency_state = state

    def action_mark_returned(self):
        """Close handovers that the agency gave back unrecovered, so internal dunning resumes."""
        self._close('returned')
        return True

    def action_mark_recovered(self):
        self._close('recovered')
        return True

    def action_export_csv(self):
        """Download the invoices of the selected handovers as CSV for the agency."""
        rows = [['agency', 'customer', 'vat', 'street', 'zip', 'city', 'email', 'phone',
                 'invoice', 'invoice_date', 'due_date', 'amount_residual', 'currency',
                 'handed_over_on']]
        for handover in self:
            partner = handover.partner_id
            decimals = handover.currency_id.decimal_places
            for invoice in handover.invoice_ids:
                rows.append([
                    handover.agency_id.name, partner.name, partner.vat or '', partner.street or '',
                    partner.zip or '', partner.city or '', partner.email or '',
                    partner.mobile or partner.phone or '', invoice.name,
                    fields.Date.to_string(invoice.invoice_date),
                    fields.Date.to_string(invoice.invoice_date_due),
                    float_repr(invoice.amount_residual_signed, decimals),
                    handover.currency_id.name, fields.Date.to_string(handover.date),
                ])
        return _csv_download(self, rows, 'collection_agency_handover.csv')


class AccountMove(models.Model):
    _inherit = 'account.move'

    telco_agency_state = fields.Selection(
        HANDOVER_STATES, string='Collection Agency', readonly=True, copy=False, tracking=True,
        help="Set when the invoice is handed over to a collection agency. Dunning leaves out "
             "invoices that are with an agency.")
    telco_agency_handover_id = fields.Many2one(
        'telco.collection.handover', string='Agency Handover', readonly=True, copy=False)


class TelcoDunningAction(models.Model):
    _inherit = 'telco.dunning.action'

    handover_ids = fields.One2many('telco.collection.handover', 'action_id',
                                   string='Agency Handovers', readonly=True)

    def _execute_agency(self):
        self.ensure_one()
        self.env['telco.collection.handover']._create_from_action(self)


class TelcoDunningRun(models.Model):
    _inherit = 'telco.dunning.run'

    @api.model
    def _overdue_invoice_domain(self, company, run_date):
        return super()._overdue_invoice_domain(company, run_date) + [
            ('telco_agency_state', '!=', 'handed_over'),
        ]
