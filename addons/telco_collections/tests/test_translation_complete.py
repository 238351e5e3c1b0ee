from pathlib import Path

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

PRODUCT_MODULES = ('telco_collections', 'telco_sepa', 'telco_dunning')


@tagged('post_install', '-at_install')
class TestSpanishTranslationComplete(TransactionCase):
    """Every term the product shows (fields, menus, views, messages, mail templates, reports)
    has a Spanish translation in its addon's ``i18n/es.po``."""

    def test_every_term_translated(self):
        installed = self.env['ir.module.module'].search([
            ('name', 'in', PRODUCT_MODULES), ('state', '=', 'installed'),
        ]).mapped('name')
        self.assertIn('telco_collections', installed)
        for module in installed:
            with self.subTest(module=module):
                po_path = Path(get_module_path(module)) / 'i18n' / 'es.po'
                translated = {
                    entry.msgid for entry in polib.pofile(str(po_path))
                    if entry.msgstr.strip() and 'fuzzy' not in entry.flags
                }
                reader = TranslationModuleReader(self.env.cr, modules=[module], lang='es_ES')
                missing = sorted({
                    source for _module, _type, _name, _res_id, source, _value, _comments in reader
                    if source not in translated
                })
                self.assertFalse(
                    missing,
                    f"{module}: {len(missing)} terms have no Spanish translation in {po_path}: "
                    + "; ".join(repr(term[:80]) for term in missing[:20]),
                )
