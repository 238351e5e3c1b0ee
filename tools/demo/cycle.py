"""Run one collection month of the demo operator and summarise it.

The steps:

1. create the database and install the addons, then configure the company;
2. create customers with mandates and subscriptions;
3. run billing, then build and send one remittance per scheme;
4. write the bank's AEB 19.14 returns file for about 4% of the debits and import it;
5. record transfer payments and run dunning three weeks after the due date.
"""

from __future__ import annotations

import base64
import logging
import random
from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from population import make_customers
from setup_company import MODULES, configure_company, create_customers, create_products

from telcocollect.calendars import adjust_collection_date
from telcocollect.money import from_cents

_logger = logging.getLogger("telco.demo")

RETURN_SHARE = 0.04
# Return reason codes and their weights, close to what Spanish banks return in a month.
RETURN_REASONS = (
    ("AM04", 48), ("MS03", 14), ("AC04", 8), ("MD01", 6), ("AC01", 6),
    ("MD06", 6), ("MS02", 5), ("AG01", 4), ("BE05", 3),
)
TRANSFER_PAID_SHARE = 0.7
DAYS_TO_DUE = 5
TRANSFER_DAYS_TO_DUE = 15


def run(odoo, db_name: str, rng: random.Random, customer_count: int, month_start: date,
        out: Path) -> dict:
    from odoo import SUPERUSER_ID, api
    from odoo.service import db as db_service

    if db_service.exp_db_exist(db_name):
        _logger.info("dropping database %s", db_name)
        db_service.exp_drop(db_name)
    _logger.info("creating database %s", db_name)
    db_service.exp_create_database(db_name, False, "es_ES", user_password="admin",
                                   country_code="ES")
    registry = odoo.modules.registry.Registry(db_name)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        modules = env["ir.module.module"].search([("name", "in", MODULES)])
        modules.button_immediate_install()

    registry = odoo.modules.registry.Registry(db_name)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "es_ES", "tracking_disable": True})
        return _run_month(env, rng, customer_count, month_start, out)


def _run_month(env, rng, customer_count, month_start, out) -> dict:
    """Play the month day by day: the clock is frozen at each step's date."""
    due_date = month_start + timedelta(days=DAYS_TO_DUE)
    collection_date, _moved = adjust_collection_date(due_date)
    return_date = collection_date + timedelta(days=3)
    dunning_date = due_date + timedelta(days=21)

    with _on(month_start - timedelta(days=3)):
        company_setup = configure_company(env, rng)
        _create_users(env)
        products = create_products(env)
        customers = make_customers(rng, customer_count)
        create_customers(env, customers, products, month_start)
        env.cr.commit()
    with _on(month_start):
        invoices = _bill(env, month_start, due_date)
        remittances = _remit(env, company_setup, collection_date, out)
    with _on(return_date):
        returned = _return_debits(env, rng, remittances, company_setup, collection_date,
                                  return_date, out)
    with _on(month_start + timedelta(days=TRANSFER_DAYS_TO_DUE)):
        _pay_transfers(env, rng, invoices, month_start + timedelta(days=TRANSFER_DAYS_TO_DUE))
    with _on(dunning_date):
        dunning = _run_dunning(env, dunning_date)
    env.cr.commit()
    return _summary(env, invoices, remittances, returned, dunning, month_start, due_date,
                    collection_date, dunning_date, out)


def _on(day: date):
    """Freeze the clock at 09:00 of ``day`` (Odoo stores UTC; the demo ignores time zones)."""
    from freezegun import freeze_time

    return freeze_time(datetime.combine(day, time(9, 0)))


def _create_users(env) -> None:
    collector_groups = [
        env.ref("telco_collections.group_collections_accountant").id,
        env.ref("account.group_account_invoice").id,
    ]
    env["res.users"].create({
        "name": "Lucía Cobos (cobros)", "login": "cobros", "password": "admin",
        "email": "lucia.cobos@telco-iberica.example.com",
        "lang": "es_ES", "tz": "Europe/Madrid", "groups_id": [(6, 0, collector_groups)],
    })
    env["res.users"].create({
        "name": "Jorge Ventas (comercial)", "login": "comercial", "password": "admin",
        "email": "jorge.ventas@telco-iberica.example.com",
        "lang": "es_ES", "tz": "Europe/Madrid",
        "groups_id": [(6, 0, [env.ref("telco_collections.group_collections_viewer").id])],
    })
    env.ref("base.user_admin").write({
        "lang": "es_ES", "tz": "Europe/Madrid", "email": "admin@telco-iberica.example.com",
    })


