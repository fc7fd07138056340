"""The batch: every file a verdict, the batch goes on, nothing lost.

Worker failures are provoked by ``misbehaving``, an extractor the workers import from this
module: a file's name says what it does (hang, segfault, exit, hog memory, raise a bug).
No assertion here depends on how long anything takes; time limits are set short so a hang
is cut off soon, and the assertion is on the verdict.
"""
from __future__ import annotations

import mmap
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest.pipeline import (
    FileOutcome,
    WorkerStartupError,
    discover,
    document_key,
    extract_plan,
    ingest_paths,
)
from extractors.errors import PlansiftError
from ingest.records import ExtractedPlan
from store.lite import OUTCOMES

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "fixtures" / "plans"
GOOD = PLANS / "barnet-2017.docx"
MiB = 1 << 20


# ------------------------------------------------------------------ helpers
class FakeStore:
    """The methods ingest_paths uses, in memory, counting the batch calls."""

    def __init__(self) -> None:
        self.current: dict[str, tuple[str, ExtractedPlan]] = {}
        self.outcomes: list[tuple] = []
        self.runs: list[int] = []
        self.finished: list[int] = []
        self.unchanged_calls: list[list[tuple[str, str]]] = []
        self.record_calls = 0

    def start_run(self) -> int:
        self.runs.append(len(self.runs) + 1)
        return self.runs[-1]

    def finish_run(self, run_id: int) -> None:
        self.finished.append(run_id)

    def record_outcomes(self, run_id, outcomes) -> None:
        self.record_calls += 1
        for path, document, outcome, reason, seconds in outcomes:
            assert outcome in OUTCOMES  # the real store's log
            self.outcomes.append((run_id, path, document, outcome, reason))

    def unchanged(self, pairs) -> set[str]:
        pairs = list(pairs)
        self.unchanged_calls.append(pairs)
        return {doc for doc, sha in pairs if doc in self.current and self.current[doc][0] == sha}

    def save_plan(self, plan: ExtractedPlan) -> str:
        key = plan.plan.document
        if key in self.current:
            if self.current[key][0] == plan.plan.sha256:
                return "unchanged"
            outcome = "replaced"
        else:
            outcome = "stored"
        self.current[key] = (plan.plan.sha256, plan)
        return outcome


def misbehaving(path: str, sha: str) -> ExtractedPlan:
    """extract_plan, except for files named for a misdeed."""
    name = Path(path).stem
    if name.startswith("hang"):
        time.sleep(3600)
    if name.startswith("segfault"):
        os.kill(os.getpid(), signal.SIGSEGV)
    if name.startswith("exit"):
        os._exit(3)
    if name.startswith("hog-heap"):  # private memory: RLIMIT_DATA turns it into MemoryError
        hog = bytearray(2 << 30)
        return hog  # type: ignore[return-value]
    if name.startswith("hog-shared"):  # shared memory escapes RLIMIT_DATA: the RSS check kills it
        m = mmap.mmap(-1, 1536 * MiB, flags=mmap.MAP_SHARED)
        for offset in range(0, len(m), mmap.PAGESIZE):
            m[offset] = 1
        time.sleep(3600)
    if name.startswith("bug"):
        raise ValueError("a bug in an extractor")
    return extract_plan(path, sha)


class _Boom:
    """Pickles fine, fails to unpickle: a worker that cannot start."""

    def __call__(self, path, sha):  # pragma: no cover - never runs
        raise AssertionError

    def __reduce__(self):
        return (_explode, ())


def _explode():
    raise RuntimeError("cannot load the extractor")


