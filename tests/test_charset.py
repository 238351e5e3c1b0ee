"""Tests of the SEPA character set conversion."""

from __future__ import annotations

import pytest

from telcocollect.charset import SEPA_CHARACTERS, is_valid_sepa_id, to_sepa_text

CASES = [
    ("HEALTHY & FIT S.L.", "HEALTHY Y FIT S.L."),
    ("Peña Muñoz & Cía, S.L.", "Pena Munoz Y Cia, S.L."),
    ("AT&T España", "AT+T Espana"),
    ("L'Hospitalet Telecom, S.A.", "L'Hospitalet Telecom, S.A."),
    ("L’Hospitalet", "L'Hospitalet"),
    ('Ramón <Servicios> "Móvil"', "Ramon Servicios Movil"),
    ("“Comillas” «latinas»", "Comillas latinas"),
    ("Factura nº 2024/0001 – línea móvil", "Factura no 2024/0001 - linea movil"),
    ("Aktsiaselts Würth", "Aktsiaselts Wurth"),
    ("ÑANDÚ CIGÜEÑA Ç", "NANDU CIGUENA C"),
    ("ЮРИЙ ИВАНОВ", "IURII IVANOV"),
    ("Юрий Иванов", "Iurii Ivanov"),
    ("Αθήνα", "Athena"),
    ("東京", "Dong Jing"),
    ("a   b\tc\nd", "a b c d"),
    ("user_name; [x]", "user-name, (x)"),
    ("¿Qué?", "?Que?"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_to_sepa_text_cases(text: str, expected: str) -> None:
    assert to_sepa_text(text) == expected


@pytest.mark.parametrize(("text", "_expected"), CASES)
def test_to_sepa_text_idempotent(text: str, _expected: str) -> None:
    once = to_sepa_text(text)
    assert to_sepa_text(once) == once


@pytest.mark.parametrize(("text", "_expected"), CASES)
def test_to_sepa_text_only_basic_set(text: str, _expected: str) -> None:
    assert set(to_sepa_text(text)) <= SEPA_CHARACTERS


def test_no_xml_escapes_in_output() -> None:
    result = to_sepa_text("A & B <C> \"D\" 'E'")
    assert "&" not in result
    assert "amp" not in result.lower()
    assert result == "A Y B C D 'E'"


def test_truncates_after_transliteration() -> None:
    text = "Ñ" * 80
    assert to_sepa_text(text, 70) == "N" * 70


def test_truncation_strips_trailing_space() -> None:
    assert to_sepa_text("abc def", 4) == "abc"


def test_symbols_only_become_empty() -> None:
    assert to_sepa_text('<<"">>') == ""


def test_max_length_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_length"):
        to_sepa_text("abc", 0)


@pytest.mark.parametrize("value", ["MND-0001", "REC/2026/0001", "A", "x" * 35, "E2E.1+2"])
def test_valid_sepa_ids(value: str) -> None:
    assert is_valid_sepa_id(value)


@pytest.mark.parametrize(
    "value", ["", "x" * 36, "/MND1", "MND1/", "MND//1", "MND_1", "MÑD1", " MND1", "MND&1"]
)
def test_invalid_sepa_ids(value: str) -> None:
    assert not is_valid_sepa_id(value)
