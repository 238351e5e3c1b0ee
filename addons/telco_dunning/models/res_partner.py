from odoo import fields, models


class ResPartner(models.Model):
    _inherit = 'res.partner'

    telco_dunning_policy_id = fields.Many2one(
        'telco.dunning.policy', string='Dunning Policy', company_dependent=True,
        help="Dunning policy of this customer in the current company. When empty, the active "
             "policy for its customer type applies, else the company's default policy.")
    telco_suspension_notice_date = fields.Date(
        string='Suspension Notice Date', company_dependent=True, readonly=True, copy=False,
        help="Date of the last suspension notice sent to this customer.")
    telco_dunning_action_count = fields.Integer(
        string='Dunning Actions', compute='_compute_telco_dunning_action_count')

    def _compute_telco_dunning_action_count(self):
        counts = dict(self.env['telco.dunning.action']._read_group(
            [('partner_id', 'in', self.commercial_partner_id.ids)],
            ['partner_id'], ['__count']))
        for partner in self:
            partner.telco_dunning_action_count = counts.get(partner.commercial_partner_id, 0)

    def action_open_telco_dunning_actions(self):
        self.ensure_one()
        action = self.env['ir.actions.act_window']._for_xml_id(
            'telco_dunning.telco_dunning_action_action')
        action['domain'] = [('partner_id', '=', self.commercial_partner_id.id)]
        action['context'] = {'default_partner_id': self.commercial_partner_id.id}
        return action
