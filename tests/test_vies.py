"""Tests of the bounded VIES check, with fake SOAP services and no network."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import zeep
import zeep.transports
from zeep.exceptions import Fault, TransportError

from telcocollect import vies
from telcocollect.vies import VatService, check_vat


class FakeService:
    """Fake zeep service that records calls and returns a result, raises or hangs."""

    def __init__(
        self,
        answer: Any = None,
        error: BaseException | None = None,
        release: threading.Event | None = None,
    ) -> None:
        self.answer = answer
        self.error = error
        self.release = release
        self.calls: list[tuple[str, str]] = []

    def checkVat(self, countryCode: str, vatNumber: str) -> Any:
        self.calls.append((countryCode, vatNumber))
        if self.release is not None:
            self.release.wait(30)
        if self.error is not None:
            raise self.error
        return self.answer


def factory_for(service: FakeService) -> vies.ClientFactory:
    def factory(_timeout: float) -> VatService:
        return service

    return factory


@pytest.fixture
def release() -> Iterator[threading.Event]:
    event = threading.Event()
    yield event
    event.set()


def test_valid_answer() -> None:
    service = FakeService(answer={"valid": True, "name": "TELCO EJEMPLO SL", "countryCode": "ES"})
    result = check_vat("ESB58378431", client_factory=factory_for(service))
    assert result.status == "valid"
    assert result.name == "TELCO EJEMPLO SL"
    assert service.calls == [("ES", "B58378431")]


def test_valid_false_is_invalid() -> None:
    service = FakeService(answer={"valid": False, "name": "---"})
    result = check_vat("ESB58378431", client_factory=factory_for(service))
    assert result.status == "invalid"
    assert result.retry is False
    assert "not registered" in result.message


def test_missing_prefix_gets_es() -> None:
    service = FakeService(answer={"valid": True})
    result = check_vat("b-58378431", client_factory=factory_for(service))
    assert result.status == "valid"
    assert service.calls == [("ES", "B58378431")]


def test_other_country_prefix_kept() -> None:
    service = FakeService(answer={"valid": True})
    check_vat("DE 136 695 976", client_factory=factory_for(service))
    assert service.calls == [("DE", "136695976")]


def test_bad_format_needs_no_call() -> None:
    service = FakeService(answer={"valid": True})
    result = check_vat("ESB58378432", client_factory=factory_for(service))
    assert result.status == "invalid"
    assert "invalid format" in result.message
    assert service.calls == []


@pytest.mark.parametrize(
    "code",
    [
        "MS_UNAVAILABLE",
        "TIMEOUT",
        "SERVICE_UNAVAILABLE",
        "MS_MAX_CONCURRENT_REQ",
        "GLOBAL_MAX_CONCURRENT_REQ",
    ],
)
def test_faults_are_unknown(code: str) -> None:
    service = FakeService(error=Fault(code))
    result = check_vat("ESB58378431", client_factory=factory_for(service))
    assert result.status == "unknown"
    assert result.retry is True
    assert result.fault == code


def test_invalid_input_not_retried() -> None:
    service = FakeService(error=Fault("INVALID_INPUT"))
    result = check_vat("ESB58378431", client_factory=factory_for(service))
    assert result.status == "unknown"
    assert result.retry is False
    assert result.fault == "INVALID_INPUT"


@pytest.mark.parametrize(
    "error",
    [TransportError("502 Bad Gateway"), ConnectionError("refused"), OSError("network unreachable")],
)
def test_network_errors_are_unknown(error: BaseException) -> None:
    result = check_vat("ESB58378431", client_factory=factory_for(FakeService(error=error)))
    assert result.status == "unknown"
    assert result.retry is True


def test_factory_failure_is_unknown() -> None:
    def failing_factory(_timeout: float) -> VatService:
        raise ConnectionError("WSDL download failed")

    result = check_vat("ESB58378431", client_factory=failing_factory)
    assert result.status == "unknown"
    assert result.retry is True


def test_hanging_call_bounded(release: threading.Event) -> None:
    service = FakeService(answer={"valid": True}, release=release)
    started = time.monotonic()
    result = check_vat("ESB58378431", timeout=0.3, client_factory=factory_for(service))
    elapsed = time.monotonic() - started
    assert elapsed < 2.0
    assert result.status == "unknown"
    assert result.retry is True
    assert result.fault == "TIMEOUT"


def test_answer_without_flag_is_unknown() -> None:
    result = check_vat("ESB58378431", client_factory=factory_for(FakeService(answer={})))
    assert result.status == "unknown"


def test_zeep_factory_sets_operation_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    captured: dict[str, Any] = {}

    class RecordingClient:
        def __init__(self, wsdl: str, transport: zeep.transports.Transport) -> None:
            captured["wsdl"] = wsdl
            captured["transport"] = transport
            self.service = FakeService()

    monkeypatch.setattr(zeep, "Client", RecordingClient)
    vies.zeep_client_factory(4.0)
    transport = captured["transport"]
    assert transport.operation_timeout == 4.0
    assert transport.load_timeout == 4.0
    assert captured["wsdl"].endswith("checkVatService.wsdl")
