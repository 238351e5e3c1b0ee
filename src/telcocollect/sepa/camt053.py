"""Parser of ISO 20022 camt.053 bank-to-customer statements (versions 001.02, 001.04, 001.08).

The namespace of the root ``Document`` element selects the version. Each ``Stmt`` becomes one
Statement:

| Statement field | camt.053 element |
| --- | --- |
| statement_id | Stmt/Id |
| account_iban, account_key | Stmt/Acct/Id/IBAN (account_key falls back to Acct/Id/Othr/Id) |
| currency | Stmt/Acct/Ccy, else the Ccy attribute of the opening balance |
| start_date, end_date | Stmt/FrToDt, else the dates of the opening and closing balances |
| opening_balance_cents | Bal with type OPBD, else PRCD |
| closing_balance_cents | Bal with type CLBD |

Each booked ``Ntry`` gives one line, or one line per ``TxDtls`` when an entry (a batch) has
several. The amounts of several details must add up to the entry amount. When the details
carry no amount, a single detail takes the entry amount, and several are kept as one line
with the entry amount and a warning. CdtDbtInd gives the sign (of the detail when it has one,
else of the entry); RvslInd does not change it, because the bank already states the direction
of the booking. Entries whose status is not BOOK (pending or information only) are left out
with a warning.

Line fields: Refs/EndToEndId (the value NOTPROVIDED counts as absent), Refs/MndtId,
RltdPties/Cdtr/Id/PrvtId/Othr/Id (the SEPA creditor identifier), RmtInf/Ustrd and
RmtInf/Strd/CdtrRefInf/Ref, AddtlTxInf and AddtlNtryInf as texts, RtrInf/Rsn/Cd (or Prtry)
as return reason, BkTxCd/Domn as "DOMAIN/FAMILY/SUBFAMILY" and BkTxCd/Prtry/Cd. The
counterparty is the debtor of a credit and the creditor of a debit. When that party's account
is the statement's own account, the other party is taken.

A closing balance that differs from the opening balance plus the booked entries is reported as
a warning, not an error, because statements of one day can be split over several messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from lxml import etree

from telcocollect.errors import FormatError
from telcocollect.money import format_cents
from telcocollect.statements import Statement, StatementLine

NAMESPACES = {
    "camt.053.001.02": "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02",
    "camt.053.001.04": "urn:iso:std:iso:20022:tech:xsd:camt.053.001.04",
    "camt.053.001.08": "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08",
}

_OPENING_TYPES = ("OPBD", "PRCD")
_CLOSING_TYPE = "CLBD"


def _line_of(element: etree._Element) -> int | None:
    """Return the source line of ``element``; lxml reports None for built elements."""
    line = element.sourceline
    return line if isinstance(line, int) else None


def _parser() -> etree.XMLParser:
    # No DTD loading, no entity expansion, no network access and lxml's default size limits
    # (huge_tree off), so a hostile file cannot read local files or exhaust memory.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=True,
    )


@dataclass(frozen=True)
class _Party:
    name: str | None
    iban: str | None


class _Reader:
    """Namespace-bound helpers over one camt.053 document."""

    def __init__(self, namespace: str) -> None:
        self.ns = namespace

    def path(self, steps: str) -> str:
        return "/".join(f"{{{self.ns}}}{step}" for step in steps.split("/"))

    def find(self, element: etree._Element, steps: str) -> etree._Element | None:
        found = element.find(self.path(steps))
        return found

    def findall(self, element: etree._Element, steps: str) -> list[etree._Element]:
        return list(element.findall(self.path(steps)))

    def text(self, element: etree._Element | None, steps: str) -> str | None:
        if element is None:
            return None
        found = element.find(self.path(steps))
        if found is None or found.text is None:
            return None
        value = found.text.strip()
        return value or None


def parse(data: bytes, *, strict: bool = True) -> list[Statement]:
    """Parse a camt.053 document into one Statement per ``Stmt`` element.

    Raises FormatError for XML that is not well formed, a root element or namespace that is
    not camt.053 001.02, 001.04 or 001.08, a DOCTYPE, or a missing or invalid mandatory value
    (amount, date, balance). With ``strict`` true, transaction details whose amounts do not
    add up to their entry raise FormatError. With ``strict=False`` the entry is kept as one
    line and the mismatch becomes a warning.
    """
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        raise FormatError(
            f"The file is not well-formed XML: {error.msg}",
            line=error.lineno,
        ) from None
    doctype = str(getattr(root.getroottree().docinfo, "doctype", "") or "")
    if doctype:
        raise FormatError(
            "The camt.053 file contains a DOCTYPE declaration, which bank statements never "
            "need; it was rejected for safety",
            line=1,
            field="DOCTYPE",
            value=doctype,
        )
    qname = etree.QName(root)
    expected = ", ".join(NAMESPACES.values())
    if qname.namespace not in NAMESPACES.values() or qname.localname != "Document":
        raise FormatError(
            f"Not a camt.053 statement: found namespace {qname.namespace or '(none)'} with "
            f"root element {qname.localname}, expected a Document element in one of {expected}",
            line=_line_of(root),
            field="namespace",
            value=qname.namespace or "",
        )
    reader = _Reader(qname.namespace)
    statements = reader.findall(root, "BkToCstmrStmt/Stmt")
    if not statements:
        raise FormatError(
            "The camt.053 file has no statement (BkToCstmrStmt/Stmt element)",
            line=_line_of(root),
            field="Stmt",
        )
    return [_StatementReader(reader, element, strict).read() for element in statements]


class _StatementReader:
    def __init__(self, reader: _Reader, element: etree._Element, strict: bool) -> None:
        self.r = reader
        self.element = element
        self.strict = strict
        self.warnings: list[str] = []

    def read(self) -> Statement:
        r, stmt = self.r, self.element
        statement_id = r.text(stmt, "Id")
        if statement_id is None:
            raise self._missing(stmt, "Stmt/Id")
        iban = r.text(stmt, "Acct/Id/IBAN")
        account_key = iban or r.text(stmt, "Acct/Id/Othr/Id")
        if account_key is None:
            raise self._missing(stmt, "Stmt/Acct/Id/IBAN")
        if iban is not None:
            iban = iban.replace(" ", "").upper()
            account_key = iban

        opening, opening_currency, opening_date = self._balance(_OPENING_TYPES)
        closing, closing_currency, closing_date = self._balance((_CLOSING_TYPE,))
        currency = r.text(stmt, "Acct/Ccy") or opening_currency
        if closing_currency != currency:
            self.warnings.append(
                f"The closing balance is in {closing_currency}, the account in {currency}."
            )
        start_date = self._date(r.find(stmt, "FrToDt/FrDtTm"), "FrToDt/FrDtTm") or opening_date
        end_date = self._date(r.find(stmt, "FrToDt/ToDtTm"), "FrToDt/ToDtTm") or closing_date

        lines: list[StatementLine] = []
        for entry in r.findall(stmt, "Ntry"):
            lines.extend(self._entry(entry, iban, currency))
        if not lines:
            self.warnings.append(f"Statement {statement_id}: no transactions.")
        total = sum(line.amount_cents for line in lines)
        if opening + total != closing:
            self.warnings.append(
                f"Statement {statement_id}: the closing balance {format_cents(closing)} differs "
                f"from the opening balance plus the booked entries "
                f"({format_cents(opening + total)})."
            )
        return Statement(
            account_iban=iban,
            account_key=account_key,
            currency=currency,
            start_date=start_date,
            end_date=end_date,
            opening_balance_cents=opening,
            closing_balance_cents=closing,
            lines=tuple(lines),
            warnings=tuple(self.warnings),
            format="camt.053",
            statement_id=statement_id,
        )

    # -- values ---------------------------------------------------------------------------

    def _missing(self, element: etree._Element, field: str) -> FormatError:
        return FormatError(
            f"Missing mandatory element {field}", line=_line_of(element), field=field
        )

    def _amount(self, element: etree._Element | None, field: str) -> tuple[int, str]:
        """Return the amount of an Amt element in cents, and its currency."""
        if element is None or element.text is None:
            raise self._missing(self.element if element is None else element, field)
        text = element.text.strip()
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise FormatError(
                "Invalid amount", line=_line_of(element), field=field, value=text
            ) from None
        cents = value * 100
        if not value.is_finite() or value < 0 or cents != cents.to_integral_value():
            raise FormatError(
                "Invalid amount: expected a positive decimal with at most 2 decimals",
                line=_line_of(element),
                field=field,
                value=text,
            )
        currency = element.get("Ccy")
        if not currency:
            raise FormatError(
                "Amount without a currency (Ccy attribute)", line=_line_of(element),
                field=field, value=text,
            )
        return int(cents), currency

    def _sign(self, element: etree._Element, field: str) -> int | None:
        indicator = self.r.text(element, "CdtDbtInd")
        if indicator is None:
            return None
        if indicator == "CRDT":
            return 1
        if indicator == "DBIT":
            return -1
        raise FormatError(
            "Invalid credit/debit indicator: expected CRDT or DBIT",
            line=_line_of(element),
            field=f"{field}/CdtDbtInd",
            value=indicator,
        )

    def _date(self, element: etree._Element | None, field: str) -> date | None:
        """Read an ISODate or ISODateTime; the date part of a date-time is used."""
        if element is None or element.text is None:
            return None
        text = element.text.strip()
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            raise FormatError(
                "Invalid date: expected YYYY-MM-DD", line=_line_of(element), field=field,
                value=text,
            ) from None

    def _date_choice(self, element: etree._Element | None, field: str) -> date | None:
        """Read a DateAndDateTimeChoice (Dt or DtTm)."""
        if element is None:
            return None
        return self._date(self.r.find(element, "Dt"), f"{field}/Dt") or self._date(
            self.r.find(element, "DtTm"), f"{field}/DtTm"
        )

    def _balance(self, types: tuple[str, ...]) -> tuple[int, str, date]:
        r = self.r
        by_type: dict[str, etree._Element] = {}
        for balance in r.findall(self.element, "Bal"):
            code = r.text(balance, "Tp/CdOrPrtry/Cd")
            if code is not None and code not in by_type:
                by_type[code] = balance
        for code in types:
            found = by_type.get(code)
            if found is None:
                continue
            balance = found
            cents, currency = self._amount(r.find(balance, "Amt"), f"Bal[{code}]/Amt")
            sign = self._sign(balance, f"Bal[{code}]")
            if sign is None:
                raise self._missing(balance, f"Bal[{code}]/CdtDbtInd")
            when = self._date_choice(r.find(balance, "Dt"), f"Bal[{code}]/Dt")
            if when is None:
                raise self._missing(balance, f"Bal[{code}]/Dt")
            return sign * cents, currency, when
        raise self._missing(self.element, "Bal with type " + " or ".join(types))

    # -- entries --------------------------------------------------------------------------

    def _entry(
        self, entry: etree._Element, own_iban: str | None, currency: str
    ) -> list[StatementLine]:
        r = self.r
        status = r.text(entry, "Sts") or r.text(entry, "Sts/Cd")
        if status is not None and status != "BOOK":
            self.warnings.append(
                f"Line {_line_of(entry)}: entry with status {status} left out; only booked "
                "entries (BOOK) are imported."
            )
            return []
        amount, entry_currency = self._amount(r.find(entry, "Amt"), "Ntry/Amt")
        if entry_currency != currency:
            self.warnings.append(
                f"Line {_line_of(entry)}: entry amount in {entry_currency}, the account is in "
                f"{currency}; the amount was kept as it is."
            )
        sign = self._sign(entry, "Ntry")
        if sign is None:
            raise self._missing(entry, "Ntry/CdtDbtInd")
        booking_date = self._date_choice(r.find(entry, "BookgDt"), "Ntry/BookgDt")
        if booking_date is None:
            raise self._missing(entry, "Ntry/BookgDt")
        value_date = self._date_choice(r.find(entry, "ValDt"), "Ntry/ValDt") or booking_date
        base = _EntryFacts(
            booking_date=booking_date,
            value_date=value_date,
            sign=sign,
            amount_cents=amount,
            entry_reference=r.text(entry, "AcctSvcrRef"),
            domain_code=self._domain_code(entry),
            proprietary_code=r.text(entry, "BkTxCd/Prtry/Cd"),
            additional_info=r.text(entry, "AddtlNtryInf"),
            line_number=_line_of(entry) or 0,
        )
        details = r.findall(entry, "NtryDtls/TxDtls")
        if not details:
            return [self._line(base, None, sign * amount, own_iban)]
        if len(details) == 1:
            return [self._line(base, details[0], sign * amount, own_iban)]
        return self._split_entry(base, details, own_iban)

    def _split_entry(
        self, base: _EntryFacts, details: list[etree._Element], own_iban: str | None
    ) -> list[StatementLine]:
        amounts = [self._detail_amount(detail) for detail in details]
        given = [a for a in amounts if a is not None]
        if not given:
            self.warnings.append(
                f"Line {base.line_number}: the {len(details)} transaction details of this "
                "entry carry no amounts, so the entry was kept as one line."
            )
            return [self._line(base, details[0], base.sign * base.amount_cents, own_iban)]
        signed = [
            (self._sign(detail, "TxDtls") or base.sign) * (amount or 0)
            for detail, amount in zip(details, amounts)
        ]
        if len(given) != len(details) or sum(signed) != base.sign * base.amount_cents:
            message = (
                f"Line {base.line_number}: the amounts of the {len(details)} transaction "
                f"details ({', '.join(format_cents(a) for a in signed)}) do not add up to the "
                f"entry amount {format_cents(base.sign * base.amount_cents)}"
            )
            if self.strict:
                raise FormatError(
                    message + "; ask the bank for a corrected file, or import it with strict "
                    "checks off to keep the entry as one line",
                    line=base.line_number,
                    field="NtryDtls/TxDtls/Amt",
                    value=format_cents(sum(signed)),
                )
            self.warnings.append(message + "; the entry was kept as one line.")
            return [self._line(base, details[0], base.sign * base.amount_cents, own_iban)]
        return [
            self._line(base, detail, amount, own_iban)
            for detail, amount in zip(details, signed)
        ]

    def _detail_amount(self, detail: etree._Element) -> int | None:
        r = self.r
        for steps in ("Amt", "AmtDtls/TxAmt/Amt", "AmtDtls/InstdAmt/Amt"):
            element = r.find(detail, steps)
            if element is not None:
                return self._amount(element, f"TxDtls/{steps}")[0]
        return None

    def _domain_code(self, element: etree._Element) -> str | None:
        r = self.r
        domain = r.text(element, "BkTxCd/Domn/Cd")
        if domain is None:
            return None
        parts = [domain, r.text(element, "BkTxCd/Domn/Fmly/Cd"),
                 r.text(element, "BkTxCd/Domn/Fmly/SubFmlyCd")]
        return "/".join(part for part in parts if part)

    def _party(self, detail: etree._Element, role: str) -> _Party:
        r = self.r
        name = r.text(detail, f"RltdPties/{role}/Nm") or r.text(
            detail, f"RltdPties/{role}/Pty/Nm"
        )
        iban = r.text(detail, f"RltdPties/{role}Acct/Id/IBAN")
        if iban is not None:
            iban = iban.replace(" ", "").upper()
        return _Party(name, iban)

    def _counterparty(self, detail: etree._Element, sign: int, own_iban: str | None) -> _Party:
        debtor = self._party(detail, "Dbtr")
        creditor = self._party(detail, "Cdtr")
        first, second = (debtor, creditor) if sign > 0 else (creditor, debtor)
        if own_iban is not None and first.iban == own_iban:
            return second
        first_is_empty = first.name is None and first.iban is None
        if first_is_empty and (own_iban is None or second.iban != own_iban):
            return second
        return first

    def _line(
        self,
        base: _EntryFacts,
        detail: etree._Element | None,
        signed_amount: int,
        own_iban: str | None,
    ) -> StatementLine:
        r = self.r
        texts: list[str] = []
        end_to_end_id = mandate_id = creditor_id = return_reason = None
        counterparty = _Party(None, None)
        domain_code = base.domain_code
        proprietary_code = base.proprietary_code
        reference = base.entry_reference
        if detail is not None:
            end_to_end_id = r.text(detail, "Refs/EndToEndId")
            if end_to_end_id == "NOTPROVIDED":
                end_to_end_id = None
            mandate_id = r.text(detail, "Refs/MndtId")
            reference = r.text(detail, "Refs/AcctSvcrRef") or reference
            creditor_id = _sepa_creditor_id(r, detail)
            return_reason = r.text(detail, "RtrInf/Rsn/Cd") or r.text(detail, "RtrInf/Rsn/Prtry")
            counterparty = self._counterparty(detail, 1 if signed_amount >= 0 else -1, own_iban)
            domain_code = self._domain_code(detail) or domain_code
            proprietary_code = r.text(detail, "BkTxCd/Prtry/Cd") or proprietary_code
            for element in r.findall(detail, "RmtInf/Ustrd"):
                if element.text and element.text.strip():
                    texts.append(element.text.strip())
            for element in r.findall(detail, "RmtInf/Strd/CdtrRefInf/Ref"):
                if element.text and element.text.strip():
                    texts.append(element.text.strip())
            additional = r.text(detail, "AddtlTxInf")
            if additional:
                texts.append(additional)
        if base.additional_info and base.additional_info not in texts:
            texts.append(base.additional_info)
        return StatementLine(
            booking_date=base.booking_date,
            value_date=base.value_date,
            amount_cents=signed_amount,
            reference1=reference,
            texts=tuple(texts),
            end_to_end_id=end_to_end_id,
            mandate_id=mandate_id,
            creditor_id=creditor_id,
            counterparty_name=counterparty.name,
            counterparty_iban=counterparty.iban,
            bank_transaction_code=domain_code,
            return_reason=return_reason,
            source_line=base.line_number,
            proprietary_bank_transaction_code=proprietary_code,
        )


@dataclass(frozen=True)
class _EntryFacts:
    """The values of an Ntry that every line made from it shares."""

    booking_date: date
    value_date: date
    sign: int
    amount_cents: int
    entry_reference: str | None
    domain_code: str | None
    proprietary_code: str | None
    additional_info: str | None
    line_number: int


def _sepa_creditor_id(r: _Reader, detail: etree._Element) -> str | None:
    """Creditor identifier of a SEPA direct debit: an Othr id of the creditor's private or
    organisation id whose scheme name is SEPA."""
    for base in ("RltdPties/Cdtr", "RltdPties/Cdtr/Pty"):
        for kind in ("PrvtId", "OrgId"):
            for other in r.findall(detail, f"{base}/Id/{kind}/Othr"):
                if r.text(other, "SchmeNm/Prtry") == "SEPA":
                    return r.text(other, "Id")
    return None
