import base64

from odoo import _, fields, models
from odoo.exceptions import UserError


class TelcoStatementImportWizard(models.TransientModel):
    _name = 'telco.statement.import.wizard'
    _description = 'Import a bank statement file'

    data_file = fields.Binary(string='File', required=True)
    file_name = fields.Char()
    accept_totals_mismatch = fields.Boolean(
        string='Accept totals mismatch',
        help="Import a file whose totals (Norma 43 record 33) or batch amounts (camt.053) do "
             "not match its movements. The file's figures are kept and the mismatch is "
             "recorded as a warning on the import.",
    )

    def action_import(self):
        """Import the file, match or schedule the matching of its movements, open the import."""
        self.ensure_one()
        if not self.data_file and self.file_name:
            raise UserError(_(
                "The file %(file)s is empty. Nothing was imported.", file=self.file_name,
            ))
        if not self.data_file:
            raise UserError(_("Choose an AEB Norma 43 or camt.053 file to import."))
        record = self.env['telco.statement.import'].import_file(
            base64.b64decode(self.data_file),
            self.file_name or _("Bank statement"),
            accept_totals_mismatch=self.accept_totals_mismatch,
        )
        record._request_matching()
        return {
            'type': 'ir.actions.act_window',
            'res_model': 'telco.statement.import',
            'res_id': record.id,
            'view_mode': 'form',
            'target': 'current',
        }
