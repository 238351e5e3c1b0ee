"""Reader of camt.054 debit/credit notifications (versions 001.02, 001.04 and 001.08).

A creditor's bank notifies each booking on the creditor's account. For collections, two kinds
of entry matter:

* A debit entry (``CdtDbtInd`` DBIT) for a direct debit sent back after settlement. A
  transaction detail (``Ntry/NtryDtls/TxDtls``) becomes a :class:`ReturnTransaction` of kind
  ``return`` (``refund`` for reason MD06) when it has return information (``RtrInf``) or the bank
  transaction code PMNT/IDDT/UPDD (unpaid direct debit). Other debit entries are skipped with a
  warning.
* A credit entry (CRDT), such as an incoming transfer. It goes to :attr:`ReturnFile.credits` as
  a :class:`CreditTransaction`, one per transaction detail (or one for the entry when it has no
  details), so that a caller can match it against open invoices.

Elements read: ``Refs/EndToEndId``, ``Refs/MndtId``, ``RtrInf/Rsn/Cd`` (or ``Prtry``), the amount
from ``AmtDtls/InstdAmt/Amt``, ``AmtDtls/TxAmt/Amt`` or ``TxDtls/Amt`` in that order (the entry's
``Amt`` when the entry has a single detail without an amount), ``RltdPties/Dbtr/Nm`` (``Dbtr/Pty/Nm``
in 001.08) and the date from ``Ntry/BookgDt`` (``ValDt`` when there is no booking date).
"""

from __future__ import annotations

from datetime import date
from typing import Final

from lxml import etree

from telcocollect.errors import FormatError
from telcocollect.returns import (
    ISO_NAMESPACE_PREFIX,
    KNOWN_REASON_CODES,
    CreditTransaction,
    IsoXmlReader,
    ReturnFile,
    ReturnTransaction,
    kind_after_settlement,
    line_of,
    namespace_of,
    parse_xml,
    xml_amount_to_cents,
    xml_date,
)

SUPPORTED_VERSIONS: Final = ("camt.054.001.02", "camt.054.001.04", "camt.054.001.08")

_AMOUNT_PATHS: Final = ("AmtDtls/InstdAmt/Amt", "AmtDtls/TxAmt/Amt", "Amt")


def parse(data: bytes) -> ReturnFile:
    """Parse a camt.054 file. Raises FormatError on any error, naming the line and element."""
    return parse_tree(parse_xml(data))


def parse_tree(root: etree._Element) -> ReturnFile:
    """Parse an already parsed camt.054 document."""
    namespace = namespace_of(root)
    version = namespace.removeprefix(ISO_NAMESPACE_PREFIX)
    if version not in SUPPORTED_VERSIONS or not namespace.startswith(ISO_NAMESPACE_PREFIX):
        expected = ", ".join(ISO_NAMESPACE_PREFIX + name for name in SUPPORTED_VERSIONS)
        problem = (
            "Unsupported camt.054 version"
            if version.startswith("camt.054.")
            else "Not a camt.054 document"
        )
        raise FormatError(
            f"{problem}: namespace {namespace or '(none)'!r}; expected one of {expected}",
            line=line_of(root),
            field="xmlns",
            value=namespace,
        )
    return _Notification(root, namespace).build(version)


