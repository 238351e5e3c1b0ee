from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from telcocollect.charset import is_valid_sepa_id
from telcocollect.errors import InvalidIdentifier
from telcocollect.identifiers import compact_iban

# SEPA rulebook: a mandate not used for 36 months expires.
MANDATE_EXPIRY_MONTHS = 36
# Mandates expired per call of the expiry cron; the cron calls again for the rest.
EXPIRY_BATCH_SIZE = 1000


class TelcoSepaMandate(models.Model):
    _name = 'telco.sepa.mandate'
    _description = 'SEPA direct debit mandate'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'signature_date desc, id desc'
    _check_company_auto = True

    name = fields.Char(
        string='Mandate reference',
        required=True,
        copy=False,
        tracking=True,
        help="Unique mandate reference (UMR) sent to the bank with every debit: 1 to 35 "
             "characters of the SEPA set. Left empty, it is numbered automatically.",
    )
    company_id = fields.Many2one(
        'res.company', required=True, default=lambda self: self.env.company, index=True,
    )
    partner_id = fields.Many2one(
        'res.partner', string='Debtor', required=True, tracking=True, index=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related='partner_id.commercial_partner_id', store=True, index=True,
    )
    partner_bank_id = fields.Many2one(
        'res.partner.bank', string='Debtor IBAN', required=True, tracking=True,
        check_company=True,
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
    )
    scheme = fields.Selection(
        [('CORE', 'CORE'), ('B2B', 'B2B')], required=True, default='CORE', tracking=True,
        help="CORE for any debtor, who may claim a refund for 8 weeks. B2B only for business "
             "customers, without refund right.",
    )
    recurrence = fields.Selection(
        [('recurrent', 'Recurrent'), ('one_off', 'One-off')],
        required=True, default='recurrent', tracking=True,
        help="A one-off mandate authorises a single debit and is not used again.",
    )
    signature_date = fields.Date(tracking=True)
    state = fields.Selection(
        [('draft', 'Draft'), ('active', 'Active'), ('expired', 'Expired'),
         ('cancelled', 'Cancelled')],
        required=True, default='draft', tracking=True, copy=False,
    )
    last_debit_date = fields.Date(
        readonly=True, copy=False,
        help="Collection date of the last debit sent under this mandate.",
    )
    remittance_line_ids = fields.One2many(
        'telco.sepa.remittance.line', 'mandate_id', string='Debits', readonly=True,
    )
    debit_count = fields.Integer(compute='_compute_debit_count')

    _sql_constraints = [
        ('name_company_unique', 'unique (name, company_id)',
         'The mandate reference must be unique per company.'),
    ]

    def _compute_debit_count(self):
        counts = dict(self.env['telco.sepa.remittance.line']._read_group(
            [('mandate_id', 'in', self.ids)], ['mandate_id'], ['__count'],
        ))
        for mandate in self:
            mandate.debit_count = counts.get(mandate, 0)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get('name'):
                vals['name'] = self.env['ir.sequence'].next_by_code('telco.sepa.mandate')
        return super().create(vals_list)

    @api.constrains('name')
    def _check_name(self):
        for mandate in self:
            if not is_valid_sepa_id(mandate.name):
                raise ValidationError(_(
                    "Invalid mandate reference %(name)s: use 1 to 35 characters among letters "
                    "A-Z a-z, digits and / - ? : ( ) . , ' + and space, not starting or ending "
                    "with / and without //.",
                    name=mandate.name,
                ))

    @api.constrains('partner_bank_id', 'partner_id')
    def _check_partner_bank(self):
        for mandate in self:
            bank = mandate.partner_bank_id
            if bank.partner_id.commercial_partner_id != mandate.commercial_partner_id:
                raise ValidationError(_(
                    "The bank account %(account)s belongs to %(owner)s, not to the debtor "
                    "%(debtor)s of mandate %(name)s.",
                    account=bank.acc_number,
                    owner=bank.partner_id.display_name,
                    debtor=mandate.partner_id.display_name,
                    name=mandate.name,
                ))
            try:
                compact_iban(bank.acc_number or '')
            except InvalidIdentifier:
                raise ValidationError(_(
                    "The account %(account)s of mandate %(name)s is not a valid IBAN. Enter the "
                    "debtor's IBAN, such as ES91 2100 0418 4502 0005 1332.",
                    account=bank.acc_number,
                    name=mandate.name,
                )) from None

    @api.constrains('scheme', 'partner_id')
    def _check_scheme(self):
        for mandate in self.filtered(lambda m: m.scheme == 'B2B'):
            if mandate.commercial_partner_id.telco_customer_type != 'business':
                raise ValidationError(_(
                    "Mandate %(name)s cannot use the B2B scheme because %(debtor)s is not a "
                    "business customer. Use CORE, or set the customer type to Business.",
                    name=mandate.name,
                    debtor=mandate.commercial_partner_id.display_name,
                ))

    @api.constrains('signature_date', 'state')
    def _check_signature_date(self):
        today = fields.Date.context_today(self)
        for mandate in self:
            if mandate.state == 'active' and not mandate.signature_date:
                raise ValidationError(_(
                    "Mandate %(name)s needs a signature date to be active.", name=mandate.name,
                ))
            if mandate.signature_date and mandate.signature_date > today:
                raise ValidationError(_(
                    "The signature date %(date)s of mandate %(name)s is in the future.",
                    date=mandate.signature_date,
                    name=mandate.name,
                ))

    def action_validate(self):
        for mandate in self:
            if mandate.state != 'draft':
                raise UserError(_(
                    "Only draft mandates can be validated; %(name)s is %(state)s.",
                    name=mandate.name,
                    state=mandate._state_label(),
                ))
            if not mandate.signature_date:
                raise UserError(_(
                    "Enter the signature date of mandate %(name)s before validating it: no "
                    "debit may be collected without it.",
                    name=mandate.name,
                ))
        self.state = 'active'

    def action_cancel(self):
        self.filtered(lambda m: m.state != 'cancelled').state = 'cancelled'

    def action_view_debits(self):
        self.ensure_one()
        return self.remittance_line_ids._get_records_action(name=_("Debits"))

    def _state_label(self):
        return dict(self._fields['state']._description_selection(self.env))[self.state]

    def _cancel_after_return(self, reason_code, return_date):
        """Cancel the mandates after a return whose reason invalidates them."""
        for mandate in self.filtered(lambda m: m.state == 'active'):
            mandate.state = 'cancelled'
            mandate._message_log(body=_(
                "Mandate cancelled: the bank returned a debit on %(date)s with reason "
                "%(code)s. Ask the customer for a new IBAN and mandate.",
                date=return_date,
                code=reason_code,
            ))

    def _get_last_use_date(self):
        self.ensure_one()
        return self.last_debit_date or self.signature_date

    @api.model
    def _cron_expire_unused(self, batch_size=EXPIRY_BATCH_SIZE):
        """Expire the active mandates without a debit in the last 36 months.

        A mandate never used counts from its signature date. ``last_debit_date`` is kept. One
        call expires at most ``batch_size`` mandates and reports the rest to the cron, which
        calls again after committing. A crash only loses the current batch, whose mandates
        are still active and are found again by the next call.
        """
        limit = fields.Date.context_today(self) - relativedelta(months=MANDATE_EXPIRY_MONTHS)
        domain = [
            ('state', '=', 'active'),
            '|',
            ('last_debit_date', '<', limit),
            '&', ('last_debit_date', '=', False), ('signature_date', '<', limit),
        ]
        mandates = self.search(domain, order='id', limit=batch_size)
        mandates.state = 'expired'
        for mandate in mandates:
            mandate._message_log(body=_(
                "Mandate expired: no debit since %(date)s (36 months).",
                date=mandate._get_last_use_date(),
            ))
        remaining = self.search_count(domain) if len(mandates) == batch_size else 0
        self.env['ir.cron']._notify_progress(done=len(mandates), remaining=remaining)
        return mandates

    @api.model
    def _get_active_by_partner(self, partners, company, scheme=None):
        """Return {commercial partner: mandate} with the newest usable mandate of each partner.

        One-off mandates that were already used are skipped because they authorise a single
        debit.
        """
        domain = [
            ('commercial_partner_id', 'in', partners.commercial_partner_id.ids),
            ('company_id', '=', company.id),
            ('state', '=', 'active'),
        ]
        if scheme:
            domain.append(('scheme', '=', scheme))
        result = {}
        for mandate in self.search(domain, order='signature_date desc, id desc'):
            if mandate.recurrence == 'one_off' and mandate.last_debit_date:
                continue
            result.setdefault(mandate.commercial_partner_id, mandate)
        return result
