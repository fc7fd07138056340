"""Batch ingestion: discover files, extract each in a supervised worker process, store one
document per transaction. Every file gets a verdict; one bad file never stops the batch.

Flow: ``discover`` → sha256 of every file (parent) → one file per document key → one
``store.unchanged`` query for the whole batch, the unchanged files' verdicts recorded in one
transaction (``store.record_outcomes``) → extract + assemble (worker, for the rest only) →
``store.save_plan`` (parent, one transaction per document) → its verdict recorded.

Isolation. Extraction runs in worker processes forked from a ``forkserver`` (``spawn`` where
there is none) that has imported the extractors and built spaCy's pipeline once
(``_warm_up``, shared copy-on-write); each worker reads one file at a time from its
own pipe, so the parent always knows which file a worker holds. The parent
waits on every pipe and every worker's exit sentinel at once and enforces:

* a per-file wall-clock limit (``timeout``, default 120 s): past it the worker's whole
  process group (its LibreOffice or ocrmypdf children too) is killed and replaced;
* a per-file memory bound (``memory_limit``, default 1 GiB): the worker's resident set is
  read from /proc several times a second and the group killed above the bound; inside the
  worker ``RLIMIT_DATA`` is set to the same bound, so a runaway allocation fails there as a
  MemoryError first. (``RLIMIT_AS`` would not do: a worker with spaCy, numpy and pdfplumber
  loaded maps ~300 MB of address space it never touches, growing with the core count.)
* a worker that dies (segfault, OOM kill, ``os._exit``) fails only the file it held.

``jobs=1`` still uses one worker, so a hanging file can be killed. The cost is paid once per
batch, not per file, and only when some file needs reading: the forkserver imports the
extractors and spaCy and warms up (2-2.5 s of CPU) when the first file needs a worker, and
``min(jobs, files waiting)`` workers are started together; a batch whose files are all
unchanged starts no process at all. Measured end to end on
one Word plan, a batch through a worker takes 1.05-1.2x the in-process time (0.1-1 s more);
on eight files, 1.0-1.05x. ``isolate=False`` reads files in the calling process without
limits (for debugging and profiling only).

As with any multiprocessing program, a script calling ``ingest_paths`` must guard its entry
point with ``if __name__ == "__main__":`` (workers re-import the main module).

Document key. A plan's key is its file's stem (``plans/Barnet Plan 2017.pdf`` →
``Barnet Plan 2017``). Two copies of one file under two names are two plans, each reported.
Two files with one stem (``x.docx`` and ``x.pdf``) are one document: one batch reads one of
them, the word processor's file before a PDF (its tables are exact), else the first found; the
others are ``skipped`` (a success) with a reason naming the file read. If that file fails, the
next one is read instead. So rerunning a folder holding both is ``unchanged``, not a
``replaced`` flip-flop between the two.
"""
from __future__ import annotations

import hashlib
import logging
import multiprocessing as mp
import os
import signal
import time
import traceback
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Callable, Iterable, Iterator

from extractors.detect import DOCUMENT_KINDS, sniff
from extractors.errors import PlansiftError

from .records import ExtractedPlan

# The parent process only discovers, hashes and stores: the extractors and normalisers (spaCy
# among them) are imported by the workers, so the parent starts quickly.

CANDIDATE_SUFFIXES = {".pdf", ".docx", ".doc", ".odt", ".rtf", ".docm", ".dotx"}
DEFAULT_TIMEOUT = 120.0  # seconds per file
MEMORY_LIMIT = 1 << 30  # bytes per worker process
STARTUP_TIMEOUT = 300.0  # seconds for a worker to import and warm up
POLL = 0.2  # seconds between memory and deadline checks


class WorkerStartupError(Exception):
    """The worker processes cannot start: an installation problem, not a file's fault."""


@dataclass
class FileOutcome:
    path: str
    document: str
    outcome: str  # stored | unchanged | replaced | skipped | failed
    reason: str = ""
    seconds: float = 0.0
    actions: int = 0
    error: str = ""  # the failure's class: UnreadableDocument, TooLarge, WorkerDied, ...

    @property
    def failed(self) -> bool:
        return self.outcome == "failed"


