from collections import defaultdict

from odoo import _, models


class TelcoSepaRemittance(models.Model):
    """Selection of the invoices that a remittance collects."""

    _inherit = 'telco.sepa.remittance'

    def action_select_invoices(self):
        """Add the due direct-debit invoices as debits and list the ones left out with why."""
        self._check_state(('draft',), _("select invoices for"))
        for remittance in self:
            remittance._select_invoices()

    def _get_candidate_invoice_domain(self):
        self.ensure_one()
        return [
            ('company_id', '=', self.company_id.id),
            ('move_type', '=', 'out_invoice'),
            ('state', '=', 'posted'),
            ('collection_payment_method', '=', 'direct_debit'),
            ('amount_residual', '>', 0),
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
        used_one_off = set()

        line_vals_list = []
        excluded_vals_list = []
        for invoice in invoices:
            partner = invoice.commercial_partner_id
            mandate = mandates.get(partner)
            reason = self._get_exclusion_reason(
                invoice, mandate, any_scheme_mandates.get(partner), open_line_by_invoice,
                returned_by_invoice.get(invoice),
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
                'sequence_type': self._get_sequence_type(mandate),
            })

        self.env['telco.sepa.remittance.line'].create(line_vals_list)
        self.env['telco.sepa.remittance.exclusion'].create(excluded_vals_list)
        self.message_post(body=_(
            "%(added)s invoices added, %(excluded)s excluded.",
            added=len(line_vals_list),
            excluded=len(excluded_vals_list),
        ))

    def _get_exclusion_reason(
        self, invoice, mandate, any_scheme_mandate, open_line_by_invoice, returned_lines,
    ):
        """Return why ``invoice`` cannot be collected in this remittance, or False."""
        partner = invoice.commercial_partner_id
        if invoice.currency_id.name != 'EUR':
            return _(
                "The invoice is in %(currency)s; SEPA direct debits are in EUR only.",
                currency=invoice.currency_id.name,
            )
        if invoice.collection_dispute:
            return _("The invoice is disputed.")
        open_line = open_line_by_invoice.get(invoice)
        if open_line:
            return _(
                "The invoice is already in remittance %(remittance)s.",
                remittance=open_line.remittance_id.name,
            )
        if not mandate:
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
        representation_reason = self._get_representation_reason(returned_lines, mandate)
        if representation_reason:
            return representation_reason
        if not partner.city or not partner.country_id:
            return _(
                "The address of %(customer)s has no town or country, which banks require. "
                "Complete the customer's address.",
                customer=partner.display_name,
            )
        return False

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

    def _get_sequence_type(self, mandate):
        if mandate.recurrence == 'one_off':
            return 'OOFF'
        if self.company_id.sepa_use_frst and not mandate.last_debit_date:
            return 'FRST'
        return 'RCUR'
