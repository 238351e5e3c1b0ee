"""Rejection and return files written by others, read from the third-party samples folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from telcocollect.errors import FormatError
from telcocollect.returns import parse_return_file


def _read(realcases_dir: Path, name: str) -> bytes:
    return (realcases_dir / "files" / name).read_bytes()


def test_pain002_unpaid_four_rejects(realcases_dir: Path) -> None:
    result = parse_return_file(_read(realcases_dir, "pain002/oca-ap-test-sepa-pain-unpaid.xml"))

    reasons = {t.end_to_end_id: t.reason_code for t in result.transactions}
    assert reasons == {"E2EID1": "AC01", "E2EID2": "MS02", "E2EID3": "MD06", "E2EID4": "AM04"}
    assert {t.kind for t in result.transactions} == {"reject"}
    assert {t.amount_cents for t in result.transactions} == {10000}
    assert {t.original_message_id for t in result.transactions} == {"MSGID12345678912"}


def test_pain002_invalid_namespace_rejected(realcases_dir: Path) -> None:
    data = _read(realcases_dir, "pain002/oca-ap-test-sepa-pain-unpaid-invalid.xml")

    with pytest.raises(FormatError) as caught:
        parse_return_file(data)

    assert "Not a pain.002 document" in str(caught.value)
    assert "other.002.001.03" in str(caught.value)


def test_pain002_german_variant_parsed(realcases_dir: Path) -> None:
    data = _read(realcases_dir, "pain002/sepaking-fixture-pain.002.002.03-DE.xml")

    result = parse_return_file(data)

    assert result.format == "pain.002.002.03"
    (reject,) = result.transactions
    assert reject.end_to_end_id == "OriginatorID1234"
    assert reject.reason_code == "AC01"
    assert reject.amount_cents == 654314


def test_camt054_unpaid_one_return(realcases_dir: Path) -> None:
    result = parse_return_file(_read(realcases_dir, "camt054/oca-ap-test-sepa-camt-unpaid.xml"))

    (returned,) = result.transactions
    assert returned.end_to_end_id == "E2EID1"
    assert returned.reason_code == "AC06"
    assert returned.kind == "return"
    assert returned.amount_cents == 10000
    assert result.credits == ()


def test_camt054_invalid_namespace_rejected(realcases_dir: Path) -> None:
    data = _read(realcases_dir, "camt054/oca-ap-test-sepa-camt-unpaid-invalid.xml")

    with pytest.raises(FormatError) as caught:
        parse_return_file(data)

    assert "Not a camt.054 document" in str(caught.value)
    assert "other.054.001.02" in str(caught.value)


def test_camt054_credit_notification(realcases_dir: Path) -> None:
    result = parse_return_file(_read(realcases_dir, "camt054/oca-bsi-test-camt054.xml"))

    assert result.transactions == ()
    (credit,) = result.credits
    assert credit.amount_cents == 500
    assert credit.end_to_end_id == "ENDTOENDID-01"
    assert credit.currency == "EUR"
