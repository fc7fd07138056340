"""Batch import speed and memory, measured against reading floors in the same run. Not a test.

    python bench/bench_ingest.py [--n 40] [--reps 3] [--long-pages 300] [--json OUT]
                                 [--corpus DIR] [--no-long] [--no-profile] [--no-instrument]

Corpus: ``bench/corpus.py`` (N varied plans, three in four PDF, cached under bench/out/corpus-N)
or ``--corpus DIR`` (any folder with ``pdf/`` and/or ``docx/`` subfolders, or plain files).

End to end, each configuration ``--reps`` times (the median is reported), the configurations
interleaved so that a change in the machine's load hits them alike; each run is a subprocess
with a fresh SQLite database under bench/out/ingest-dbs:

* floor 1, ``pdfplumber``: open each PDF and ``page.extract_words(); page.extract_tables()`` on
  every page (the cost of reading with pdfplumber);
* floor 2, ``pypdfium2``: each page's text (the cost of reading a PDF at all);
* ``plansift ingest --jobs 1`` on the PDFs, then the same again on the now unchanged store;
* ``plansift ingest --jobs 2`` on the PDFs;
* ``plansift ingest --jobs 1`` on the Word documents;
* ``plansift ingest --jobs 2`` on everything.

For every run: wall time, CPU time of the whole process tree (this process is a child
subreaper, so the pipeline's forkserver and its workers are reaped here and their rusage
counted), and each process's peak resident set (VmHWM, sampled from /proc; the maximum over
the tree also from wait4). The machine is shared, so CPU ratios are printed beside wall ratios.

Then, once each: the long plan (``--long-pages``, default 300) through ``--jobs 1`` and through
the pdfplumber floor (peak memory per worker); one instrumented ``--jobs 2`` run (a
sitecustomize hook logs every spaCy ``Language`` and dateparser ``DateDataParser`` made, per
process, and dumps every ``functools`` cache's statistics when a worker exits); the stages
in-process (extract, recognise, normalise, store: the pipeline's own functions called directly,
the names inside ``ingest.assemble`` wrapped with timers); a cProfile of the ``--jobs 1`` path
(``ingest_paths(isolate=False)``) summed by module.

Internal modes, used by the above as subprocesses: ``--floor pdfplumber|pdfium DIR...``,
``--stages DIR...``, ``--profile DIR...``.
"""
from __future__ import annotations

import argparse
import ctypes
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PYTHON = sys.executable
PLANSIFT = str(Path(sys.executable).with_name("plansift"))

TARGETS = {
    "jobs1_vs_pdfplumber": ("<=", 1.5),
    "jobs2_speedup": (">=", 1.6),
    "reingest_speedup": (">=", 50.0),
    "worker_peak_mb_long": ("<", 400.0),
}


# ============================================================================ measuring a run

@dataclass
class ProcInfo:
    pid: int
    ppid: int
    depth: int  # 0: the command itself, 1: its children, ...
    role: str
    hwm_kb: int = 0
    cpu_s: float = 0.0


@dataclass
class Run:
    label: str
    cmd: list[str]
    wall: float
    cpu: float  # user+sys of the whole tree (wait4 of the command and of every orphan reaped)
    maxrss_mb: float  # the tree's maximum resident set (wait4)
    returncode: int
    stdout: str
    load: tuple[float, float]  # 1-minute load average before and after
    procs: list[ProcInfo] = field(default_factory=list)

    @property
    def workers(self) -> list[ProcInfo]:
        return [p for p in self.procs if p.role == "worker"]

    @property
    def peak_mb(self) -> float:
        """The largest VmHWM of any process of the tree (sampled; per address space, so unlike
        wait4's maxrss it never counts the launching process's image before exec)."""
        return max((p.hwm_kb for p in self.procs), default=0) / 1024 or self.maxrss_mb


_SC_CLK_TCK = os.sysconf("SC_CLK_TCK")


