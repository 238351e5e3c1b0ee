"""Generate the demo operator's customers: Spanish names, tax ids, IBANs and addresses.

Everything comes from one ``random.Random`` seeded by the caller, so the same seed gives the
same customers. Tax ids and IBANs carry correct check digits (python-stdnum computes them).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from stdnum import iban as iban_module
from stdnum.es import ccc, cif, dni

FIRST_NAMES = (
    "Antonio", "Manuel", "José", "Francisco", "David", "Juan", "Javier", "Daniel", "Carlos",
    "Jesús", "Alejandro", "Miguel", "Rafael", "Pablo", "Sergio", "Ángel", "Fernando", "Jorge",
    "Luis", "Alberto", "Íñigo", "Xavier", "María", "Carmen", "Ana", "Isabel", "Laura", "Lucía",
    "Cristina", "Marta", "Elena", "Pilar", "Raquel", "Sara", "Paula", "Nuria", "Begoña",
    "Montserrat", "Rocío", "Inmaculada", "Nerea", "Ainhoa", "Noelia", "Concepción",
)
SURNAMES = (
    "García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez",
    "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez",
    "Romero", "Alonso", "Gutiérrez", "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos",
    "Gil", "Ramírez", "Serrano", "Blanco", "Molina", "Morales", "Suárez", "Ortega", "Delgado",
    "Castro", "Ortiz", "Rubio", "Marín", "Sanz", "Núñez", "Iglesias", "Medina", "Garrido",
    "Cortés", "Castillo", "Santos", "Lozano", "Guerrero", "Cano", "Prieto", "Méndez", "Cruz",
    "Calvo", "Gallego", "Vidal", "León", "Márquez", "Herrera", "Peña", "Flores", "Cabrera",
    "Campos", "Vega", "Fuentes", "Carrasco", "Diez", "Caballero", "Reyes", "Nieto", "Aguilar",
    "Pascual", "Santana", "Herrero", "Montero", "Lorenzo", "Hidalgo", "Giménez", "Ibáñez",
    "Ferrer", "Durán", "Santiago", "Benítez", "Mora", "Vicente", "Vargas", "Arias", "Carmona",
    "Crespo", "Román", "Pastor", "Soto", "Sáez", "Velasco", "Moya", "Soler", "Parra", "Esteban",
    "Bravo", "Gallardo", "Rojas", "Echeverría", "Goikoetxea", "Puig", "Castells", "Otero",
)
BUSINESS_WORDS = (
    "Talleres", "Construcciones", "Distribuciones", "Transportes", "Asesoría", "Clínica Dental",
    "Panadería", "Ferretería", "Inmobiliaria", "Hostelería", "Reformas", "Electricidad",
    "Fontanería", "Consultoría", "Academia", "Farmacia", "Óptica", "Bodegas", "Gestoría",
)
BUSINESS_SUFFIXES = (("S.L.", "B"), ("S.A.", "A"), ("S.L.L.", "B"), ("S.Coop.", "F"))
STREETS = (
    "Calle Mayor", "Avenida de la Constitución", "Calle Real", "Plaza de España",
    "Calle de Alcalá", "Avenida de Andalucía", "Calle San Juan", "Paseo de la Castellana",
    "Calle del Carmen", "Rambla de Catalunya", "Calle Nueva", "Avenida del Puerto",
    "Calle de la Iglesia", "Camino Real", "Calle Ramón y Cajal", "Calle Cervantes",
)
# (Odoo province code, town, first two postcode digits)
TOWNS = (
    ("M", "Madrid", "28"), ("M", "Alcalá de Henares", "28"), ("B", "Barcelona", "08"),
    ("B", "Sabadell", "08"), ("V", "València", "46"), ("SE", "Sevilla", "41"),
    ("MA", "Málaga", "29"), ("Z", "Zaragoza", "50"), ("BI", "Bilbao", "48"),
    ("SS", "Donostia-San Sebastián", "20"), ("A", "Alicante", "03"), ("MU", "Murcia", "30"),
    ("PM", "Palma", "07"), ("GC", "Las Palmas de Gran Canaria", "35"), ("VA", "Valladolid", "47"),
    ("C", "A Coruña", "15"), ("O", "Oviedo", "33"), ("NA", "Pamplona", "31"),
    ("GR", "Granada", "18"), ("TO", "Toledo", "45"), ("BA", "Badajoz", "06"),
)
# Spanish bank codes (Banco de España register) with a short name for the BIC-less demo.
BANK_CODES = ("2100", "0049", "0182", "0081", "0128", "1465", "0073", "3058", "2095", "2080")


@dataclass(frozen=True)
class Address:
    street: str
    town: str
    postcode: str
    province_code: str


@dataclass(frozen=True)
class ServiceLine:
    product_key: str
    service_identifier: str


@dataclass(frozen=True)
class Customer:
    ref: str
    name: str
    is_business: bool
    tax_id: str
    iban: str
    email: str
    phone: str
    address: Address
    payment_method: str
    lines: tuple[ServiceLine, ...] = field(default=())


def make_dni(rng: random.Random) -> str:
    number = f"{rng.randrange(10**7, 10**8):08d}"
    return number + dni.calc_check_digit(number)


def make_nie(rng: random.Random) -> str:
    prefix = rng.choice("XYZ")
    number = f"{rng.randrange(10**7):07d}"
    digits = str("XYZ".index(prefix)) + number
    return prefix + number + dni.calc_check_digit(digits)


def make_cif(rng: random.Random, organisation_letter: str) -> str:
    body = organisation_letter + f"{rng.randrange(10**7):07d}"
    digit, _letter = cif.calc_check_digits(body)
    return body + digit


def make_iban(rng: random.Random) -> str:
    bank = rng.choice(BANK_CODES)
    branch = f"{rng.randrange(10**4):04d}"
    account = f"{rng.randrange(10**10):010d}"
    ccc_number = bank + branch + ccc.calc_check_digits(bank + branch + "00" + account) + account
    iban = ccc.to_iban(ccc_number)
    return iban_module.validate(iban)


def make_msisdn(rng: random.Random) -> str:
    return "34" + rng.choice("67") + f"{rng.randrange(10**8):08d}"


def make_address(rng: random.Random) -> Address:
    province, town, postcode_prefix = rng.choice(TOWNS)
    street = f"{rng.choice(STREETS)}, {rng.randrange(1, 180)}"
    if rng.random() < 0.6:
        street += f", {rng.randrange(1, 9)}º {rng.choice('ABCD')}"
    return Address(street, town, postcode_prefix + f"{rng.randrange(1, 999):03d}", province)


def make_lines(rng: random.Random, is_business: bool) -> tuple[ServiceLine, ...]:
    lines = [ServiceLine("fibre", "FTTH" + f"{rng.randrange(10**8):08d}")]
    for _ in range(rng.randint(2, 6) if is_business else rng.randint(1, 3)):
        lines.append(ServiceLine("mobile", make_msisdn(rng)))
    if not is_business and rng.random() < 0.35:
        lines.append(ServiceLine("tv", "TV" + f"{rng.randrange(10**6):06d}"))
    if rng.random() < 0.2:
        lines.append(ServiceLine("device_instalment", "TERM" + f"{rng.randrange(10**6):06d}"))
    if rng.random() < 0.08:
        lines.append(ServiceLine("premium", "905" + f"{rng.randrange(10**6):06d}"))
    return tuple(lines)


def make_customers(rng: random.Random, count: int, business_share: float = 0.2) -> list[Customer]:
    customers = []
    for index in range(1, count + 1):
        is_business = rng.random() < business_share
        if is_business:
            suffix, letter = rng.choice(BUSINESS_SUFFIXES)
            name = f"{rng.choice(BUSINESS_WORDS)} {rng.choice(SURNAMES)} {suffix}"
            tax_id = make_cif(rng, letter)
        else:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)} {rng.choice(SURNAMES)}"
            tax_id = make_nie(rng) if rng.random() < 0.12 else make_dni(rng)
        roll = rng.random()
        payment_method = "direct_debit" if roll < 0.88 else "transfer" if roll < 0.96 else "card"
        slug = "".join(ch for ch in tax_id.lower() if ch.isalnum())
        customers.append(
            Customer(
                ref=f"CLI{index:06d}",
                name=name,
                is_business=is_business,
                tax_id=tax_id,
                iban=make_iban(rng),
                email=f"cliente.{slug}@example.com",
                phone="+" + make_msisdn(rng),
                address=make_address(rng),
                payment_method=payment_method,
                lines=make_lines(rng, is_business),
            )
        )
    return customers
