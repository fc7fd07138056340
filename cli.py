"""plansift command line: a thin layer over ingest/, extractors/, normalise/ and store/.

Errors that are the input's fault print as one line `path: reason`; a traceback only
with --debug. Exit status: 0 when every file was stored or unchanged, 1 when any failed,
2 for a usage error.

Imports are deferred to the command that needs them, so each command loads only its own
libraries: `ingest` on unchanged files loads neither the readers nor SQLAlchemy (store.lite);
the store's commands (and SQLAlchemy) are added only when one of them is named.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from extractors.errors import PlansiftError

DEFAULT_DB = "sqlite:///plansift.db"


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


# commands built from store.commands, added on first use (importing it loads SQLAlchemy)
_STORE_COMMANDS = frozenset({"export", "actions", "plans", "leads", "db"})


class _Group(click.Group):
    """Turns the library's named errors into one-line messages unless --debug; adds the
    store's commands when one is looked up (or all are listed, for --help)."""

    def get_command(self, ctx: click.Context, cmd_name: str):
        if cmd_name in _STORE_COMMANDS and cmd_name not in self.commands:
            _add_store_commands(self)
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context):
        _add_store_commands(self)
        return super().list_commands(ctx)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PlansiftError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            _fail(str(exc))
        except Exception as exc:  # store and evaluation errors carry a one-line message too
            named = type(exc).__module__.split(".")[0] in ("store", "ingest") and not isinstance(exc, (AssertionError,))
            if named and not (ctx.obj and ctx.obj.get("debug")):
                _fail(str(exc))
            raise


@click.group(cls=_Group)
@click.option("--db", "db", envvar="PLANSIFT_DATABASE_URL", default=DEFAULT_DB, show_default=True,
              help="Database URL (SQLite file or postgresql+psycopg://…); also PLANSIFT_DATABASE_URL.")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(package_name="plansift")
@click.pass_context
def main(ctx: click.Context, db: str, debug: bool) -> None:
    """Turn published plan documents (PDF and Word) into structured, queryable action records."""
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    ctx.obj["debug"] = debug


def _open_store(ctx: click.Context):
    from store import open_store

    return open_store(ctx.obj["db"])


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per core).")
@click.option("--quiet", "-q", is_flag=True, help="Print only failures and the summary.")
@click.option("--timeout", type=click.FloatRange(min=1), default=120, show_default=True,
              help="Seconds one file may take before it fails and the batch goes on.")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], jobs: int | None, quiet: bool, timeout: float) -> None:
    """Ingest plan files or folders (recursively) into the database.

    Each file gets a one-line verdict: stored, unchanged, replaced, skipped, or failed with the
    reason. Each file is read in a worker process limited to --timeout seconds and 1 GiB of
    memory; past either it fails and the batch goes on. Files already stored with the same
    content (sha256) are unchanged and not read again.

    A plan's document key is its file's stem, so x.docx and x.pdf in one batch are one
    document: the Word file is read (its tables are exact; a PDF's are rebuilt from positions)
    and the other is "skipped: same document as .../x.docx" (files of one kind: the first
    found is read). If the file read fails, the next is read instead.

    Exit status: 0 when every file was stored, replaced, unchanged or skipped; 1 when any file
    failed or no file was found (the rest are stored all the same); 2 for a usage error.
    """
    from ingest.pipeline import discover, ingest_paths, start_workers_early
    from store.lite import IngestStore

    # SQLAlchemy is loaded only once a file must be saved; a new database (every file will be
    # read) is created while the workers' server starts
    store = IngestStore(ctx.obj["db"], before_full=start_workers_early)
    total = sum(1 for _ in discover(paths)) if not quiet and sys.stderr.isatty() else 0  # for the bar only
    show_bar = total > 1
    counts: dict[str, int] = {}
    bar = click.progressbar(length=total, label="ingesting", file=sys.stderr) if show_bar else None

    def report(o) -> None:
        counts[o.outcome] = counts.get(o.outcome, 0) + 1
        if o.failed:
            click.echo(f"{o.path}: {o.reason}", err=True)
        elif not quiet:
            extra = f" ({o.actions} actions)" if o.outcome in ("stored", "replaced") else ""
            extra += f": {o.reason}" if o.outcome == "skipped" else ""
            click.echo(f"{o.path}: {o.outcome}{extra}")
        if bar is not None:
            bar.update(1)

    try:
        if bar is not None:
            with bar:
                outcomes = ingest_paths(paths, store, jobs=jobs, on_outcome=report, debug=ctx.obj["debug"], timeout=timeout)
        else:
            outcomes = ingest_paths(paths, store, jobs=jobs, on_outcome=report, debug=ctx.obj["debug"], timeout=timeout)
    finally:
        store.close()
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "no files found"
    click.echo(f"{len(outcomes)} files: {summary}", err=True)
    if any(o.failed for o in outcomes) or not outcomes:
        sys.exit(1)



