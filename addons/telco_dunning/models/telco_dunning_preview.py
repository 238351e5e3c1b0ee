from odoo import _, api, fields, models


class TelcoDunningPreview(models.TransientModel):
    """Preview of a dunning run on a date: the planned actions, with nothing sent or stored."""

    _name = 'telco.dunning.preview'
    _description = 'Dunning Run Preview'

    date = fields.Date(required=True, default=fields.Date.context_today)
    company_id = fields.Many2one(
        'res.company', required=True, default=lambda self: self.env.company)
    line_ids = fields.One2many('telco.dunning.preview.line', 'preview_id', readonly=True)
    line_count = fields.Integer(compute='_compute_line_count')

    @api.depends('line_ids')
    def _compute_line_count(self):
        for preview in self:
            preview.line_count = len(preview.line_ids)

    def action_compute(self):
        """Plan the run in a savepoint, keep what it planned and roll everything back.

        The run skips sending while ``telco_dunning_preview`` is in the context, and the
        rollback drops the run, its actions and anything they created.
        """
        self.ensure_one()
        self.env['telco.dunning.run'].check_access('create')
        runs = self.env['telco.dunning.run'].with_company(self.company_id).with_context(
            telco_dunning_preview=True)
        savepoint = self.env.cr.savepoint()
        try:
            run = runs._get_or_create_run(self.date, self.company_id)
            run._process(batch_size=500, auto_commit=False)
            planned = [self._line_values(action) for action in run.action_ids if action.level_id]
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()
        self.line_ids = [fields.Command.clear()] + [
            fields.Command.create(values) for values in planned]
        return self._reopen()

    def action_run(self):
        """Run dunning for the preview's date and open the run."""
        self.ensure_one()
        run = self.env['telco.dunning.run'].with_company(self.company_id).run_dunning(self.date)
        return {
            'type': 'ir.actions.act_window',
            'res_model': 'telco.dunning.run',
            'res_id': run.id,
            'view_mode': 'form',
        }

    @api.model
    def _line_values(self, action):
        return {
            'partner_id': action.partner_id.id,
            'level_id': action.level_id.id,
            'amount_due': action.amount_due,
            'invoice_count': len(action.invoice_ids),
            'days_overdue': action.days_overdue,
            'requires_approval': action.state == 'to_approve',
        }

    def _reopen(self):
        return {
            'type': 'ir.actions.act_window',
            'name': _("Dunning preview"),
            'res_model': self._name,
            'res_id': self.id,
            'view_mode': 'form',
            'target': 'new',
        }


class TelcoDunningPreviewLine(models.TransientModel):
    _name = 'telco.dunning.preview.line'
    _description = 'Dunning Run Preview Line'
    _order = 'days_overdue desc, id'

    preview_id = fields.Many2one('telco.dunning.preview', required=True, ondelete='cascade')
    partner_id = fields.Many2one('res.partner', string='Customer', readonly=True)
    level_id = fields.Many2one('telco.dunning.level', string='Level', readonly=True)
    action = fields.Selection(related='level_id.action')
    currency_id = fields.Many2one(related='preview_id.company_id.currency_id')
    amount_due = fields.Monetary(readonly=True)
    invoice_count = fields.Integer(string='Invoices', readonly=True)
    days_overdue = fields.Integer(readonly=True)
    requires_approval = fields.Boolean(string='Waits for approval', readonly=True)