def folder_of(tmp_path: Path, **names: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name, src in names.items():
        shutil.copyfile(src, folder / f"{name}{src.suffix}")
    return folder


def by_name(outcomes: list[FileOutcome]) -> dict[str, FileOutcome]:
    return {Path(o.path).name: o for o in outcomes}


# ------------------------------------------------------------------ worker isolation
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_worker_that_dies_fails_only_its_file(tmp_path, jobs):
    folder = folder_of(tmp_path, a_good=GOOD, segfault=GOOD, exit=GOOD, z_good=PLANS / "kingston-2009.docx")
    store = FakeStore()
    outcomes = by_name(ingest_paths([folder], store, jobs=jobs, extractor=misbehaving))
    assert set(outcomes) == {"a_good.docx", "segfault.docx", "exit.docx", "z_good.docx"}
    assert outcomes["a_good.docx"].outcome == "stored"
    assert outcomes["z_good.docx"].outcome == "stored"
    seg, ex = outcomes["segfault.docx"], outcomes["exit.docx"]
    assert (seg.outcome, seg.error) == ("failed", "WorkerDied")
    assert "crashed (killed by SIGSEGV)" in seg.reason
    assert (ex.outcome, ex.error) == ("failed", "WorkerDied")
    assert "exit status 3" in ex.reason
    assert len(store.outcomes) == 4 and store.finished == [1]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_hanging_file_is_stopped_at_the_time_limit(tmp_path, jobs):
    folder = folder_of(tmp_path, a_good=GOOD, hang=GOOD, z_good=PLANS / "kingston-2009.docx")
    outcomes = by_name(ingest_paths([folder], FakeStore(), jobs=jobs, timeout=4, extractor=misbehaving))
    hang = outcomes["hang.docx"]
    assert (hang.outcome, hang.error) == ("failed", "TooLarge")
    assert hang.reason == "took longer than 4 s (the per-file time limit); stopped"
    assert outcomes["a_good.docx"].outcome == outcomes["z_good.docx"].outcome == "stored"


def test_private_memory_past_the_bound_is_a_memory_error(tmp_path):
    folder = folder_of(tmp_path, **{"hog-heap": GOOD, "z_good": PLANS / "kingston-2009.docx"})
    outcomes = by_name(ingest_paths([folder], FakeStore(), jobs=1, memory_limit=768 * MiB, extractor=misbehaving))
    hog = outcomes["hog-heap.docx"]
    assert (hog.outcome, hog.error) == ("failed", "TooLarge")
    assert hog.reason == "ran out of memory: over the 768 MiB memory limit per file"
    assert outcomes["z_good.docx"].outcome == "stored"  # in a fresh worker


def test_resident_memory_past_the_bound_is_killed(tmp_path):
    folder = folder_of(tmp_path, **{"hog-shared": GOOD, "z_good": PLANS / "kingston-2009.docx"})
    outcomes = by_name(ingest_paths([folder], FakeStore(), jobs=1, memory_limit=768 * MiB, timeout=600,
                                    extractor=misbehaving))
    hog = outcomes["hog-shared.docx"]
    assert (hog.outcome, hog.error) == ("failed", "TooLarge")
    assert hog.reason == "used more than 768 MiB of memory (the per-file limit); stopped"
    assert outcomes["z_good.docx"].outcome == "stored"


def test_a_bug_is_a_verdict_with_its_type_and_the_batch_goes_on(tmp_path):
    folder = folder_of(tmp_path, bug=GOOD, z_good=PLANS / "kingston-2009.docx")
    outcomes = by_name(ingest_paths([folder], FakeStore(), jobs=1, extractor=misbehaving))
    bug = outcomes["bug.docx"]
    assert bug.error == "InternalError"
    assert "ValueError: a bug in an extractor" in bug.reason and "--debug" in bug.reason
    assert "Traceback" not in bug.reason
    assert outcomes["z_good.docx"].outcome == "stored"
    debug = by_name(ingest_paths([folder / "bug.docx"], FakeStore(), jobs=1, debug=True, extractor=misbehaving))
    assert "Traceback" in debug["bug.docx"].reason


def test_workers_that_cannot_start_stop_the_batch_with_a_named_error(tmp_path):
    folder = folder_of(tmp_path, a=GOOD)
    store = FakeStore()
    with pytest.raises(WorkerStartupError, match="worker process"):
        ingest_paths([folder], store, jobs=1, extractor=_Boom())


def reports_warm_up(path: str, sha: str) -> ExtractedPlan:
    """Fails on purpose, its reason telling which process built spaCy's pipeline (run the
    warm-up first) and how many times this process's copy of the cache was filled."""
    from ingest import pipeline
    from normalise.leads import _nlp

    raise ValueError(f"worker {os.getpid()} warmed in {pipeline._warmed_in} nlp built {_nlp.cache_info().misses}")


def test_workers_share_the_parsers_built_in_the_forkserver(tmp_path):
    folder = folder_of(tmp_path, a=GOOD, b=PLANS / "kingston-2009.docx")
    outcomes = ingest_paths([folder], FakeStore(), jobs=2, extractor=reports_warm_up)
    for o in outcomes:
        words = o.reason.split("ValueError: ")[1].split(")")[0].split()
        worker, warmed_in, built = int(words[1]), int(words[4]), int(words[7])
        assert warmed_in not in (worker, os.getpid()), o.reason  # before the fork, not in the parent
        assert built == 1, o.reason


def test_in_process_mode_gives_the_same_verdicts(tmp_path):
    folder = folder_of(tmp_path, bug=GOOD, z_good=PLANS / "kingston-2009.docx")
    outcomes = by_name(ingest_paths([folder], FakeStore(), isolate=False, extractor=misbehaving))
    assert outcomes["bug.docx"].error == "InternalError"
    assert outcomes["z_good.docx"].outcome == "stored"


# ------------------------------------------------------------------ keys, duplicates, reruns
def test_duplicate_files_under_two_names_are_two_plans(tmp_path):
    folder = folder_of(tmp_path, **{"plan": GOOD, "plan copy": GOOD})
    store = FakeStore()
    outcomes = by_name(ingest_paths([folder], store, jobs=2))
    assert outcomes["plan.docx"].outcome == outcomes["plan copy.docx"].outcome == "stored"
    assert set(store.current) == {"plan", "plan copy"}
    assert outcomes["plan.docx"].actions == outcomes["plan copy.docx"].actions > 0


def test_two_files_with_one_stem_are_one_document_the_word_file_read(tmp_path):
    folder = tmp_path / "in"
    (folder / "a").mkdir(parents=True)
    shutil.copyfile(PLANS / "kingston-2009.pdf", folder / "a" / "plan.pdf")  # found first
    shutil.copyfile(PLANS / "kingston-2009.docx", folder / "plan.docx")
    store = FakeStore()
    outcomes = ingest_paths([folder], store, jobs=2)
    assert sorted((Path(o.path).name, o.outcome) for o in outcomes) == [("plan.docx", "stored"), ("plan.pdf", "skipped")]
    skipped = next(o for o in outcomes if o.outcome == "skipped")
    assert not skipped.failed
    assert skipped.reason == f"same document as {folder / 'plan.docx'} (document key 'plan'; the Word file is read)"
    assert store.current["plan"][1].plan.format == "docx"
    logged = {Path(o[1]).name: (o[3], o[4]) for o in store.outcomes}
    assert logged["plan.pdf"] == ("skipped", skipped.reason)
    again = ingest_paths([folder], store, jobs=2)
    assert sorted((Path(o.path).name, o.outcome) for o in again) == [("plan.docx", "unchanged"), ("plan.pdf", "skipped")]


def test_same_stem_and_format_the_first_found_is_read(tmp_path):
    folder = tmp_path / "in"
    for sub in ("a", "b"):
        (folder / sub).mkdir(parents=True)
    shutil.copyfile(PLANS / "kingston-2009.docx", folder / "a" / "plan.docx")
    shutil.copyfile(PLANS / "barnet-2017.docx", folder / "b" / "plan.docx")
    outcomes = {o.path: o for o in ingest_paths([folder], FakeStore(), isolate=False)}
    assert outcomes[str(folder / "a" / "plan.docx")].outcome == "stored"
    assert outcomes[str(folder / "b" / "plan.docx")].outcome == "skipped"
    assert outcomes[str(folder / "b" / "plan.docx")].reason == (
        f"same document as {folder / 'a' / 'plan.docx'} (document key 'plan'; the first found is read)")


def fails_on_docx(path: str, sha: str) -> ExtractedPlan:
    if path.endswith(".docx"):
        raise ValueError("a bug in an extractor")
    return extract_plan(path, sha)


@pytest.mark.parametrize("pdf_stored_before", [False, True])
def test_same_stem_a_failed_file_is_stood_in_for_by_the_next(tmp_path, pdf_stored_before):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(PLANS / "kingston-2009.pdf", folder / "plan.pdf")
    shutil.copyfile(PLANS / "kingston-2009.docx", folder / "plan.docx")
    store = FakeStore()
    if pdf_stored_before:
        ingest_paths([folder / "plan.pdf"], store, isolate=False)
    outcomes = by_name(ingest_paths([folder], store, jobs=1, extractor=fails_on_docx))
    assert outcomes["plan.docx"].outcome == "failed"
    assert outcomes["plan.pdf"].outcome == ("unchanged" if pdf_stored_before else "stored")
    assert store.current["plan"][1].plan.format == "pdf"


def test_a_rerun_reports_unchanged_files(tmp_path):
    folder = folder_of(tmp_path, a=GOOD, b=PLANS / "kingston-2009.docx")
    store = FakeStore()
    ingest_paths([folder], store, jobs=2)
    store.unchanged_calls.clear()
    store.record_calls = 0
    again = ingest_paths([folder], store, jobs=2)
    assert sorted(o.outcome for o in again) == ["unchanged", "unchanged"]
    # one query for the batch, one transaction for the verdicts
    assert len(store.unchanged_calls) == 1 and sorted(store.unchanged_calls[0]) == sorted(
        (k, sha) for k, (sha, _) in store.current.items())
    assert store.record_calls == 1 and len(store.outcomes) == 4


def test_document_key_is_the_stem():
    assert document_key("/x/Plan d’action 2019–20 (final).docx") == "Plan d’action 2019–20 (final)"


# ------------------------------------------------------------------ discovery
def test_symlink_loops_end_and_each_file_is_visited_once(tmp_path):
    top = tmp_path / "site"
    (top / "a" / "b").mkdir(parents=True)
    shutil.copyfile(GOOD, top / "a" / "plan.docx")
    shutil.copyfile(GOOD, top / "a" / "b" / "other.pdf")
    (top / "a" / "b" / "up").symlink_to(top / "a")  # a loop
    (top / "a" / "self").symlink_to(".")  # another
    (top / "a" / "alias.docx").symlink_to(top / "a" / "plan.docx")  # the same file by a second name
    (top / "a" / "broken.pdf").symlink_to(top / "missing.pdf")
    found = list(discover([top, top / "a"]))
    names = [p.name for p in found]
    assert sorted(names) == ["broken.pdf", "other.pdf", "plan.docx"] or sorted(names) == [
        "alias.docx", "broken.pdf", "other.pdf"]
    assert len(found) == len(set(found)) == 3
    outcomes = by_name(ingest_paths([top], FakeStore(), jobs=1))
    assert outcomes["broken.pdf"].reason == "no such file (a broken symlink?)"


def test_folders_yield_documents_by_content_and_extension(tmp_path):
    top = tmp_path / "site"
    top.mkdir()
    shutil.copyfile(PLANS / "barnet-2017.pdf", top / "download.aspx")  # a PDF with a web name
    (top / "style.css").write_text("body { color: red }")
    (top / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (top / "page.pdf").write_text("<html><body>not found</body></html>")  # a bad file named as a plan
    (top / ".hidden.pdf").write_bytes(b"%PDF-1.4")
    (top / "~$lock.docx").write_bytes(b"lock")
    assert sorted(p.name for p in discover([top])) == ["download.aspx", "page.pdf"]


def test_names_with_spaces_and_non_ascii_are_stored(tmp_path):
    name = "Plan d’action 2019–20 (final) – Ōsaka & Hammersmith"
    folder = folder_of(tmp_path, **{name: GOOD})
    store = FakeStore()
    outcomes = ingest_paths([folder], store, jobs=1)
    assert [(o.document, o.outcome) for o in outcomes] == [(name, "stored")]
    assert name in store.current


# ------------------------------------------------------------------ the real store and CLI
def plansift(*args: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, sys.executable, "-m", "cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


def test_outcomes_are_recorded_with_the_run(tmp_path):
    from store import open_store

    folder = folder_of(tmp_path, good=GOOD, bug=GOOD)
    store = open_store(f"sqlite:///{tmp_path / 'x.db'}")
    seen: list[FileOutcome] = []
    outcomes = ingest_paths([folder], store, jobs=2, extractor=misbehaving, on_outcome=seen.append)
    assert seen == outcomes
    run_id = max(r for r in range(1, 10) if store.run_outcomes(r))
    recorded = {Path(r["path"]).name: (r["outcome"], r["reason"]) for r in store.run_outcomes(run_id)}
    assert recorded["good.docx"] == ("stored", "")
    assert recorded["bug.docx"][0] == "failed" and "ValueError" in recorded["bug.docx"][1]
    assert [p["document"] for p in store.plans()] == ["good"]


def _no_dac_prefix() -> tuple[str, ...] | None:
    """A command prefix under which chmod 000 really denies reading: nothing for an ordinary
    user; for root, setpriv dropping the capabilities that let root read anything."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return (setpriv, "--bounding-set", "-dac_override,-dac_read_search")


def test_unreadable_files_and_folders_get_a_verdict(tmp_path):
    prefix = _no_dac_prefix()
    if prefix is None:
        pytest.skip("running as root without setpriv: root reads any file, so nothing is unreadable")
    folder = folder_of(tmp_path, good=GOOD, locked=GOOD)
    (folder / "sealed").mkdir()
    shutil.copyfile(GOOD, folder / "sealed" / "inside.docx")
    (folder / "locked.docx").chmod(0)
    (folder / "sealed").chmod(0)
    try:
        proc = plansift("--db", f"sqlite:///{tmp_path / 'x.db'}", "ingest", str(folder), prefix=prefix)
    finally:
        (folder / "sealed").chmod(0o755)
        (folder / "locked.docx").chmod(0o644)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert f"{folder / 'locked.docx'}: permission denied: this user cannot read the file" in proc.stderr
    assert f"{folder / 'sealed'}: a folder that cannot be listed (permission denied?)" in proc.stderr
    assert f"{folder / 'good.docx'}: stored" in proc.stdout


def test_cli_exit_status_follows_the_verdicts(tmp_path):
    db = f"sqlite:///{tmp_path / 'x.db'}"
    ok = plansift("--db", db, "--debug", "ingest", "-j", "1", str(GOOD))
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith(f"{GOOD}: stored (")
    again = plansift("--db", db, "ingest", str(GOOD))
    assert again.returncode == 0 and again.stdout == f"{GOOD}: unchanged\n"
    bad = plansift("--db", db, "ingest", str(GOOD), str(ROOT / "fixtures" / "bad" / "empty.pdf"))
    assert bad.returncode == 1
    assert f"{ROOT / 'fixtures' / 'bad' / 'empty.pdf'}: empty file (0 bytes)" in bad.stderr


# ------------------------------------------------------------------ scheduling
def refuses(path: str, sha: str) -> ExtractedPlan:
    raise PlansiftError("refused", path)


@pytest.mark.parametrize("jobs, expected", [(1, ["a", "b", "c", "d"]), (2, ["c", "a", "d", "b"])])
def test_several_workers_take_the_largest_files_first(tmp_path, jobs, expected):
    """With several workers a big file read last would leave the others idle; one worker keeps
    the discovery order."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, size in {"a": 300, "b": 100, "c": 900, "d": 200}.items():
        (folder / f"{name}.pdf").write_bytes(b"%PDF-1.4\n" + b"x" * size)
    outcomes = ingest_paths([folder], FakeStore(), jobs=jobs, isolate=False, extractor=refuses)
    assert [Path(o.path).stem for o in outcomes] == expected
