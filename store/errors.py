"""Named store errors that are the user's fault. Each renders as one line."""
from __future__ import annotations

from extractors.errors import PlansiftError


class StoreError(PlansiftError):
    """Base of store errors caused by configuration or input, not by a bug."""


class BadDatabaseURL(StoreError):
    """The database URL cannot be parsed or names a backend plansift does not support."""


class DatabaseUnavailable(StoreError):
    """The database server (or SQLite file) cannot be reached or opened."""


class InvalidRecord(StoreError):
    """An extracted plan cannot be stored as given (e.g. a date that is not ISO)."""


class UnsupportedExportFormat(StoreError):
    """An export file name whose extension is not .csv, .xlsx or .parquet."""
