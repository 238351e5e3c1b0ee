from odoo import _, api, fields, models

from telcocollect.calendars import next_target2_day
from telcocollect.errors import InvalidIdentifier
from telcocollect.identifiers import compact_iban
from telcocollect.sepa.pain008 import MandateAmendment

# TARGET2 business days after the collection date during which the debtor's bank may still
# reject or return a debit for mandate or account reasons (SEPA rulebook: returns up to D+5).
AMENDMENT_RETURN_WINDOW_DAYS = 5


def _iban_or_text(account_number):
    try:
        return compact_iban(account_number or '')
    except InvalidIdentifier:
        return account_number or ''


class TelcoSepaMandate(models.Model):
    """Amendment of a used mandate whose reference or debtor account changed.

    The debtor's bank identifies a mandate by the reference and account of the debits it
    already collected. After either changes, every debit carries the amendment indicator with the
    original data until a debit under the new data is settled. A debit is settled when it was
    sent in a file generated after the change and its collection date plus 5 TARGET2 business
    days (the window for rejects and returns) passed without a reject or return. Until then the
    original data stays the one the debtor's bank has on file.
    """

    _inherit = 'telco.sepa.mandate'

    amendment_pending = fields.Boolean(
        string='Amendment pending', readonly=True, copy=False, tracking=True,
        help="The mandate reference or debtor account changed after a debit was collected. "
             "Debits carry the amendment indicator and the original data until a debit under "
             "the new data is settled without a reject or return.",
    )
    amendment_original_reference = fields.Char(
        string='Original mandate reference', readonly=True, copy=False,
        help="Reference known to the debtor's bank before the amendment.",
    )
    amendment_original_iban = fields.Char(
        string='Original debtor IBAN', readonly=True, copy=False,
        help="Account known to the debtor's bank before the amendment.",
    )
    amendment_datetime = fields.Datetime(
        string='Amended on', readonly=True, copy=False,
        help="Time of the last change of reference or account. Only debits in files "
             "generated after it can settle the amendment.",
    )

    def write(self, vals):
        if not ({'name', 'partner_bank_id'} & set(vals)):
            return super().write(vals)
        for mandate in self:
            super(TelcoSepaMandate, mandate).write(
                {**vals, **mandate._prepare_amendment_vals(vals)}
            )
        return True

    def _prepare_amendment_vals(self, vals):
        """Return the amendment fields to write with ``vals``, or an empty dict.

        Only an active mandate that already collected needs an amendment, because the
        debtor's bank has no record of a mandate before its first debit. While an
        amendment is pending, the original data stays the oldest one, which is what the
        debtor's bank still has.
        """
        self.ensure_one()
        if self.state != 'active' or not self.last_debit_date:
            return {}
        original_reference = self.amendment_original_reference
        original_iban = self.amendment_original_iban
        changed = False
        if 'name' in vals and vals['name'] != self.name:
            original_reference = original_reference or self.name
            changed = True
        if 'partner_bank_id' in vals and vals['partner_bank_id'] != self.partner_bank_id.id:
            original_iban = original_iban or _iban_or_text(self.partner_bank_id.acc_number)
            changed = True
        if not changed:
            return {}

        # Going back to the original data leaves nothing to amend.
        new_reference = vals.get('name', self.name)
        if original_reference == new_reference:
            original_reference = False
        new_bank = self.env['res.partner.bank'].browse(
            vals.get('partner_bank_id', self.partner_bank_id.id)
        )
        if original_iban and original_iban == _iban_or_text(new_bank.acc_number):
            original_iban = False
        pending = bool(original_reference or original_iban)
        return {
            'amendment_pending': pending,
            'amendment_original_reference': original_reference or False,
            'amendment_original_iban': original_iban or False,
            'amendment_datetime': fields.Datetime.now() if pending else False,
        }

    def _get_pain008_amendment(self):
        """Return the ``MandateAmendment`` written with this mandate's debits, or None."""
        self.ensure_one()
        if not self.amendment_pending:
            return None
        return MandateAmendment(
            original_mandate_id=self.amendment_original_reference or None,
            original_debtor_iban=self.amendment_original_iban or None,
        )

    @api.model
    def _get_return_window_end(self, collection_date):
        """Return the last day on which a debit collected on ``collection_date`` may come back."""
        day = collection_date
        for _step in range(AMENDMENT_RETURN_WINDOW_DAYS):
            day = next_target2_day(day)
        return day

    @api.model
    def _cron_clear_settled_amendments(self):
        """Clear the amendments whose first debit under the new data is settled."""
        today = fields.Date.context_today(self)
        mandates = self.search([('amendment_pending', '=', True)])
        debits = self.env['telco.sepa.remittance.line'].search([
            ('mandate_id', 'in', mandates.ids),
            ('amendment_indicator', '=', True),
            ('state', '=', 'sent'),
        ], order='collection_date, id')
        debits_by_mandate = debits.grouped('mandate_id')
        cleared = self.browse()
        for mandate in mandates:
            for debit in debits_by_mandate.get(mandate, debits.browse()):
                generated = debit.remittance_id.generated_date
                if not generated or generated < mandate.amendment_datetime:
                    continue
                if self._get_return_window_end(debit.collection_date) >= today:
                    continue
                mandate._clear_amendment(debit)
                cleared |= mandate
                break
        return cleared

    def _clear_amendment(self, debit):
        self.ensure_one()
        self._message_log(body=_(
            "Amendment settled: debit %(debit)s collected on %(date)s under the new data was "
            "not returned, so the debtor's bank now holds reference %(reference)s and the "
            "new account. Debits no longer carry the amendment indicator.",
            debit=debit.end_to_end_id,
            date=debit.collection_date,
            reference=self.name,
        ))
        self.write({
            'amendment_pending': False,
            'amendment_original_reference': False,
            'amendment_original_iban': False,
            'amendment_datetime': False,
        })


class TelcoSepaRemittanceLine(models.Model):
    _inherit = 'telco.sepa.remittance.line'

    amendment_indicator = fields.Boolean(
        string='Amendment sent', readonly=True, copy=False,
        help="The debit was written with the amendment indicator and the mandate's original "
             "data.",
    )


class TelcoSepaRemittance(models.Model):
    _inherit = 'telco.sepa.remittance'

    def _generate_file(self):
        res = super()._generate_file()
        # Recorded in the same transaction as the file, so it matches what was written.
        amended = self.line_ids.filtered(lambda line: line.mandate_id.amendment_pending)
        amended.amendment_indicator = True
        (self.line_ids - amended).amendment_indicator = False
        return res