# ---------------------------------------------------------------------------- discovery
def discover(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly (whatever they are), and document files under folders.

    Folders are walked recursively, following symlinks but entering each real folder once, so
    a symlink loop ends; a file reached by two routes (a symlink, a hard link) is yielded once.
    Under a folder a file is a candidate when its extension is a document's (.pdf, .docx,
    .doc, .odt, .rtf, .docm, .dotx) or its content is a document whatever its name
    (``download.aspx`` that is a PDF). Hidden files and Word lock files (``~$x.docx``) are
    skipped. A folder that cannot be listed is yielded itself, to be reported.
    """
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[tuple[int, int]] = set()
    seen_names: set[Path] = set()

    def once(f: Path) -> bool:
        try:
            st = f.stat()
        except OSError:  # broken symlink, vanished: reported later by name
            if f in seen_names:
                return False
            seen_names.add(f)
            return True
        key = (st.st_dev, st.st_ino)
        if key in seen_files:
            return False
        seen_files.add(key)
        return True

    for given in paths:
        p = Path(given)
        if not p.is_dir():
            if once(p):
                yield p
            continue
        unlisted: list[Path] = []
        for root, dirs, files in os.walk(p, followlinks=True, onerror=lambda e: unlisted.append(Path(e.filename))):
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
                if name.startswith((".", "~$")) or not _is_candidate(f):
                    continue
                if once(f):
                    yield f
            while unlisted:
                yield unlisted.pop(0)
        while unlisted:
            yield unlisted.pop(0)


def _is_candidate(f: Path) -> bool:
    if f.suffix.lower() in CANDIDATE_SUFFIXES:
        return True
    try:
        return f.is_file() and sniff(f) in DOCUMENT_KINDS
    except OSError:
        return False


# ---------------------------------------------------------------------------- one file
def document_key(path: str | Path) -> str:
    """The document key under which a file's plan is stored: its stem."""
    return Path(path).stem


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def extract_plan(path: str | Path, sha256: str = "") -> ExtractedPlan:
    """Read one file into a plan with normalised actions (raises a PlansiftError)."""
    from extractors import extract

    from .assemble import assemble

    p = Path(path)
    doc = extract(p)
    return assemble(doc, p, sha256=sha256 or file_sha256(p))


@dataclass
class _Result:
    plan: ExtractedPlan | None
    reason: str = ""
    error: str = ""
    seconds: float = 0.0
    recycle: bool = False  # the worker should be replaced (after a MemoryError)


