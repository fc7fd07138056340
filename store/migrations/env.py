"""Alembic environment for the plan store. Run through store.db.upgrade(), which passes an
open connection (already inside a locked transaction) in config.attributes["connection"]."""
from alembic import context

from store.models import Base

connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError("plansift migrations run online through store.db.upgrade() / `plansift db upgrade`")

context.configure(connection=connection, target_metadata=Base.metadata)
with context.begin_transaction():
    context.run_migrations()
