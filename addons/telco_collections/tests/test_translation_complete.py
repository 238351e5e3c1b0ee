from pathlib import Path

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import PoFileReader, TranslationModuleReader

PRODUCT_MODULES = ('telco_collections', 'telco_sepa', 'telco_dunning')


def _loaded_translations(po_path):
    """Return the keys of the translations Odoo loads from ``po_path``.

    Odoo reads a module's ``es.po`` merged with its ``.pot``: an entry missing from the ``.pot``
    is dropped, and a model term is applied only to the records its ``#:`` references name.
    The keys follow that: (model field, record xmlid, source) for model terms, source for code.
    """
    keys = set()
    for row in PoFileReader(str(po_path)):
        if not row['value'].strip():
            continue
        if row['type'] == 'code':
            keys.add(('code', row['src']))
        else:
            keys.add((row['name'], f"{row['module']}.{row['imd_name']}", row['src']))
    return keys


@tagged('post_install', '-at_install')
class TestSpanishTranslationComplete(TransactionCase):
    """Every term the product shows (fields, menus, views, messages, mail templates, reports)
    is translated to Spanish by its addon's ``i18n/es.po`` as Odoo loads it."""

    def test_every_term_translated(self):
        self.env['res.lang']._activate_lang('es_ES')
        installed = self.env['ir.module.module'].search([
            ('name', 'in', PRODUCT_MODULES), ('state', '=', 'installed'),
        ]).mapped('name')
        self.assertIn('telco_collections', installed)
        for module in installed:
            with self.subTest(module=module):
                po_path = Path(get_module_path(module)) / 'i18n' / 'es.po'
                loaded = _loaded_translations(po_path)
                reader = TranslationModuleReader(self.env.cr, modules=[module], lang='es_ES')
                missing = set()
                for _module, term_type, name, res_id, source, _value, _comments in reader:
                    key = ('code', source) if term_type == 'code' else (name, res_id, source)
                    if key not in loaded:
                        missing.add(f"{name} {res_id}: {source[:70]!r}" if term_type != 'code'
                                    else f"code: {source[:70]!r}")
                self.assertFalse(
                    missing,
                    f"{module}: {len(missing)} terms are not translated to Spanish as Odoo loads "
                    f"{po_path} (check the .pot and the #: references): "
                    + "; ".join(sorted(missing)[:15]),
                )