def _work(extractor: Callable[[str, str], ExtractedPlan], path: str, sha: str, debug: bool,
          memory_limit: int = MEMORY_LIMIT) -> _Result:
    start = time.perf_counter()
    try:
        return _Result(extractor(path, sha), seconds=time.perf_counter() - start)
    except PlansiftError as exc:
        return _Result(None, exc.reason, type(exc).__name__, time.perf_counter() - start)
    except MemoryError:
        return _Result(None, f"ran out of memory: over the {_gib(memory_limit)} memory limit per file",
                       "TooLarge", time.perf_counter() - start, recycle=True)
    except RecursionError as exc:
        return _Result(None, f"nested too deeply to read ({exc})", "UnreadableDocument", time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001 - a bug in plansift: this file fails, the batch goes on
        reason = f"internal error ({type(exc).__name__}: {exc}); a bug in plansift"
        reason += ":\n" + traceback.format_exc() if debug else ", rerun with --debug for the traceback"
        return _Result(None, reason, "InternalError", time.perf_counter() - start)


def _gib(n: int) -> str:
    return f"{n / (1 << 30):g} GiB" if n >= 1 << 30 else f"{n / (1 << 20):g} MiB"


_warmed_in: int | None = None  # the process whose _warm_up ran first: the forkserver, for workers


def _warm_up() -> None:
    """Build spaCy's pipeline and the deadline parser's tables (cached by the normalisers): in
    the forkserver, so that every worker shares them copy-on-write, and again (a no-op then) in
    each worker before its first file, where a failure is reported. dateparser is left to load
    when a cell first needs it (0.4 s, 9 MB): the deadline parser's own rules read nearly every
    date, and in the 40-plan corpus only one of two workers ever needed it."""
    global _warmed_in
    from normalise.dates import parse_deadline
    from normalise.leads import normalise_leads

    parse_deadline("May 2017")
    parse_deadline("end of March 2018")
    normalise_leads("LSCB Chair")
    if _warmed_in is None:
        _warmed_in = os.getpid()


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


# ---------------------------------------------------------------------------- worker side
@dataclass
class _WorkerOptions:
    extractor: Callable[[str, str], ExtractedPlan]
    memory_limit: int
    timeout: float
    debug: bool


def _vm_data() -> int | None:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _limit_memory(limit: int) -> None:
    """RLIMIT_DATA (heap and private writable mappings) at the bound, so that an allocation
    past it raises MemoryError in the worker. Skipped when the loaded libraries already use
    most of it (the parent's RSS check still applies)."""
    try:
        import resource
    except ImportError:  # not on POSIX: the parent's checks only
        return
    used = _vm_data()
    if used is not None and used > limit * 0.75:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft == resource.RLIM_INFINITY or soft > limit:
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def _worker_main(conn: Connection, opts: _WorkerOptions) -> None:
    try:
        os.setpgid(0, 0)  # own process group: the parent kills it with its converter children
    except OSError:
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if not opts.debug:
        # pdfminer and friends log warnings about damaged files to stderr; the verdict says
        # what matters, one line per file, so their chatter is dropped (kept with --debug)
        logging.getLogger().addHandler(logging.NullHandler())
    try:
        _warm_up()
        from extractors import convert

        convert.TIMEOUT = max(1.0, min(convert.TIMEOUT, opts.timeout * 0.9))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which stops the batch
        conn.send(("startup-failed", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
        return
    _limit_memory(opts.memory_limit)
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):  # the parent has gone
            return
        if job is None:
            return
        path, sha = job
        result = _work(opts.extractor, path, sha, opts.debug, opts.memory_limit)
        try:
            conn.send(("result", result))
        except (BrokenPipeError, EOFError):
            return
        except Exception as exc:  # noqa: BLE001 - e.g. a plan that cannot be pickled: still a verdict
            conn.send(("result", _Result(None, f"internal error (cannot return the result: {exc})",
                                         "InternalError", result.seconds)))
        if result.recycle:
            return


# ---------------------------------------------------------------------------- parent side
@dataclass(eq=False)
class _Job:
    path: Path
    sha: str
    order: int = 0  # position in discovery order
    stand_in: bool = False  # read because a file with the same document key failed


class _Worker:
    def __init__(self, ctx, opts: _WorkerOptions) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, opts), daemon=True, name="plansift-worker")
        self.proc.start()
        child.close()
        self.started = time.monotonic()
        self.ready = False
        self.job: _Job | None = None
        self.job_started = 0.0

    @property
    def busy(self) -> bool:
        return self.job is not None

    def send(self, job: _Job) -> None:
        self.job = job
        self.job_started = time.monotonic()
        self.conn.send((str(job.path), job.sha))

    def rss(self) -> int | None:
        try:
            with open(f"/proc/{self.proc.pid}/statm") as fh:
                return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            return None

    def kill(self) -> None:
        """SIGKILL the worker and everything in its process group (converter children)."""
        pid = self.proc.pid
        if pid is not None:
            for send in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
                try:
                    send()
                except (ProcessLookupError, PermissionError):
                    pass
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass


def _context():
    methods = mp.get_all_start_methods()
    if "forkserver" in methods:
        ctx = mp.get_context("forkserver")
        # the server imports these once (ingest.pipeline last: it warms up there, see
        # _start_server); each worker is forked from it with them loaded
        ctx.set_forkserver_preload(["extractors", "ingest.assemble", "ingest.pipeline"])
        return ctx
    return mp.get_context("spawn")


