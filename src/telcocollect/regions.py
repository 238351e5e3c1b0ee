"""Spanish provinces and the autonomous communities they belong to.

Odoo's ``res.country.state`` codes for Spain are the province codes of the postal and vehicle
registers (``M`` Madrid, ``B`` Barcelona, ``BI`` Bizkaia...). Regional public holidays are set by
autonomous communities, which the ``holidays`` package names by their ISO 3166-2:ES codes
(``MD``, ``CT``, ``PV``...). This table maps the first onto the second.
"""

from __future__ import annotations

PROVINCE_TO_COMMUNITY: dict[str, str] = {
    # Andalucía
    "AL": "AN", "CA": "AN", "CO": "AN", "GR": "AN", "H": "AN", "J": "AN", "MA": "AN", "SE": "AN",
    # Aragón
    "HU": "AR", "TE": "AR", "Z": "AR",
    # Asturias, Cantabria, La Rioja, Madrid, Murcia, Navarra (single-province communities)
    "O": "AS", "S": "CB", "LO": "RI", "M": "MD", "MU": "MC", "NA": "NC",
    # Illes Balears
    "PM": "IB",
    # Canarias
    "GC": "CN", "TF": "CN",
    # Castilla y León
    "AV": "CL", "BU": "CL", "LE": "CL", "P": "CL", "SA": "CL", "SG": "CL", "SO": "CL",
    "VA": "CL", "ZA": "CL",
    # Castilla-La Mancha
    "AB": "CM", "CR": "CM", "CU": "CM", "GU": "CM", "TO": "CM",
    # Cataluña
    "B": "CT", "GI": "CT", "L": "CT", "T": "CT",
    # Comunitat Valenciana
    "A": "VC", "CS": "VC", "V": "VC",
    # Extremadura
    "BA": "EX", "CC": "EX",
    # Galicia
    "C": "GA", "LU": "GA", "OR": "GA", "PO": "GA",
    # País Vasco
    "VI": "PV", "SS": "PV", "BI": "PV",
    # Ceuta and Melilla (Odoo codes Melilla "ME")
    "CE": "CE", "ME": "ML", "ML": "ML",
}


def community_of_province(province_code: str | None) -> str | None:
    """Return the ISO 3166-2:ES community code of a province code, or None if unknown."""
    if not province_code:
        return None
    return PROVINCE_TO_COMMUNITY.get(province_code.strip().upper())
