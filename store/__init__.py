"""The plan store: SQLite or PostgreSQL, migrated by Alembic on first use."""
from store.api import Store, open_store, upgrade_database
from store.errors import BadDatabaseURL, DatabaseUnavailable, InvalidRecord, StoreError, UnsupportedExportFormat
from store.export import write_export
from store.queries import ActionFilter

__all__ = [
    "ActionFilter", "BadDatabaseURL", "DatabaseUnavailable", "InvalidRecord", "Store", "StoreError",
    "UnsupportedExportFormat", "open_store", "upgrade_database", "write_export",
]
