"""Configure the demo operator: its company, collection bank account, products and customers."""

from __future__ import annotations

import logging
import random
from datetime import date

from population import Customer, make_cif, make_iban
from stdnum.eu import at_02

_logger = logging.getLogger("telco.demo")

MODULES = ["l10n_es", "telco_collections", "telco_sepa", "telco_dunning"]

# product key: (name, monthly price in EUR, service category)
PRODUCTS = {
    "fibre": ("Fibra óptica 600 Mb", "35.00", "data"),
    "mobile": ("Línea móvil ilimitada", "14.90", "voice"),
    "tv": ("Televisión: paquete básico", "9.99", "data"),
    "device_instalment": ("Cuota del terminal", "12.45", "non_telecom"),
    "premium": ("Servicios de tarificación adicional", "4.84", "premium"),
}


def configure_company(env, rng: random.Random) -> dict:
    """Give the main company a Spanish identity, its collection bank account and creditor id."""
    company = env.company
    cif = make_cif(rng, "B")
    creditor_id = "ES00000" + cif
    creditor_id = "ES" + at_02.calc_check_digits(creditor_id) + "000" + cif
    company.write({
        "name": "Telco Ibérica Demo, S.L.",
        "vat": "ES" + cif,
        "street": "Calle de Alcalá, 120",
        "city": "Madrid",
        "zip": "28009",
        "state_id": env.ref("base.state_es_m").id,
        "email": "cobros@telco-iberica.example.com",
        "phone": "+34 910 000 000",
    })
    iban = make_iban(rng)
    journal = env["account.journal"].create({
        "name": "CaixaBank cobros",
        "code": "CXB",
        "type": "bank",
        "company_id": company.id,
        "bank_acc_number": iban,
    })
    company.sepa_creditor_identifier = creditor_id
    company.sepa_collection_journal_id = journal
    # The demo contract agrees a pre-notification period of 2 days, shorter than the 14-day
    # default that applies without agreement: the invoice, issued 5 days before collection,
    # is the pre-notification.
    company.sepa_pre_notification_days = 2
    return {"company": company, "journal": journal, "creditor_id": creditor_id, "iban": iban}


def create_products(env) -> dict:
    products = {}
    for key, (name, price, category) in PRODUCTS.items():
        products[key] = env["product.product"].create({
            "name": name,
            "type": "service",
            "list_price": float(price),
            "default_code": key.upper(),
        })
    return {"records": products, "categories": {k: v[2] for k, v in PRODUCTS.items()}}


def create_customers(env, customers: list[Customer], products: dict, billing_date: date) -> None:
    """Create partners, bank accounts, mandates and subscriptions, committing per batch."""
    spain = env.ref("base.es")
    states = {
        state.code: state
        for state in env["res.country.state"].search([("country_id", "=", spain.id)])
    }
    spanish = "es_ES"
    batch = 100
    for start in range(0, len(customers), batch):
        for customer in customers[start:start + batch]:
            _create_customer(env, customer, products, billing_date, spain, states, spanish)
        env.cr.commit()
        _logger.info("customers created: %d of %d", min(start + batch, len(customers)),
                     len(customers))


def _create_customer(env, customer, products, billing_date, spain, states, lang) -> None:
    partner = env["res.partner"].create({
        "name": customer.name,
        "ref": customer.ref,
        "is_company": customer.is_business,
        "vat": "ES" + customer.tax_id,
        "email": customer.email,
        "phone": customer.phone,
        "street": customer.address.street,
        "city": customer.address.town,
        "zip": customer.address.postcode,
        "state_id": states[customer.address.province_code].id,
        "country_id": spain.id,
        "lang": lang,
        "customer_rank": 1,
        "telco_customer_type": "business" if customer.is_business else "residential",
        "collection_payment_method": customer.payment_method,
    })
    if customer.payment_method != "direct_debit":
        # Customers who pay by transfer or card get 15 days to pay instead of the 5 days before
        # the direct debit is collected.
        partner.property_payment_term_id = env.ref("account.account_payment_term_15days")
    bank_account = env["res.partner.bank"].create({
        "partner_id": partner.id,
        "acc_number": customer.iban,
    })
    if customer.payment_method == "direct_debit":
        mandate = env["telco.sepa.mandate"].create({
            "name": "MND-" + customer.ref,
            "partner_id": partner.id,
            "partner_bank_id": bank_account.id,
            "scheme": "B2B" if customer.is_business and customer.ref.endswith(("1", "5")) else "CORE",
            "recurrence": "recurrent",
            "signature_date": date(2024, 1 + int(customer.ref[-2:]) % 12, 1 + int(customer.ref[-1])),
        })
        mandate.action_validate()
    env["telco.subscription"].create({
        "name": "CTR-" + customer.ref,
        "partner_id": partner.id,
        "billing_day": billing_date.day,
        "next_invoice_date": billing_date,
        "collection_payment_method": customer.payment_method,
        "state": "active",
        "line_ids": [
            (0, 0, {
                "product_id": products["records"][line.product_key].id,
                "name": products["records"][line.product_key].name,
                "service_identifier": line.service_identifier,
                "service_category": products["categories"][line.product_key],
                "quantity": 1,
                "price_unit": products["records"][line.product_key].list_price,
            })
            for line in customer.lines
        ],
    })
