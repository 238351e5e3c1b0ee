from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import _, models

from .telco_sepa_mandate import MANDATE_EXPIRY_MONTHS


class TelcoSepaRemittance(models.Model):
    """Selection of the invoices that a remittance collects."""

    _inherit = 'telco.sepa.remittance'

    def action_select_invoices(self):
        """Add the due direct-debit invoices as debits and list the ones left out with why."""
        self._check_state(('draft',), _("select invoices for"))
        for remittance in self:
            remittance._select_invoices()

    def _get_candidate_invoice_domain(self):
        """Return the domain of the invoices this remittance considers.

        Unpaid invoices with a zero or negative residual are kept, so that they are listed as
        excluded with their reason. An invoice whose preferred payment method (taken from the
        customer) belongs to another journal is left to that journal's remittances.
        """
        self.ensure_one()
        return [
            '|', ('preferred_payment_method_line_id', '=', False),
            ('preferred_payment_method_line_id.journal_id', '=', self.journal_id.id),
            ('company_id', '=', self.company_id.id),
            ('move_type', '=', 'out_invoice'),
            ('state', '=', 'posted'),
            ('collection_payment_method', '=', 'direct_debit'),
            ('payment_state', 'in', ('not_paid', 'partial')),
            ('invoice_date_due', '<=', self.collection_date),
            ('id', 'not in', self.line_ids.move_id.ids),
        ]

    def _select_invoices(self):
        self.ensure_one()
        invoices = self.env['account.move'].search(
            self._get_candidate_invoice_domain(), order='invoice_date_due, id',
        )
        self.excluded_ids.unlink()

        open_lines = self.env['telco.sepa.remittance.line'].search([
            ('move_id', 'in', invoices.ids),
            ('state', 'in', ('pending', 'sent')),
        ])
        open_line_by_invoice = {line.move_id: line for line in open_lines}
        returned_by_invoice = defaultdict(lambda: self.env['telco.sepa.remittance.line'])
        for line in self.env['telco.sepa.remittance.line'].search(
            [('move_id', 'in', invoices.ids), ('state', '=', 'returned')],
            order='return_date desc, id desc',
        ):
            returned_by_invoice[line.move_id] |= line
        Mandate = self.env['telco.sepa.mandate']
        partners = invoices.commercial_partner_id
        mandates = Mandate._get_active_by_partner(partners, self.company_id, self.scheme)
        any_scheme_mandates = Mandate._get_active_by_partner(partners, self.company_id)
        expired_mandates = self._get_expired_mandates_by_partner(
            partners.filtered(lambda partner: partner not in any_scheme_mandates),
        )
        profile = self.journal_id._get_telco_sepa_bank_profile()
        used_one_off = set()

        line_vals_list = []
        excluded_vals_list = []
        for invoice in invoices:
            partner = invoice.commercial_partner_id
            mandate = mandates.get(partner)
            reason = self._get_exclusion_reason(
                invoice, mandate, any_scheme_mandates.get(partner), open_line_by_invoice,
                returned_by_invoice.get(invoice), expired_mandate=expired_mandates.get(partner),
            )
            if not reason and mandate.recurrence == 'one_off':
                if mandate in used_one_off:
                    reason = _(
                        "One-off mandate %(mandate)s already collects another invoice of this "
                        "remittance.",
                        mandate=mandate.name,
                    )
                used_one_off.add(mandate)
            if reason:
                excluded_vals_list.append({
                    'remittance_id': self.id,
                    'move_id': invoice.id,
                    'reason': reason,
                })
                continue
            line_vals_list.append({
                'remittance_id': self.id,
                'move_id': invoice.id,
                'partner_id': partner.id,
                'mandate_id': mandate.id,
                'amount': invoice.amount_residual,
                'sequence_type': self._get_sequence_type(mandate, profile),
            })

        self.env['telco.sepa.remittance.line'].create(line_vals_list)
        self.env['telco.sepa.remittance.exclusion'].create(excluded_vals_list)
        self._message_log(body=_(
            "%(added)s invoices added, %(excluded)s excluded.",
            added=len(line_vals_list),
            excluded=len(excluded_vals_list),
        ))

    def _get_exclusion_reason(
        self, invoice, mandate, any_scheme_mandate, open_line_by_invoice, returned_lines,
        expired_mandate=None,
    ):
        """Return why ``invoice`` cannot be collected in this remittance, or False."""
        partner = invoice.commercial_partner_id
        if invoice.currency_id.name != 'EUR':
            return _(
                "The invoice is in %(currency)s; SEPA direct debits are in EUR only.",
                currency=invoice.currency_id.name,
            )
        if invoice.currency_id.compare_amounts(invoice.amount_residual, 0) <= 0:
            return _(
                "The amount due is %(amount)s; only positive amounts can be collected.",
                amount=invoice.amount_residual,
            )
        if invoice.collection_dispute:
            return _("The invoice is disputed.")
        if invoice.collection_in_plan:
            return _("The invoice is in a payment plan, which collects it by instalments.")
        open_line = open_line_by_invoice.get(invoice)
        if open_line:
            return _(
                "The invoice is already in remittance %(remittance)s.",
                remittance=open_line.remittance_id.name,
            )
        if not mandate:
            if expired_mandate and not any_scheme_mandate:
                return _(
                    "Mandate %(mandate)s has expired and the customer has no other active "
                    "mandate.",
                    mandate=expired_mandate.name,
                )
            if any_scheme_mandate:
                return _(
                    "The customer's active mandate %(mandate)s uses the %(mandate_scheme)s "
                    "scheme; collect it in a %(mandate_scheme)s remittance.",
                    mandate=any_scheme_mandate.name,
                    mandate_scheme=any_scheme_mandate.scheme,
                )
            return _("The customer has no active mandate.")
        if mandate.signature_date > self.collection_date:
            return _(
                "Mandate %(mandate)s was signed on %(date)s, after the collection date.",
                mandate=mandate.name,
                date=mandate.signature_date,
            )
        if mandate.scheme == 'B2B' and partner.telco_customer_type != 'business':
            return _(
                "Mandate %(mandate)s uses the B2B scheme but %(customer)s is a consumer; "
                "consumers are collected under a CORE mandate.",
                mandate=mandate.name,
                customer=partner.display_name,
            )
        expiry = mandate._get_last_use_date() + relativedelta(months=MANDATE_EXPIRY_MONTHS)
        if expiry <= self.collection_date:
            return _(
                "Mandate %(mandate)s expires on %(date)s because it was not used for 36 "
                "months; the customer must sign a new mandate.",
                mandate=mandate.name,
                date=expiry,
            )
        representation_reason = self._get_representation_reason(returned_lines, mandate)
        if representation_reason:
            return representation_reason
        if not partner.city or not partner.country_id:
            return _(
                "The address of %(customer)s has no town or country, which banks require. "
                "Complete the customer's address.",
                customer=partner.display_name,
            )
        return self._get_prenotification_reason(invoice)

    def _get_representation_reason(self, returned, mandate):
        """Return why a returned invoice may not be presented again, or False.

        The reason of the last return decides: re-present reasons allow as many new
        presentations as their maximum, reasons that invalidate the mandate need another
        mandate, and disputed debits are never presented again automatically.
        """
        if not returned:
            return False
        last = returned[0]
        reason = last.return_reason_id
        treatment = reason.treatment or 'none'
        if treatment == 'represent' and len(returned) > reason.represent_max:
            return _(
                "Returned %(count)s times, last with reason %(code)s, which allows "
                "%(max)s re-presentations.",
                count=len(returned),
                code=last.return_reason_code,
                max=reason.represent_max,
            )
        if treatment == 'new_mandate' and mandate == last.mandate_id:
            return _(
                "Returned with reason %(code)s under mandate %(mandate)s: a new mandate is "
                "needed.",
                code=last.return_reason_code,
                mandate=mandate.name,
            )
        if treatment == 'dispute':
            return _(
                "Returned with reason %(code)s: the customer disputes the debit, so it is not "
                "presented again automatically.",
                code=last.return_reason_code,
            )
        return False

    def _get_sequence_type(self, mandate, profile=None):
        """Return the sequence type: RCUR, or FRST for a first debit if the bank profile requires it."""
        if mandate.recurrence == 'one_off':
            return 'OOFF'
        profile = profile or self.journal_id._get_telco_sepa_bank_profile()
        if profile.use_frst and not mandate.last_debit_date:
            return 'FRST'
        return 'RCUR'

    def _get_expired_mandates_by_partner(self, partners):
        """Return {commercial partner: newest expired mandate} for ``partners``."""
        result = {}
        if not partners:
            return result
        expired = self.env['telco.sepa.mandate'].search([
            ('commercial_partner_id', 'in', partners.ids),
            ('company_id', '=', self.company_id.id),
            ('state', '=', 'expired'),
        ], order='signature_date desc, id desc')
        for mandate in expired:
            result.setdefault(mandate.commercial_partner_id, mandate)
        return result

    def _get_prenotification_reason(self, invoice):
        """Return why the pre-notification of ``invoice`` does not allow collecting it, or False.

        The debtor must be notified at least the company's pre-notification days before the
        collection date, and not be charged before the date that was announced.
        """
        if self.prenotification_override:
            return False
        days = self.company_id.sepa_pre_notification_days
        notified = invoice.sepa_prenotification_date
        if not notified:
            return _(
                "The customer was not sent the pre-notification of this debit. Send it at "
                "least %(days)s days before the collection date.",
                days=days,
            )
        latest = self.collection_date - relativedelta(days=days)
        if notified > latest:
            return _(
                "The pre-notification was sent on %(sent)s, less than %(days)s days before "
                "the collection date %(date)s.",
                sent=notified,
                days=days,
                date=self.collection_date,
            )
        announced = invoice.sepa_prenotification_collection_date
        if announced and announced > self.collection_date:
            return _(
                "The pre-notification announced the collection on %(announced)s, after the "
                "collection date %(date)s.",
                announced=announced,
                date=self.collection_date,
            )
        return False