_WARM_UP_HERE = "PLANSIFT_FORKSERVER_WARM_UP"  # set only while the forkserver is being started


def _start_server(ctx) -> None:
    """Start the forkserver (if not running) so that it warms up (``_warm_up``) after its
    imports. Measured with two workers: each is ready with ~0 s of its own CPU instead of
    0.6-0.8 s, the server spends ~0.7 s more, and a worker's private memory is ~5 MB less;
    a worker replacing one that died starts warm."""
    if ctx.get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    os.environ[_WARM_UP_HERE] = "1"  # the server inherits the environment it starts with
    try:
        forkserver.ensure_running()
    finally:
        os.environ.pop(_WARM_UP_HERE, None)


def start_workers_early() -> None:
    """Start the forkserver now: it imports the readers and builds spaCy in the background
    while this process does its own set-up (creating a new database takes ~1 s)."""
    _start_server(_context())


def _death(proc) -> str:
    code = proc.exitcode
    if code is None:
        return "the worker process reading this file stopped responding"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        hint = " (out of memory? the system's OOM killer uses SIGKILL)" if -code == signal.SIGKILL else ""
        return f"the worker process reading this file crashed (killed by {name}){hint}"
    return f"the worker process reading this file exited unexpectedly (exit status {code})"


# Which file of several with one document key is read: the word processor's file first (its
# tables are exact; a PDF's are reconstructed from positions), then a LibreOffice-converted
# format, then PDF; anything else (it will fail) last. Ties: the first found.
_KIND_RANK = {"docx": 0, "docm": 0, "dotx": 0, "odt": 1, "doc": 1, "rtf": 1, "pdf": 2}
_RANK_WHY = {0: "the Word file is read", 1: "the word processor's file is read", 2: "the PDF is read"}


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _rank(path: Path) -> int:
    try:
        return _KIND_RANK.get(sniff(path), 3)
    except OSError:
        return 3


def _one_per_key(jobs: list[_Job]) -> tuple[list[_Job], dict[str, list[_Job]]]:
    """The file to read for each document key (in discovery order), and the others, best first."""
    by_key: dict[str, list[_Job]] = {}
    for job in jobs:
        by_key.setdefault(document_key(job.path), []).append(job)
    chosen: list[_Job] = []
    others: dict[str, list[_Job]] = {}
    for key, group in by_key.items():
        if len(group) > 1:
            group = sorted(group, key=lambda j: _rank(j.path))  # stable: ties keep discovery order
            others[key] = group[1:]
        chosen.append(group[0])
    chosen.sort(key=lambda j: j.order)
    return chosen, others


def _skipped(job: _Job, read: _Job) -> FileOutcome:
    key = document_key(job.path)
    rank = _rank(read.path)
    why = _RANK_WHY.get(rank, "the first found is read") if rank < _rank(job.path) else "the first found is read"
    return FileOutcome(str(job.path), key, "skipped", f"same document as {read.path} (document key {key!r}; {why})")