def _bill(env, billing_date: date, due_date: date):
    env.company.telco_invoice_due_days = DAYS_TO_DUE
    runs = env["telco.billing.run"].run_billing(billing_date, batch_size=100, commit=True)
    env.cr.commit()
    invoices = runs.invoice_ids
    invoices.action_send_sepa_prenotification()
    env.cr.commit()
    _logger.info("billing: %d invoices", len(invoices))
    return invoices


def _remit(env, company_setup, collection_date: date, out: Path):
    """Send the direct debits due by the collection date, one remittance per scheme."""
    remittances = env["telco.sepa.remittance"]
    for scheme in ("CORE", "B2B"):
        remittance = env["telco.sepa.remittance"].create({
            "journal_id": company_setup["journal"].id,
            "collection_date": collection_date,
            "scheme": scheme,
        })
        remittance.action_select_invoices()
        if not remittance.line_ids:
            remittance.unlink()
            continue
        remittance.action_generate_file()
        attachment = remittance.file_attachment_id
        (out / attachment.name).write_bytes(base64.b64decode(attachment.datas))
        remittance.action_mark_sent()
        env.cr.commit()
        _logger.info("remittance %s (%s): %d debits, %d excluded", remittance.name, scheme,
                     len(remittance.line_ids), len(remittance.excluded_ids))
        remittances |= remittance
    return remittances


def _return_debits(env, rng, remittances, company_setup, collection_date, return_date, out):
    """Write the bank's AEB 19.14 returns file for a sample of the debits and import it."""
    from telcocollect.aeb import c19_returns
    from telcocollect.money import to_cents

    lines = remittances.line_ids.sorted("id")
    if not lines:
        raise RuntimeError("No direct debit was remitted, so the bank has nothing to return: "
                           "see the excluded invoices of the remittances for the reason.")
    count = max(1, round(len(lines) * RETURN_SHARE))
    chosen = sorted(rng.sample(list(lines), count), key=lambda line: line.id)
    codes = [code for code, _weight in RETURN_REASONS]
    weights = [weight for _code, weight in RETURN_REASONS]
    returns = [
        c19_returns.ReturnedDebit(
            end_to_end_id=line.end_to_end_id,
            mandate_id=line.mandate_id.name,
            amount_cents=to_cents(Decimal(str(line.amount))),
            reason_code=rng.choices(codes, weights)[0],
            return_date=return_date,
            collection_date=collection_date,
            debtor_name=line.partner_id.name,
            debtor_iban=line.mandate_id.partner_bank_id.sanitized_acc_number,
            mandate_date=line.mandate_id.signature_date,
        )
        for line in chosen
    ]
    creditor_iban = company_setup["iban"].replace(" ", "")
    presenter = c19_returns.Presenter(
        identifier=company_setup["creditor_id"],
        name=env.company.name,
        bank_code=creditor_iban[4:8],
        branch_code=creditor_iban[8:12],
    )
    data = c19_returns.write(
        presenter,
        env.company.name,
        company_setup["creditor_id"],
        returns,
        datetime.combine(return_date, datetime.min.time()),
        creditor_iban=creditor_iban,
        original_file_id=remittances[0].message_id or "",
    )
    path = out / f"devoluciones-{return_date.isoformat()}.c19"
    path.write_bytes(data)
    _import_returns(env, data, path.name)
    env.cr.commit()
    _logger.info("returns imported: %d", len(returns))
    return returns


def _import_returns(env, data: bytes, filename: str):
    return env["telco.sepa.return.file"].import_return_file(data, filename)


