"""Benchmark of the bank statement import and automatic matching in Odoo.

Works on an existing database where ``telco_sepa`` and ``l10n_es`` are installed. Create a
throwaway one first: the benchmark adds customers, posted invoices and statements to its
first company and commits them. The steps:

1. data: ``--count`` customers with an IBAN and one open invoice each, created with batch
   ``create`` calls and committed every ``--batch`` invoices, followed by ``ANALYZE`` so that
   PostgreSQL plans the measured queries on real statistics;
2. file: one AEB Norma 43 file with a transfer per invoice. Every ``--iban-every``-th transfer
   names no invoice and comes from the customer's IBAN, and the others name the invoice number;
3. import: ``telco.statement.import.import_file`` (parse, fingerprints, statement lines);
4. match: ``telco.reconcile.engine._match_statement_lines`` in batches of ``--batch``
   movements with a commit per batch.

Run: python3 tools/bench_statements_odoo.py -d DATABASE [--count N] [--batch B]
     [--iban-every K] [--db_host 127.0.0.1 --db_user odoo]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import platform
import time
from pathlib import Path

from bench_odoo_common import argument_parser, open_registry, timed

MAIN_KEY = '210004180200051332'


def parse_arguments() -> argparse.Namespace:
    parser = argument_parser(__doc__.splitlines()[0], batch_default=500)
    parser.add_argument('--iban-every', type=int, default=50)
    return parser.parse_args()


def setup_company(env):
    """Return the company with the Spanish chart and a bank journal with the statement's IBAN."""
    from telcocollect.identifiers import make_spanish_iban

    company = env['res.company'].search([], limit=1, order='id')
    euro = env.ref('base.EUR')
    if company.currency_id != euro:
        # A new database's first company is in USD; it can change while it has no entries.
        euro.active = True
        company.write({'currency_id': euro.id, 'country_id': env.ref('base.es').id})
    if not company.chart_template:
        env['account.chart.template'].try_loading('es_common', company, install_demo=False)
    env = env(context=dict(env.context, allowed_company_ids=[company.id]))
    company = company.with_env(env)
    journal = env['account.journal'].search(
        [('company_id', '=', company.id), ('type', '=', 'bank')], limit=1,
    )
    if not journal.bank_account_id:
        journal.bank_account_id = env['res.partner.bank'].create({
            'partner_id': company.partner_id.id,
            'acc_number': make_spanish_iban('2100', '0418', '0200051332'),
        })
    return company, journal


def create_invoices(env, company, count, batch, invoice_date):
    """Create ``count`` transfer customers with an IBAN and one posted invoice each."""
    from telcocollect.identifiers import make_spanish_iban

    income = env['account.account'].search([
        ('company_ids', 'in', company.id), ('account_type', '=', 'income'),
    ], limit=1)
    run = int(time.time())
    invoices = env['account.move']
    for start in range(0, count, batch):
        size = min(batch, count - start)
        partners = env['res.partner'].create([{
            'name': f"Cliente {run}-{start + index}",
            'country_id': env.ref('base.es').id,
            'collection_payment_method': 'transfer',
        } for index in range(size)])
        env['res.partner.bank'].create([{
            'partner_id': partner.id,
            'acc_number': make_spanish_iban(
                '0049', '1500', f"{(run + start + index) % 10**10:010d}"),
        } for index, partner in enumerate(partners)])
        batch_invoices = env['account.move'].create([{
            'move_type': 'out_invoice',
            'partner_id': partner.id,
            'invoice_date': invoice_date,
            'invoice_date_due': invoice_date,
            'company_id': company.id,
            'invoice_line_ids': [(0, 0, {
                'name': 'Cuota mensual',
                'quantity': 1,
                'price_unit': 10 + (start + index) % 90 + 0.99,
                'account_id': income.id,
                'tax_ids': [(6, 0, [])],
            })],
        } for index, partner in enumerate(partners)])
        batch_invoices.action_post()
        env.cr.commit()
        invoices |= batch_invoices
        print(f"  {start + size} invoices created", flush=True)
    return invoices


def build_file(invoices, iban_every, booking_date):
    """Return a Norma 43 file paying every invoice, with the counterparty IBAN where needed."""
    # Loaded by path: importing the addon's tests package would load Odoo's test framework.
    path = Path(__file__).resolve().parents[1] / 'addons/telco_sepa/tests/statement_files.py'
    spec = importlib.util.spec_from_file_location('statement_files', path)
    statement_files = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(statement_files)
    Movement = statement_files.Movement
    account_block = statement_files.account_block
    norma43_file = statement_files.norma43_file

    movements = []
    for index, invoice in enumerate(invoices):
        cents = round(invoice.amount_residual * 100)
        if iban_every and index % iban_every == 0:
            # Norma 43 carries no originator IBAN, so the benchmark sets it on the imported
            # line (see main).
            concepts = [('01', 'TRANSFERENCIA RECIBIDA')]
        else:
            concepts = [('01', f'PAGO FACTURA {invoice.name}')]
        movements.append(Movement(booking_date, cents, '02', concepts=concepts))
    start = booking_date.replace(day=1)
    return norma43_file([account_block(MAIN_KEY, start, booking_date, 0, movements)])


def main() -> None:
    arguments = parse_arguments()
    registry = open_registry(arguments)
    import odoo

    today = dt.date.today()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {'lang': 'en_US'})
        company, _journal = setup_company(env)
        env = company.env
        cr.commit()
        invoices, _seconds = timed(
            f"data ({arguments.count} invoices)",
            lambda: create_invoices(env, company, arguments.count, arguments.batch, today),
        )
        cr.execute("ANALYZE")
        cr.commit()

        data, _seconds = timed("build Norma 43 file",
                                lambda: build_file(invoices, arguments.iban_every, today))
        print(f"  {len(data)} bytes")
        record, import_time = timed(
            "import (parse + statement lines)",
            lambda: env['telco.statement.import'].import_file(data, f'bench-{time.time()}.n43'),
        )
        cr.commit()
        lines = record.statement_line_ids.sorted('id')
        print(f"  {record.line_count} movements created")
        # Norma 43 has no counterparty IBAN outside SEPA records: the benchmark stores it on
        # the IBAN-only movements the way a camt.053 import would.
        if arguments.iban_every:
            for index, (line, invoice) in enumerate(zip(lines, invoices)):
                if index % arguments.iban_every == 0:
                    line.telco_counterparty_iban = invoice.partner_id.bank_ids[:1].acc_number
            cr.commit()
        cr.execute("ANALYZE")
        cr.commit()

        def match():
            engine = env['telco.reconcile.engine']
            matched = 0
            for start in range(0, len(lines), arguments.batch):
                matched += engine._match_statement_lines(
                    lines[start:start + arguments.batch])['matched']
                cr.commit()
                env.invalidate_all()
                print(f"  {start + arguments.batch} movements processed, {matched} matched",
                      flush=True)
            return matched

        matched, match_time = timed(
            f"match (batches of {arguments.batch}, commit per batch)", match)
        rules = {}
        for rule in lines.mapped('telco_match_rule'):
            rules[rule] = rules.get(rule, 0) + 1
        paid = env['account.move'].search_count(
            [('id', 'in', invoices.ids), ('payment_state', '=', 'paid')])
        print(f"  matched {matched}, by rule {rules}, invoices paid {paid}")
        print(
            f"machine: {os.cpu_count()} cores, {platform.machine()}, Python "
            f"{platform.python_version()}; movements per second: import "
            f"{record.line_count / import_time:.0f}, match {len(lines) / match_time:.1f}"
        )


if __name__ == '__main__':
    main()
