"""The store's click commands, registered on a stand-in main group (cli.py is built elsewhere)."""
from __future__ import annotations

import csv
import io
import json

import click
import pytest
from click.testing import CliRunner

from ingest.records import EXPORT_COLUMNS, ActionRecord, ExtractedPlan, PlanRecord
from store import open_store
from store.commands import filter_from_kwargs, filter_options, register


@click.group()
@click.option("--db", envvar="PLANSIFT_DATABASE_URL", default="sqlite:///plansift.db")
@click.pass_context
def main(ctx: click.Context, db: str) -> None:
    ctx.obj = {"db": db}


register(main)


def plan(document: str, authority: str, rag: str, due: str) -> ExtractedPlan:
    return ExtractedPlan(
        plan=PlanRecord(document=document, source_file=f"{document}.pdf", format="pdf", sha256=document,
                        authority=authority, plan_title=f"{authority} plan", legend={"OR": "Ofsted recommendation"}),
        actions=[
            ActionRecord(ref="1", action=f"{authority} audit of neglect cases", leads=["LSCB Chair"],
                         lead_raw="LSCB Chair", due_date=due, due_raw=due, due_kind="by", rag=rag,
                         sources=["OR 1"], source_types=["Ofsted recommendation"], position=0),
            ActionRecord(ref="2", action="Staff survey", leads=["Jo Bloggs"], lead_raw="JB", position=1),
        ],
    )


@pytest.fixture
def url(db_url: str) -> str:
    with open_store(db_url) as s:
        s.save_plan(plan("north-1", "Northborough", "red", "2017-05-31"))
        s.save_plan(plan("south-1", "Southwick", "green", "2019-01-31"))
    return db_url


def run(url: str, *args: str) -> click.testing.Result:
    return CliRunner().invoke(main, ["--db", url, *args], catch_exceptions=False)


def test_actions_csv_has_contract_columns(url: str) -> None:
    result = run(url, "actions", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    assert [(r["document"], r["ref"]) for r in rows] == [("north-1", "1"), ("north-1", "2"), ("south-1", "1"),
                                                          ("south-1", "2")]


def test_actions_filters_json(url: str) -> None:
    result = run(url, "actions", "--format", "json", "--authority", "southwick", "--authority", "Northborough",
                 "--lead", "lscb  chair", "--rag", "RED")
    assert result.exit_code == 0, result.output
    assert [(r["document"], r["ref"]) for r in json.loads(result.stdout)] == [("north-1", "1")]
    result = run(url, "actions", "--format", "json", "--overdue", "--as-of", "2018-01-01")
    assert [r["document"] for r in json.loads(result.stdout)] == ["north-1"]
    result = run(url, "actions", "--format", "json", "--due-after", "2018-01-01", "--search", "neglect",
                 "--source-type", "ofsted recommendation")
    assert [r["document"] for r in json.loads(result.stdout)] == ["south-1"]


def test_actions_table(url: str) -> None:
    result = run(url, "actions", "--due-before", "2018-01-01")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["document", "ref", "action", "leads", "due_date", "rag"]
    assert len(lines) == 2 and "Northborough audit of neglect cases" in lines[1]


def test_plans_and_leads(url: str) -> None:
    result = run(url, "plans", "--format", "json")
    assert [(p["document"], p["actions"]) for p in json.loads(result.stdout)] == [("north-1", 2), ("south-1", 2)]
    result = run(url, "leads", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["name"], r["kind"], r["actions"], r["plans"]) for r in rows] == [
        ("Jo Bloggs", "person", "2", "2"), ("LSCB Chair", "role", "2", "2")]


def test_db_upgrade_is_idempotent(db_url: str) -> None:
    for _ in range(2):
        result = run(db_url, "db", "upgrade")
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("database at revision ")
    with open_store(db_url) as s:
        assert s.plans() == []


def test_as_of_without_overdue_is_a_usage_error(url: str) -> None:
    result = run(url, "actions", "--as-of", "2018-01-01")
    assert result.exit_code == 2 and "--overdue" in result.output


def test_bad_database_is_one_line_error() -> None:
    result = CliRunner().invoke(main, ["--db", "mysql://x@y/z", "plans"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and result.output.startswith("Error: unsupported database")
    result = CliRunner().invoke(main, ["--db", "postgresql+psycopg://u@127.0.0.1:1/x?connect_timeout=2", "leads"])
    assert result.exit_code == 1 and "cannot open database" in result.output and result.output.count("\n") == 1


def test_filter_options_are_reusable() -> None:
    seen = {}

    @click.command()
    @filter_options
    @click.argument("out")
    def export(out: str, **kw: object) -> None:
        seen["flt"] = filter_from_kwargs(**kw)
        seen["out"] = out

    result = CliRunner().invoke(export, ["x.csv", "--authority", "A", "--overdue", "--as-of", "2020-02-03",
                                         "--rag", "Amber"])
    assert result.exit_code == 0, result.output
    flt = seen["flt"]
    assert flt.authority == ["A"] and flt.overdue and str(flt.as_of) == "2020-02-03" and flt.rag == "amber"
    assert flt.lead is None and flt.document is None and seen["out"] == "x.csv"
