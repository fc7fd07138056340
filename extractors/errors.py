"""Named exceptions for documents plansift cannot read. Each renders as one line."""
from __future__ import annotations


class PlansiftError(Exception):
    """Base of every error that is the input's fault, not the program's."""

    def __init__(self, reason: str, path: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason


class UnreadableDocument(PlansiftError):
    """Corrupt, truncated or not the format it claims to be."""


class UnsupportedFormat(PlansiftError):
    """A file type plansift does not read."""


class EncryptedDocument(PlansiftError):
    """Needs a password."""


class NoTextLayer(PlansiftError):
    """A scanned PDF: pages are images with no text to extract."""


class ConverterMissing(PlansiftError):
    """A converter (LibreOffice, ocrmypdf) is needed but not installed."""


class UnsafeDocument(PlansiftError):
    """Refused for safety: zip bomb, entity expansion, external entities."""


class NoActionTable(PlansiftError):
    """A readable document in which no action table was recognised."""


class TooLarge(PlansiftError):
    """Over the time or memory bound for one file."""