def _become_subreaper() -> bool:
    """Orphaned descendants (the pipeline's forkserver and its workers) are re-parented to this
    process, which then reaps them and gets their rusage."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def _stat(pid: int) -> tuple[int, float] | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            s = fh.read()
    except OSError:
        return None
    parts = s[s.rfind(b")") + 2:].split()
    return int(parts[1]), (int(parts[11]) + int(parts[12])) / _SC_CLK_TCK


def _hwm_kb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class _Sampler(threading.Thread):
    """Every ``interval`` seconds: find the command's descendants (a full /proc scan every
    ``scan_every`` samples) and read their VmHWM and CPU time."""

    def __init__(self, root_pid: int, interval: float = 0.25, scan_every: int = 2):
        super().__init__(daemon=True)
        self.root = root_pid
        self.me = os.getpid()
        self.interval = interval
        self.scan_every = scan_every
        self.procs: dict[int, ProcInfo] = {}
        self.stop_event = threading.Event()

    def _scan(self) -> None:
        parents: dict[int, int] = {}
        for d in os.listdir("/proc"):
            if d.isdigit():
                st = _stat(int(d))
                if st:
                    parents[int(d)] = st[0]
        changed = True
        if self.root in parents and self.root not in self.procs:
            self.procs[self.root] = ProcInfo(self.root, parents[self.root], 0, "main")
        while changed:
            changed = False
            for pid, ppid in parents.items():
                if pid in self.procs:
                    continue
                parent = self.procs.get(ppid)
                if parent is not None:
                    self.procs[pid] = ProcInfo(pid, ppid, parent.depth + 1, self._role(pid, parent.depth + 1))
                    changed = True

    def _role(self, pid: int, depth: int) -> str:
        cmd = _cmdline(pid)
        if "resource_tracker" in cmd:
            return "resource-tracker"
        if "forkserver" in cmd and depth == 1:
            return "forkserver"
        if "soffice" in cmd or "ocrmypdf" in cmd or "tesseract" in cmd:
            return "converter"
        if depth == 2 and "forkserver" in cmd:
            return "worker"  # forked from the forkserver: same command line
        if depth == 1 and ("multiprocessing" in cmd or "spawn_main" in cmd):
            return "worker"  # spawn start method
        return "child"

    def _read(self) -> None:
        for p in self.procs.values():
            hwm = _hwm_kb(p.pid)
            st = _stat(p.pid)
            if hwm is not None:
                p.hwm_kb = max(p.hwm_kb, hwm)
            if st is not None:
                p.cpu_s = max(p.cpu_s, st[1])

    def run(self) -> None:
        k = 0
        while not self.stop_event.is_set():
            if k % self.scan_every == 0:
                self._scan()
            self._read()
            k += 1
            self.stop_event.wait(self.interval)


def run_measured(label: str, cmd: list[str], env: dict | None = None, timeout: float = 3600) -> Run:
    load0 = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    sampler = _Sampler(proc.pid)
    sampler.start()
    out_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: out_chunks.append(proc.stdout.read()), daemon=True)
    reader.start()
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = ru.ru_utime + ru.ru_stime
    maxrss = ru.ru_maxrss
    # orphans (the forkserver, then anything it left) come to this subreaper: reap them all
    deadline = time.monotonic() + 30
    while True:
        try:
            pid, _, ru2 = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            if time.monotonic() > deadline:
                break
            time.sleep(0.02)
            continue
        cpu += ru2.ru_utime + ru2.ru_stime
        maxrss = max(maxrss, ru2.ru_maxrss)
    sampler.stop_event.set()
    sampler.join()
    reader.join(5)
    return Run(label, cmd, wall, cpu, maxrss / 1024, proc.returncode,
               b"".join(out_chunks).decode(errors="replace"), (load0, os.getloadavg()[0]),
               sorted(sampler.procs.values(), key=lambda p: (p.depth, p.pid)))


# ============================================================================ floors (subprocess)

def _pdfs(dirs: list[str]) -> list[Path]:
    files: list[Path] = []
    for d in dirs:
        p = Path(d)
        files += sorted(p.rglob("*.pdf")) if p.is_dir() else [p]
    return files


def floor_main(kind: str, dirs: list[str]) -> dict:
    files = _pdfs(dirs)
    start = time.perf_counter()
    pages = 0
    if kind == "pdfplumber":
        import pdfplumber

        for f in files:
            with pdfplumber.open(f) as pdf:
                for page in pdf.pages:
                    page.extract_words()
                    page.extract_tables()
                    page.close()  # drop the page's caches: the least memory pdfplumber can read with
                    pages += 1
    elif kind == "pdfium":
        import pypdfium2 as pdfium

        for f in files:
            pdf = pdfium.PdfDocument(str(f))
            for k in range(len(pdf)):
                page = pdf[k]
                tp = page.get_textpage()
                tp.get_text_range()
                tp.close()
                page.close()
                pages += 1
            pdf.close()
    else:
        raise SystemExit(f"unknown floor {kind}")
    return {"docs": len(files), "pages": pages, "seconds": time.perf_counter() - start,
            "vmhwm_mb": (_hwm_kb(os.getpid()) or 0) / 1024}


# ============================================================================ stages (subprocess)

def _cache_stats(prefixes: tuple[str, ...] = ("normalise", "extractors", "ingest")) -> dict:
    stats = {}
    for name, mod in list(sys.modules.items()):
        if mod is None or not name.startswith(prefixes):
            continue
        for attr, obj in list(vars(mod).items()):
            info = getattr(obj, "cache_info", None)
            if callable(info) and getattr(obj, "__module__", name) == name:
                ci = info()
                stats[f"{name}.{attr}"] = {"hits": ci.hits, "misses": ci.misses, "maxsize": ci.maxsize,
                                          "currsize": ci.currsize}
    return stats


def stages_main(dirs: list[str], db_url: str) -> dict:
    t0 = time.perf_counter()
    import ingest.assemble as A
    from extractors import extract
    from extractors.errors import PlansiftError
    from ingest.pipeline import _warm_up, discover, document_key, file_sha256, ingest_paths
    from store import open_store

    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    _warm_up()
    t_warm = time.perf_counter() - t0

    timers: dict[str, float] = {}
    calls: dict[str, int] = {}
    distinct: dict[str, set] = {}

    def timed(label: str, fn, key=None):
        def wrapper(*args, **kwargs):
            s = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                timers[label] = timers.get(label, 0.0) + time.perf_counter() - s
                calls[label] = calls.get(label, 0) + 1
                if key is not None:
                    distinct.setdefault(label, set()).add(key(*args, **kwargs))
        wrapper.__wrapped__ = fn
        return wrapper

    lead_key = lambda raw, people=None: (raw, tuple(sorted((people or {}).items())))  # noqa: E731
    wrap = {
        "recognise": ("recognise", None),
        "normalise_leads": ("normalise: leads", lead_key),
        "find_people": ("normalise: people key", None),
        "parse_deadline": ("normalise: deadlines", lambda s, *a, **k: s),
        "split_sources": ("normalise: sources", None),
        "find_legend": ("normalise: legend", None),
        "source_types": ("normalise: source types", None),
        "plan_metadata": ("normalise: metadata", None),
        "rag_from_text": ("normalise: rag", None),
        "rag_from_fill": ("normalise: rag", None),
        "clean": ("normalise: text clean", None),
        "strip_list_marker": ("normalise: text clean", None),
    }
    for name, (label, key) in wrap.items():
        if hasattr(A, name):
            setattr(A, name, timed(label, getattr(A, name), key))

    store = open_store(db_url)
    files = list(discover(dirs))
    per_format: dict[str, dict[str, float]] = {}
    outcomes: dict[str, int] = {}
    totals = {"sha256": 0.0, "is_unchanged": 0.0, "extract": 0.0, "assemble": 0.0, "store": 0.0}
    pages = 0
    t_first = time.perf_counter()
    for f in files:
        fmt = f.suffix.lower().lstrip(".")
        pf = per_format.setdefault(fmt, {"docs": 0, "pages": 0, "extract": 0.0})
        s = time.perf_counter()
        sha = file_sha256(f)
        totals["sha256"] += time.perf_counter() - s
        s = time.perf_counter()
        store.is_unchanged(document_key(f), sha)
        totals["is_unchanged"] += time.perf_counter() - s
        s = time.perf_counter()
        try:
            doc = extract(f)
        except PlansiftError:
            totals["extract"] += time.perf_counter() - s
            outcomes["failed: extract"] = outcomes.get("failed: extract", 0) + 1
            continue
        dt = time.perf_counter() - s
        totals["extract"] += dt
        pf["extract"] += dt
        pf["docs"] += 1
        pf["pages"] += doc.page_count or 0
        pages += doc.page_count or 0
        s = time.perf_counter()
        try:
            plan = A.assemble(doc, f, sha256=sha)
        except PlansiftError:
            totals["assemble"] += time.perf_counter() - s
            outcomes["failed: no actions"] = outcomes.get("failed: no actions", 0) + 1
            continue
        totals["assemble"] += time.perf_counter() - s
        s = time.perf_counter()
        try:
            outcome = store.save_plan(plan)
        except PlansiftError:
            outcome = "failed: store"
        totals["store"] += time.perf_counter() - s
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    t_first = time.perf_counter() - t_first

    # the same files again through the pipeline as the CLI runs it (a run, every file hashed,
    # one Store.unchanged query, the verdicts in one transaction): every one is unchanged
    s = time.perf_counter()
    again = ingest_paths(files, store, isolate=False)
    t_again = time.perf_counter() - s
    unchanged = sum(o.outcome == "unchanged" for o in again)

    rec = timers.get("recognise", 0.0)
    stage = {
        "extract": totals["extract"],
        "recognise": rec,
        "normalise": totals["assemble"] - rec,
        "store": totals["store"],
        "sha256 + is_unchanged": totals["sha256"] + totals["is_unchanged"],
    }
    normalise_parts = {k: v for k, v in timers.items() if k.startswith("normalise")}
    normalise_parts["normalise: other (records, confidence)"] = stage["normalise"] - sum(normalise_parts.values())
    repeat = {}
    for label in ("normalise: leads", "normalise: deadlines"):
        if calls.get(label):
            repeat[label] = {"calls": calls[label], "distinct": len(distinct.get(label, ())),
                             "ideal_hit_rate": 1 - len(distinct.get(label, ())) / calls[label]}
    return {
        "files": len(files), "pages": pages, "outcomes": outcomes, "import_s": t_import, "warm_up_s": t_warm,
        "first_pass_s": t_first, "unchanged_pass_s": t_again, "unchanged": unchanged,
        "stages": stage, "normalise_parts": normalise_parts, "per_format": per_format,
        "calls": calls, "repeats": repeat, "caches": _cache_stats(),
    }


# ============================================================================ profile (subprocess)

def _module_of(filename: str) -> str:
    if filename.startswith("~") or filename.startswith("<"):
        return "(built-in)"
    p = Path(filename)
    try:
        return str(p.resolve().relative_to(ROOT))
    except ValueError:
        pass
    parts = p.parts
    if "site-packages" in parts:
        rest = parts[parts.index("site-packages") + 1:]
        pkg = rest[0]
        return f"{pkg}/{rest[1]}" if len(rest) > 2 and pkg in ("pdfminer", "pdfplumber", "spacy", "sqlalchemy") \
            else pkg.removesuffix(".py")
    if "python3" in filename or "/lib/python" in filename:
        return "stdlib/" + (f"{p.parent.name}/{p.name}" if p.name == "__init__.py" else p.name)
    return filename


def profile_main(dirs: list[str], db_url: str, out: str) -> dict:
    import cProfile
    import pstats

    from ingest.pipeline import _warm_up, ingest_paths
    from store import open_store

    # what a worker does once before its first file: imports, spaCy and dateparser loaded
    import extractors.pdf  # noqa: F401
    import extractors.docx  # noqa: F401
    import ingest.assemble  # noqa: F401

    _warm_up()
    store = open_store(db_url)
    prof = cProfile.Profile()
    prof.enable()
    outcomes = ingest_paths(dirs, store, jobs=1, isolate=False)
    prof.disable()
    prof.dump_stats(out)
    st = pstats.Stats(out)
    by_module: dict[str, float] = {}
    funcs = []
    total = 0.0
    for (filename, line, name), (cc, nc, tt, ct, callers) in st.stats.items():
        mod = _module_of(filename)
        if mod == "(built-in)":
            label = name.strip("<>").replace("method ", "").replace("built-in ", "")
            mod = f"(built-in) {label.split('.')[0] if '.' in label else label}"
        by_module[mod] = by_module.get(mod, 0.0) + tt
        total += tt
        funcs.append({"function": f"{_module_of(filename)}:{line}({name})", "ncalls": nc, "tottime": tt,
                      "cumtime": ct})
    top_tot = sorted(funcs, key=lambda f: -f["tottime"])[:25]
    project = [f for f in funcs if f["function"].split(":")[0].split("/")[0] in ("extractors", "ingest", "normalise",
                                                                                     "store")]
    top_cum = sorted(project, key=lambda f: -f["cumtime"])[:30]
    return {"total_s": total, "files": len(outcomes),
            "by_module": sorted(by_module.items(), key=lambda kv: -kv[1])[:30],
            "top_tottime": top_tot, "top_project_cumtime": top_cum}


# ============================================================================ instrumentation hook

HOOK = r'''
"""Written by bench/bench_ingest.py: count spaCy/dateparser loads per process, dump caches."""
import os, sys, time, json
_LOG = os.environ.get("PLANSIFT_BENCH_HOOKLOG")
if _LOG:
    import importlib.abc

    def _log(event):
        with open(os.path.join(_LOG, f"{os.getpid()}.log"), "a") as fh:
            fh.write(f"{event}\t{time.time():.3f}\t{os.getppid()}\n")

    def _patch_spacy(module):
        orig = module.Language.__init__
        def __init__(self, *a, **k):
            _log("spacy.Language")
            return orig(self, *a, **k)
        module.Language.__init__ = __init__

    def _patch_dateparser(module):
        orig = module.DateDataParser.__init__
        def __init__(self, *a, **k):
            _log("dateparser.DateDataParser")
            return orig(self, *a, **k)
        module.DateDataParser.__init__ = __init__

    _TARGETS = {"spacy.language": _patch_spacy, "dateparser.date": _patch_dateparser}

    class _Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name not in _TARGETS:
                return None
            for finder in sys.meta_path:
                if finder is self or not hasattr(finder, "find_spec"):
                    continue
                spec = finder.find_spec(name, path, target)
                if spec is not None:
                    break
            else:
                return None
            loader = spec.loader
            orig_exec = loader.exec_module
            def exec_module(module, _orig=orig_exec, _name=name):
                _orig(module)
                _TARGETS[_name](module)
            loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, _Finder())

    def _dump_caches():
        stats = {}
        for name, mod in list(sys.modules.items()):
            if mod is None or not name.startswith(("normalise", "extractors", "ingest")):
                continue
            for attr, obj in list(vars(mod).items()):
                info = getattr(obj, "cache_info", None)
                if callable(info) and getattr(obj, "__module__", name) == name:
                    ci = info()
                    stats[f"{name}.{attr}"] = [ci.hits, ci.misses, ci.maxsize, ci.currsize]
        with open(os.path.join(_LOG, f"{os.getpid()}.caches.json"), "w") as fh:
            json.dump(stats, fh)

    # A multiprocessing child clears the finalizers it inherits, then runs the after-fork hooks:
    # the dump is registered there, to run when the worker's Process._bootstrap ends.
    class _Anchor:
        pass

    _ANCHOR = _Anchor()

    def _in_child(_anchor):
        from multiprocessing import util
        util.Finalize(None, _dump_caches, exitpriority=100)

    from multiprocessing import util as _mp_util
    _mp_util.register_after_fork(_ANCHOR, _in_child)
'''


def _hook_env(logdir: Path) -> dict:
    hookdir = OUT / "hook"
    hookdir.mkdir(parents=True, exist_ok=True)
    (hookdir / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
    logdir.mkdir(parents=True, exist_ok=True)
    for old in logdir.iterdir():
        old.unlink()
    env = _env()
    env["PYTHONPATH"] = os.pathsep.join([str(hookdir)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    env["PLANSIFT_BENCH_HOOKLOG"] = str(logdir)
    return env


def _read_hook(logdir: Path, run: Run) -> dict:
    roles = {p.pid: p.role for p in run.procs}
    per_pid: dict[int, dict] = {}
    for log in logdir.glob("*.log"):
        pid = int(log.stem)
        events: dict[str, int] = {}
        for line in log.read_text().splitlines():
            ev = line.split("\t")[0]
            events[ev] = events.get(ev, 0) + 1
        per_pid[pid] = {"role": roles.get(pid, "?"), "events": events}
    caches: dict[str, list[int]] = {}
    for dump in logdir.glob("*.caches.json"):
        pid = int(dump.name.split(".")[0])
        per_pid.setdefault(pid, {"role": roles.get(pid, "?"), "events": {}})["caches"] = json.loads(dump.read_text())
        for name, (hits, misses, maxsize, currsize) in per_pid[pid]["caches"].items():
            agg = caches.setdefault(name, [0, 0, maxsize, 0])
            agg[0] += hits
            agg[1] += misses
            agg[3] = max(agg[3], currsize)
    for p in run.procs:
        per_pid.setdefault(p.pid, {"role": p.role, "events": {}})
    workers = [v for v in per_pid.values() if v["role"] == "worker"]
    return {"per_pid": {str(k): v for k, v in per_pid.items()}, "caches": caches, "workers_seen": len(workers)}


# ============================================================================ orchestration

def _env() -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's install keeps its bytecode cache
    env.pop("PLANSIFT_DATABASE_URL", None)
    return env


def _db(name: str) -> str:
    d = OUT / "ingest-dbs"
    d.mkdir(parents=True, exist_ok=True)
    p = d / f"{name}.db"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(p) + suffix).unlink(missing_ok=True)
    return f"sqlite:///{p}"


def _summary_line(out: str) -> str:
    lines = [ln for ln in out.strip().splitlines() if " files: " in ln or " file: " in ln]
    return lines[-1] if lines else out.strip().splitlines()[-1] if out.strip() else ""


def _ingest_cmd(db: str, jobs: int, paths: list[Path], timeout: float | None = None) -> list[str]:
    return ([PLANSIFT, "--db", db, "ingest", "--jobs", str(jobs), "--quiet"]
            + (["--timeout", f"{timeout:g}"] if timeout else []) + [str(p) for p in paths])


def _floor_cmd(kind: str, paths: list[Path]) -> list[str]:
    return [PYTHON, str(Path(__file__).resolve()), "--floor", kind] + [str(p) for p in paths]


def _median(runs: list[Run], attr: str) -> float:
    return statistics.median(getattr(r, attr) for r in runs)


def _corpus(args) -> tuple[Path, list[Path], list[Path], dict]:
    """(root, pdf paths to ingest, docx paths, {"pdf": pages, "docx": pages, ...})."""
    if args.corpus:
        root = Path(args.corpus).resolve()
        pdf_dir, docx_dir = root / "pdf", root / "docx"
        pdfs = sorted(pdf_dir.rglob("*.pdf")) if pdf_dir.is_dir() else sorted(root.glob("*.pdf"))
        docxs = sorted(docx_dir.rglob("*.docx")) if docx_dir.is_dir() else sorted(root.glob("*.docx"))
        from corpus import page_count

        info = {"pdf_pages": sum(page_count(p) for p in pdfs), "docx_pages": None, "source": str(root)}
        return root, pdfs, docxs, info
    from corpus import build_corpus, corpus_dir

    manifest = build_corpus(args.n, log=lambda m: print(m, flush=True))
    root = corpus_dir(args.n)
    docs = manifest["documents"]
    pdfs = [root / d["file"] for d in docs if d["format"] == "pdf"]
    docxs = [root / d["file"] for d in docs if d["format"] == "docx"]
    info = {"pdf_pages": sum(d["pages"] for d in docs if d["format"] == "pdf"),
            "docx_pages": sum(d["pages"] for d in docs if d["format"] == "docx"),
            "source": str(root.relative_to(ROOT)), "built": manifest.get("built"),
            "seeds": sorted({d["seed"] for d in docs})}
    return root, pdfs, docxs, info


def _dirs_or_files(root: Path, files: list[Path], sub: str) -> list[Path]:
    d = root / sub
    if files and d.is_dir() and all(f.parent == d for f in files):
        return [d]
    return files


def _run_json(label: str, cmd: list[str]) -> tuple[Run, dict]:
    run = run_measured(label, cmd, env=_env())
    if run.returncode != 0:
        raise RuntimeError(f"{label} failed ({run.returncode}):\n{run.stdout[-3000:]}")
    data = json.loads(run.stdout.strip().splitlines()[-1])
    if data.get("vmhwm_mb"):
        run.maxrss_mb = data["vmhwm_mb"]  # the process's own high-water mark, read before it exits
    return run, data


def _say(msg: str) -> None:
    print(msg, flush=True)


def _describe(run: Run, docs: int, pages: int) -> str:
    w = run.workers
    peak = max((p.hwm_kb for p in w), default=0) / 1024
    return (f"{run.label:<28} wall {run.wall:7.2f}s  cpu {run.cpu:7.2f}s  {docs / run.wall:6.2f} docs/s  "
            f"{pages / run.wall:7.1f} pages/s  peak rss {run.peak_mb:6.0f} MB"
            + (f"  worker peak {peak:5.0f} MB" if w else "") + f"  load {run.load[0]:.1f}->{run.load[1]:.1f}"
            + (f"  [{_summary_line(run.stdout)}]" if "ingest" in run.cmd else ""))


def orchestrate(args) -> dict:
    subreaper = _become_subreaper()
    root, pdfs, docxs, info = _corpus(args)
    pdf_paths = _dirs_or_files(root, pdfs, "pdf")
    docx_paths = _dirs_or_files(root, docxs, "docx")
    all_paths = pdf_paths + docx_paths
    n_pdf, n_docx = len(pdfs), len(docxs)
    pdf_pages = info["pdf_pages"]
    docx_pages = info.get("docx_pages") or 0
    _say(f"corpus {info['source']}: {n_pdf} PDFs ({pdf_pages} pages), {n_docx} Word documents"
         + (f" ({docx_pages} pages as PDF)" if docx_pages else ""))
    for f in pdfs + docxs:  # into the page cache, so the first run does not pay for the disk
        f.read_bytes()

    results: dict = {
        "date": time.strftime("%Y-%m-%d %H:%M"), "machine": {
            "cores": len(os.sched_getaffinity(0)), "cpu": platform.processor() or platform.machine(),
            "python": platform.python_version(), "load_at_start": os.getloadavg()},
        "corpus": {**info, "pdf_docs": n_pdf, "docx_docs": n_docx},
        "subreaper": subreaper, "reps": args.reps,
    }
    try:
        results["commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                           text=True).stdout.strip()
    except OSError:
        pass

    # warm-up: bytecode caches written, the files in the page cache, the DB driver loaded
    _say("warm-up run (not counted)")
    run_measured("warm-up", _ingest_cmd(_db("warmup"), 1, pdfs[:1] + docxs[:1]), env=_env())

    configs: dict[str, list[Run]] = {}
    floors: dict[str, list[dict]] = {"pdfplumber": [], "pdfium": []}

    def record(run: Run) -> Run:
        configs.setdefault(run.label, []).append(run)
        return run

    for rep in range(args.reps):
        _say(f"--- repetition {rep + 1}/{args.reps} (load {os.getloadavg()[0]:.1f})")
        for kind in ("pdfplumber", "pdfium"):
            run, data = _run_json(f"floor {kind}", _floor_cmd(kind, pdf_paths))
            floors[kind].append(data)
            record(run)
            _say(_describe(run, n_pdf, pdf_pages))
        db = _db(f"pdf-j1-{rep}")
        first = record(run_measured("ingest pdf --jobs 1", _ingest_cmd(db, 1, pdf_paths), env=_env()))
        _say(_describe(first, n_pdf, pdf_pages))
        # a file that failed is not stored, so every run reads it again: the unchanged corpus is
        # the files the first import stored (the first import's time still includes the others)
        failed = [f for f in pdfs if f"{f}: " in first.stdout]
        if failed:
            results.setdefault("reingest_left_out", sorted({*results.get("reingest_left_out", []),
                                                            *(str(f) for f in failed)}))
            _say(f"re-ingest leaves out {len(failed)} file(s) the first import failed: "
                 + ", ".join(f.name for f in failed))
        again = [f for f in pdfs if f not in failed] if failed else pdf_paths
        _say(_describe(record(run_measured("re-ingest pdf (unchanged)", _ingest_cmd(db, 1, again), env=_env())),
                       n_pdf - len(failed), pdf_pages))
        _say(_describe(record(run_measured("ingest pdf --jobs 2", _ingest_cmd(_db(f"pdf-j2-{rep}"), 2, pdf_paths),
                                           env=_env())), n_pdf, pdf_pages))
        if docxs:
            _say(_describe(record(run_measured("ingest docx --jobs 1",
                                               _ingest_cmd(_db(f"docx-j1-{rep}"), 1, docx_paths), env=_env())),
                           n_docx, docx_pages))
            _say(_describe(record(run_measured("ingest all --jobs 2",
                                               _ingest_cmd(_db(f"all-j2-{rep}"), 2, all_paths), env=_env())),
                           n_pdf + n_docx, pdf_pages + docx_pages))

    results["runs"] = {label: [_run_dict(r) for r in runs] for label, runs in configs.items()}
    results["floors_inprocess"] = floors

    # ---- long plan: memory
    if not args.no_long:
        from corpus import build_long_pdf, page_count

        long_pdf = build_long_pdf(args.long_pages, log=lambda m: print(m, flush=True))
        pages = page_count(long_pdf)
        _say(f"--- long plan {long_pdf.relative_to(ROOT)} ({pages} pages)")
        long_runs = []
        for rep in range(args.long_reps):
            # on a loaded machine the long plan can take longer than the default per-file limit
            # (wall clock): its time and memory are measured on the whole file all the same
            r = run_measured("long ingest --jobs 1", _ingest_cmd(_db(f"long-{rep}"), 1, [long_pdf], timeout=3600),
                             env=_env())
            _say(_describe(r, 1, pages))
            long_runs.append(r)
        fr, fdata = _run_json("long floor pdfplumber", _floor_cmd("pdfplumber", [long_pdf]))
        _say(_describe(fr, 1, pages))
        results["long"] = {"file": str(long_pdf.relative_to(ROOT)), "pages": pages,
                           "ingest": [_run_dict(r) for r in long_runs], "floor_pdfplumber": _run_dict(fr),
                           "floor_inprocess": fdata}

    # ---- instrumented run: loads per process, caches per worker
    if not args.no_instrument:
        logdir = OUT / "hook-log"
        env = _hook_env(logdir)
        _say("--- instrumented run: ingest all --jobs 2 (spaCy/dateparser loads, caches per worker)")
        r = run_measured("instrumented --jobs 2", _ingest_cmd(_db("instrumented"), 2, all_paths), env=env)
        _say(_describe(r, n_pdf + n_docx, pdf_pages + docx_pages))
        results["instrumented"] = {"run": _run_dict(r), **_read_hook(logdir, r)}

    # ---- stages in-process
    if not args.no_stages:
        _say("--- stages in-process (all documents)")
        r, data = _run_json("stages", [PYTHON, str(Path(__file__).resolve()), "--stages", "--db", _db("stages")]
                            + [str(p) for p in all_paths])
        results["stages"] = data
        results["stages"]["wall"] = r.wall
        results["stages"]["maxrss_mb"] = r.maxrss_mb

    # ---- profile of the --jobs 1 path
    if not args.no_profile:
        _say("--- cProfile: ingest_paths(pdf, jobs=1, isolate=False)")
        pstats_out = OUT / "profile-jobs1.pstats"
        pstats_show = str(pstats_out.relative_to(ROOT)) if pstats_out.is_relative_to(ROOT) else str(pstats_out)
        r, data = _run_json("profile", [PYTHON, str(Path(__file__).resolve()), "--profile", "--db", _db("profile"),
                                        "--pstats", str(pstats_out)] + [str(p) for p in pdf_paths])
        results["profile"] = data
        results["profile"]["pstats"] = pstats_show

    results["figures"] = figures(results, n_pdf, pdf_pages, n_docx, docx_pages)
    return results


def _run_dict(r: Run) -> dict:
    d = asdict(r)
    d["stdout"] = _summary_line(r.stdout)
    d["cmd"] = " ".join(Path(c).name if c.startswith("/") and c.endswith(("plansift", "python")) else c
                        for c in r.cmd)
    d["worker_peak_mb"] = max((p.hwm_kb for p in r.workers), default=0) / 1024
    d["peak_mb"] = r.peak_mb
    d["workers"] = len(r.workers)
    return d


def _med(results: dict, label: str, key: str) -> float | None:
    runs = results["runs"].get(label)
    return statistics.median(r[key] for r in runs) if runs else None


def figures(results: dict, n_pdf: int, pdf_pages: int, n_docx: int, docx_pages: int) -> dict:
    f: dict = {}
    j1w, j1c = _med(results, "ingest pdf --jobs 1", "wall"), _med(results, "ingest pdf --jobs 1", "cpu")
    j2w, j2c = _med(results, "ingest pdf --jobs 2", "wall"), _med(results, "ingest pdf --jobs 2", "cpu")
    rew, rec = _med(results, "re-ingest pdf (unchanged)", "wall"), _med(results, "re-ingest pdf (unchanged)", "cpu")
    plw, plc = _med(results, "floor pdfplumber", "wall"), _med(results, "floor pdfplumber", "cpu")
    fiw, fic = _med(results, "floor pdfium", "wall"), _med(results, "floor pdfium", "cpu")
    pl_in = statistics.median(d["seconds"] for d in results["floors_inprocess"]["pdfplumber"])
    fi_in = statistics.median(d["seconds"] for d in results["floors_inprocess"]["pdfium"])
    f["throughput"] = {}
    for label, docs, pages in (("ingest pdf --jobs 1", n_pdf, pdf_pages), ("ingest pdf --jobs 2", n_pdf, pdf_pages),
                               ("ingest docx --jobs 1", n_docx, docx_pages),
                               ("ingest all --jobs 2", n_pdf + n_docx, pdf_pages + docx_pages),
                               ("floor pdfplumber", n_pdf, pdf_pages), ("floor pdfium", n_pdf, pdf_pages)):
        w = _med(results, label, "wall")
        if w:
            f["throughput"][label] = {"wall_s": w, "cpu_s": _med(results, label, "cpu"), "docs_per_s": docs / w,
                                      "pages_per_s": pages / w if pages else None}
    f["floors"] = {"pdfplumber": {"wall_s": plw, "cpu_s": plc, "inprocess_s": pl_in},
                   "pdfium": {"wall_s": fiw, "cpu_s": fic, "inprocess_s": fi_in}}
    def paired(num: str, den: str, key: str = "wall") -> float:
        """Median over repetitions of the ratio within each repetition (runs minutes apart
        share the machine's load; medians taken apart do not)."""
        a, b = results["runs"][num], results["runs"][den]
        return statistics.median(x[key] / y[key] for x, y in zip(a, b))

    f["jobs1_vs_pdfplumber"] = {"wall": paired("ingest pdf --jobs 1", "floor pdfplumber"),
                                "cpu": paired("ingest pdf --jobs 1", "floor pdfplumber", "cpu"),
                                "wall_of_medians": j1w / plw}
    f["jobs1_vs_pdfium"] = {"wall": paired("ingest pdf --jobs 1", "floor pdfium"),
                            "cpu": paired("ingest pdf --jobs 1", "floor pdfium", "cpu"), "wall_of_medians": j1w / fiw}
    f["jobs2_speedup"] = {"wall": paired("ingest pdf --jobs 1", "ingest pdf --jobs 2"), "wall_of_medians": j1w / j2w,
                          "cpu_jobs2_over_jobs1": j2c / j1c,
                          "per_rep": [x["wall"] / y["wall"] for x, y in zip(results["runs"]["ingest pdf --jobs 1"],
                                                                          results["runs"]["ingest pdf --jobs 2"])]}
    def critical_cpu(run: dict) -> float | None:
        """CPU seconds on the batch's critical path: the forkserver's start-up (imports), then
        the busiest worker. The parent's hashing and storing overlap the workers."""
        procs = run.get("procs") or []
        workers = [p["cpu_s"] for p in procs if p["role"] == "worker"]
        if not workers:
            return None
        return sum(p["cpu_s"] for p in procs if p["role"] == "forkserver") + max(workers)

    est = [critical_cpu(x) / critical_cpu(y) for x, y in zip(results["runs"]["ingest pdf --jobs 1"],
                                                           results["runs"]["ingest pdf --jobs 2"])
           if critical_cpu(x) and critical_cpu(y)]
    if est:
        f["jobs2_speedup"]["cpu_critical_path_estimate"] = statistics.median(est)
    f["reingest_speedup"] = {"wall": paired("ingest pdf --jobs 1", "re-ingest pdf (unchanged)"),
                             "cpu": paired("ingest pdf --jobs 1", "re-ingest pdf (unchanged)", "cpu"),
                             "wall_of_medians": j1w / rew}
    st = results.get("stages")
    if st:
        f["reingest_speedup"]["inprocess"] = st["first_pass_s"] / max(st["unchanged_pass_s"], 1e-9)
    j2runs = results["runs"].get("ingest all --jobs 2") or results["runs"].get("ingest pdf --jobs 2") or []
    f["worker_peak_mb_corpus"] = max((r["worker_peak_mb"] for r in j2runs), default=None)
    if "long" in results:
        f["worker_peak_mb_long"] = max(r["worker_peak_mb"] or r["maxrss_mb"] for r in results["long"]["ingest"])
        f["long_tree_peak_mb"] = max(r["peak_mb"] for r in results["long"]["ingest"])
        f["long_floor_pdfplumber_maxrss_mb"] = results["long"]["floor_inprocess"].get("vmhwm_mb") \
            or results["long"]["floor_pdfplumber"]["peak_mb"]
        lw = statistics.median(r["wall"] for r in results["long"]["ingest"])
        lc = statistics.median(r["cpu"] for r in results["long"]["ingest"])
        f["long_vs_pdfplumber"] = {"wall": lw / results["long"]["floor_pdfplumber"]["wall"],
                                   "cpu": lc / results["long"]["floor_pdfplumber"]["cpu"]}
        f["long_outcome"] = [r["stdout"] for r in results["long"]["ingest"]]
    inst = results.get("instrumented")
    if inst:
        loads = {}
        for pid, v in inst["per_pid"].items():
            loads.setdefault(v["role"], []).append(v["events"])
        f["loads_per_process"] = loads
        f["worker_caches"] = {k: {"hits": h, "misses": m, "hit_rate": h / (h + m) if h + m else None}
                              for k, (h, m, _, _) in inst["caches"].items()}
    if st:
        f["inprocess_caches"] = {k: {**v, "hit_rate": v["hits"] / (v["hits"] + v["misses"])
                                     if v["hits"] + v["misses"] else None} for k, v in st["caches"].items()}
    f["targets"] = {}
    for key, (op, target) in TARGETS.items():
        val = f.get(key)
        measured = val.get("wall") if isinstance(val, dict) else val
        if measured is None:
            continue
        ok = measured <= target if op == "<=" else measured >= target if op == ">=" else measured < target
        f["targets"][key] = {"target": f"{op} {target:g}", "measured": measured, "met": ok}
    return f


def report(results: dict) -> str:
    """A plain-text summary of the figures (also pasted into bench/README.md)."""
    f = results["figures"]
    c = results["corpus"]
    lines = [f"date {results['date']}, commit {results.get('commit', '?')}, {results['machine']['cores']} cores, "
             f"Python {results['machine']['python']}, load at start {results['machine']['load_at_start'][0]:.1f}",
             f"corpus {c['source']}: {c['pdf_docs']} PDFs ({c['pdf_pages']} pages), {c['docx_docs']} Word documents"
             + (f" ({c['docx_pages']} pages)" if c.get("docx_pages") else ""), "",
             "throughput (median of %d, wall clock):" % results["reps"]]
    for label, t in f["throughput"].items():
        pps = f"{t['pages_per_s']:7.1f} pages/s" if t["pages_per_s"] else ""
        lines.append(f"  {label:<24} {t['wall_s']:7.2f}s wall {t['cpu_s']:7.2f}s cpu  {t['docs_per_s']:6.2f} docs/s {pps}")
    lines += ["", "targets (target | measured wall | measured cpu; ratios are the median of the per-repetition "
                  "ratios, [ratio of the medians]):"]
    j = f["jobs1_vs_pdfplumber"]
    lines.append(f"  ingest --jobs 1 / pdfplumber floor   <= 1.5x | {j['wall']:.2f}x [{j['wall_of_medians']:.2f}x] | "
                 f"{j['cpu']:.2f}x")
    j = f["jobs1_vs_pdfium"]
    lines.append(f"  ingest --jobs 1 / pypdfium2 floor    (info) | {j['wall']:.2f}x | {j['cpu']:.2f}x")
    j = f["jobs2_speedup"]
    lines.append(f"  --jobs 2 speed-up over --jobs 1     >= 1.6x | {j['wall']:.2f}x [{j['wall_of_medians']:.2f}x] | "
                 f"(cpu jobs2/jobs1 {j['cpu_jobs2_over_jobs1']:.2f}; per repetition "
                 + ", ".join(f"{x:.2f}x" for x in j["per_rep"]) + ")")
    if "cpu_critical_path_estimate" in j:
        lines.append(f"    load-independent estimate from CPU on the critical path (forkserver start + busiest "
                     f"worker): {j['cpu_critical_path_estimate']:.2f}x")
    j = f["reingest_speedup"]
    lines.append(f"  re-ingest unchanged speed-up         >= 50x | {j['wall']:.1f}x [{j['wall_of_medians']:.1f}x] | "
                 f"{j['cpu']:.1f}x"
                 + (f" (in-process {j['inprocess']:.0f}x)" if "inprocess" in j else ""))
    if results.get("reingest_left_out"):
        lines.append(f"    (re-ingest without {len(results['reingest_left_out'])} file(s) the first import failed, "
                     "which every run reads again)")
    if "worker_peak_mb_long" in f:
        lines.append(f"  peak RSS per worker, {results['long']['pages']}-page PDF   < 400 MB | "
                     f"{f['worker_peak_mb_long']:.0f} MB | (pdfplumber floor {f['long_floor_pdfplumber_maxrss_mb']:.0f} MB;"
                     f" {f['long_outcome'][0]})")
        lines.append(f"  long PDF ingest / pdfplumber floor   (info) | {f['long_vs_pdfplumber']['wall']:.2f}x | "
                     f"{f['long_vs_pdfplumber']['cpu']:.2f}x")
    if f.get("worker_peak_mb_corpus") is not None:
        lines.append(f"  peak RSS per worker, corpus (--jobs 2)     | {f['worker_peak_mb_corpus']:.0f} MB")
    if "loads_per_process" in f:
        lines += ["", "spaCy Language / dateparser DateDataParser constructions per process (instrumented run; "
                      "importing dateparser makes one DateDataParser itself):"]
        for role, evs in f["loads_per_process"].items():
            lines.append(f"  {role:<16} " + "; ".join(", ".join(f"{k.split('.')[1]} {v}" for k, v in sorted(e.items()))
                                                      or "none" for e in evs))
    for title, key in (("caches in the workers (instrumented --jobs 2 run, summed):", "worker_caches"),
                       ("caches in-process (stages run):", "inprocess_caches")):
        if f.get(key):
            lines += ["", title]
            for name, v in sorted(f[key].items()):
                rate = f"{v['hit_rate']:.0%}" if v["hit_rate"] is not None else "-"
                lines.append(f"  {name:<48} hits {v['hits']:6d} misses {v['misses']:6d} hit rate {rate}")
    st = results.get("stages")
    if st:
        total = sum(st["stages"].values())
        lines += ["", f"stages in-process ({st['files']} files, {st['pages']} pages; import {st['import_s']:.2f}s, "
                      f"spaCy/dateparser warm-up {st['warm_up_s']:.2f}s, not in the total):"]
        for name, secs in st["stages"].items():
            lines.append(f"  {name:<40} {secs:8.2f}s {secs / total:6.1%}")
        lines.append("  normalise, by part:")
        for name, secs in sorted(st["normalise_parts"].items(), key=lambda kv: -kv[1]):
            lines.append(f"    {name:<38} {secs:8.3f}s")
        for name, pf in st["per_format"].items():
            if pf["docs"]:
                per = (f"{pf['extract'] / pf['pages'] * 1000:.0f} ms/page" if pf["pages"]
                       else f"{pf['extract'] / pf['docs'] * 1000:.0f} ms/document")
                lines.append(f"  extract {name}: {pf['docs']} docs, {pf['extract']:.2f}s ({per})")
        for name, r in st["repeats"].items():
            lines.append(f"  {name}: {r['calls']} calls, {r['distinct']} distinct (best possible hit rate "
                         f"{r['ideal_hit_rate']:.0%})")
        lines.append(f"  outcomes: {st['outcomes']}")
    pr = results.get("profile")
    if pr:
        lines += ["", f"cProfile, --jobs 1 path in-process ({pr['files']} PDFs, {pr['total_s']:.1f}s profiled): "
                      "self time by module"]
        for mod, secs in pr["by_module"][:20]:
            lines.append(f"  {mod:<44} {secs:7.2f}s {secs / pr['total_s']:6.1%}")
        lines.append("  top plansift functions by cumulative time:")
        for fn in pr["top_project_cumtime"][:15]:
            lines.append(f"    {fn['function']:<60} {fn['cumtime']:7.2f}s ({fn['ncalls']} calls)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=40, help="documents in the generated corpus (default 40)")
    ap.add_argument("--corpus", help="use this folder instead of a generated corpus")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--long-pages", type=int, default=300)
    ap.add_argument("--long-reps", type=int, default=1)
    ap.add_argument("--no-long", action="store_true")
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--no-instrument", action="store_true")
    ap.add_argument("--no-stages", action="store_true")
    ap.add_argument("--json", help="write all results here (default bench/out/bench_ingest-N.json)")
    ap.add_argument("--workdir", help="databases, hook and profile files go here (default bench/out)")
    # internal modes
    ap.add_argument("--floor", choices=["pdfplumber", "pdfium"], help=argparse.SUPPRESS)
    ap.add_argument("--stages", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--profile", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--report", metavar="JSON", help="recompute the figures and the summary from a results file")
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--pstats", help=argparse.SUPPRESS)
    ap.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.floor:
        print(json.dumps(floor_main(args.floor, args.paths)))
        return 0
    if args.stages:
        print(json.dumps(stages_main(args.paths, args.db), default=str))
        return 0
    if args.profile:
        print(json.dumps(profile_main(args.paths, args.db, args.pstats)))
        return 0

    if args.report:
        results = json.loads(Path(args.report).read_text(encoding="utf-8"))
        c = results["corpus"]
        results["figures"] = figures(results, c["pdf_docs"], c["pdf_pages"], c["docx_docs"], c.get("docx_pages") or 0)
        results["report"] = report(results)
        Path(args.report).write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
        print(results["report"])
        return 0
    global OUT
    if args.workdir:
        OUT = Path(args.workdir).resolve()
    OUT.mkdir(parents=True, exist_ok=True)
    results = orchestrate(args)
    text = report(results)
    results["report"] = text
    out = Path(args.json) if args.json else OUT / f"bench_ingest-{Path(args.corpus).name if args.corpus else args.n}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    print()
    print(text)
    print(f"\nall results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
