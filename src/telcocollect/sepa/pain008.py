"""SEPA direct-debit initiation files (pain.008.001.02 and pain.008.001.08) for Spanish banks.

The document is written from text templates and validated with lxml, not built with
sepaxml's ``SepaDD``. sepaxml 2.7 builds random message and payment information ids and reads
the clock for ``CreDtTm``, so regenerating a remittance would change its ids. It also writes
one local instrument per file, has no mandate amendment and fills ``PstlAdr`` only from a fixed
mapping. Its ElementTree is slower than templates for remittances of 100,000 debits. The XSDs
are the official ISO 20022 files shipped in sepaxml's ``schemas`` folder.

Besides XSD validity, the file follows what Spanish banks check before accepting it:

* ``GrpHdr/InitgPty/Id`` carries the presenter identification (by default the creditor
  identifier) because banks identify the presenter from it and reject files without it.
* Every ``PmtInf`` has ``PmtTpInf/SvcLvl/Cd = SEPA``, the local instrument (CORE or B2B) and
  the sequence type. Debits whose account is not a valid IBAN are rejected before anything is
  written, instead of silently dropping the service level.
* Debits are grouped into one ``PmtInf`` per (scheme, sequence type, collection date). Groups
  are ordered by collection date, scheme and sequence type, and debits inside a group by
  end-to-end id, so building the same debits again gives the same grouping and ids whatever
  their input order.
* A message may not mix CORE and B2B debits (EPC rule), so ``build_pain008`` rejects such a
  list. ``split_by_scheme`` prepares one list per file.
* Amounts are integer cents written with ``format_cents``, and ``NbOfTxs``/``CtrlSum`` are
  exact per file and per ``PmtInf``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal, cast

from lxml import etree

from telcocollect.charset import SEPA_CHARACTERS, is_valid_sepa_id, to_sepa_text
from telcocollect.errors import InvalidIdentifier, SchemaValidationError, TelcoCollectError
from telcocollect.identifiers import compact_iban, validate_bic, validate_creditor_id
from telcocollect.money import format_cents

Pain008Version = Literal["pain.008.001.02", "pain.008.001.08"]
SequenceType = Literal["FRST", "RCUR", "OOFF", "FNAL"]
Scheme = Literal["CORE", "B2B"]
PartyIdKind = Literal["org", "private"]

PAIN008_VERSIONS: tuple[Pain008Version, ...] = ("pain.008.001.02", "pain.008.001.08")
SEQUENCE_TYPES: tuple[SequenceType, ...] = ("FRST", "RCUR", "FNAL", "OOFF")
SCHEMES: tuple[Scheme, ...] = ("CORE", "B2B")

# EPC limit for one collection: 999,999,999.99 EUR.
MAX_AMOUNT_CENTS = 99_999_999_999
NAME_LENGTH = 70
REMITTANCE_LENGTH = 140
TOWN_LENGTH = 35
STREET_LENGTH = 70
SHORT_TEXT_LENGTH = 16

# "Same Mandate New Debtor Agent": written as the original debtor account when the debtor moved
# the mandate to an account at another bank (EPC rulebook since November 2016).
SMNDA = "SMNDA"


@dataclass(frozen=True)
class PostalAddress:
    """Structured postal address. Banks need at least the town and the ISO country code."""

    country: str
    town: str
    street: str | None = None
    building_number: str | None = None
    postcode: str | None = None


@dataclass(frozen=True)
class Creditor:
    """The creditor presenting the remittance.

    ``initiating_party_id`` defaults to ``creditor_id``; ``initiating_party_kind`` selects
    whether ``GrpHdr/InitgPty/Id`` is written as ``OrgId/Othr/Id`` or ``PrvtId/Othr/Id``.
    ``bic`` may be None, and the creditor agent is then ``NOTPROVIDED``.
    """

    name: str
    iban: str
    bic: str | None
    creditor_id: str
    initiating_party_id: str | None = None
    initiating_party_kind: PartyIdKind = "org"


@dataclass(frozen=True)
class MandateAmendment:
    """Changes to a mandate since its last successful collection.

    ``original_debtor_iban`` is the account collected before. When the new account is at
    another bank, the file carries ``SMNDA`` instead of the old IBAN. ``debtor_bank_changed``
    overrides the automatic decision, which compares the bank code of two Spanish IBANs and
    otherwise treats a change of country as a change of bank.
    ``original_creditor_id`` is set when the creditor identifier changed.
    """

    original_mandate_id: str | None = None
    original_debtor_iban: str | None = None
    debtor_bank_changed: bool | None = None
    original_creditor_id: str | None = None


@dataclass(frozen=True)
class DirectDebit:
    """One collection (recibo) under a mandate."""

    end_to_end_id: str
    amount_cents: int
    mandate_id: str
    mandate_date: dt.date
    debtor_name: str
    debtor_iban: str
    debtor_bic: str | None
    debtor_address: PostalAddress | None
    remittance_info: str
    sequence_type: SequenceType
    scheme: Scheme
    collection_date: dt.date
    amendment: MandateAmendment | None = None


class InvalidDebitError(TelcoCollectError, ValueError):
    """Error raised when some debits cannot be written.

    ``problems`` maps the end-to-end id of each rejected debit to its problems.

    Nothing is written when this is raised. The caller can exclude the listed debits (see
    ``check_debit``) and build the file with the rest.
    """

    def __init__(self, problems: dict[str, list[str]]) -> None:
        self.problems = problems
        lines = [f"{e2e}: {'; '.join(texts)}" for e2e, texts in problems.items()]
        shown = lines[:10]
        if len(lines) > 10:
            shown.append(f"and {len(lines) - 10} more debits")
        super().__init__(
            f"{len(problems)} debit(s) cannot be sent; fix or exclude them: " + " | ".join(shown)
        )


@dataclass(frozen=True)
class PaymentGroup:
    """Debits that share one ``PmtInf`` block."""

    payment_information_id: str
    scheme: Scheme
    sequence_type: SequenceType
    collection_date: dt.date
    debits: tuple[DirectDebit, ...]

    @property
    def control_sum_cents(self) -> int:
        return sum(debit.amount_cents for debit in self.debits)


# --------------------------------------------------------------------------- checks


def _amendment_problems(amendment: MandateAmendment) -> list[str]:
    problems: list[str] = []
    if (
        amendment.original_mandate_id is None
        and amendment.original_debtor_iban is None
        and amendment.original_creditor_id is None
    ):
        problems.append("the mandate amendment names no original mandate id, account or creditor")
    if amendment.original_mandate_id is not None and not is_valid_sepa_id(
        amendment.original_mandate_id
    ):
        problems.append(f"invalid original mandate id {amendment.original_mandate_id!r}")
    if amendment.original_debtor_iban is not None:
        try:
            compact_iban(amendment.original_debtor_iban)
        except InvalidIdentifier as error:
            problems.append(f"original debtor account: {error}")
    if amendment.original_creditor_id is not None:
        try:
            validate_creditor_id(amendment.original_creditor_id)
        except InvalidIdentifier as error:
            problems.append(f"original creditor identifier: {error}")
    return problems


@dataclass(frozen=True)
class _PreparedDebit:
    """A checked debit with the values written to the file, computed once."""

    iban: str
    bic: str | None
    name: str
    remittance: str


def check_debit(debit: DirectDebit) -> list[str]:
    """Return the problems that stop ``debit`` from being written (empty when it is fine)."""
    return _prepare_debit(debit)[1]


def _prepare_debit(debit: DirectDebit) -> tuple[_PreparedDebit | None, list[str]]:
    problems: list[str] = []
    name = to_sepa_text(debit.debtor_name, NAME_LENGTH)
    label = name or repr(debit.debtor_name)

    if not is_valid_sepa_id(debit.end_to_end_id):
        problems.append(f"invalid end-to-end id {debit.end_to_end_id!r}: use 1-35 SEPA characters")
    if not is_valid_sepa_id(debit.mandate_id):
        problems.append(f"invalid mandate reference {debit.mandate_id!r}: use 1-35 SEPA characters")
    if not name:
        problems.append(
            f"debtor name {debit.debtor_name!r} is empty in the SEPA character set; "
            "enter a name in Latin letters"
        )
    if isinstance(debit.amount_cents, bool) or not isinstance(debit.amount_cents, int):
        problems.append(f"amount {debit.amount_cents!r} is not integer cents")
    elif not 1 <= debit.amount_cents <= MAX_AMOUNT_CENTS:
        problems.append(f"amount {format_cents(debit.amount_cents)} is out of range")

    iban = ""
    try:
        iban = compact_iban(debit.debtor_iban)
    except InvalidIdentifier:
        problems.append(
            f"debtor {label} has account {debit.debtor_iban!r}, which is not a valid IBAN; "
            "enter the IBAN of the mandate"
        )
    bic: str | None = None
    if debit.debtor_bic:
        try:
            bic = validate_bic(debit.debtor_bic)
        except InvalidIdentifier as error:
            problems.append(str(error))

    if debit.sequence_type not in SEQUENCE_TYPES:
        problems.append(f"invalid sequence type {debit.sequence_type!r}")
    if debit.scheme not in SCHEMES:
        problems.append(f"invalid scheme {debit.scheme!r}: expected CORE or B2B")
    if debit.mandate_date > debit.collection_date:
        problems.append(
            f"mandate signed on {debit.mandate_date} after the collection date "
            f"{debit.collection_date}"
        )

    address = debit.debtor_address
    if address is not None:
        country = address.country
        if len(country) != 2 or not country.isascii() or not country.isalpha():
            problems.append(f"invalid debtor country {country!r}: expected an ISO code such as ES")
        if not to_sepa_text(address.town, TOWN_LENGTH):
            problems.append(f"debtor town {address.town!r} is empty")

    if debit.amendment is not None:
        problems.extend(_amendment_problems(debit.amendment))
    if problems:
        return None, problems
    remittance = to_sepa_text(debit.remittance_info, REMITTANCE_LENGTH)
    return _PreparedDebit(iban=iban, bic=bic, name=name, remittance=remittance), problems


def split_by_scheme(debits: Iterable[DirectDebit]) -> dict[Scheme, list[DirectDebit]]:
    """Split debits into one list per scheme, because a message may not mix CORE and B2B."""
    result: dict[Scheme, list[DirectDebit]] = {}
    for debit in debits:
        result.setdefault(debit.scheme, []).append(debit)
    return result


def group_debits(message_id: str, debits: Iterable[DirectDebit]) -> list[PaymentGroup]:
    """Group debits into ``PmtInf`` blocks in a deterministic order with deterministic ids.

    The payment information id is the message id (cut to fit 35 characters) followed by
    ``-`` and the 1-based block number.
    """
    buckets: dict[tuple[dt.date, str, int], list[DirectDebit]] = {}
    for debit in debits:
        key: tuple[dt.date, str, int] = (
            debit.collection_date,
            debit.scheme,
            SEQUENCE_TYPES.index(debit.sequence_type),
        )
        buckets.setdefault(key, []).append(debit)

    groups: list[PaymentGroup] = []
    for number, key in enumerate(sorted(buckets), start=1):
        suffix = f"-{number}"
        members = sorted(buckets[key], key=lambda debit: debit.end_to_end_id)
        first = members[0]
        groups.append(
            PaymentGroup(
                payment_information_id=message_id[: 35 - len(suffix)] + suffix,
                scheme=first.scheme,
                sequence_type=first.sequence_type,
                collection_date=first.collection_date,
                debits=tuple(members),
            )
        )
    return groups


def _check_all(
    message_id: str, creditor: Creditor, debits: Sequence[DirectDebit]
) -> dict[str, _PreparedDebit]:
    if not is_valid_sepa_id(message_id):
        raise InvalidIdentifier(
            f"Invalid message id {message_id!r}: use 1-35 SEPA characters", value=message_id
        )
    compact_iban(creditor.iban)
    validate_creditor_id(creditor.creditor_id)
    if creditor.bic:
        validate_bic(creditor.bic)
    if not to_sepa_text(creditor.name, NAME_LENGTH):
        raise ValueError(f"Creditor name {creditor.name!r} is empty in the SEPA character set")
    if not debits:
        raise ValueError("A remittance needs at least one debit")

    problems: dict[str, list[str]] = {}
    prepared: dict[str, _PreparedDebit] = {}
    for debit in debits:
        values, found = _prepare_debit(debit)
        if debit.end_to_end_id in prepared:
            found.append("end-to-end id used by another debit of the remittance")
        if found:
            problems.setdefault(debit.end_to_end_id, []).extend(found)
        elif values is not None:
            prepared[debit.end_to_end_id] = values
    if problems:
        raise InvalidDebitError(problems)

    schemes = {debit.scheme for debit in debits}
    if len(schemes) > 1:
        raise ValueError(
            "A remittance may not mix CORE and B2B debits (EPC rule). Build one file per "
            "scheme with split_by_scheme()"
        )
    return prepared


# --------------------------------------------------------------------------- writing
#
# The XML is written as text from templates, which is several times faster than building an
# lxml tree for remittances of 100,000 debits. No value needs XML escaping: free text went
# through ``to_sepa_text``, identifiers passed ``is_valid_sepa_id`` and IBANs, BICs and
# creditor identifiers are compact stdnum values, so none contains ``&``, ``<``, ``>`` or ``"``.
# ``validate_pain008`` checks the result against the XSD.


def _namespace(version: str) -> str:
    return f"urn:iso:std:iso:20022:tech:xsd:{version}"


def _debtor_bank_changed(amendment: MandateAmendment, new_iban: str) -> bool:
    if amendment.debtor_bank_changed is not None:
        return amendment.debtor_bank_changed
    old_iban = compact_iban(amendment.original_debtor_iban or "")
    if old_iban[:2] != new_iban[:2]:
        return True
    if old_iban[:2] == "ES":
        # Spanish IBAN: ES + 2 check digits + 4-digit bank code (entidad).
        return old_iban[4:8] != new_iban[4:8]
    # NOTE: outside Spain the bank code position depends on the country and is not compared,
    # so a change within one foreign country is sent as a change of bank (SMNDA).
    return True


@lru_cache(maxsize=4096)
def _address_xml(address: PostalAddress) -> str:
    """Return the ``PstlAdr`` element, cached because many debtors share an address."""
    parts = ["<PstlAdr>"]
    street = to_sepa_text(address.street or "", STREET_LENGTH)
    building_number = to_sepa_text(address.building_number or "", SHORT_TEXT_LENGTH)
    postcode = to_sepa_text(address.postcode or "", SHORT_TEXT_LENGTH)
    if street:
        parts.append(f"<StrtNm>{street}</StrtNm>")
    if building_number:
        parts.append(f"<BldgNb>{building_number}</BldgNb>")
    if postcode:
        parts.append(f"<PstCd>{postcode}</PstCd>")
    parts.append(f"<TwnNm>{to_sepa_text(address.town, TOWN_LENGTH)}</TwnNm>")
    parts.append(f"<Ctry>{address.country.upper()}</Ctry></PstlAdr>")
    return "".join(parts)


def _scheme_id_xml(name: str, creditor_id: str) -> str:
    return (
        f"<{name}><Id><PrvtId><Othr><Id>{creditor_id}</Id>"
        f"<SchmeNm><Prtry>SEPA</Prtry></SchmeNm></Othr></PrvtId></Id></{name}>"
    )


class _Renderer:
    """Writes the text of one message for one pain.008 version."""

    def __init__(self, version: Pain008Version) -> None:
        self.version = version
        self.bic_tag = "BIC" if version == "pain.008.001.02" else "BICFI"

    def agent(self, name: str, bic: str | None) -> str:
        # NOTE: without a BIC both versions write Othr/Id NOTPROVIDED (XSD-valid). Whether
        # banks taking pain.008.001.08 prefer an empty FinInstnId has not been checked.
        if bic:
            return (
                f"<{name}><FinInstnId><{self.bic_tag}>{bic}</{self.bic_tag}></FinInstnId></{name}>"
            )
        return f"<{name}><FinInstnId><Othr><Id>NOTPROVIDED</Id></Othr></FinInstnId></{name}>"

    def header(
        self,
        message_id: str,
        created: dt.datetime,
        creditor: Creditor,
        count: int,
        total_cents: int,
    ) -> str:
        kind = "OrgId" if creditor.initiating_party_kind == "org" else "PrvtId"
        party_id = creditor.initiating_party_id or validate_creditor_id(creditor.creditor_id)
        return (
            f"<GrpHdr><MsgId>{message_id}</MsgId>"
            f"<CreDtTm>{created.replace(microsecond=0).isoformat()}</CreDtTm>"
            f"<NbOfTxs>{count}</NbOfTxs><CtrlSum>{format_cents(total_cents)}</CtrlSum>"
            f"<InitgPty><Nm>{to_sepa_text(creditor.name, NAME_LENGTH)}</Nm>"
            f"<Id><{kind}><Othr><Id>{party_id}</Id></Othr></{kind}></Id></InitgPty></GrpHdr>"
        )

    def payment_information_start(self, creditor: Creditor, group: PaymentGroup) -> str:
        creditor_bic = validate_bic(creditor.bic) if creditor.bic else None
        return (
            f"<PmtInf><PmtInfId>{group.payment_information_id}</PmtInfId>"
            "<PmtMtd>DD</PmtMtd><BtchBookg>true</BtchBookg>"
            f"<NbOfTxs>{len(group.debits)}</NbOfTxs>"
            f"<CtrlSum>{format_cents(group.control_sum_cents)}</CtrlSum>"
            "<PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl>"
            f"<LclInstrm><Cd>{group.scheme}</Cd></LclInstrm>"
            f"<SeqTp>{group.sequence_type}</SeqTp></PmtTpInf>"
            f"<ReqdColltnDt>{group.collection_date.isoformat()}</ReqdColltnDt>"
            f"<Cdtr><Nm>{to_sepa_text(creditor.name, NAME_LENGTH)}</Nm></Cdtr>"
            f"<CdtrAcct><Id><IBAN>{compact_iban(creditor.iban)}</IBAN></Id></CdtrAcct>"
            f"{self.agent('CdtrAgt', creditor_bic)}<ChrgBr>SLEV</ChrgBr>"
            f"{_scheme_id_xml('CdtrSchmeId', validate_creditor_id(creditor.creditor_id))}"
        )

    def transaction(self, debit: DirectDebit, values: _PreparedDebit) -> str:
        amendment = ""
        if debit.amendment is not None:
            amendment = "<AmdmntInd>true</AmdmntInd>" + self.amendment(debit.amendment, values.iban)
        address = "" if debit.debtor_address is None else _address_xml(debit.debtor_address)
        remittance = (
            f"<RmtInf><Ustrd>{values.remittance}</Ustrd></RmtInf>" if values.remittance else ""
        )
        return (
            f"<DrctDbtTxInf><PmtId><EndToEndId>{debit.end_to_end_id}</EndToEndId></PmtId>"
            f'<InstdAmt Ccy="EUR">{format_cents(debit.amount_cents)}</InstdAmt>'
            f"<DrctDbtTx><MndtRltdInf><MndtId>{debit.mandate_id}</MndtId>"
            f"<DtOfSgntr>{debit.mandate_date.isoformat()}</DtOfSgntr>{amendment}"
            f"</MndtRltdInf></DrctDbtTx>{self.agent('DbtrAgt', values.bic)}"
            f"<Dbtr><Nm>{values.name}</Nm>{address}</Dbtr>"
            f"<DbtrAcct><Id><IBAN>{values.iban}</IBAN></Id></DbtrAcct>"
            f"{remittance}</DrctDbtTxInf>"
        )

    def amendment(self, amendment: MandateAmendment, new_iban: str) -> str:
        parts = ["<AmdmntInfDtls>"]
        if amendment.original_mandate_id is not None:
            parts.append(f"<OrgnlMndtId>{amendment.original_mandate_id}</OrgnlMndtId>")
        if amendment.original_creditor_id is not None:
            original_creditor_id = validate_creditor_id(amendment.original_creditor_id)
            parts.append(_scheme_id_xml("OrgnlCdtrSchmeId", original_creditor_id))
        if amendment.original_debtor_iban is not None:
            if _debtor_bank_changed(amendment, new_iban):
                account = f"<Othr><Id>{SMNDA}</Id></Othr>"
            else:
                account = f"<IBAN>{compact_iban(amendment.original_debtor_iban)}</IBAN>"
            parts.append(f"<OrgnlDbtrAcct><Id>{account}</Id></OrgnlDbtrAcct>")
        parts.append("</AmdmntInfDtls>")
        return "".join(parts)


def render_pain008(
    message_id: str,
    created: dt.datetime,
    creditor: Creditor,
    debits: Sequence[DirectDebit],
    version: Pain008Version = "pain.008.001.02",
) -> list[str]:
    """Check the debits and return the message as a list of text fragments.

    ``build_pain008`` joins and encodes them and documents the arguments and errors.
    """
    if version not in PAIN008_VERSIONS:
        raise ValueError(
            f"Unsupported pain.008 version {version!r}: expected one of "
            + ", ".join(PAIN008_VERSIONS)
        )
    prepared = _check_all(message_id, creditor, debits)
    groups = group_debits(message_id, debits)
    renderer = _Renderer(version)

    fragments = [
        (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="{_namespace(version)}">'
            "<CstmrDrctDbtInitn>"
        ),
        renderer.header(
            message_id,
            created,
            creditor,
            count=len(debits),
            total_cents=sum(group.control_sum_cents for group in groups),
        ),
    ]
    for group in groups:
        fragments.append(renderer.payment_information_start(creditor, group))
        for debit in group.debits:
            fragments.append(renderer.transaction(debit, prepared[debit.end_to_end_id]))
        fragments.append("</PmtInf>")
    fragments.append("</CstmrDrctDbtInitn></Document>\n")
    return fragments


def build_pain008(
    message_id: str,
    created: dt.datetime,
    creditor: Creditor,
    debits: Sequence[DirectDebit],
    version: Pain008Version = "pain.008.001.02",
) -> bytes:
    """Build a pain.008 message and return it as UTF-8 XML bytes.

    ``created`` is written as ``CreDtTm``. It is an argument so that building the same
    remittance again gives the same bytes. Raises ``InvalidDebitError`` listing every debit
    that cannot be sent, and ``InvalidIdentifier`` or ``ValueError`` for a bad message id,
    creditor, version or a mix of CORE and B2B. The document is not validated here; call
    ``validate_pain008`` before sending it.
    """
    return "".join(render_pain008(message_id, created, creditor, debits, version)).encode("utf-8")


# --------------------------------------------------------------------------- validation


@lru_cache(maxsize=len(PAIN008_VERSIONS))
def _schema(version: str) -> etree.XMLSchema:
    xsd = resources.files("sepaxml") / "schemas" / f"{version}.xsd"
    with resources.as_file(xsd) as path:
        return etree.XMLSchema(etree.parse(str(path)))


def _parse(xml: bytes) -> etree._Element:
    # huge_tree lifts libxml2's limits on text size and depth, needed for large remittances.
    parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
    return etree.fromstring(xml, parser)


def _version_of(root: etree._Element) -> str | None:
    namespace = etree.QName(root).namespace or ""
    prefix = "urn:iso:std:iso:20022:tech:xsd:"
    return namespace[len(prefix) :] if namespace.startswith(prefix) else None


def validate_pain008(xml: bytes) -> None:
    """Validate a pain.008.001.02 or pain.008.001.08 message against its ISO 20022 XSD.

    Raises ``SchemaValidationError`` listing the errors with their line numbers, also for XML
    that is not well formed or has another namespace.
    """
    try:
        root = _parse(xml)
    except etree.XMLSyntaxError as error:
        raise SchemaValidationError(
            "The pain.008 file is not well-formed XML", [str(error)]
        ) from None

    version = _version_of(root)
    if version not in PAIN008_VERSIONS:
        namespace = etree.QName(root).namespace
        raise SchemaValidationError(
            f"Unsupported namespace {namespace!r}: expected pain.008.001.02 or pain.008.001.08",
            [f"root element {root.tag}"],
        )

    schema = _schema(version)
    if not schema.validate(root):
        entries = cast("Iterable[etree._LogEntry]", schema.error_log)
        errors = [f"line {entry.line}: {entry.message}" for entry in entries]
        raise SchemaValidationError(f"The {version} file does not match its XSD", errors)


# --------------------------------------------------------------------------- bank checks


def _text(element: etree._Element, path: str, namespaces: dict[str, str]) -> str:
    found = element.find(path, namespaces)
    return (found.text or "").strip() if found is not None else ""


def _amount_warning(text: str, where: str) -> str | None:
    whole, _, decimals = text.partition(".")
    if not whole.isdigit() or (decimals and (not decimals.isdigit() or len(decimals) > 2)):
        return f"{where}: amount {text!r} must be written like 1234.50 or 0.24 (at most 2 decimals)"
    return None


def _cents(text: str) -> int:
    whole, _, decimals = text.partition(".")
    return int(whole) * 100 + int((decimals + "00")[:2])


def _has_foreign_characters(text: str) -> bool:
    return any(char not in SEPA_CHARACTERS for char in text)


def spanish_bank_warnings(xml: bytes) -> list[str]:
    """Return what Spanish banks would reject in a schema-valid pain.008 file.

    The checks cover the namespace (only pain.008.001.02 and pain.008.001.08) and the
    presenter identification in ``GrpHdr/InitgPty/Id``. Per block they cover the creditor
    identifier, service level SEPA, local instrument CORE or B2B without mixing and the
    sequence type. Per debit they cover IBAN accounts, a structured address with at least town
    and country (required from 15 November 2026), text outside the SEPA character set and the
    amount format. The ``NbOfTxs`` and ``CtrlSum`` totals are recomputed. An empty list means
    none of these problems was found.
    """
    try:
        root = _parse(xml)
    except etree.XMLSyntaxError as error:
        return [f"The file is not well-formed XML: {error}"]

    version = _version_of(root)
    if version not in PAIN008_VERSIONS:
        namespace = etree.QName(root).namespace
        message = (
            f"Namespace {namespace!r} is not a format Spanish banks take for direct debits: "
            "generate pain.008.001.02 or pain.008.001.08"
        )
        return [message]

    ns = {"p": _namespace(version)}
    warnings: list[str] = []
    header = root.find("p:CstmrDrctDbtInitn/p:GrpHdr", ns)
    if header is None:
        return ["GrpHdr is missing"]

    presenter = _text(header, "p:InitgPty/p:Id/p:OrgId/p:Othr/p:Id", ns) or _text(
        header, "p:InitgPty/p:Id/p:PrvtId/p:Othr/p:Id", ns
    )
    if not presenter:
        warnings.append(
            "GrpHdr/InitgPty/Id is missing: Spanish banks identify the presenter from it. "
            "Write the creditor identifier there"
        )

    blocks = root.findall("p:CstmrDrctDbtInitn/p:PmtInf", ns)
    instruments: set[str] = set()
    file_count = 0
    file_cents = 0
    for block in blocks:
        block_id = _text(block, "p:PmtInfId", ns) or "(no PmtInfId)"
        warnings.extend(_block_warnings(block, block_id, ns, instruments))
        transactions = block.findall("p:DrctDbtTxInf", ns)
        block_cents = 0
        for transaction in transactions:
            e2e = _text(transaction, "p:PmtId/p:EndToEndId", ns) or "(no EndToEndId)"
            amount_text = _text(transaction, "p:InstdAmt", ns)
            problem = _amount_warning(amount_text, f"Debit {e2e}")
            if problem:
                warnings.append(problem)
            else:
                block_cents += _cents(amount_text)
            warnings.extend(_transaction_warnings(transaction, e2e, ns))

        warnings.extend(
            _total_warnings(block, f"PmtInf {block_id}", len(transactions), block_cents, ns)
        )
        file_count += len(transactions)
        file_cents += block_cents

    warnings.extend(_total_warnings(header, "GrpHdr", file_count, file_cents, ns))
    if len(instruments) > 1:
        warnings.append(
            "The file mixes local instruments "
            + ", ".join(sorted(instruments))
            + ": send CORE and B2B debits in separate files"
        )
    return warnings


def _total_warnings(
    element: etree._Element, where: str, count: int, cents: int, ns: dict[str, str]
) -> list[str]:
    warnings: list[str] = []
    count_text = _text(element, "p:NbOfTxs", ns)
    if count_text != str(count):
        warnings.append(f"{where}: NbOfTxs is {count_text!r} but the file has {count} debits")
    control_sum = _text(element, "p:CtrlSum", ns)
    if not control_sum:
        warnings.append(f"{where}: CtrlSum is missing")
    elif _amount_warning(control_sum, where) or _cents(control_sum) != cents:
        warnings.append(
            f"{where}: CtrlSum is {control_sum!r} but the debits add up to {format_cents(cents)}"
        )
    return warnings


def _block_warnings(
    block: etree._Element, block_id: str, ns: dict[str, str], instruments: set[str]
) -> list[str]:
    warnings: list[str] = []
    where = f"PmtInf {block_id}"
    if _text(block, "p:PmtTpInf/p:SvcLvl/p:Cd", ns) != "SEPA":
        warnings.append(
            f"{where}: PmtTpInf/SvcLvl/Cd must be SEPA; banks reject the file otherwise"
        )
    instrument = _text(block, "p:PmtTpInf/p:LclInstrm/p:Cd", ns)
    if instrument not in SCHEMES:
        warnings.append(f"{where}: LclInstrm/Cd is {instrument!r}, expected CORE or B2B")
    else:
        instruments.add(instrument)
    sequence = _text(block, "p:PmtTpInf/p:SeqTp", ns)
    if sequence not in SEQUENCE_TYPES:
        warnings.append(f"{where}: SeqTp is {sequence!r}, expected FRST, RCUR, FNAL or OOFF")

    creditor_id = _text(block, "p:CdtrSchmeId/p:Id/p:PrvtId/p:Othr/p:Id", ns)
    if not creditor_id:
        warnings.append(f"{where}: CdtrSchmeId (creditor identifier) is missing")
    else:
        try:
            validate_creditor_id(creditor_id)
        except InvalidIdentifier as error:
            warnings.append(f"{where}: {error}")
    if _has_foreign_characters(_text(block, "p:Cdtr/p:Nm", ns)):
        warnings.append(f"{where}: the creditor name has characters outside the SEPA set")
    return warnings


def _transaction_warnings(transaction: etree._Element, e2e: str, ns: dict[str, str]) -> list[str]:
    warnings: list[str] = []
    where = f"Debit {e2e}"
    if not _text(transaction, "p:DbtrAcct/p:Id/p:IBAN", ns):
        warnings.append(f"{where}: the debtor account is not an IBAN")

    name = _text(transaction, "p:Dbtr/p:Nm", ns)
    if not name:
        warnings.append(f"{where}: the debtor name is missing")
    elif _has_foreign_characters(name):
        warnings.append(f"{where}: debtor name {name!r} has characters outside the SEPA set")
    remittance = _text(transaction, "p:RmtInf/p:Ustrd", ns)
    if _has_foreign_characters(remittance):
        warnings.append(f"{where}: remittance text has characters outside the SEPA set")

    address = transaction.find("p:Dbtr/p:PstlAdr", ns)
    if address is None or not _text(address, "p:TwnNm", ns) or not _text(address, "p:Ctry", ns):
        warnings.append(
            f"{where}: the debtor address lacks a structured town and country "
            "(TwnNm, Ctry), which banks require from 15 November 2026"
        )
    return warnings
