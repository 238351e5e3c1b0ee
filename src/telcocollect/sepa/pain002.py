"""Reader of pain.002 customer payment status reports for SEPA direct debits.

A creditor's bank answers a pain.008 remittance with a pain.002 that lists the debits it or the
debtor's bank rejected. Spanish banks also report returns (after settlement) as pain.002, and
give those files a message id that starts with ``DA``. So a file whose ``GrpHdr/MsgId`` starts
with ``DA`` yields transactions of kind ``return`` (``refund`` for reason MD06), and any other
file yields kind ``reject``.

Accepted namespaces: ``pain.002.001.03`` to ``pain.002.001.14`` and the national variants
``pain.002.002.03`` and ``pain.002.003.03``, which share the elements read here. The reader checks
the structure it relies on (document, group header, message id, creation date-time) instead of
validating against an XSD.

Elements read, by level:

* group: ``GrpHdr/MsgId``, ``GrpHdr/CreDtTm``, ``OrgnlGrpInfAndSts/OrgnlMsgId``, ``GrpSts`` and
  its ``StsRsnInf/Rsn/Cd``;
* batch: ``OrgnlPmtInfAndSts/OrgnlPmtInfId``, ``PmtInfSts`` and its reason;
* transaction: ``TxInfAndSts/OrgnlEndToEndId``, ``TxSts``, ``StsRsnInf/Rsn/Cd`` (or ``Prtry``),
  ``OrgnlTxRef/Amt/InstdAmt``, ``OrgnlTxRef/MndtRltdInf/MndtId``, ``OrgnlTxRef/Dbtr/Nm`` (or
  ``Dbtr/Pty/Nm`` from version 001.10).

A transaction counts as rejected when its ``TxSts`` is ``RJCT``, or when it has no ``TxSts`` and
either carries a reason or inherits ``RJCT`` from its batch or group. Transactions with any other
status (``ACCP``, ``ACSC``, ``PDNG``...) are skipped. The date of the report (``CreDtTm``) is the
``return_date`` of every transaction, because pain.002 has no per-transaction date.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Final

from lxml import etree

from telcocollect.errors import FormatError
from telcocollect.returns import (
    ISO_NAMESPACE_PREFIX,
    KNOWN_REASON_CODES,
    IsoXmlReader,
    ReturnFile,
    ReturnKind,
    ReturnTransaction,
    kind_after_settlement,
    line_of,
    namespace_of,
    parse_xml,
    xml_amount_to_cents,
)

SUPPORTED_NAMESPACE: Final = re.compile(
    r"^urn:iso:std:iso:20022:tech:xsd:pain\.002\.(001\.(0[3-9]|1[0-4])|002\.03|003\.03)$"
)

# Prefix of the message id of the pain.002 files in which Spanish banks report returns.
SPANISH_RETURN_PREFIX: Final = "DA"

REJECTED: Final = "RJCT"


def parse(data: bytes) -> ReturnFile:
    """Parse a pain.002 file. Raises FormatError on any error, naming the line and element."""
    return parse_tree(parse_xml(data))


def parse_tree(root: etree._Element) -> ReturnFile:
    """Parse an already parsed pain.002 document."""
    namespace = namespace_of(root)
    _check_namespace(root, namespace)
    report = _Report(root, namespace)
    return report.build()


def _check_namespace(root: etree._Element, namespace: str) -> None:
    if SUPPORTED_NAMESPACE.match(namespace):
        return
    if namespace.startswith(ISO_NAMESPACE_PREFIX + "pain.002."):
        problem = "Unsupported pain.002 version"
    else:
        problem = "Not a pain.002 document"
    raise FormatError(
        f"{problem}: namespace {namespace or '(none)'!r}; expected "
        f"{ISO_NAMESPACE_PREFIX}pain.002.001.03 (or a later pain.002.001 version up to .14, "
        "or pain.002.002.03 / pain.002.003.03)",
        line=line_of(root),
        field="xmlns",
        value=namespace,
    )


class _Report(IsoXmlReader):
    """Walk one pain.002 document and collect its rejected transactions and warnings."""

    def __init__(self, root: etree._Element, namespace: str) -> None:
        super().__init__(namespace)
        self.root = root
        self.warnings: list[str] = []
        self.transactions: list[ReturnTransaction] = []

    def reason(self, element: etree._Element) -> str | None:
        for reason_info in self.findall(element, "StsRsnInf"):
            code = self.text(reason_info, "Rsn/Cd") or self.text(reason_info, "Rsn/Prtry")
            if code:
                return code
        return None

    def build(self) -> ReturnFile:
        report, message_id, created = self.message_header(
            self.root,
            "CstmrPmtStsRpt",
            "a pain.002 document must contain a customer payment status report",
        )

        is_return_file = message_id.upper().startswith(SPANISH_RETURN_PREFIX)
        group = self.find(report, "OrgnlGrpInfAndSts")
        original_message_id = None if group is None else self.text(group, "OrgnlMsgId")
        group_status = None if group is None else self.text(group, "GrpSts")
        group_reason = None if group is None else self.reason(group)

        batches = self.findall(report, "OrgnlPmtInfAndSts")
        if group_status == REJECTED and not batches:
            self.warnings.append(
                f"The bank rejected the whole original message {original_message_id or '?'} "
                f"(reason {group_reason or 'not given'}) and lists no transactions: every debit "
                "of that remittance failed."
            )

        for batch in batches:
            self.read_batch(
                batch,
                inherited_status=group_status,
                inherited_reason=group_reason,
                created=created,
                original_message_id=original_message_id,
                is_return_file=is_return_file,
            )

        self.warn_duplicates()
        version = namespace_of(self.root).removeprefix(ISO_NAMESPACE_PREFIX)
        return ReturnFile(
            format=version,
            message_id=message_id,
            created=created,
            transactions=tuple(self.transactions),
            warnings=tuple(self.warnings),
        )

    def read_batch(
        self,
        batch: etree._Element,
        *,
        inherited_status: str | None,
        inherited_reason: str | None,
        created: datetime,
        original_message_id: str | None,
        is_return_file: bool,
    ) -> None:
        batch_status = self.text(batch, "PmtInfSts") or inherited_status
        batch_reason = self.reason(batch) or inherited_reason
        transactions = self.findall(batch, "TxInfAndSts")
        if batch_status == REJECTED and not transactions:
            batch_id = self.text(batch, "OrgnlPmtInfId") or "?"
            self.warnings.append(
                f"The bank rejected the whole batch {batch_id} (reason "
                f"{batch_reason or 'not given'}) and lists no transactions: every debit of "
                "that batch failed."
            )

        for transaction in transactions:
            own_status = self.text(transaction, "TxSts")
            own_reason = self.reason(transaction)
            if own_status is not None:
                rejected = own_status == REJECTED
            else:
                rejected = own_reason is not None or batch_status == REJECTED
            if not rejected:
                continue
            self.transactions.append(
                self.read_transaction(
                    transaction,
                    reason_code=own_reason or batch_reason,
                    created=created,
                    original_message_id=original_message_id,
                    is_return_file=is_return_file,
                )
            )

    def read_transaction(
        self,
        transaction: etree._Element,
        *,
        reason_code: str | None,
        created: datetime,
        original_message_id: str | None,
        is_return_file: bool,
    ) -> ReturnTransaction:
        end_to_end_id = self.text(transaction, "OrgnlEndToEndId")
        if end_to_end_id is None:
            raise FormatError(
                "Missing OrgnlEndToEndId in a rejected transaction: without it the debit "
                "cannot be matched; ask the bank for a file that carries it",
                line=line_of(transaction),
                field="TxInfAndSts/OrgnlEndToEndId",
            )
        if end_to_end_id == "NOTPROVIDED":
            self.warnings.append(
                f"Line {line_of(transaction)}: the end-to-end id is NOTPROVIDED, so this "
                "transaction must be matched by hand."
            )

        amount_cents = None
        amount = self.find(transaction, "OrgnlTxRef/Amt/InstdAmt")
        if amount is not None:
            self.check_currency(amount)
            amount_cents = xml_amount_to_cents(amount, "OrgnlTxRef/Amt/InstdAmt")

        if reason_code is None:
            self.warnings.append(
                f"Line {line_of(transaction)}: transaction {end_to_end_id} has no reason code."
            )
        elif reason_code not in KNOWN_REASON_CODES:
            self.warnings.append(
                f"Line {line_of(transaction)}: transaction {end_to_end_id} has the unknown "
                f"reason code {reason_code}."
            )

        kind: ReturnKind = "reject"
        if is_return_file:
            kind = kind_after_settlement(reason_code)

        debtor_name = self.text(transaction, "OrgnlTxRef/Dbtr/Nm") or self.text(
            transaction, "OrgnlTxRef/Dbtr/Pty/Nm"
        )
        return ReturnTransaction(
            end_to_end_id=end_to_end_id,
            reason_code=reason_code,
            amount_cents=amount_cents,
            mandate_id=self.text(transaction, "OrgnlTxRef/MndtRltdInf/MndtId"),
            original_message_id=original_message_id,
            return_date=created.date(),
            kind=kind,
            debtor_name=debtor_name,
            source_line=line_of(transaction),
        )

    def check_currency(self, amount: etree._Element) -> None:
        currency = amount.get("Ccy")
        if currency is not None and currency != "EUR":
            raise FormatError(
                "Unsupported currency: SEPA direct debits are in EUR",
                line=line_of(amount),
                field="OrgnlTxRef/Amt/InstdAmt/@Ccy",
                value=currency,
            )

    def warn_duplicates(self) -> None:
        seen: set[str] = set()
        for transaction in self.transactions:
            if transaction.end_to_end_id in seen:
                self.warnings.append(
                    f"Line {transaction.source_line}: end-to-end id "
                    f"{transaction.end_to_end_id} appears more than once in the file."
                )
            seen.add(transaction.end_to_end_id)
