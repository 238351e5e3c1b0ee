"""Command line, timing and database set-up shared by the Odoo benchmarks."""

from __future__ import annotations

import argparse
import time

# The benchmarks commit their data into the database they are given; this bounds how much.
MAX_COUNT = 10_000


def argument_parser(description: str, batch_default: int) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('--db_host', default='127.0.0.1')
    parser.add_argument('--db_user', default='odoo')
    parser.add_argument('--count', type=int, default=MAX_COUNT)
    parser.add_argument('--batch', type=int, default=batch_default)
    return parser


def timed(label, function):
    """Run ``function``, print how long it took and return its result with the seconds."""
    start = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - start
    print(f"{label}: {elapsed:.1f} s", flush=True)
    return result, elapsed


def open_registry(arguments: argparse.Namespace):
    """Check the count, configure Odoo for the database and return its registry."""
    if arguments.count > MAX_COUNT:
        raise SystemExit(f"--count {arguments.count} is above the {MAX_COUNT} this script allows")

    import odoo
    from odoo.tools import config
    from odoo_cli import addons_path

    config.parse_config([
        '-d', arguments.database, '--db_host', arguments.db_host,
        '--db_user', arguments.db_user, '--addons-path', addons_path(),
    ])
    odoo.modules.module.initialize_sys_path()
    return odoo.modules.registry.Registry(arguments.database)
