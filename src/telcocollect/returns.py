"""Rejected and returned SEPA direct debits read from bank files.

A bank reports direct debits that failed in one of three file formats, and
:func:`parse_return_file` recognises each one from its content:

* pain.002 (customer payment status report), read by :mod:`telcocollect.sepa.pain002`. Spanish
  banks also send returns in this format, with a message id that starts with ``DA``.
* camt.054 (bank-to-customer debit/credit notification), versions 001.02, 001.04 and 001.08,
  read by :mod:`telcocollect.sepa.camt054`.
* AEB 19.14 / 19.44 rejection and return files (600-character records), read by
  :mod:`telcocollect.aeb.c19_returns`.

Every parser builds the whole :class:`ReturnFile` before it returns, and raises
:class:`~telcocollect.errors.FormatError` on the first error, so a caller never imports part of
a file.

``kind`` of a :class:`ReturnTransaction`:

* ``reject``: the debit failed before settlement, so the creditor was never credited.
* ``return``: the debtor's bank sent the money back after settlement.
* ``refund``: the debtor claimed the money back after settlement under the SEPA Core refund
  right, which banks report with reason code MD06.

A camt.054 notification also reports credits to the account, such as incoming transfers. These
are not failed debits, so they go to :attr:`ReturnFile.credits` as :class:`CreditTransaction`
and never to :attr:`ReturnFile.transactions`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final, Literal

from lxml import etree

from telcocollect.errors import FormatError
from telcocollect.money import to_cents

ReturnKind = Literal["reject", "return", "refund"]

ISO_NAMESPACE_PREFIX: Final = "urn:iso:std:iso:20022:tech:xsd:"

# Reason code a debtor's bank gives when the debtor claims a refund of an authorised debit.
REFUND_REASON_CODE: Final = "MD06"

# ISO 20022 amounts: at most 18 digits, at most 5 of them decimals, no sign and no exponent.
_XML_AMOUNT = re.compile(r"^\d{1,18}(\.\d{1,5})?$")


@dataclass(frozen=True)
class ReturnTransaction:
    """One rejected, returned or refunded direct debit.

    ``amount_cents`` is ``None`` only when the file does not carry the amount (the original
    transaction reference is optional in pain.002). ``reason_code`` is the ISO 20022 code
    (AC01, AM04, MD06, ...), or ``None`` when the bank gave none. ``source_line`` is the 1-based
    line of the transaction in the file.
    """

    end_to_end_id: str
    reason_code: str | None
    amount_cents: int | None
    mandate_id: str | None
    original_message_id: str | None
    return_date: date | None
    kind: ReturnKind
    debtor_name: str | None
    source_line: int | None


@dataclass(frozen=True)
class CreditTransaction:
    """A credit to the creditor's account reported in a camt.054 notification."""

    end_to_end_id: str | None
    amount_cents: int
    currency: str
    booking_date: date | None
    debtor_name: str | None
    reference: str | None
    source_line: int | None


@dataclass(frozen=True)
class ReturnFile:
    """A parsed rejection, return or notification file.

    ``format`` is the ISO message version (``pain.002.001.03``, ``camt.054.001.02``) or
    ``aeb19.14`` / ``aeb19.44``. ``warnings`` lists what the parser accepted but a person should
    know, such as an unknown reason code or a whole rejected batch without transaction details.
    """

    format: str
    message_id: str
    created: datetime | None
    transactions: tuple[ReturnTransaction, ...]
    warnings: tuple[str, ...]
    credits: tuple[CreditTransaction, ...] = ()


def parse_return_file(data: bytes) -> ReturnFile:
    """Parse a pain.002, camt.054 or AEB 19.14 file after recognising its format.

    Raises FormatError naming what was found and what was expected when the content is none
    of these formats, and on any error inside the file.
    """
    if not data.strip():
        raise FormatError(
            "The file is empty: expected a pain.002 or camt.054 XML document or an AEB 19.14 "
            "returns file"
        )

    if _looks_like_xml(data):
        root = parse_xml(data)
        namespace = namespace_of(root)
        if namespace.startswith(ISO_NAMESPACE_PREFIX + "pain.002."):
            from telcocollect.sepa import pain002

            return pain002.parse_tree(root)
        if namespace.startswith(ISO_NAMESPACE_PREFIX + "camt.054."):
            from telcocollect.sepa import camt054

            return camt054.parse_tree(root)
        # A known message element under a wrong namespace gets the specific reader's error,
        # which names the namespaces that reader expects.
        message_element = _message_element_name(root)
        if message_element == "CstmrPmtStsRpt":
            from telcocollect.sepa import pain002

            return pain002.parse_tree(root)
        if message_element == "BkToCstmrDbtCdtNtfctn":
            from telcocollect.sepa import camt054

            return camt054.parse_tree(root)
        raise FormatError(
            f"Unsupported XML document: namespace {namespace or '(none)'!r} with message "
            f"element {message_element!r}; expected a pain.002 document "
            f"({ISO_NAMESPACE_PREFIX}pain.002.001.03 or later) or a camt.054 document "
            f"({ISO_NAMESPACE_PREFIX}camt.054.001.02, .04 or .08)",
            line=line_of(root),
            field="xmlns",
            value=namespace,
        )

    from telcocollect.aeb import c19_returns

    if c19_returns.looks_like_c19(data):
        return c19_returns.parse(data)

    head = data.lstrip()[:20].decode("latin-1")
    raise FormatError(
        f"Unrecognised file: it starts with {head!r}; expected a pain.002 or camt.054 XML "
        "document, or an AEB 19.14 returns file whose first record starts with 21 (returns) "
        "or 11 (rejections) followed by version 19143",
    )


