"""Click commands for the store: `plansift actions|plans|leads|db upgrade`.

cli.py calls register(main_group). Each command reads the database URL from ctx.obj["db"]."""
from __future__ import annotations

import csv
import functools
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

import click

from ingest.records import EXPORT_COLUMNS
from store.api import Store, upgrade_database
from store.errors import StoreError
from store.queries import ActionFilter

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_DB = "sqlite:///plansift.db"
_DATE = click.DateTime(formats=["%Y-%m-%d"])
_FILTER_KEYS = (
    "authority", "lead", "due_before", "due_after", "overdue", "as_of", "source_type", "rag", "search",
    "document",
)


def filter_options(func: F) -> F:
    """Add the action filter options to a command (actions, export)."""
    options = [
        click.option("--authority", multiple=True, help="Local authority (repeatable; case-insensitive)."),
        click.option("--lead", help="Lead name, role or initials (case-insensitive, spacing-tolerant)."),
        click.option("--due-before", type=_DATE, help="Due on or before this date (YYYY-MM-DD)."),
        click.option("--due-after", type=_DATE, help="Due on or after this date (YYYY-MM-DD)."),
        click.option("--overdue", is_flag=True, help="Deadline passed (a 'by' date before --as-of) and not complete."),
        click.option("--as-of", type=_DATE, help="Reference date for --overdue (default today)."),
        click.option("--source-type", help="Source code or its meaning, e.g. OR or 'Ofsted recommendation'."),
        click.option("--rag", type=click.Choice(["red", "amber", "green"], case_sensitive=False), help="RAG rating."),
        click.option("--search", metavar="TEXT", help="Full-text search of action, outcome and section text."),
        click.option("--document", multiple=True, help="Document key (repeatable)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _as_date(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value


def filter_from_kwargs(**kw: Any) -> ActionFilter:
    """Build an ActionFilter from the options filter_options added; other keywords are ignored."""
    if kw.get("as_of") and not kw.get("overdue"):
        raise click.UsageError("--as-of only applies with --overdue")
    authority: Sequence[str] = kw.get("authority") or ()
    document: Sequence[str] = kw.get("document") or ()
    return ActionFilter(
        authority=list(authority) or None,
        lead=kw.get("lead") or None,
        due_before=_as_date(kw.get("due_before")),
        due_after=_as_date(kw.get("due_after")),
        overdue=bool(kw.get("overdue")),
        as_of=_as_date(kw.get("as_of")),
        source_type=kw.get("source_type") or None,
        rag=(kw.get("rag") or "").lower() or None,
        search=kw.get("search") or None,
        document=list(document) or None,
    )


def database_url(ctx: click.Context) -> str:
    obj = ctx.obj if isinstance(ctx.obj, dict) else {}
    return obj.get("db") or os.environ.get("PLANSIFT_DATABASE_URL") or DEFAULT_DB


def _user_errors(func: F) -> F:
    """Store errors that are the user's fault print as one line and exit 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper  # type: ignore[return-value]


def _format_option(func: F) -> F:
    return click.option(
        "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
    )(func)


def _emit(rows: Iterable[dict[str, Any]], columns: Sequence[str], fmt: str, table_columns: Sequence[tuple[str, int]]) -> None:
    out = sys.stdout
    if fmt == "json":
        out.write(json.dumps([{c: r.get(c, "") for c in columns} for r in rows], ensure_ascii=False, indent=2))
        out.write("\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow(["" if r.get(c) is None else r.get(c) for c in columns])
    else:
        _table(list(rows), table_columns, out)


def _table(rows: list[dict[str, Any]], columns: Sequence[tuple[str, int]], out: Any) -> None:
    def clip(value: Any, width: int) -> str:
        s = " ".join(str("" if value is None else value).split())
        return s if len(s) <= width else s[: width - 1] + "…"

    widths = [
        min(cap, max([len(name)] + [len(clip(r.get(name), cap)) for r in rows])) for name, cap in columns
    ]
    out.write("  ".join(name.ljust(w) for (name, _), w in zip(columns, widths)).rstrip() + "\n")
    for r in rows:
        out.write("  ".join(clip(r.get(name), w).ljust(w) for (name, _), w in zip(columns, widths)).rstrip() + "\n")
    sys.stderr.write(f"{len(rows)} row{'s' if len(rows) != 1 else ''}\n")


@click.command("actions")
@filter_options
@_format_option
@click.pass_context
@_user_errors
def actions_command(ctx: click.Context, fmt: str, **kw: Any) -> None:
    """List stored actions matching the filters, ordered by document and position."""
    flt = filter_from_kwargs(**kw)
    with Store(database_url(ctx)) as store:
        rows = store.export_rows(flt)
        _emit(rows, EXPORT_COLUMNS, fmt, [
            ("document", 18), ("ref", 8), ("action", 60), ("leads", 30), ("due_date", 10), ("rag", 5),
        ])


@click.command("plans")
@_format_option
@click.pass_context
@_user_errors
def plans_command(ctx: click.Context, fmt: str) -> None:
    """List stored plans (current versions) with their action counts."""
    with Store(database_url(ctx)) as store:
        rows = store.plans()
    columns = ["document", "authority", "plan_title", "source_file", "format", "page_count", "plan_date",
               "sha256", "ingested_at", "actions"]
    _emit(rows, columns, fmt, [
        ("document", 24), ("authority", 22), ("plan_title", 50), ("format", 6), ("actions", 7),
    ])


@click.command("leads")
@_format_option
@click.pass_context
@_user_errors
def leads_command(ctx: click.Context, fmt: str) -> None:
    """List lead entities (people, roles, organisations) with action and plan counts."""
    with Store(database_url(ctx)) as store:
        rows = store.leads()
    columns = ["name", "kind", "initials", "actions", "plans"]
    _emit(rows, columns, fmt, [("name", 50), ("kind", 12), ("initials", 8), ("actions", 7), ("plans", 5)])


@click.command("upgrade")
@click.pass_context
@_user_errors
def db_upgrade_command(ctx: click.Context) -> None:
    """Create or migrate the database schema to the latest version (safe to repeat)."""
    url = database_url(ctx)
    revision = upgrade_database(url)
    click.echo(f"database at revision {revision}")


def register(group: click.Group) -> None:
    """Add the store's commands to the main CLI group."""
    for cmd in (actions_command, plans_command, leads_command):
        group.add_command(cmd)
    db_group = group.commands.get("db")
    if not isinstance(db_group, click.Group):
        db_group = click.Group("db", help="Database maintenance.")
        group.add_command(db_group)
    db_group.add_command(db_upgrade_command)