@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text", show_default=True)
@click.option("--explain", is_flag=True, help="Show which header mapped to which field, and why a table gave no actions.")
@click.pass_context
def tables(ctx: click.Context, file: Path, fmt: str, explain: bool) -> None:
    """Show the tables the extractor found in FILE, as a person would inspect them."""
    from extractors import extract
    from ingest.recognise import recognise

    doc = extract(file)
    found = list(doc.tables())
    reports = {r.index: r for r in recognise(doc)[1]} if explain else {}
    if fmt == "json":
        payload = [t.to_json() for t in found]
        if explain:
            for obj, t in zip(payload, found):
                r = reports.get(t.index)
                if r:
                    obj["explain"] = {"mapping": r.mapping, "action_table": r.is_action_table,
                                      "actions": r.actions, "why": r.why}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=1))
        return
    for t in found:
        pages = ",".join(map(str, t.pages)) or "-"
        click.echo(f"## table {t.index + 1}: {t.n_rows} rows x {t.n_cols} cols, pages {pages}, header rows {t.header_rows}")
        r = reports.get(t.index)
        if r:
            click.echo(f"   mapping: {'; '.join(r.mapping) or '(none)'}")
            click.echo(f"   action table: {r.is_action_table}, actions: {r.actions}{', ' + r.why if r.why else ''}")
        for row in t.text_rows():
            click.echo(" | ".join(" ".join(c.split())[:60] for c in row))
        click.echo("")


@main.command()
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("export_csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "json_out", type=click.Path(path_type=Path), help="Also write the figures as JSON.")
@click.option("--min-strict-f1", type=float, default=None, help="Exit 1 below this overall strict F1.")
@click.option("--show-misses", is_flag=True, help="List unpaired and wrong-field actions.")
@click.option("--documents", multiple=True, help="Score only these document keys.")
def evaluate(gold_dir: Path, export_csv: Path, json_out: Path | None, min_strict_f1: float | None,
             show_misses: bool, documents: tuple[str, ...]) -> None:
    """Score EXPORT_CSV against the gold records in GOLD_DIR (the contract's scoring)."""
    from ingest.evaluate import EvaluationError, load_export, load_gold, print_report, score

    try:
        gold = load_gold(gold_dir)
        if documents:
            gold = {k: v for k, v in gold.items() if k in set(documents)}
        result = score(gold, load_export(export_csv), show_misses)
    except EvaluationError as exc:
        _fail(str(exc))
    print_report(result)
    if json_out:
        json_out.write_text(json.dumps(result, indent=2))
    if min_strict_f1 is not None and result["overall"]["strict_f1"] < min_strict_f1:
        sys.exit(1)


@main.command()
@click.option("--below", type=float, default=0.8, show_default=True, help="Confidence threshold.")
@click.option("--document", multiple=True, help="Only these document keys.")
@click.pass_context
def review(ctx: click.Context, below: float, document: tuple[str, ...]) -> None:
    """List low-confidence records, with the reasons, for a person to check."""
    from store import ActionFilter

    store = _open_store(ctx)
    flt = ActionFilter(document=list(document) or None)
    rows = [r for r in store.query_actions(flt) if r["confidence"] < below]
    for r in rows:
        click.echo(f"{r['document']} p{r['page'] or '-'} ref {r['ref'] or '-'} conf {r['confidence']:.2f}: "
                   f"{r['action'][:70]!r} — {r['reasons']}")
    click.echo(f"{len(rows)} records below {below}", err=True)


def _add_store_commands(group: click.Group) -> None:
    if "export" in group.commands:
        return
    from store.commands import filter_from_kwargs, filter_options, register

    @click.argument("out", type=click.Path(path_type=Path))
    @filter_options
    @click.pass_context
    def export(ctx: click.Context, out: Path, **filters) -> None:
        """Write the stored actions to OUT: .csv (the contract's columns), .xlsx or .parquet."""
        from store import write_export

        store = _open_store(ctx)
        flt = filter_from_kwargs(**filters)
        n = write_export(store.export_rows(flt), out)
        click.echo(f"wrote {n} actions to {out}", err=True)

    group.command("export")(export)
    register(group)

if __name__ == "__main__":
    main()
