"""Benchmark of a SEPA remittance in Odoo: selection, file generation and marking as sent.

Works on an existing database where ``telco_sepa`` and ``l10n_es`` are installed. Use a
throwaway copy: the benchmark commits a company with the Spanish chart (``Telco Bench SL``),
customers, mandates and posted invoices. The steps:

1. data: ``--count`` customers with an IBAN, an active mandate and one posted direct-debit
   invoice each, created with batch ``create`` calls and committed every ``--batch`` invoices,
   followed by ``ANALYZE`` so that PostgreSQL plans the measured queries on real statistics;
2. select: ``action_select_invoices`` on a new remittance;
3. generate: ``action_generate_file`` (build every pain.008 file and validate it against the
   XSD);
4. mark sent: ``_mark_sent`` with a commit per batch of ``--batch`` debits, the path of the
   background job.

Run: python3 tools/bench_remittance_odoo.py -d DATABASE [--count N] [--batch B]
     [--db_host 127.0.0.1 --db_user odoo]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import time

from bench_odoo_common import argument_parser, open_registry, timed

BENCH_COMPANY = 'Telco Bench SL'


def parse_arguments() -> argparse.Namespace:
    parser = argument_parser(__doc__.splitlines()[0], batch_default=1000)
    return parser.parse_args()


def setup_company(env):
    """Return the company with the Spanish chart, a creditor identifier and a collection journal."""
    from telcocollect.identifiers import creditor_id_from_nif, make_spanish_iban

    company = env['res.company'].search([('name', '=', BENCH_COMPANY)], limit=1)
    if not company:
        company = env['res.company'].create({
            'name': BENCH_COMPANY,
            'country_id': env.ref('base.es').id,
            'currency_id': env.ref('base.EUR').id,
        })
        env.user.company_ids |= company
    if not company.chart_template:
        env['account.chart.template'].try_loading('es_pymes', company, install_demo=False)
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
    company.write({
        'sepa_creditor_identifier': creditor_id_from_nif('12345678Z'),
        'sepa_collection_journal_id': journal.id,
    })
    return company, journal


def create_invoices(env, company, count, batch, invoice_date):
    """Create ``count`` debtors with a mandate and one posted invoice each, committing per batch."""
    from telcocollect.identifiers import make_spanish_iban

    spain = env.ref('base.es')
    income = env['account.account'].search([
        ('company_ids', 'in', company.id), ('account_type', '=', 'income'),
    ], limit=1)
    run = int(time.time())
    for start in range(0, count, batch):
        size = min(batch, count - start)
        partners = env['res.partner'].create([{
            'name': f"Cliente {run}-{start + index}",
            'city': 'Madrid',
            'zip': '28001',
            'street': 'Calle Mayor 1',
            'country_id': spain.id,
            'collection_payment_method': 'direct_debit',
        } for index in range(size)])
        banks = env['res.partner.bank'].create([{
            'partner_id': partner.id,
            'acc_number': make_spanish_iban('0049', '1500', f"{(run + start + index) % 10**10:010d}"),
        } for index, partner in enumerate(partners)])
        mandates = env['telco.sepa.mandate'].create([{
            'name': f"BM{run}-{start + index}",
            'partner_id': partner.id,
            'partner_bank_id': bank.id,
            'signature_date': invoice_date - dt.timedelta(days=400),
            'company_id': company.id,
        } for index, (partner, bank) in enumerate(zip(partners, banks))])
        mandates.action_validate()
        invoices = env['account.move'].create([{
            'move_type': 'out_invoice',
            'partner_id': partner.id,
            'invoice_date': invoice_date,
            'invoice_date_due': invoice_date,
            'company_id': company.id,
            'collection_payment_method': 'direct_debit',
            'invoice_line_ids': [(0, 0, {
                'name': 'Cuota mensual',
                'quantity': 1,
                'price_unit': 10 + (start + index) % 90 + 0.99,
                'account_id': income.id,
                'tax_ids': [(6, 0, [])],
            })],
        } for index, partner in enumerate(partners)])
        invoices.action_post()
        invoices.write({'sepa_prenotification_date': invoice_date - dt.timedelta(days=20)})
        env.cr.commit()
        print(f"  {start + size} invoices created", flush=True)


def main() -> None:
    arguments = parse_arguments()
    registry = open_registry(arguments)
    import odoo

    # A weekday two weeks ahead, well after the earliest date the D-1 rule allows. The
    # remittance moves it to the next business day if it is a TARGET2 holiday.
    collection_date = dt.date.today() + dt.timedelta(days=14)
    while collection_date.weekday() >= 5:
        collection_date += dt.timedelta(days=1)
    invoice_date = dt.date.today()

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {'lang': 'en_US'})
        company, journal = setup_company(env)
        env = company.env
        cr.commit()
        timed(
            f"data ({arguments.count} invoices)",
            lambda: create_invoices(env, company, arguments.count, arguments.batch, invoice_date),
        )
        cr.execute("ANALYZE")
        cr.commit()

        remittance = env['telco.sepa.remittance'].create({
            'journal_id': journal.id,
            'collection_date': collection_date,
        })
        cr.commit()
        _, select_time = timed("select", remittance.action_select_invoices)
        cr.commit()
        print(f"  {remittance.line_count} debits, {remittance.excluded_count} excluded")
        _, generate_time = timed("generate (build + XSD validate)", remittance.action_generate_file)
        cr.commit()
        print(f"  {remittance.file_count} file(s), {len(remittance.file_ids.attachment_id.raw)} bytes")
        _, sent_time = timed(
            f"mark sent (batches of {arguments.batch}, commit per batch)",
            lambda: remittance._mark_sent(batch_size=arguments.batch, commit=True),
        )
        cr.commit()
        print(f"  state {remittance.state}, {len(remittance.line_ids.payment_id)} payments")
        print(
            f"machine: {os.cpu_count()} cores, {platform.machine()}, Python "
            f"{platform.python_version()}; debits per second: select "
            f"{remittance.line_count / select_time:.0f}, generate "
            f"{remittance.line_count / generate_time:.0f}, mark sent "
            f"{remittance.line_count / sent_time:.1f}"
        )


if __name__ == '__main__':
    main()
