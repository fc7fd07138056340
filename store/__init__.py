"""The plan store: SQLite or PostgreSQL, migrated by Alembic on first use.

Names are imported on first use (PEP 562), so ``store.lite`` can be used without loading
SQLAlchemy."""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from store.api import Store, open_store, upgrade_database
    from store.errors import BadDatabaseURL, DatabaseUnavailable, InvalidRecord, StoreError, UnsupportedExportFormat
    from store.export import write_export
    from store.queries import ActionFilter

_WHERE = {
    "Store": "store.api", "open_store": "store.api", "upgrade_database": "store.api",
    "BadDatabaseURL": "store.errors", "DatabaseUnavailable": "store.errors", "InvalidRecord": "store.errors",
    "StoreError": "store.errors", "UnsupportedExportFormat": "store.errors",
    "write_export": "store.export", "ActionFilter": "store.queries",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'store' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
