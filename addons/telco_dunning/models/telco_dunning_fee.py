"""Late payment fees: Ley 3/2004 interest and compensation for business customers, and the
optional fixed collection fee for consumers."""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_repr

# Ley 3/2004, art. 7.2: the statutory late payment interest is the ECB rate of the half-year
# plus eight percentage points. Art. 8.1: EUR 40 fixed compensation for collection costs.
LATE_INTEREST_MARGIN = Decimal(8)
FIXED_COMPENSATION = Decimal('40.00')
CENT = Decimal('0.01')


def half_year_start(day):
    """Return the first day of the calendar half-year that contains ``day``."""
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def next_half_year_start(day):
    start = half_year_start(day)
    return date(start.year, 7, 1) if start.month == 1 else date(start.year + 1, 1, 1)


def late_interest(amount, start, end, reference_rates):
    """Return the interest on ``amount`` (Decimal) for the days after ``start`` up to ``end``.

    ``reference_rates`` maps the first day of each half-year to its ECB reference rate in
    percent (Decimal). Each half-year's days use that half-year's rate plus the margin, on an
    actual/365 basis, and the result is rounded half up to cents. Raises KeyError with the
    first missing half-year start.
    """
    total = Decimal(0)
    day = start + timedelta(days=1)
    while day <= end:
        period_end = min(next_half_year_start(day) - timedelta(days=1), end)
        days = (period_end - day).days + 1
        rate = reference_rates[half_year_start(day)] + LATE_INTEREST_MARGIN
        total += amount * rate / Decimal(100) * Decimal(days) / Decimal(365)
        day = period_end + timedelta(days=1)
    return total.quantize(CENT, rounding=ROUND_HALF_UP)


class TelcoDunningEcbRate(models.Model):
    """ECB main refinancing rate that sets the statutory late interest of one half-year."""

    _name = 'telco.dunning.ecb.rate'
    _description = 'ECB Reference Rate'
    _order = 'date_start desc'
    _rec_name = 'date_start'

    date_start = fields.Date(
        string='Half-Year Start', required=True,
        help="1 January or 1 July: the rate applies to the half-year starting on that day.")
    rate = fields.Float(
        string='ECB Rate (%)', required=True, digits=(6, 3),
        help="Rate of the ECB's most recent main refinancing operation before the half-year "
             "started, in percent. Late interest is this rate plus 8 points.")
    note = fields.Char(help="Source of the rate, e.g. the BOE resolution that published it.")

    _sql_constraints = [
        ('date_start_unique', 'unique (date_start)', 'Each half-year has one ECB reference rate.'),
    ]

    @api.constrains('date_start')
    def _check_date_start(self):
        for rate in self:
            if rate.date_start != half_year_start(rate.date_start):
                raise ValidationError(_(
                    "ECB reference rate date %(date)s is invalid: use 1 January or 1 July.",
                    date=fields.Date.to_string(rate.date_start)))

    @api.model
    def _rates_by_half_year(self):
        return {
            rate.date_start: Decimal(float_repr(rate.rate, 3))
            for rate in self.sudo().search([])
        }


class ResCompany(models.Model):
    _inherit = 'res.company'

    telco_dunning_interest_enabled = fields.Boolean(string='Late Payment Interest')
    telco_dunning_compensation_enabled = fields.Boolean(string='Fixed Compensation')
    telco_dunning_consumer_fee_enabled = fields.Boolean(string='Consumer Collection Fee')
    telco_dunning_consumer_fee_amount = fields.Monetary(
        string='Consumer Collection Fee Amount', currency_field='currency_id')
    telco_dunning_fee_product_id = fields.Many2one(
        'product.product', string='Dunning Fee Product')


class AccountMove(models.Model):
    _inherit = 'account.move'

    telco_is_dunning_fee = fields.Boolean(
        string='Dunning Fee Invoice', readonly=True, copy=False,
        help="Invoice that charges late payment interest, compensation or a collection fee.")
    telco_interest_until = fields.Date(
        string='Late Interest Charged Until', readonly=True, copy=False,
        help="Last day for which late payment interest on this invoice has been invoiced.")
    telco_compensation_move_id = fields.Many2one(
        'account.move', string='Compensation Invoice', readonly=True, copy=False,
        help="Invoice that charged the EUR 40 fixed compensation for this invoice.")
    telco_consumer_fee_move_id = fields.Many2one(
        'account.move', string='Collection Fee Invoice', readonly=True, copy=False,
        help="Invoice that charged the collection fee for this debt: a consumer pays it once.")


