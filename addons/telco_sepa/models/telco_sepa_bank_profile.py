import datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from telcocollect.errors import InvalidIdentifier
from telcocollect.identifiers import validate_creditor_id, validate_spanish_tax_id

PAIN008_VERSIONS = [
    ('pain.008.001.02', 'pain.008.001.02'),
    ('pain.008.001.08', 'pain.008.001.08'),
]


class TelcoSepaBankProfile(models.Model):
    """Settings of the bank that collects the direct debits of one bank journal."""

    _name = 'telco.sepa.bank.profile'
    _description = 'SEPA collecting bank profile'
    _order = 'company_id, journal_id'
    _rec_name = 'journal_id'
    _check_company_auto = True

    journal_id = fields.Many2one(
        'account.journal', string='Collection journal', required=True, ondelete='cascade',
        check_company=True, domain="[('type', '=', 'bank')]", index=True,
    )
    company_id = fields.Many2one(
        related='journal_id.company_id', store=True, index=True, string='Company',
    )
    bank_name = fields.Char(
        string='Bank',
        default=lambda self: self._default_bank_name(),
        help="Name of the collecting bank, shown in lists and messages.",
    )
    pain008_version = fields.Selection(
        PAIN008_VERSIONS, string='pain.008 version', required=True, default='pain.008.001.02',
        help="Version of the remittance file that this bank accepts: pain.008.001.02 (ISO "
             "20022 of 2009) or pain.008.001.08 (of 2019). Ask the bank which one it takes.",
    )
    cutoff_time = fields.Float(
        string='Cut-off time', required=True, default=14.0,
        help="Time of day, Europe/Madrid, after which the bank treats a file as presented on "
             "the next TARGET2 business day. 14.5 means 14:30.",
    )
    lead_days = fields.Integer(
        string='Lead days', required=True, default=1,
        help="TARGET2 business days between the day the file is presented and the collection "
             "date. 1 is the SEPA D-1 rule; some banks ask for 2.",
    )
    # NOTE: 100,000 is an estimate of what the online banking channels of Spanish banks take
    # in one file, not a figure published by the banks. Set the bank's own limit here.
    max_transactions = fields.Integer(
        string='Maximum debits per file', required=True, default=100000,
        help="Number of debits above which the remittance is written in several files. "
             "0 means no limit.",
    )
    initiating_party_id_kind = fields.Selection(
        [('creditor_id', 'Creditor identifier'), ('nif', 'Company NIF'),
         ('custom', 'Other identifier')],
        string='Presenter identification', required=True, default='creditor_id',
        help="Identification written in the file header (InitgPty/Id). Spanish banks "
             "identify the presenter from it; most expect the creditor identifier.",
    )
    initiating_party_id = fields.Char(
        string='Presenter identifier',
        help="Identifier given by the bank to the presenter, used when the presenter "
             "identification is 'Other identifier'.",
    )
    creditor_business_code = fields.Char(
        string='Creditor business code', size=3, required=True, default='000',
        help="3-character suffix (sufijo) of the creditor identifier agreed with this bank. "
             "It tells apart collections of the same company at different banks or business "
             "lines and does not change the check digits.",
    )
    creditor_identifier = fields.Char(
        compute='_compute_creditor_identifier',
        help="Creditor identifier written in the files of this bank: the company's identifier "
             "with this profile's business code.",
    )
    use_frst = fields.Boolean(
        string='Send first debits as FRST',
        default=lambda self: self.env.company.sepa_use_frst,
        help="Send the first debit of each recurrent mandate as FRST. When off, every "
             "recurrent debit is RCUR, which the SEPA rulebook allows since November 2016.",
    )

    _sql_constraints = [
        ('journal_unique', 'unique (journal_id)', 'A bank journal has a single bank profile.'),
    ]

    def _default_bank_name(self):
        journal = self.env['account.journal'].browse(self.env.context.get('default_journal_id'))
        return journal.bank_account_id.bank_id.name or journal.name or False

    @api.depends('company_id.sepa_creditor_identifier', 'creditor_business_code')
    def _compute_creditor_identifier(self):
        for profile in self:
            profile.creditor_identifier = profile._build_creditor_identifier() or False

    def _build_creditor_identifier(self):
        """Return the company's creditor identifier with this profile's business code.

        The AT-02 check digits are computed without the business code, so replacing it keeps
        them valid. Returns None when the company has no valid identifier.
        """
        self.ensure_one()
        identifier = self.company_id.sepa_creditor_identifier
        if not identifier:
            return None
        try:
            compact = validate_creditor_id(identifier)
        except InvalidIdentifier:
            return None
        code = (self.creditor_business_code or '000').upper()
        return validate_creditor_id(compact[:4] + code + compact[7:])

    @api.constrains('creditor_business_code')
    def _check_creditor_business_code(self):
        for profile in self:
            code = profile.creditor_business_code or ''
            if len(code) != 3 or not code.isascii() or not code.isalnum():
                raise ValidationError(_(
                    "Invalid creditor business code %(code)s for bank journal %(journal)s: "
                    "expected 3 letters or digits, such as 000.",
                    code=code,
                    journal=profile.journal_id.display_name,
                ))

    @api.constrains('cutoff_time', 'lead_days', 'max_transactions')
    def _check_limits(self):
        for profile in self:
            if not 0 <= profile.cutoff_time < 24:
                raise ValidationError(_(
                    "Invalid cut-off time %(time)s for bank journal %(journal)s: enter hours "
                    "between 0 and 24, such as 14.5 for 14:30.",
                    time=profile.cutoff_time,
                    journal=profile.journal_id.display_name,
                ))
            if profile.lead_days < 1:
                raise ValidationError(_(
                    "Invalid lead days %(days)s for bank journal %(journal)s: debits reach the "
                    "debtor's bank by D-1, so enter 1 or more.",
                    days=profile.lead_days,
                    journal=profile.journal_id.display_name,
                ))
            if profile.max_transactions < 0:
                raise ValidationError(_(
                    "Invalid maximum debits per file %(count)s for bank journal %(journal)s: "
                    "enter 0 for no limit or a positive number.",
                    count=profile.max_transactions,
                    journal=profile.journal_id.display_name,
                ))

    @api.constrains('journal_id')
    def _check_journal_type(self):
        for profile in self:
            if profile.journal_id.type != 'bank':
                raise ValidationError(_(
                    "Journal %(journal)s is not a bank journal, so it cannot have a bank "
                    "profile.",
                    journal=profile.journal_id.display_name,
                ))

    @api.constrains('initiating_party_id_kind', 'initiating_party_id')
    def _check_initiating_party(self):
        for profile in self.filtered(lambda p: p.initiating_party_id_kind == 'custom'):
            if not (profile.initiating_party_id or '').strip():
                raise ValidationError(_(
                    "Enter the presenter identifier of bank journal %(journal)s, or choose "
                    "another presenter identification.",
                    journal=profile.journal_id.display_name,
                ))

    def _get_cutoff_time(self):
        """Return the cut-off as a ``datetime.time``, rounded to the minute."""
        self.ensure_one()
        minutes = round(self.cutoff_time * 60)
        return datetime.time(minutes // 60, minutes % 60)

    def _get_initiating_party_id(self):
        """Return the presenter identification written in ``GrpHdr/InitgPty/Id``.

        Raises UserError naming the missing setting.
        """
        self.ensure_one()
        kind = self.initiating_party_id_kind
        if kind == 'custom':
            return self.initiating_party_id.strip()
        if kind == 'nif':
            vat = self.company_id.vat or ''
            try:
                compact, _kind = validate_spanish_tax_id(vat[2:] if vat[:2].upper() == 'ES' else vat)
            except InvalidIdentifier:
                raise UserError(_(
                    "The bank profile of journal %(journal)s identifies the presenter by the "
                    "company NIF, but company %(company)s has no valid Spanish tax id "
                    "(%(vat)s). Set it on the company.",
                    journal=self.journal_id.display_name,
                    company=self.company_id.name,
                    vat=vat or _('none'),
                )) from None
            return compact
        return self.creditor_identifier


class AccountJournal(models.Model):
    _inherit = 'account.journal'

    telco_sepa_bank_profile_ids = fields.One2many(
        'telco.sepa.bank.profile', 'journal_id', string='SEPA bank profiles',
    )

    def _get_telco_sepa_bank_profile(self):
        """Return the bank profile of this journal, created with the defaults when missing."""
        self.ensure_one()
        profile = self.telco_sepa_bank_profile_ids[:1]
        if not profile:
            profile = self.env['telco.sepa.bank.profile'].sudo().with_context(
                default_journal_id=self.id,
            ).create({
                'journal_id': self.id,
                'use_frst': self.company_id.sepa_use_frst,
            }).sudo(False)
            self.invalidate_recordset(['telco_sepa_bank_profile_ids'])
        return profile

    def action_open_telco_sepa_bank_profile(self):
        self.ensure_one()
        profile = self._get_telco_sepa_bank_profile()
        return {
            'type': 'ir.actions.act_window',
            'res_model': 'telco.sepa.bank.profile',
            'res_id': profile.id,
            'view_mode': 'form',
            'target': 'current',
        }
