from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    telco_dunning_default_policy_id = fields.Many2one(
        'telco.dunning.policy', string='Default Dunning Policy',
        domain="[('company_id', '=', company_id)]",
        help="Policy for customers without a policy of their own and whose customer type "
             "matches no other active policy.")
    telco_dunning_auto_run = fields.Boolean(
        string='Automatic Daily Dunning',
        help="Run dunning every day for every company with a dunning policy. When off, "
             "collectors start runs with 'Run now'.")

    @api.model
    def get_values(self):
        values = super().get_values()
        policy = self.env['telco.dunning.policy'].search([
            ('company_id', '=', self.env.company.id),
            ('is_default', '=', True),
        ], limit=1)
        cron = self.env.ref('telco_dunning.ir_cron_telco_dunning', raise_if_not_found=False)
        values.update({
            'telco_dunning_default_policy_id': policy.id,
            'telco_dunning_auto_run': bool(cron and cron.sudo().active),
        })
        return values

    def set_values(self):
        super().set_values()
        policy = self.telco_dunning_default_policy_id
        if policy and not policy.is_default:
            policy._set_as_default()
        cron = self.env.ref('telco_dunning.ir_cron_telco_dunning', raise_if_not_found=False)
        if cron and cron.sudo().active != self.telco_dunning_auto_run:
            cron.sudo().active = self.telco_dunning_auto_run

    def action_open_telco_dunning_policies(self):
        return self.env['ir.actions.act_window']._for_xml_id(
            'telco_dunning.telco_dunning_policy_action')
