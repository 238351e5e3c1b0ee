from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class TelcoDunningPolicy(models.Model):
    """Ordered dunning levels applied to a group of customers."""

    _name = 'telco.dunning.policy'
    _description = 'Dunning Policy'
    _order = 'is_default desc, name, id'
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one(
        'res.company', required=True, index=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True)
    is_default = fields.Boolean(
        string='Default Policy',
        help="Policy applied to customers that have no policy of their own and whose customer "
             "type matches no other active policy. One default policy per company.")
    customer_type = fields.Selection(
        [('residential', 'Residential'), ('business', 'Business'), ('any', 'Any')],
        required=True, default='any',
        help="Customers of this type get this policy unless they have a policy of their own.")
    level_ids = fields.One2many('telco.dunning.level', 'policy_id', string='Levels', copy=True)
    level_count = fields.Integer(string='Number of Levels', compute='_compute_level_count')

    @api.depends('level_ids')
    def _compute_level_count(self):
        for policy in self:
            policy.level_count = len(policy.level_ids)

    @api.constrains('is_default', 'company_id', 'active')
    def _check_single_default(self):
        for policy in self.filtered(lambda p: p.is_default and p.active):
            others = self.search_count([
                ('id', '!=', policy.id),
                ('company_id', '=', policy.company_id.id),
                ('is_default', '=', True),
            ])
            if others:
                raise ValidationError(_(
                    "Company %(company)s already has a default dunning policy. Clear "
                    "'Default Policy' on it before making %(policy)s the default.",
                    company=policy.company_id.display_name, policy=policy.display_name))

    def _set_as_default(self):
        """Make this policy the company's only default policy."""
        self.ensure_one()
        previous = self.search([
            ('company_id', '=', self.company_id.id),
            ('is_default', '=', True),
            ('id', '!=', self.id),
        ])
        previous.is_default = False
        self.is_default = True

    @api.model
    def _find_for_partner(self, partner, company):
        """Return the policy for ``partner`` in ``company``.

        The partner's own policy wins, then for a high-risk customer the high-risk policy,
        then the active policy for its customer type, then a policy for any customer type, then
        the company's default policy. High-risk policies apply to high-risk customers only.
        """
        partner = partner.with_company(company)
        own = partner.telco_dunning_policy_id
        if own and own.active and own.company_id == company:
            return own
        candidates = self.search([('company_id', '=', company.id)])
        if partner.commercial_partner_id.telco_risk_level == 'high':
            high_risk = candidates.filtered(lambda p: p.risk_level == 'high')
            if high_risk:
                return high_risk[0]
        candidates = candidates.filtered(lambda p: p.risk_level != 'high' or p.is_default)
        customer_type = partner.commercial_partner_id.telco_customer_type
        for policy_type in (customer_type, 'any'):
            matching = candidates.filtered(
                lambda p, policy_type=policy_type: p.customer_type == policy_type
                and not p.is_default)
            if matching:
                return matching[0]
        return candidates.filtered('is_default')[:1]