def ingest_paths(
    paths: Iterable[str | Path],
    store,
    jobs: int | None = None,
    on_outcome: Callable[[FileOutcome], None] | None = None,
    debug: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    memory_limit: int = MEMORY_LIMIT,
    isolate: bool = True,
    extractor: Callable[[str, str], ExtractedPlan] = extract_plan,
) -> list[FileOutcome]:
    """Ingest files and folders into `store`; return one outcome per file, in completion order.

    Outcomes: stored, replaced, unchanged (the document's stored version has this file's
    sha256), skipped (another file of this batch has the same document key and was read
    instead: see ``_KIND_RANK``; if that file fails, the next is read) or failed.

    `store` needs start_run, unchanged (one query for the batch), record_outcomes (one
    transaction), save_plan and finish_run. `extractor(path, sha256)` must be a
    module-level function (workers import it by name). Raises WorkerStartupError when the
    worker processes cannot start at all.
    """
    # the forkserver (and its imports of the extractors and spaCy) starts with the first worker,
    # i.e. only once a file turns out to need reading: a batch of unchanged files never starts it
    ctx = _context() if isolate else None
    jobs = jobs or default_jobs()
    run_id = store.start_run()
    outcomes: list[FileOutcome] = []

    def told(o: FileOutcome) -> None:
        outcomes.append(o)
        if on_outcome:
            on_outcome(o)

    def logged(o: FileOutcome) -> tuple[str, str, str, str, float]:
        return o.path, o.document, o.outcome, o.reason, o.seconds

    def finish_all(batch: list[FileOutcome]) -> None:
        if batch:
            store.record_outcomes(run_id, [logged(o) for o in batch])
        for o in batch:
            told(o)

    early: list[FileOutcome] = []  # verdicts known before any file is read: recorded together

    def failed(path: Path, reason: str, error: str, seconds: float = 0.0) -> FileOutcome:
        return FileOutcome(str(path), document_key(path), "failed", reason, seconds, error=error)

    hashed: list[_Job] = []
    for f in discover(paths):
        try:
            if f.is_dir():
                early.append(failed(f, "a folder that cannot be listed (permission denied?)" if f.exists()
                                    else "a folder", "UnreadableDocument"))
                continue
            sha = file_sha256(f)
        except FileNotFoundError:
            early.append(failed(f, "no such file (a broken symlink?)" if f.is_symlink() else "no such file",
                                "UnreadableDocument"))
            continue
        except PermissionError:
            early.append(failed(f, "permission denied: this user cannot read the file", "UnreadableDocument"))
            continue
        except OSError as exc:
            early.append(failed(f, f"cannot read the file ({exc.strerror or exc})", "UnreadableDocument"))
            continue
        hashed.append(_Job(f, sha, len(hashed)))

    chosen, others = _one_per_key(hashed)
    done: dict[str, _Job] = {}  # document key -> the file that settled it in this batch

    def settle(job: _Job, into: list[FileOutcome]) -> None:
        key = document_key(job.path)
        done[key] = job
        into.extend(_skipped(other, job) for other in others.pop(key, ()))

    same = store.unchanged((document_key(j.path), j.sha) for j in chosen) if chosen else set()
    queue: deque[_Job] = deque()
    for job in chosen:
        if document_key(job.path) in same:
            early.append(FileOutcome(str(job.path), document_key(job.path), "unchanged"))
            settle(job, early)
        else:
            queue.append(job)
    if jobs > 1 and len(queue) > jobs:
        # largest first: a big file left to the end would keep one worker busy while the others idle
        queue = deque(sorted(queue, key=lambda j: -_size(j.path)))
    finish_all(early)

    def save(job: _Job, result: _Result) -> None:
        key = document_key(job.path)
        batch: list[FileOutcome] = []
        if result.plan is None:
            batch.append(failed(job.path, result.reason, result.error, result.seconds))
        else:
            try:
                outcome = store.save_plan(result.plan)
            except PlansiftError as exc:
                batch.append(failed(job.path, exc.reason, type(exc).__name__, result.seconds))
            else:
                batch.append(FileOutcome(str(job.path), key, outcome, "", result.seconds, len(result.plan.actions)))
                settle(job, batch)
        if batch[0].failed and others.get(key):  # read the next file of this document instead
            stand_in = others[key].pop(0)
            stand_in.stand_in = True
            queue.appendleft(stand_in)
        finish_all(batch)

    def next_job() -> _Job | None:
        """The next file to read; a stand-in for a failed file is checked against the store first."""
        while queue:
            job = queue.popleft()
            key = document_key(job.path)
            if not job.stand_in:
                return job
            if store.unchanged([(key, job.sha)]):
                batch = [FileOutcome(str(job.path), key, "unchanged")]
                settle(job, batch)
                finish_all(batch)
                continue
            return job
        return None

    if not isolate:
        while (job := next_job()) is not None:
            save(job, _work(extractor, str(job.path), job.sha, debug, memory_limit))
    elif queue:
        opts = _WorkerOptions(extractor, memory_limit, timeout, debug)
        _supervise(ctx, opts, jobs, queue, next_job, save, timeout, memory_limit)
    store.finish_run(run_id)
    return outcomes