def _looks_like_xml(data: bytes) -> bool:
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith(b"<")


# Helpers shared by the pain.002 and camt.054 readers.


def parse_xml(data: bytes) -> etree._Element:
    """Parse XML bytes without resolving entities or reaching the network.

    Raises FormatError with the line of the first syntax error.
    """
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, remove_comments=True, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        line = error.position[0] if error.position else None
        raise FormatError(f"Invalid XML: {error.msg}", line=line) from None
    return root


def line_of(element: etree._Element) -> int | None:
    """Return the 1-based source line of ``element``, or None when lxml does not know it."""
    line = element.sourceline
    return line if isinstance(line, int) else None


def namespace_of(element: etree._Element) -> str:
    """Return the namespace URI of ``element``, or an empty string when it has none."""
    return etree.QName(element).namespace or ""


def _message_element_name(root: etree._Element) -> str:
    children = [child for child in root if isinstance(child.tag, str)]
    element = children[0] if children else root
    return etree.QName(element).localname


def xml_amount_to_cents(element: etree._Element, field: str) -> int:
    """Convert the text of an ISO 20022 amount element to integer cents, exactly.

    Raises FormatError naming ``field``, the text and its line when the text is not a
    non-negative decimal with at most two significant decimals.
    """
    text = (element.text or "").strip()
    if not _XML_AMOUNT.match(text):
        raise FormatError(
            "Invalid amount: expected a decimal number such as 12.34",
            line=line_of(element),
            field=field,
            value=text,
        )
    try:
        return to_cents(text)
    except ValueError:
        raise FormatError(
            "Invalid amount: more than two decimals, which is not a whole number of cents",
            line=line_of(element),
            field=field,
            value=text,
        ) from None


def xml_date(element: etree._Element, field: str) -> date:
    """Read an ISO date (``2024-05-31``) or date-time, which gives its date part."""
    text = (element.text or "").strip()
    try:
        if "T" in text:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        return date.fromisoformat(text)
    except ValueError:
        raise FormatError(
            "Invalid date: expected YYYY-MM-DD", line=line_of(element), field=field, value=text
        ) from None


def xml_datetime(element: etree._Element, field: str) -> datetime:
    """Read an ISO 20022 date-time such as ``2016-10-08T20:49:00`` or ``...00.000Z``."""
    text = (element.text or "").strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise FormatError(
            "Invalid date-time: expected YYYY-MM-DDThh:mm:ss",
            line=line_of(element),
            field=field,
            value=text,
        ) from None


class IsoXmlReader:
    """Finds elements of one ISO 20022 namespace by plain paths such as ``GrpHdr/MsgId``."""

    def __init__(self, namespace: str) -> None:
        self.namespaces = {"iso": namespace}

    def _prefixed(self, path: str) -> str:
        return "/".join(f"iso:{step}" for step in path.split("/"))

    def find(self, element: etree._Element, path: str) -> etree._Element | None:
        found: etree._Element | None = element.find(self._prefixed(path), self.namespaces)
        return found

    def findall(self, element: etree._Element, path: str) -> list[etree._Element]:
        return list(element.findall(self._prefixed(path), self.namespaces))

    def text(self, element: etree._Element, path: str) -> str | None:
        """Return the stripped text at ``path``, or None when it is absent or empty."""
        found = self.find(element, path)
        if found is None or found.text is None:
            return None
        value = found.text.strip()
        return value or None

    def required(self, element: etree._Element, path: str) -> etree._Element:
        """Return the element at ``path``; raise FormatError when it is absent or empty."""
        found = self.find(element, path)
        if found is None or not (found.text or "").strip():
            raise FormatError(
                f"Missing mandatory element {path} in {etree.QName(element).localname}",
                line=line_of(element),
                field=path,
            )
        return found

    def message_header(
        self, root: etree._Element, message_name: str, description: str
    ) -> tuple[etree._Element, str, datetime]:
        """Return the message element with its GrpHdr message id and creation time.

        Raises FormatError when the message element or its group header is missing;
        ``description`` names what the document must contain, for the error message.
        """
        message = self.find(root, message_name)
        if message is None:
            raise FormatError(
                f"Missing {message_name}: {description}",
                line=line_of(root),
                field=message_name,
            )
        header = self.find(message, "GrpHdr")
        if header is None:
            raise FormatError(
                f"Missing GrpHdr in {message_name}", line=line_of(message), field="GrpHdr"
            )
        message_id = (self.required(header, "MsgId").text or "").strip()
        created = xml_datetime(self.required(header, "CreDtTm"), "GrpHdr/CreDtTm")
        return message, message_id, created


def kind_after_settlement(reason_code: str | None) -> ReturnKind:
    """Classify a debit sent back after settlement: a refund for MD06, else a return."""
    return "refund" if reason_code == REFUND_REASON_CODE else "return"


# Reason codes (AT-R3) listed in annex IX of AEB Cuaderno 19-14 v5.0 (November 2011), plus FF05
# (invalid local instrument code), which the AEB implementation guides added with rulebook 6.0.
KNOWN_REASON_CODES: Final = frozenset(
    {
        "AC01", "AC04", "AC06", "AG01", "AG02", "AM04", "AM05", "BE01", "BE05", "FF01",
        "FF05", "MD01", "MD02", "MD06", "MD07", "MS02", "MS03", "RC01", "RR01", "RR02",
        "RR03", "RR04", "SL01",
    }
)  # fmt: skip
