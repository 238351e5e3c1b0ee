"""Exceptions raised by telcocollect.

Every error names the offending value (and, for files, the line and field) so that the caller can
show the user what to correct.
"""

from __future__ import annotations


class TelcoCollectError(Exception):
    """Base class of every error raised by telcocollect."""


class FormatError(TelcoCollectError):
    """A file or record does not follow the expected format.

    ``line`` is 1-based; ``field`` and ``value`` name the element and the text that was read.
    """

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        field: str | None = None,
        value: str | None = None,
    ) -> None:
        self.message = message
        self.line = line
        self.field = field
        self.value = value
        super().__init__(self._full_message())

    def _full_message(self) -> str:
        parts: list[str] = []
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.field is not None:
            parts.append(f"field {self.field}")
        if self.value is not None:
            parts.append(f"value {self.value!r}")
        if not parts:
            return self.message
        return f"{self.message} ({', '.join(parts)})"


class InvalidIdentifier(TelcoCollectError, ValueError):
    """An IBAN, BIC, tax id, creditor id or similar identifier is not valid."""

    def __init__(self, message: str, *, value: str | None = None) -> None:
        self.message = message
        self.value = value
        text = message if value is None or value in message else f"{message}: {value!r}"
        super().__init__(text)


class SchemaValidationError(TelcoCollectError):
    """An XML document does not validate against its XSD."""

    def __init__(self, message: str, errors: list[str] | None = None) -> None:
        self.message = message
        self.errors: list[str] = list(errors or [])
        detail = "; ".join(self.errors[:5])
        if len(self.errors) > 5:
            detail += f"; and {len(self.errors) - 5} more"
        super().__init__(f"{message}: {detail}" if detail else message)
