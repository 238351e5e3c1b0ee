import base64

from odoo import _, fields, models
from odoo.exceptions import UserError


class TelcoSepaReturnImport(models.TransientModel):
    _name = 'telco.sepa.return.import'
    _description = 'Import a SEPA reject or return file'

    data_file = fields.Binary(string='File', required=True)
    file_name = fields.Char()

    def action_import(self):
        self.ensure_one()
        if not self.data_file:
            raise UserError(_("Choose a pain.002, camt.054 or AEB 19.14 file to import."))
        return_file = self.env['telco.sepa.return.file'].import_return_file(
            base64.b64decode(self.data_file), self.file_name or _("Return file"),
        )
        return {
            'type': 'ir.actions.act_window',
            'res_model': 'telco.sepa.return.file',
            'res_id': return_file.id,
            'view_mode': 'form',
            'target': 'current',
        }
