from odoo import _, fields, models


class ResPartner(models.Model):
    _inherit = 'res.partner'

    telco_sepa_mandate_ids = fields.One2many(
        'telco.sepa.mandate', 'partner_id', string='SEPA mandates',
    )
    telco_sepa_mandate_count = fields.Integer(
        string='Mandates', compute='_compute_telco_sepa_mandate_count',
    )

    def _compute_telco_sepa_mandate_count(self):
        counts = dict(self.env['telco.sepa.mandate']._read_group(
            [('commercial_partner_id', 'in', self.commercial_partner_id.ids)],
            ['commercial_partner_id'], ['__count'],
        ))
        for partner in self:
            partner.telco_sepa_mandate_count = counts.get(partner.commercial_partner_id, 0)

    def action_view_telco_sepa_mandates(self):
        self.ensure_one()
        partner = self.commercial_partner_id
        action = self.env['ir.actions.act_window']._for_xml_id(
            'telco_sepa.telco_sepa_mandate_action'
        )
        action['domain'] = [('commercial_partner_id', '=', partner.id)]
        action['context'] = {'default_partner_id': partner.id}
        action['name'] = _("Mandates of %(partner)s", partner=partner.display_name)
        return action