class _Notification(IsoXmlReader):
    """Walk one camt.054 document and collect returned debits, credits and warnings."""

    def __init__(self, root: etree._Element, namespace: str) -> None:
        super().__init__(namespace)
        self.root = root
        self.warnings: list[str] = []
        self.transactions: list[ReturnTransaction] = []
        self.credits: list[CreditTransaction] = []

    def build(self, version: str) -> ReturnFile:
        message, message_id, created = self.message_header(
            self.root,
            "BkToCstmrDbtCdtNtfctn",
            "a camt.054 document must contain a debit/credit notification",
        )

        notifications = self.findall(message, "Ntfctn")
        if not notifications:
            raise FormatError(
                "Missing Ntfctn: the notification contains no account report",
                line=line_of(message),
                field="Ntfctn",
            )
        for notification in notifications:
            for entry in self.findall(notification, "Ntry"):
                self.read_entry(entry)

        return ReturnFile(
            format=version,
            message_id=message_id,
            created=created,
            transactions=tuple(self.transactions),
            warnings=tuple(self.warnings),
            credits=tuple(self.credits),
        )

    def read_entry(self, entry: etree._Element) -> None:
        indicator_element = self.required(entry, "CdtDbtInd")
        entry_indicator = (indicator_element.text or "").strip()
        if entry_indicator not in ("CRDT", "DBIT"):
            raise FormatError(
                "Invalid credit/debit indicator: expected CRDT or DBIT",
                line=line_of(indicator_element),
                field="Ntry/CdtDbtInd",
                value=entry_indicator,
            )
        entry_amount = self.required(entry, "Amt")
        booking_date = self.entry_date(entry)
        details = self.findall(entry, "NtryDtls/TxDtls")

        if not details:
            if entry_indicator == "CRDT":
                self.credits.append(
                    CreditTransaction(
                        end_to_end_id=None,
                        amount_cents=xml_amount_to_cents(entry_amount, "Ntry/Amt"),
                        currency=entry_amount.get("Ccy", ""),
                        booking_date=booking_date,
                        debtor_name=None,
                        reference=None,
                        source_line=line_of(entry),
                    )
                )
            else:
                self.warnings.append(
                    f"Line {line_of(entry)}: debit entry without transaction details skipped; "
                    "it cannot be matched to a direct debit."
                )
            return

        for detail in details:
            indicator = self.text(detail, "CdtDbtInd") or entry_indicator
            amount_element = self.detail_amount(detail)
            if amount_element is None and len(details) == 1:
                amount_element = entry_amount
            if indicator == "CRDT":
                self.credits.append(self.read_credit(detail, amount_element, booking_date))
            elif self.is_returned_debit(entry, detail):
                self.transactions.append(self.read_return(detail, amount_element, booking_date))
            else:
                self.warnings.append(
                    f"Line {line_of(detail)}: debit without return information skipped; it is "
                    "not a returned direct debit."
                )

    def entry_date(self, entry: etree._Element) -> date | None:
        for path in ("BookgDt/Dt", "BookgDt/DtTm", "ValDt/Dt", "ValDt/DtTm"):
            element = self.find(entry, path)
            if element is not None:
                return xml_date(element, "Ntry/" + path)
        return None

    def detail_amount(self, detail: etree._Element) -> etree._Element | None:
        for path in _AMOUNT_PATHS:
            element = self.find(detail, path)
            if element is not None:
                return element
        return None

    def is_returned_debit(self, entry: etree._Element, detail: etree._Element) -> bool:
        if self.find(detail, "RtrInf") is not None:
            return True
        for owner in (detail, entry):
            family = self.text(owner, "BkTxCd/Domn/Fmly/Cd")
            sub_family = self.text(owner, "BkTxCd/Domn/Fmly/SubFmlyCd")
            if family == "IDDT" and sub_family == "UPDD":
                return True
        return False

    def read_return(
        self,
        detail: etree._Element,
        amount_element: etree._Element | None,
        booking_date: date | None,
    ) -> ReturnTransaction:
        end_to_end_id = self.text(detail, "Refs/EndToEndId")
        if end_to_end_id is None:
            raise FormatError(
                "Missing Refs/EndToEndId in a returned direct debit: without it the debit "
                "cannot be matched; ask the bank for a file that carries it",
                line=line_of(detail),
                field="TxDtls/Refs/EndToEndId",
            )

        reason_code = self.text(detail, "RtrInf/Rsn/Cd") or self.text(detail, "RtrInf/Rsn/Prtry")
        if reason_code is None:
            self.warnings.append(
                f"Line {line_of(detail)}: returned debit {end_to_end_id} has no reason code."
            )
        elif reason_code not in KNOWN_REASON_CODES:
            self.warnings.append(
                f"Line {line_of(detail)}: returned debit {end_to_end_id} has the unknown "
                f"reason code {reason_code}."
            )

        amount_cents = None
        if amount_element is not None:
            currency = amount_element.get("Ccy")
            if currency is not None and currency != "EUR":
                raise FormatError(
                    "Unsupported currency: SEPA direct debits are in EUR",
                    line=line_of(amount_element),
                    field="Amt/@Ccy",
                    value=currency,
                )
            amount_cents = xml_amount_to_cents(amount_element, _field_name(amount_element))

        return ReturnTransaction(
            end_to_end_id=end_to_end_id,
            reason_code=reason_code,
            amount_cents=amount_cents,
            mandate_id=self.text(detail, "Refs/MndtId"),
            original_message_id=None,
            return_date=booking_date,
            kind=kind_after_settlement(reason_code),
            debtor_name=self.debtor_name(detail),
            source_line=line_of(detail),
        )

    def read_credit(
        self,
        detail: etree._Element,
        amount_element: etree._Element | None,
        booking_date: date | None,
    ) -> CreditTransaction:
        if amount_element is None:
            raise FormatError(
                "Missing amount of a credit: the entry has several transaction details and "
                "this one carries no amount",
                line=line_of(detail),
                field="TxDtls/Amt",
            )
        reference = self.text(detail, "RmtInf/Strd/CdtrRefInf/Ref") or self.text(
            detail, "RmtInf/Ustrd"
        )
        return CreditTransaction(
            end_to_end_id=self.text(detail, "Refs/EndToEndId"),
            amount_cents=xml_amount_to_cents(amount_element, _field_name(amount_element)),
            currency=amount_element.get("Ccy", ""),
            booking_date=booking_date,
            debtor_name=self.debtor_name(detail),
            reference=reference,
            source_line=line_of(detail),
        )

    def debtor_name(self, detail: etree._Element) -> str | None:
        return self.text(detail, "RltdPties/Dbtr/Nm") or self.text(
            detail, "RltdPties/Dbtr/Pty/Nm"
        )


def _field_name(element: etree._Element) -> str:
    names = [etree.QName(element).localname]
    parent = element.getparent()
    while parent is not None and etree.QName(parent).localname not in ("TxDtls", "Ntry"):
        names.append(etree.QName(parent).localname)
        parent = parent.getparent()
    if parent is not None:
        names.append(etree.QName(parent).localname)
    return "/".join(reversed(names))
