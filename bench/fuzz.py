"""Mutation fuzzing of the readers: damaged copies of the fixture plans through extract + assemble.

    python bench/fuzz.py --iterations 200 --seed 7 [--out bench/out/fuzz] [--source PATH ...]

Each iteration takes a fixture file, applies one mutation (byte flips, truncation, a chunk
deleted or repeated, a corrupted zip member, an XML tag deleted from a zip member, a PDF
object's bytes scrambled) and reads it. A ``PlansiftError`` is a verdict, as it should be;
any other exception is a crash: the file is saved with its traceback under ``--out`` for
reproduction (``python bench/fuzz.py --replay FILE``). A file that takes longer than
``--timeout`` seconds is reported as a hang and saved too. Exit status 1 when anything
crashed or hung.

The same seed and iteration count give the same files.
"""
from __future__ import annotations

import argparse
import io
import random
import re
import signal
import sys
import time
import traceback
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extractors import extract  # noqa: E402
from extractors.errors import PlansiftError  # noqa: E402
from ingest.assemble import assemble  # noqa: E402

DEFAULT_SOURCES = sorted(
    p for p in (ROOT / "fixtures" / "plans").iterdir() if p.suffix in (".docx", ".pdf")
) + [ROOT / "fixtures" / "bad" / "ok" / "unicode-oddities.docx"]
DEFAULT_OUT = ROOT / "bench" / "out" / "fuzz"


# ------------------------------------------------------------------ mutations
def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


def delete_chunk(data: bytes, rng: random.Random) -> bytes:
    i = rng.randrange(len(data))
    return data[:i] + data[i + rng.randint(1, 4096):]


def repeat_chunk(data: bytes, rng: random.Random) -> bytes:
    i = rng.randrange(len(data))
    chunk = data[i:i + rng.randint(1, 4096)]
    return data[:i] + chunk * rng.randint(2, 50) + data[i:]


def _rezip(data: bytes, edit) -> bytes:
    """Rewrite a zip, passing each member's (name, bytes) through `edit`."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, edit(info.filename, src.read(info)))
    return buf.getvalue()


def _pick_member(data: bytes, rng: random.Random, xml_only: bool) -> str:
    names = [i.filename for i in zipfile.ZipFile(io.BytesIO(data)).infolist()
             if not xml_only or i.filename.endswith((".xml", ".rels"))]
    # the main document most of the time: that is where the tables are
    if "word/document.xml" in names and rng.random() < 0.6:
        return "word/document.xml"
    return rng.choice(names)


def corrupt_zip_member(data: bytes, rng: random.Random) -> bytes:
    """Byte flips inside one member's inflated content (the zip itself stays valid)."""
    target = _pick_member(data, rng, xml_only=False)
    return _rezip(data, lambda name, body: flip_bytes(body, rng) if name == target and body else body)