class TelcoDunningAction(models.Model):
    _inherit = 'telco.dunning.action'

    fee_move_id = fields.Many2one(
        'account.move', string='Fee Invoice', readonly=True, ondelete='set null',
        help="Customer invoice that charges the fees of this action.")

    def _execute_late_fee(self):
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        if partner.telco_customer_type == 'business':
            lines = self._business_fee_lines()
        else:
            lines = self._consumer_fee_lines()
        self.fee_move_id = self._create_fee_invoice(lines)

    def _business_fee_lines(self):
        """Return invoice line values for Ley 3/2004 interest and compensation, per invoice."""
        company = self.company_id
        if not (company.telco_dunning_interest_enabled
                or company.telco_dunning_compensation_enabled):
            raise UserError(_(
                "Late payment interest and fixed compensation are both disabled. Enable them "
                "in Settings > Collections > Dunning fees."))
        rates = self.env['telco.dunning.ecb.rate']._rates_by_half_year()
        lines = []
        for invoice in self.invoice_ids.filtered(lambda inv: not inv.telco_is_dunning_fee):
            if company.telco_dunning_interest_enabled:
                lines += self._interest_lines(invoice, rates)
            if company.telco_dunning_compensation_enabled and not invoice.telco_compensation_move_id:
                lines.append({
                    'name': _("Fixed compensation for collection costs (Ley 3/2004, art. 8) "
                              "for invoice %(invoice)s", invoice=invoice.name),
                    'price_unit': float(FIXED_COMPENSATION),
                    'telco_fee_invoice': invoice,
                    'telco_fee_kind': 'compensation',
                })
        return lines

    def _interest_lines(self, invoice, rates):
        start = max(invoice.invoice_date_due, invoice.telco_interest_until or date.min)
        end = self.action_date
        if end <= start:
            return []
        residual = Decimal(float_repr(invoice.amount_residual, invoice.currency_id.decimal_places))
        try:
            # NOTE: the interest uses today's residual for the whole period, so a partial
            # payment made during the period lowers the interest of the days before it too.
            amount = late_interest(residual, start, end, rates)
        except KeyError as missing:
            raise UserError(_(
                "No ECB reference rate for the half-year starting %(date)s: add it in "
                "Collections > Configuration > ECB reference rates.",
                date=fields.Date.to_string(missing.args[0]))) from None
        if not amount:
            return []
        return [{
            'name': _("Late payment interest (Ley 3/2004, art. 7) on invoice %(invoice)s, "
                      "%(amount)s from %(start)s to %(end)s", invoice=invoice.name,
                      amount=self._format_money(invoice.amount_residual, invoice.currency_id),
                      start=fields.Date.to_string(start + timedelta(days=1)),
                      end=fields.Date.to_string(end)),
            'price_unit': float(amount),
            'telco_fee_invoice': invoice,
            'telco_fee_kind': 'interest',
        }]

    def _consumer_fee_lines(self):
        """Return the consumer's collection fee line: once per debt and approved by a collector."""
        company = self.company_id
        if not company.telco_dunning_consumer_fee_enabled:
            raise UserError(_(
                "Collection fees for consumers are disabled in Settings > Collections > Dunning "
                "fees: no fee is charged to %(partner)s.", partner=self.partner_id.display_name))
        if self.state != 'to_approve':
            raise UserError(_(
                "A collection fee for a consumer is charged only after a collector approves the "
                "dunning action of %(partner)s.", partner=self.partner_id.display_name))
        if company.currency_id.is_zero(company.telco_dunning_consumer_fee_amount):
            raise UserError(_(
                "The consumer collection fee amount is zero. Set it in Settings > Collections > "
                "Dunning fees."))
        invoices = self.invoice_ids.filtered(
            lambda inv: not inv.telco_consumer_fee_move_id and not inv.telco_is_dunning_fee)
        if not invoices:
            raise UserError(_(
                "A collection fee was already charged for every invoice of %(partner)s in this "
                "dunning action: a debt is charged one fee at most.",
                partner=self.partner_id.display_name))
        return [{
            'name': _("Collection fee for invoices %(invoices)s",
                      invoices=', '.join(invoices.mapped('name'))),
            'price_unit': company.telco_dunning_consumer_fee_amount,
            'telco_fee_invoice': invoices,
            'telco_fee_kind': 'consumer_fee',
        }]

    def _create_fee_invoice(self, lines):
        """Post a customer invoice with ``lines`` and mark the charged invoices."""
        if not lines:
            raise UserError(_(
                "No fee is due for %(partner)s: interest is already charged up to today and the "
                "compensation of every invoice is charged.", partner=self.partner_id.display_name))
        product = self.company_id.telco_dunning_fee_product_id
        if not product:
            raise UserError(_(
                "No dunning fee product is set. Choose one in Settings > Collections > Dunning "
                "fees."))
        moves = self.env['account.move'].sudo()
        fee = moves.create({
            'move_type': 'out_invoice',
            'company_id': self.company_id.id,
            'partner_id': self.partner_id.id,
            'invoice_date': self.action_date,
            'telco_is_dunning_fee': True,
            'invoice_origin': self.level_id.display_name,
            'invoice_line_ids': [fields.Command.create({
                'product_id': product.id,
                'name': line['name'],
                'quantity': 1,
                'price_unit': line['price_unit'],
                # Interest, compensation and collection fees are indemnities, not a supply of
                # services, so they carry no VAT.
                'tax_ids': [fields.Command.clear()],
            }) for line in lines],
        })
        fee.action_post()
        for line in lines:
            invoices = line['telco_fee_invoice'].sudo()
            if line['telco_fee_kind'] == 'interest':
                invoices.telco_interest_until = self.action_date
            elif line['telco_fee_kind'] == 'compensation':
                invoices.telco_compensation_move_id = fee
            else:
                invoices.telco_consumer_fee_move_id = fee
        return fee


class TelcoDunningRun(models.Model):
    _inherit = 'telco.dunning.run'

    def _prepare_action_values(self, partner, invoices, level):
        values = super()._prepare_action_values(partner, invoices, level)
        if level and level.action == 'late_fee' \
                and partner.commercial_partner_id.telco_customer_type != 'business':
            # A consumer is never charged a fee automatically: a collector approves each one.
            values['state'] = 'to_approve'
        return values
