"""Build the demo operator and run one month of its collections.

Usage: python3 tools/demo --db telco_demo [--month 2026-11] [--seed 2026] [--serve]

The database is dropped and created anew. The generated bank files and ``summary.json`` are
written to ``var/demo/``. With ``--serve`` Odoo then serves the database on 127.0.0.1:8069
(login ``admin``, password ``admin``; the demo collections accountant ``cobros`` has the same password).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tools"))

_logger = logging.getLogger("telco.demo")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="telco_demo", help="database name (dropped if it exists)")
    parser.add_argument("--month", help="billing month YYYY-MM (default: the previous month)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the population")
    parser.add_argument("--customers", type=int, default=300, help="number of customers")
    parser.add_argument("--out", default=str(ROOT / "var" / "demo"), help="output folder")
    parser.add_argument("--serve", action="store_true", help="serve Odoo on 127.0.0.1:8069")
    parser.add_argument("--db-host", default=os.environ.get("DB_HOST", "127.0.0.1"))
    parser.add_argument("--db-port", default=os.environ.get("DB_PORT", "5432"))
    parser.add_argument("--db-user", default=os.environ.get("DB_USER", "odoo"))
    return parser.parse_args()


def billing_month_start(month: str | None, today: date) -> date:
    if month:
        year, number = (int(part) for part in month.split("-"))
        return date(year, number, 1)
    if today.month == 1:
        return date(today.year - 1, 12, 1)
    return date(today.year, today.month - 1, 1)


def odoo_arguments(args: argparse.Namespace) -> list[str]:
    from odoo_cli import addons_path

    return [
        f"--db_host={args.db_host}", f"--db_port={args.db_port}", f"--db_user={args.db_user}",
        f"--addons-path={addons_path()}", "--without-demo=all", f"--database={args.db}",
        f"--db-filter=^{args.db}$", "--http-interface=127.0.0.1", "--http-port=8069",
        # No scheduled jobs while serving the demo: some of Odoo's own contact its servers.
        "--max-cron-threads=0",
    ]


def main() -> int:
    args = parse_arguments()
    import odoo
    from odoo.tools import config

    config.parse_config(odoo_arguments(args))
    logging.getLogger("telco.demo").setLevel(logging.INFO)

    import cycle

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        if old.is_file():
            old.unlink()
    month_start = billing_month_start(args.month, date.today())
    rng = random.Random(args.seed)
    summary = cycle.run(odoo, args.db, rng, args.customers, month_start, out)
    (out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    cycle.print_summary(summary)
    print(f"Files written to {out}")

    if args.serve:
        print("Serving Odoo on http://127.0.0.1:8069 (login admin / admin, collections accountant cobros / admin)")
        sys.argv = ["odoo", *odoo_arguments(args)]
        odoo.cli.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
