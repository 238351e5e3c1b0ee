"""Regenerate each addon's ``.pot`` from a database and merge it into ``es.po``.

Usage: python3 tools/update_translations.py --db DB [--db-host ...] MODULE [MODULE ...]

The addons must be installed in DB. For each one the template is exported as Odoo does
(``trans_export``) and written to ``i18n/<module>.pot``. It is then merged into ``i18n/es.po``
the way msgmerge does. Translations are kept by msgid and references are replaced by the
template's. New terms are added untranslated, and terms that left the template are removed. Odoo reads ``es.po``
merged with the ``.pot``, so a stale ``.pot`` hides translations. The untranslated terms left
are printed, and the exit code is 1 if there are any.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Regenerate .pot files and merge es.po.")
    parser.add_argument("modules", nargs="+")
    parser.add_argument("--db", required=True)
    parser.add_argument("--db-host", default=os.environ.get("DB_HOST", "127.0.0.1"))
    parser.add_argument("--db-port", default=os.environ.get("DB_PORT", "5432"))
    parser.add_argument("--db-user", default=os.environ.get("DB_USER", "odoo"))
    return parser.parse_args()


def export_template(odoo, db: str, module: str) -> str:
    from odoo.tools.translate import trans_export

    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        buffer = io.BytesIO()
        trans_export(False, [module], buffer, "po", cr)
    return buffer.getvalue().decode("utf-8")


def merge(po_path: Path, template_text: str) -> list[str]:
    template = polib.pofile(template_text)
    catalog = polib.pofile(str(po_path)) if po_path.exists() else polib.POFile()
    catalog.merge(template)
    for entry in catalog.obsolete_entries():
        catalog.remove(entry)
    for entry in catalog:
        entry.previous_msgid = None
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalog.metadata.setdefault("Language", "es")
    catalog.metadata.setdefault("Content-Type", "text/plain; charset=UTF-8")
    catalog.save(str(po_path))
    return [entry.msgid for entry in catalog if not entry.msgstr.strip()]


def main() -> int:
    args = parse_arguments()
    import odoo
    from odoo.tools import config
    from odoo_cli import addons_path

    config.parse_config([
        f"--db_host={args.db_host}", f"--db_port={args.db_port}", f"--db_user={args.db_user}",
        f"--addons-path={addons_path()}",
    ])
    untranslated_total = 0
    for module in args.modules:
        i18n = ROOT / "addons" / module / "i18n"
        template_text = export_template(odoo, args.db, module)
        (i18n / f"{module}.pot").write_text(template_text, encoding="utf-8")
        untranslated = merge(i18n / "es.po", template_text)
        untranslated_total += len(untranslated)
        print(f"{module}: {len(untranslated)} untranslated")
        for msgid in untranslated:
            print(f"  {msgid[:100]!r}")
    return 1 if untranslated_total else 0


if __name__ == "__main__":
    sys.exit(main())
