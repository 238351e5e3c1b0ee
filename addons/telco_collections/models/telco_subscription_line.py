from odoo import api, fields, models

from .selections import SERVICE_CATEGORIES


class TelcoSubscriptionLine(models.Model):
    _name = 'telco.subscription.line'
    _description = 'Telecom subscription service line'
    _order = 'subscription_id, sequence, id'
    _check_company_auto = True

    subscription_id = fields.Many2one('telco.subscription', required=True, ondelete='cascade', index=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related='subscription_id.company_id', store=True, index=True)
    currency_id = fields.Many2one(related='subscription_id.currency_id')
    product_id = fields.Many2one(
        'product.product',
        string='Product',
        required=True,
        check_company=True,
        domain="[('sale_ok', '=', True)]",
    )
    name = fields.Char(string='Description', compute='_compute_name', store=True, readonly=False, precompute=True)
    service_identifier = fields.Char(
        string='Service identifier',
        help="Identifier of the service billed on this line: a phone number (MSISDN) or a fixed or broadband line id.",
    )
    service_category = fields.Selection(SERVICE_CATEGORIES, string='Service category', required=True, default='voice')
    quantity = fields.Float(default=1.0, digits='Product Unit of Measure')
    price_unit = fields.Float(
        string='Unit price',
        digits='Product Price',
        compute='_compute_price_unit',
        store=True,
        readonly=False,
        precompute=True,
    )
    tax_ids = fields.Many2many(
        'account.tax',
        string='Taxes',
        compute='_compute_tax_ids',
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        domain="[('type_tax_use', '=', 'sale')]",
    )
    price_subtotal = fields.Monetary(compute='_compute_price_subtotal', string='Subtotal')

    @api.depends('product_id')
    def _compute_name(self):
        for line in self:
            if line.product_id:
                line.name = line.product_id.display_name

    @api.depends('product_id')
    def _compute_price_unit(self):
        for line in self:
            if line.product_id:
                line.price_unit = line.product_id.lst_price

    @api.depends('product_id')
    def _compute_tax_ids(self):
        for line in self:
            company = line.subscription_id.company_id or self.env.company
            line.tax_ids = line.product_id.taxes_id.filtered_domain(
                self.env['account.tax']._check_company_domain(company)
            )

    @api.depends('quantity', 'price_unit')
    def _compute_price_subtotal(self):
        for line in self:
            line.price_subtotal = line.currency_id.round(line.quantity * line.price_unit)

    def _prepare_invoice_line_values(self, fiscal_position):
        """Build the invoice line values of this service, taxes mapped by ``fiscal_position``."""
        self.ensure_one()
        taxes = fiscal_position.map_tax(self.tax_ids) if fiscal_position else self.tax_ids
        return {
            'product_id': self.product_id.id,
            'name': self.name or self.product_id.display_name,
            'quantity': self.quantity,
            'price_unit': self.price_unit,
            'tax_ids': [fields.Command.set(taxes.ids)],
            'telco_service_category': self.service_category,
            'telco_service_identifier': self.service_identifier,
        }
