from odoo import _, api, fields, models
from odoo.exceptions import UserError

from telcocollect.errors import InvalidIdentifier
from telcocollect.identifiers import compact_iban, validate_bic


class TelcoSepaIbanChange(models.TransientModel):
    """Change the debtor account of a mandate, keeping the old account and the history."""

    _name = 'telco.sepa.iban.change'
    _description = "Change of a customer's IBAN"

    mandate_id = fields.Many2one(
        'telco.sepa.mandate', string='Mandate', required=True,
        domain="[('state', 'in', ('draft', 'active'))]",
    )
    partner_id = fields.Many2one(related='mandate_id.commercial_partner_id', string='Customer')
    current_iban = fields.Char(
        related='mandate_id.partner_bank_id.acc_number', string='Current IBAN',
    )
    new_iban = fields.Char(string='New IBAN', required=True)
    new_bic = fields.Char(
        string='New BIC', help="BIC of the new bank. Optional: SEPA routes debits by IBAN.",
    )
    change_date = fields.Date(
        string='Date of the change', required=True, default=fields.Date.context_today,
        help="Date on which the customer gave the new account.",
    )
    reason = fields.Char(help="Why the customer changes account, kept in the history.")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get('active_model') == 'res.partner' and 'mandate_id' in fields_list:
            partner = self.env['res.partner'].browse(self.env.context.get('active_id'))
            mandate = self.env['telco.sepa.mandate'].search([
                ('commercial_partner_id', '=', partner.commercial_partner_id.id),
                ('state', 'in', ('draft', 'active')),
            ], order='state, signature_date desc, id desc', limit=1)
            if mandate:
                values['mandate_id'] = mandate.id
        return values

    def _check_input(self):
        """Return the compact IBAN and BIC, or raise UserError naming the wrong value."""
        self.ensure_one()
        try:
            iban = compact_iban(self.new_iban or '')
        except InvalidIdentifier:
            raise UserError(_(
                "Invalid IBAN %(iban)s: check the country code, the check digits and the "
                "length, such as ES91 2100 0418 4502 0005 1332.",
                iban=self.new_iban,
            )) from None
        bic = False
        if self.new_bic:
            try:
                bic = validate_bic(self.new_bic)
            except InvalidIdentifier:
                raise UserError(_(
                    "Invalid BIC %(bic)s: enter 8 or 11 characters, such as CAIXESBBXXX, or "
                    "leave it empty.",
                    bic=self.new_bic,
                )) from None
        mandate = self.mandate_id
        if mandate.state not in ('draft', 'active'):
            raise UserError(_(
                "Mandate %(name)s is %(state)s; only draft and active mandates can change "
                "account.",
                name=mandate.name,
                state=mandate._state_label(),
            ))
        try:
            current = compact_iban(mandate.partner_bank_id.acc_number or '')
        except InvalidIdentifier:
            current = mandate.partner_bank_id.acc_number
        if iban == current:
            raise UserError(_(
                "Mandate %(name)s already collects from %(iban)s.", name=mandate.name, iban=iban,
            ))
        return iban, bic

    def _get_or_create_bank_account(self, iban, bic):
        partner = self.mandate_id.commercial_partner_id
        BankAccount = self.env['res.partner.bank'].with_context(active_test=False)
        account = BankAccount.search([
            ('partner_id', '=', partner.id), ('sanitized_acc_number', '=', iban),
        ], limit=1)
        bank = self.env['res.bank']
        if bic:
            bank = bank.search([('bic', '=', bic)], limit=1) or bank.create({
                'name': bic, 'bic': bic,
            })
        if account:
            account.write({'active': True, **({'bank_id': bank.id} if bank else {})})
            return account
        return BankAccount.create({
            'partner_id': partner.id,
            'acc_number': iban,
            'bank_id': bank.id,
            'company_id': self.mandate_id.company_id.id,
        })

    def action_apply(self):
        self.ensure_one()
        iban, bic = self._check_input()
        mandate = self.mandate_id
        old_account = mandate.partner_bank_id
        new_account = self._get_or_create_bank_account(iban, bic)
        mandate.write({'partner_bank_id': new_account.id, 'debtor_bic': bic})

        still_used = self.env['telco.sepa.mandate'].search_count([
            ('partner_bank_id', '=', old_account.id), ('state', 'in', ('draft', 'active')),
        ], limit=1)
        if not still_used:
            old_account.active = False

        message = _(
            "IBAN changed on %(date)s from %(old)s to %(new)s. Reason: %(reason)s. The old "
            "account is kept archived.",
            date=self.change_date,
            old=old_account.acc_number,
            new=new_account.acc_number,
            reason=self.reason or _("not given"),
        )
        if mandate.amendment_pending:
            message = _(
                "%(message)s Debits carry the amendment indicator until one is collected "
                "under the new account.",
                message=message,
            )
        mandate._message_log(body=message)
        mandate.commercial_partner_id._message_log(body=_(
            "Mandate %(mandate)s: %(message)s", mandate=mandate.name, message=message,
        ))
        return {'type': 'ir.actions.act_window_close'}


class ResPartner(models.Model):
    _inherit = 'res.partner'

    def action_open_telco_sepa_iban_change(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': _("Change IBAN"),
            'res_model': 'telco.sepa.iban.change',
            'view_mode': 'form',
            'target': 'new',
            'context': {'active_model': 'res.partner', 'active_id': self.id},
        }