def _supervise(ctx, opts, jobs, queue, next_job, save, timeout, memory_limit) -> None:
    workers: list[_Worker] = []
    _start_server(ctx)

    def retire(w: _Worker, kill: bool = True) -> None:
        if kill:
            w.kill()
        else:
            w.proc.join(5)
            w.conn.close()
        workers.remove(w)
        w.job = None

    def failed_job(w: _Worker, reason: str, error: str) -> None:
        job = w.job
        assert job is not None
        seconds = time.monotonic() - w.job_started
        retire(w)
        save(job, _Result(None, reason, error, seconds))

    def drain(w: _Worker) -> None:
        """Handle every message the worker has sent; retire it after a MemoryError."""
        try:
            while w in workers and w.conn.poll():
                msg = w.conn.recv()
                if msg[0] == "ready":
                    w.ready = True
                elif msg[0] == "startup-failed":
                    raise WorkerStartupError(f"plansift's worker process cannot start: {msg[1]}"
                                             + (f"\n{msg[2]}" if opts.debug else ""))
                elif msg[0] == "result":
                    job, w.job = w.job, None
                    assert job is not None
                    save(job, msg[1])
                    if msg[1].recycle:
                        retire(w, kill=False)
        except (EOFError, OSError):
            pass  # it died: seen by its sentinel

    finished = False
    try:
        while True:
            # hand out work
            for w in workers:
                if w.ready and not w.busy:
                    job = next_job()
                    if job is None:
                        break
                    w.send(job)
            busy = sum(w.busy for w in workers)
            if not queue and not busy:
                break
            # every file waiting gets a worker, up to `jobs`: started together, not one by one as
            # the previous becomes busy (a starting worker is neither busy nor ready)
            while len(workers) < min(jobs, busy + len(queue)):
                workers.append(_Worker(ctx, opts))

            wait([w.conn for w in workers] + [w.proc.sentinel for w in workers], timeout=POLL)
            now = time.monotonic()
            for w in list(workers):
                drain(w)
                if w not in workers:
                    continue
                if not w.proc.is_alive():
                    w.proc.join(1)
                    drain(w)  # whatever it sent before it ended
                    if w not in workers:
                        continue
                    if w.job is not None:
                        failed_job(w, _death(w.proc), "WorkerDied")
                    elif not w.ready:
                        code = w.proc.exitcode
                        retire(w)
                        raise WorkerStartupError(f"plansift's worker process died while starting ({_death_short(code)})")
                    else:
                        retire(w)
                    continue
                if w.job is not None:
                    if now - w.job_started > timeout:
                        failed_job(w, f"took longer than {timeout:g} s (the per-file time limit); stopped", "TooLarge")
                        continue
                    rss = w.rss()
                    if rss is not None and rss > memory_limit:
                        failed_job(w, f"used more than {_gib(memory_limit)} of memory (the per-file limit); stopped",
                                   "TooLarge")
                        continue
                elif not w.ready and now - w.started > STARTUP_TIMEOUT:
                    retire(w)
                    raise WorkerStartupError(f"plansift's worker process did not start within {STARTUP_TIMEOUT:g} s")
        finished = True
    finally:
        if finished:  # idle workers: ask them to exit
            for w in workers:
                w.stop()
            for w in workers:
                w.proc.join(2)
        for w in workers:  # interrupted (Ctrl-C, a store error) or slow to exit: kill
            if w.proc.is_alive():
                w.kill()


def _death_short(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


if os.environ.pop(_WARM_UP_HERE, None):  # this is the forkserver importing its preload
    try:
        _warm_up()
    except Exception:  # noqa: BLE001 - each worker warms up again and reports the failure
        pass
