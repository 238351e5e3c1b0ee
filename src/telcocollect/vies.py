"""EU VAT number checks against the European Commission's VIES service, bounded in time.

Only a VIES response ``valid=false`` marks a number as not registered for intra-EU operations.
Faults (``MS_UNAVAILABLE``, ``TIMEOUT``, ``SERVICE_UNAVAILABLE``, ``MS_MAX_CONCURRENT_REQ``,
``GLOBAL_MAX_CONCURRENT_REQ``), network errors and calls that do not answer in time give the
status ``"unknown"`` with ``retry=True``; they say nothing about the number.

python-stdnum 1.19's ``check_vies`` builds ``zeep.Transport(timeout=...)``, which bounds only
the WSDL download and not the SOAP call, so a hanging VIES can block for minutes. This module
builds its own zeep client with ``operation_timeout`` and also waits for the call in a worker
thread for at most ``timeout`` seconds.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError

_logger = logging.getLogger(__name__)

VatStatus = Literal["valid", "invalid", "unknown"]

# Fault code VIES returns when the country code or number is malformed: fix the data, do not
# retry. Every other fault is an outage or a rate limit.
INVALID_INPUT = "INVALID_INPUT"


@dataclass(frozen=True)
class VatCheck:
    """Result of a VIES check.

    ``retry`` is True when the check should be repeated later (status ``"unknown"`` because
    of an outage). ``fault`` is the VIES fault code or exception name when there was one.
    """

    status: VatStatus
    message: str
    retry: bool = False
    fault: str | None = None
    name: str | None = None


class VatService(Protocol):
    """The ``service`` of a zeep client for the VIES ``checkVatService`` WSDL."""

    def checkVat(self, countryCode: str, vatNumber: str) -> Any: ...


ClientFactory = Callable[[float], VatService]


def zeep_client_factory(timeout: float) -> VatService:
    """Build a zeep client for VIES whose WSDL download and SOAP call time out."""
    from zeep import Client
    from zeep.transports import Transport

    transport = Transport(timeout=timeout, operation_timeout=timeout)  # type: ignore[no-untyped-call]
    client = Client(eu_vat.vies_wsdl, transport=transport)  # type: ignore[no-untyped-call]
    service: VatService = client.service
    return service


def _compact(number: str, default_country: str | None) -> str:
    """Compact ``number``, adding ``default_country`` when it has no EU country prefix."""
    cleaned = "".join(char for char in number if char.isalnum()).upper()
    prefix = cleaned[:2].lower()
    if default_country and prefix not in eu_vat.MEMBER_STATES and prefix != "el":
        cleaned = default_country.upper() + cleaned
    return str(eu_vat.compact(cleaned))


def _fault_code(error: BaseException) -> str:
    message = getattr(error, "message", None)
    text = str(message if message is not None else error).strip()
    return text or type(error).__name__


def _call_with_deadline(
    factory: ClientFactory, timeout: float, country: str, rest: str
) -> tuple[bool, Any, BaseException | None]:
    """Run the VIES call in a daemon thread and return ``(finished, result, error)``.

    A call still running after ``timeout`` seconds is abandoned: Python cannot stop the
    thread, but it is a daemon thread and no longer blocks the caller.
    """
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["result"] = factory(timeout).checkVat(countryCode=country, vatNumber=rest)
        # Any failure of the WSDL download or the SOAP call (zeep, requests, socket errors)
        # means VIES could not check the number, so it is handed to the caller as data.
        except Exception as error:  # noqa: BLE001
            outcome["error"] = error

    worker = threading.Thread(target=work, name="vies-check", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        return False, None, None
    return True, outcome.get("result"), outcome.get("error")


def _field(result: Any, name: str) -> Any:
    if isinstance(result, Mapping):
        return result.get(name)
    return getattr(result, name, None)


def check_vat(
    vat: str,
    timeout: float = 10.0,
    *,
    default_country: str | None = "ES",
    client_factory: ClientFactory | None = None,
) -> VatCheck:
    """Check an EU VAT number in VIES and return within about ``timeout`` seconds.

    A number without an EU country prefix gets ``default_country`` (``B58378431`` is checked
    as ``ESB58378431``). A number whose format is wrong is ``"invalid"`` without any call.
    ``client_factory`` builds the SOAP service for a timeout; the default is
    ``zeep_client_factory``, and tests pass a fake one.
    """
    try:
        number = _compact(vat, default_country)
        eu_vat.validate(number)
    except ValidationError:
        return VatCheck(
            status="invalid",
            message=f"VAT number {vat!r} has an invalid format. Check the country prefix "
            "and the digits",
        )

    country, rest = number[:2], number[2:]
    finished, result, error = _call_with_deadline(
        client_factory or zeep_client_factory, timeout, country, rest
    )

    if not finished:
        _logger.warning("VIES check of %s timed out after %s s", number, timeout)
        return VatCheck(
            status="unknown",
            message=f"VIES timed out after {timeout:g} s for {number}. Retry later",
            retry=True,
            fault="TIMEOUT",
        )

    if error is not None:
        code = _fault_code(error)
        if code == INVALID_INPUT:
            return VatCheck(
                status="unknown",
                message=f"VIES rejected {number} as malformed input ({code}). Correct the "
                "country code or number",
                retry=False,
                fault=code,
            )
        _logger.warning("VIES check of %s failed: %s", number, code)
        return VatCheck(
            status="unknown",
            message=f"VIES check of {number} failed ({code}). Retry later",
            retry=True,
            fault=code,
        )

    if _field(result, "valid") is True:
        name = _field(result, "name")
        return VatCheck(
            status="valid",
            message=f"{number} is registered in VIES",
            name=str(name).strip() if name and str(name).strip() != "---" else None,
        )
    if _field(result, "valid") is False:
        return VatCheck(
            status="invalid",
            message=f"{number} is not registered in VIES for intra-EU operations",
        )
    _logger.warning("VIES response for %s has no valid flag", number)
    return VatCheck(
        status="unknown",
        message=f"VIES response for {number} has no valid flag. Retry later",
        retry=True,
    )
