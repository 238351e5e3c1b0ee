from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from telcocollect.errors import InvalidIdentifier
from telcocollect.identifiers import validate_bic


class TelcoSepaMandate(models.Model):
    """Debtor data as signed, the signed copy and the end of one-off mandates."""

    _inherit = 'telco.sepa.mandate'

    signature_place = fields.Char(
        string='Signature place', tracking=True,
        help="Town where the debtor signed the mandate, printed next to the signature date.",
    )
    debtor_name = fields.Char(
        string='Debtor name', compute='_compute_debtor_data', store=True, readonly=False, tracking=True,
        help="Debtor's name as written on the mandate. Defaults to the customer's name.",
    )
    debtor_street = fields.Char(
        string='Debtor street', compute='_compute_debtor_data', store=True, readonly=False,
    )
    debtor_zip = fields.Char(
        string='Debtor postcode', compute='_compute_debtor_data', store=True, readonly=False,
    )
    debtor_city = fields.Char(
        string='Debtor town', compute='_compute_debtor_data', store=True, readonly=False,
    )
    debtor_country_id = fields.Many2one(
        'res.country', string='Debtor country', compute='_compute_debtor_data', store=True,
        readonly=False,
    )
    debtor_bic = fields.Char(
        string='Debtor BIC', compute='_compute_debtor_bic', store=True, readonly=False,
        tracking=True,
        help="BIC of the debtor's bank. Optional: SEPA debits are routed by IBAN alone.",
    )
    signed_copy = fields.Binary(
        string='Signed copy', attachment=True, copy=False,
        help="Scan or PDF of the mandate signed by the debtor, kept as proof of the "
             "authorisation.",
    )
    signed_copy_filename = fields.Char(string='Signed copy file name', copy=False)

    @api.depends('partner_id')
    def _compute_debtor_data(self):
        for mandate in self:
            partner = mandate.partner_id.commercial_partner_id
            mandate.debtor_name = partner.name
            mandate.debtor_street = partner.street
            mandate.debtor_zip = partner.zip
            mandate.debtor_city = partner.city
            mandate.debtor_country_id = partner.country_id

    @api.depends('partner_bank_id')
    def _compute_debtor_bic(self):
        for mandate in self:
            mandate.debtor_bic = mandate.partner_bank_id.bank_id.bic or mandate.debtor_bic

    @api.constrains('debtor_bic')
    def _check_debtor_bic(self):
        for mandate in self.filtered('debtor_bic'):
            try:
                validate_bic(mandate.debtor_bic)
            except InvalidIdentifier:
                raise ValidationError(_(
                    "Invalid BIC %(bic)s on mandate %(name)s: enter 8 or 11 characters, such as "
                    "CAIXESBBXXX, or leave it empty.",
                    bic=mandate.debtor_bic,
                    name=mandate.name,
                )) from None

    def write(self, vals):
        res = super().write(vals)
        if vals.get('signed_copy'):
            for mandate in self:
                mandate._message_log(body=_(
                    "Signed copy registered: %(file)s.",
                    file=mandate.signed_copy_filename or _("no file name"),
                ))
        return res

    def action_validate(self):
        missing = self.filtered(
            lambda m: m.company_id.sepa_require_signed_copy and not m.signed_copy
        )
        if missing:
            raise UserError(_(
                "Upload the signed copy of mandate %(name)s before validating it: the company "
                "requires it as proof of the debtor's authorisation.",
                name=missing[0].name,
            ))
        return super().action_validate()

    def _end_used_one_off(self, debits):
        """Expire one-off mandates after their single debit was sent to the bank."""
        debits_by_mandate = debits.grouped('mandate_id')
        for mandate in self.filtered(lambda m: m.recurrence == 'one_off' and m.state == 'active'):
            debit = debits_by_mandate[mandate][:1]
            mandate.state = 'expired'
            mandate._message_log(body=_(
                "One-off mandate used by debit %(debit)s collected on %(date)s. It cannot "
                "collect again: a further debit needs a new mandate.",
                debit=debit.end_to_end_id,
                date=debit.collection_date,
            ))

    @api.model
    def _get_used_one_off(self, partner, company):
        """Return the partner's newest one-off mandate that already collected, if any."""
        return self.search([
            ('commercial_partner_id', '=', partner.commercial_partner_id.id),
            ('company_id', '=', company.id),
            ('recurrence', '=', 'one_off'),
            ('last_debit_date', '!=', False),
        ], order='last_debit_date desc, id desc', limit=1)


class TelcoSepaRemittance(models.Model):
    _inherit = 'telco.sepa.remittance'

    def _update_mandate_last_debit(self, lines):
        super()._update_mandate_last_debit(lines)
        lines.mandate_id._end_used_one_off(lines)

    def _get_exclusion_reason(self, invoice, mandate, any_scheme_mandate, *args, **kwargs):
        reason = super()._get_exclusion_reason(
            invoice, mandate, any_scheme_mandate, *args, **kwargs,
        )
        if not reason or mandate or any_scheme_mandate:
            return reason
        # Name the used one-off mandate instead of the generic "no mandate" or "expired"
        # message, so that the collector understands why and that a new mandate is needed. Other
        # reasons (currency, dispute, open debit...) are kept.
        used = self.env['telco.sepa.mandate']._get_used_one_off(invoice.partner_id,
                                                                self.company_id)
        expired = kwargs.get('expired_mandate')
        generic = [_("The customer has no active mandate.")]
        if expired:
            generic.append(_(
                "Mandate %(mandate)s has expired and the customer has no other active "
                "mandate.",
                mandate=expired.name,
            ))
        if used and used.state == 'expired' and reason in generic:
            return _(
                "One-off mandate %(mandate)s already collected on %(date)s and cannot be "
                "used again: the customer must sign a new mandate.",
                mandate=used.name,
                date=used.last_debit_date,
            )
        return reason
