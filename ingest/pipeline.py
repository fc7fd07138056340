"""Batch ingestion: discover files, extract in worker processes, store one document per
transaction. Each file gets an outcome; one bad file never stops the batch."""
from __future__ import annotations

import os
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from extractors import extract
from extractors.errors import PlansiftError

from .assemble import assemble, sha256_of
from .records import ExtractedPlan

CANDIDATE_SUFFIXES = {".pdf", ".docx", ".doc", ".odt", ".rtf", ".docm"}


@dataclass
class FileOutcome:
    path: str
    document: str
    outcome: str  # stored | unchanged | replaced | failed
    reason: str = ""
    seconds: float = 0.0
    actions: int = 0

    @property
    def failed(self) -> bool:
        return self.outcome == "failed"


def discover(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly, and plan-like files under folders (recursively, following
    symlinks once: a symlink loop is visited only once)."""
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[Path] = set()
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for root, dirs, files in os.walk(p, followlinks=True):
                try:
                    st = os.stat(root)
                except OSError:
                    dirs[:] = []
                    continue
                key = (st.st_dev, st.st_ino)
                if key in seen_dirs:
                    dirs[:] = []
                    continue
                seen_dirs.add(key)
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    f = Path(root) / name
                    if name.startswith((".", "~$")) or f.suffix.lower() not in CANDIDATE_SUFFIXES:
                        continue
                    if f not in seen_files:
                        seen_files.add(f)
                        yield f
        elif p not in seen_files:
            seen_files.add(p)
            yield p


def extract_plan(path: str | Path, sha256: str = "") -> ExtractedPlan:
    """Read one file into a plan with normalised actions (raises a PlansiftError)."""
    p = Path(path)
    if not p.exists():
        raise PlansiftError("no such file", str(p))
    if not os.access(p, os.R_OK):
        raise PlansiftError("permission denied: the file is not readable", str(p))
    doc = extract(p)
    return assemble(doc, p, sha256=sha256 or sha256_of(p))


def _work(path: str, sha: str) -> tuple[ExtractedPlan | None, str, float]:
    start = time.perf_counter()
    try:
        return extract_plan(path, sha), "", time.perf_counter() - start
    except PlansiftError as exc:
        return None, exc.reason, time.perf_counter() - start
    except MemoryError:
        return None, "ran out of memory reading this file", time.perf_counter() - start


def _warm_up() -> None:
    """Load spaCy and dateparser once per worker, before the first file."""
    from normalise.dates import _date_data_parser, parse_deadline
    from normalise.leads import normalise_leads

    parse_deadline("May 2017")
    _date_data_parser()
    normalise_leads("LSCB Chair")


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def ingest_paths(
    paths: Iterable[str | Path],
    store,
    jobs: int | None = None,
    on_outcome: Callable[[FileOutcome], None] | None = None,
    debug: bool = False,
) -> list[FileOutcome]:
    files = list(discover(paths))
    jobs = jobs or default_jobs()
    run_id = store.start_run()
    outcomes: list[FileOutcome] = []

    def finish(o: FileOutcome) -> None:
        store.record_outcome(run_id, o.path, o.document, o.outcome, o.reason, o.seconds)
        outcomes.append(o)
        if on_outcome:
            on_outcome(o)

    def save(path: Path, plan: ExtractedPlan | None, reason: str, seconds: float) -> None:
        if plan is None:
            finish(FileOutcome(str(path), path.stem, "failed", reason, seconds))
            return
        try:
            outcome = store.save_plan(plan)
        except PlansiftError as exc:
            finish(FileOutcome(str(path), path.stem, "failed", exc.reason, seconds))
            return
        finish(FileOutcome(str(path), path.stem, outcome, "", seconds, len(plan.actions)))

    pending: list[tuple[Path, str]] = []
    for f in files:
        try:
            sha = sha256_of(f)
        except FileNotFoundError:
            finish(FileOutcome(str(f), f.stem, "failed", "no such file"))
            continue
        except PermissionError:
            finish(FileOutcome(str(f), f.stem, "failed", "permission denied: the file is not readable"))
            continue
        except IsADirectoryError:
            finish(FileOutcome(str(f), f.stem, "failed", "is a directory"))
            continue
        except OSError as exc:
            finish(FileOutcome(str(f), f.stem, "failed", f"cannot read the file ({exc.strerror})"))
            continue
        if store.is_unchanged(f.stem, sha):
            finish(FileOutcome(str(f), f.stem, "unchanged"))
            continue
        pending.append((f, sha))

    if jobs <= 1 or len(pending) <= 1:
        for f, sha in pending:
            if debug:
                start = time.perf_counter()
                try:
                    plan = extract_plan(f, sha)
                    save(f, plan, "", time.perf_counter() - start)
                except PlansiftError as exc:
                    save(f, None, exc.reason, time.perf_counter() - start)
            else:
                plan, reason, secs = _work(str(f), sha)
                save(f, plan, reason, secs)
    else:
        with ProcessPoolExecutor(max_workers=min(jobs, len(pending)), initializer=_warm_up) as pool:
            futures: dict[Future, Path] = {pool.submit(_work, str(f), sha): f for f, sha in pending}
            not_done = set(futures)
            while not_done:
                done, not_done = wait(not_done, return_when=FIRST_COMPLETED)
                for fut in done:
                    f = futures[fut]
                    try:
                        plan, reason, secs = fut.result()
                    except Exception as exc:  # noqa: BLE001 - a worker died: that file failed
                        plan, reason, secs = None, f"the worker reading this file died ({exc.__class__.__name__})", 0.0
                    save(f, plan, reason, secs)
    store.finish_run(run_id)
    return outcomes
