from odoo import _, api, fields, models
from odoo.exceptions import UserError

from telcocollect.calendars import next_target2_day

# Fields that may still change once the file was sent: the state and the chatter.
_SENT_WRITABLE_FIELDS = {'state', 'sent_date', 'message_main_attachment_id'}
_LOCKED_STATES = ('sent', 'credited', 'closed')


class TelcoSepaRemittance(models.Model):
    _name = 'telco.sepa.remittance'
    _description = 'SEPA direct debit remittance'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'collection_date desc, id desc'
    _check_company_auto = True

    name = fields.Char(
        string='Reference', required=True, readonly=True, copy=False, default='/',
    )
    company_id = fields.Many2one(
        'res.company', required=True, default=lambda self: self.env.company, index=True,
    )
    currency_id = fields.Many2one(related='company_id.currency_id')
    journal_id = fields.Many2one(
        'account.journal', string='Collection journal', required=True, check_company=True,
        domain="[('type', '=', 'bank')]",
        default=lambda self: self.env.company.sepa_collection_journal_id,
        help="Bank journal that receives the debits; its bank account is the creditor IBAN.",
    )
    scheme = fields.Selection(
        [('CORE', 'CORE'), ('B2B', 'B2B')], required=True, default='CORE',
        help="One file carries a single scheme: CORE and B2B debits go in separate remittances.",
    )
    collection_date = fields.Date(
        required=True, default=lambda self: self._default_collection_date(), tracking=True,
        help="Date on which the debtors' accounts are charged. It must be a TARGET2 business "
             "day and the file must reach the bank before its cut-off the business day before.",
    )
    state = fields.Selection(
        [('draft', 'Draft'), ('generated', 'File generated'), ('sent', 'Sent to bank'),
         ('credited', 'Credited'), ('closed', 'Closed')],
        required=True, default='draft', tracking=True, copy=False,
    )
    line_ids = fields.One2many(
        'telco.sepa.remittance.line', 'remittance_id', string='Debits', copy=False,
    )
    excluded_ids = fields.One2many(
        'telco.sepa.remittance.exclusion', 'remittance_id', string='Excluded invoices',
        copy=False,
    )
    line_count = fields.Integer(string='Number of debits', compute='_compute_totals', store=True)
    amount_total = fields.Monetary(string='Total amount', compute='_compute_totals', store=True)
    excluded_count = fields.Integer(
        string='Number of excluded invoices', compute='_compute_excluded_count',
    )
    message_id = fields.Char(
        string='Message id', readonly=True, copy=False,
        help="MsgId of the generated pain.008 file, unique for each generated file.",
    )
    file_attachment_id = fields.Many2one('ir.attachment', string='File', readonly=True, copy=False)
    file_data = fields.Binary(related='file_attachment_id.datas', string='pain.008 file')
    file_name = fields.Char(related='file_attachment_id.name')
    generated_date = fields.Datetime(readonly=True, copy=False)
    sent_date = fields.Date(readonly=True, copy=False)
    bank_warnings = fields.Text(
        readonly=True, copy=False,
        help="Points of the generated file that Spanish banks may question; they do not block "
             "sending.",
    )

    @api.model
    def _default_collection_date(self):
        # The file must reach the bank before the collection date, so the earliest date
        # offered is the next TARGET2 business day.
        return next_target2_day(fields.Date.context_today(self))

    @api.depends('line_ids.amount', 'line_ids.state')
    def _compute_totals(self):
        for remittance in self:
            lines = remittance.line_ids
            remittance.line_count = len(lines)
            remittance.amount_total = sum(lines.mapped('amount'))

    def _compute_excluded_count(self):
        for remittance in self:
            remittance.excluded_count = len(remittance.excluded_ids)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get('name', '/') == '/':
                vals['name'] = self.env['ir.sequence'].next_by_code('telco.sepa.remittance')
        return super().create(vals_list)

    def write(self, vals):
        if not set(vals) <= _SENT_WRITABLE_FIELDS:
            locked = self.filtered(lambda r: r.state in _LOCKED_STATES)
            if locked:
                raise UserError(_(
                    "Remittance %(name)s was sent to the bank and cannot be changed.",
                    name=locked[0].name,
                ))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        locked = self.filtered(lambda r: r.state in _LOCKED_STATES)
        if locked:
            raise UserError(_(
                "Remittance %(name)s was sent to the bank and cannot be deleted.",
                name=locked[0].name,
            ))

    def unlink(self):
        attachments = self.file_attachment_id | self.file_ids.attachment_id
        res = super().unlink()
        attachments.unlink()
        return res

    def _check_state(self, states, action):
        for remittance in self:
            if remittance.state not in states:
                raise UserError(_(
                    "Cannot %(action)s remittance %(name)s in state %(state)s.",
                    action=action,
                    name=remittance.name,
                    state=dict(self._fields['state']._description_selection(self.env))[
                        remittance.state
                    ],
                ))

    def action_reset_to_draft(self):
        """Discard the generated file so that the debits can be changed."""
        self._check_state(('generated',), _("reset to draft"))
        partly_sent = self.filtered(lambda r: 'sent' in r.line_ids.mapped('state'))
        if partly_sent:
            raise UserError(_(
                "Remittance %(name)s is being marked as sent: some of its payments are "
                "posted, so it cannot be reset to draft.",
                name=partly_sent[0].name,
            ))
        files = self.file_ids
        attachments = self.file_attachment_id - files.attachment_id
        self.write({
            'state': 'draft',
            'message_id': False,
            'file_attachment_id': False,
            'generated_date': False,
            'bank_warnings': False,
        })
        self.line_ids.file_id = False
        files.unlink()
        attachments.unlink()

    def action_view_excluded(self):
        self.ensure_one()
        return self.excluded_ids._get_records_action(name=_("Excluded invoices"))
