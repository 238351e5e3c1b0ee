"""Tests of format recognition in parse_return_file."""

from __future__ import annotations

from pathlib import Path

import pytest

from telcocollect.errors import FormatError
from telcocollect.returns import parse_return_file


@pytest.mark.parametrize(
    ("name", "expected_format"),
    [
        ("pain002_reject.xml", "pain.002.001.03"),
        ("pain002_da_return.xml", "pain.002.001.03"),
        ("camt054_return.xml", "camt.054.001.08"),
        ("c19_returns_valid.txt", "aeb19.14"),
    ],
)
def test_format_recognised(fixtures_dir: Path, name: str, expected_format: str) -> None:
    data = (fixtures_dir / "returns" / name).read_bytes()

    assert parse_return_file(data).format == expected_format


def test_xml_with_bom_recognised(fixtures_dir: Path) -> None:
    data = b"\xef\xbb\xbf" + (fixtures_dir / "returns" / "pain002_reject.xml").read_bytes()

    assert parse_return_file(data).format == "pain.002.001.03"


def test_wrong_pain002_namespace_names_both(fixtures_dir: Path) -> None:
    data = (fixtures_dir / "returns" / "pain002_wrong_namespace.xml").read_bytes()

    with pytest.raises(FormatError) as caught:
        parse_return_file(data)

    assert "Not a pain.002 document" in str(caught.value)
    assert caught.value.value == "urn:iso:std:iso:20022:tech:xsd:pain.999.001.03"


def test_unknown_xml_names_namespace() -> None:
    data = b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt/></Document>'

    with pytest.raises(FormatError) as caught:
        parse_return_file(data)

    assert "camt.053.001.02" in str(caught.value)
    assert "expected a pain.002" in str(caught.value)


def test_norma43_rejected_with_found_text() -> None:
    data = b"11" + b"0081" * 19 + b"\r\n"

    with pytest.raises(FormatError) as caught:
        parse_return_file(data)

    assert "'1100810081" in str(caught.value)
    assert "AEB 19.14" in str(caught.value)


def test_empty_file_rejected() -> None:
    with pytest.raises(FormatError, match="empty"):
        parse_return_file(b"  \r\n")


def test_c19_presentation_file_rejected(fixtures_dir: Path) -> None:
    # A remittance (records 01-05) is what we send, not what the bank returns.
    data = (fixtures_dir / "returns" / "c19_returns_valid.txt").read_bytes()
    data = b"01" + data[2:]

    with pytest.raises(FormatError, match="Unrecognised file"):
        parse_return_file(data)