def corrupt_zip_raw(data: bytes, rng: random.Random) -> bytes:
    """Flip bytes in one member's compressed data, so it no longer inflates (or inflates wrong)."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    info = zf.getinfo(_pick_member(data, rng, xml_only=False))
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    if info.compress_size == 0:
        return flip_bytes(data, rng)
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = start + rng.randrange(info.compress_size)
        if i < len(out):
            out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


_TAG = re.compile(rb"<[^<>]{1,200}>")


def delete_xml_tags(data: bytes, rng: random.Random) -> bytes:
    """Delete one to three tags (an opening, closing or empty element tag) from an XML member."""
    target = _pick_member(data, rng, xml_only=True)

    def edit(name: str, body: bytes) -> bytes:
        if name != target:
            return body
        for _ in range(rng.randint(1, 3)):
            tags = list(_TAG.finditer(body))
            if not tags:
                break
            m = rng.choice(tags)
            body = body[:m.start()] + body[m.end():]
        return body

    return _rezip(data, edit)


_PDF_OBJ = re.compile(rb"\d+ \d+ obj\b")


def scramble_pdf_object(data: bytes, rng: random.Random) -> bytes:
    """Overwrite part of one PDF object with random bytes (keeps the file's length and xref)."""
    objs = list(_PDF_OBJ.finditer(data))
    if not objs:
        return flip_bytes(data, rng)
    m = rng.choice(objs)
    start = m.end() + rng.randrange(64)
    n = rng.randint(1, 64)
    return data[:start] + bytes(rng.randrange(256) for _ in range(n)) + data[start + n:]


GENERIC = [flip_bytes, truncate, delete_chunk, repeat_chunk]
ZIP = [corrupt_zip_member, corrupt_zip_raw, delete_xml_tags, delete_xml_tags]
PDF = [scramble_pdf_object, scramble_pdf_object]


def mutations_for(data: bytes) -> list:
    if data.startswith(b"PK\x03\x04"):
        return GENERIC + ZIP
    if data.startswith(b"%PDF"):
        return GENERIC + PDF
    return GENERIC


# ------------------------------------------------------------------ running
class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang()


@dataclass
class Finding:
    kind: str  # crash | hang
    iteration: int
    source: str
    mutation: str
    saved: str
    error: str


@dataclass
class FuzzReport:
    iterations: int = 0
    verdicts: Counter = field(default_factory=Counter)  # "stored" or the PlansiftError class
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def crashes(self) -> list[Finding]:
        return [f for f in self.findings if f.kind == "crash"]

    def summary(self) -> str:
        lines = [f"{self.iterations} iterations in {self.seconds:.0f} s: "
                 + ", ".join(f"{n} {k}" for k, n in self.verdicts.most_common())]
        for f in self.findings:
            lines.append(f"{f.kind.upper()} #{f.iteration} {f.mutation}({Path(f.source).name}) -> {f.saved}: {f.error}")
        if not self.findings:
            lines.append("no crashes")
        return "\n".join(lines)


def read_one(path: Path) -> str:
    """'stored' or the name of the PlansiftError; any other exception propagates (a crash)."""
    try:
        assemble(extract(path), path)
    except PlansiftError as exc:
        return type(exc).__name__
    return "stored"


def run(iterations: int, seed: int, out: Path = DEFAULT_OUT, sources: list[Path] | None = None,
        timeout: float = 120.0, log=None) -> FuzzReport:
    rng = random.Random(seed)
    sources = sources or DEFAULT_SOURCES
    blobs = {p: p.read_bytes() for p in sources}
    work = out / "work"
    work.mkdir(parents=True, exist_ok=True)
    report = FuzzReport()
    start = time.perf_counter()
    use_alarm = hasattr(signal, "SIGALRM")
    previous = signal.signal(signal.SIGALRM, _alarm) if use_alarm else None
    try:
        for it in range(iterations):
            src = rng.choice(sources)
            mutation = rng.choice(mutations_for(blobs[src]))
            data = mutation(blobs[src], rng)
            path = work / f"{it:05d}-{mutation.__name__}-{src.name}"
            path.write_bytes(data)
            (out / "last.txt").write_text(f"{path}\n")  # names the culprit if the process dies
            if use_alarm:
                signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                verdict = read_one(path)
            except Hang:
                report.findings.append(_keep(out, "hang", it, src, mutation.__name__, path,
                                             f"took longer than {timeout:g} s"))
                verdict = "hang"
            except Exception as exc:  # noqa: BLE001 - the point of fuzzing: anything not a PlansiftError
                report.findings.append(_keep(out, "crash", it, src, mutation.__name__, path,
                                             f"{type(exc).__name__}: {exc}", traceback.format_exc()))
                verdict = "crash"
            finally:
                if use_alarm:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            report.verdicts[verdict] += 1
            report.iterations += 1
            path.unlink(missing_ok=True)
            if log:
                log(f"#{it} {mutation.__name__}({src.name}): {verdict}")
    finally:
        if use_alarm:
            signal.signal(signal.SIGALRM, previous)
    report.seconds = time.perf_counter() - start
    return report


def _keep(out: Path, kind: str, it: int, src: Path, mutation: str, path: Path, error: str, tb: str = "") -> Finding:
    saved = out / f"{kind}-{path.name}"
    saved.write_bytes(path.read_bytes())
    if tb:
        saved.with_name(saved.name + ".txt").write_text(f"{src} / {mutation}\n\n{tb}")
    return Finding(kind, it, str(src), mutation, str(saved), error.splitlines()[0][:300] if error else "")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--iterations", "-n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds before a file counts as a hang")
    ap.add_argument("--source", type=Path, action="append", help="fixture files to mutate (default: fixtures/plans)")
    ap.add_argument("--replay", type=Path, help="read one saved file and show the traceback of its crash")
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args(argv)
    if args.replay:
        print(f"{args.replay}: {read_one(args.replay)}")
        return 0
    report = run(args.iterations, args.seed, args.out, args.source, args.timeout,
                 log=print if args.verbose else None)
    print(report.summary())
    return 1 if report.findings else 0


if __name__ == "__main__":
    sys.exit(main())