def _pay_transfers(env, rng, invoices, due_date: date) -> None:
    """Record the transfers and card payments of most non-direct-debit customers."""
    other = invoices.filtered(lambda move: move.collection_payment_method != "direct_debit")
    paying = [move for move in other.sorted("id") if rng.random() < TRANSFER_PAID_SHARE]
    journal = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", env.company.id)], limit=1)
    for move in paying:
        wizard = env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids).create({
                "payment_date": due_date - timedelta(days=rng.randint(0, 3)),
                "journal_id": journal.id,
            })
        wizard.action_create_payments()
    env.cr.commit()
    _logger.info("transfer and card payments: %d of %d", len(paying), len(other))


def _run_dunning(env, dunning_date: date):
    run = env["telco.dunning.run"].run_dunning(date=dunning_date)
    # Odoo sends SMS through its paid IAP service on the internet; the demo keeps them in the
    # history but cancels their sending.
    env["sms.sms"].search([("state", "=", "outgoing")]).action_set_canceled()
    env.cr.commit()
    return run


def _summary(env, invoices, remittances, returned, dunning, month_start, due_date,
             collection_date, dunning_date, out: Path) -> dict:
    returns_by_reason: dict[str, dict] = {}
    for transaction in returned:
        entry = returns_by_reason.setdefault(transaction.reason_code,
                                             {"count": 0, "amount": Decimal(0)})
        entry["count"] += 1
        entry["amount"] += from_cents(transaction.amount_cents)
    returned_lines = remittances.line_ids.filtered(lambda line: line.state == "returned")
    actions = dunning.action_ids
    by_level = Counter(action.level_id.name for action in actions)
    notices = actions.filtered(lambda action: action.action == "suspension_notice")
    reopened = invoices.filtered(lambda move: move.payment_state == "not_paid"
                                 and move.last_return_reason_code)
    return {
        "billing_month": month_start.strftime("%Y-%m"),
        "dates": {
            "billing": month_start.isoformat(),
            "due": due_date.isoformat(),
            "collection": collection_date.isoformat(),
            "dunning": dunning_date.isoformat(),
        },
        "invoices": len(invoices),
        "amount_billed": _money(sum(invoices.mapped("amount_total"))),
        "remittances": [
            {
                "name": remittance.name,
                "scheme": remittance.scheme,
                "debits": len(remittance.line_ids),
                "excluded": len(remittance.excluded_ids),
                "file": remittance.file_attachment_id.name,
            }
            for remittance in remittances
        ],
        "debits_remitted": len(remittances.line_ids),
        "amount_remitted": _money(sum(remittances.line_ids.mapped("amount"))),
        "returns": {
            "file_debits": len(returned),
            "applied": len(returned_lines),
            "invoices_reopened": len(reopened),
            "by_reason": {
                code: {"count": value["count"], "amount": f"{value['amount']:.2f}"}
                for code, value in sorted(returns_by_reason.items())
            },
        },
        "dunning": {
            "run": dunning.name if "name" in dunning._fields else dunning.id,
            "actions": len(actions),
            "by_level": dict(sorted(by_level.items())),
            "customers_with_suspension_notice": len(notices.mapped("partner_id")),
        },
        "files": sorted(path.name for path in out.iterdir() if path.name != "summary.json"),
    }


def _money(value: float) -> str:
    return f"{Decimal(str(value)).quantize(Decimal('0.01'))}"


def print_summary(summary: dict) -> None:
    print()
    print(f"Collection month {summary['billing_month']}")
    print(f"  invoices: {summary['invoices']}, billed EUR {summary['amount_billed']}")
    print(f"  remitted: {summary['debits_remitted']} debits, EUR {summary['amount_remitted']}")
    for remittance in summary["remittances"]:
        print(f"    {remittance['name']} ({remittance['scheme']}): {remittance['debits']} debits, "
              f"file {remittance['file']}")
    returns = summary["returns"]
    print(f"  returns: {returns['applied']} applied of {returns['file_debits']} in the file")
    for code, value in returns["by_reason"].items():
        print(f"    {code}: {value['count']} (EUR {value['amount']})")
    dunning = summary["dunning"]
    print(f"  dunning on {summary['dates']['dunning']}: {dunning['actions']} actions")
    for level, count in dunning["by_level"].items():
        print(f"    {level}: {count}")
    print(f"  customers with a suspension notice: "
          f"{dunning['customers_with_suspension_notice']}")
