"""A corpus of varied plan documents for the batch benchmark, made from the fixture plans.

    python bench/corpus.py [N] [--rebuild] [--long-pages 300] [--no-long]

Each document is a fixture plan's .docx (``fixtures/plans/*.docx``) mutated with python-docx:
its authority renamed (to another name in the gazetteer), the people of its key renamed (same
initials, so "Maureen Floyd (MF)" stays consistent), its years shifted by a multiple of four,
its title varied, action rows shuffled and duplicated (only plain rows: no merged cells, never
header rows; key-value and legend tables are left alone), the font scaled and the pages turned
landscape or portrait (wide tables are scaled to fit a portrait page). Three in four become PDFs
through LibreOffice — one ``soffice`` call per core for many files, each with a throw-away
profile — and one in four stays a .docx.

Layout, cached under ``bench/out/corpus-N/`` (git-ignored) and reused while its manifest matches::

    pdf/cNNNN-<seed>.pdf      the PDF documents
    docx/cNNNN-<seed>.docx    the Word documents
    src/                      the .docx sources of the PDFs and PDF twins of the Word documents
                              (for their page counts); never ingested
    manifest.json             one entry per document: file, seed, format, pages, variant

and one long plan for the memory figure, ``bench/out/long-300/long-300.pdf``: the seed table
with the most plain rows, its rows repeated until the PDF has the requested number of pages.

Every document has its own stem (``cNNNN-…``): the store keys plans by file stem.
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docx import Document as open_docx  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.enum.section import WD_ORIENT  # noqa: E402

OUT = ROOT / "bench" / "out"
PLANS = ROOT / "fixtures" / "plans"
GOLD = ROOT / "fixtures" / "gold"
VERSION = 3  # bump when the mutations change: cached corpora are rebuilt

# Replacement authorities: plain single-word names from normalise/data/authorities.txt
# (no "?" context-only or "!" lines); checked against the file at build time.
AUTHORITIES = [
    "Bexley", "Brent", "Bromley", "Camden", "Ealing", "Enfield", "Greenwich", "Hackney", "Harrow",
    "Havering", "Hillingdon", "Hounslow", "Islington", "Lambeth", "Merton", "Newham", "Wandsworth",
    "Bolton", "Oldham", "Rochdale", "Salford", "Stockport", "Tameside", "Trafford", "Wigan",
    "Knowsley", "Sefton", "Wirral", "Barnsley", "Doncaster", "Rotherham", "Sheffield", "Gateshead",
    "Sunderland", "Coventry", "Dudley", "Sandwell", "Solihull", "Walsall", "Wolverhampton",
    "Calderdale", "Kirklees", "Wakefield", "Cornwall", "Devon", "Dorset", "Essex", "Hampshire",
    "Kent", "Norfolk", "Northumberland", "Shropshire", "Somerset", "Suffolk", "Surrey", "Blackpool",
    "Darlington", "Halton", "Hartlepool", "Luton",
]

# Surnames by initial, for renaming people while keeping their initials.
SURNAMES = {
    "A": ["Adams", "Ahmed", "Atkinson"], "B": ["Baker", "Bennett", "Bowen"], "C": ["Clarke", "Carter", "Chen"],
    "D": ["Davies", "Doyle", "Dunn"], "E": ["Evans", "Ellis", "Eze"], "F": ["Fisher", "Foster", "Fraser"],
    "G": ["Green", "Gill", "Graham"], "H": ["Hughes", "Hussain", "Holt"], "I": ["Iqbal", "Ingram", "Irwin"],
    "J": ["Jones", "Jackson", "Joshi"], "K": ["Khan", "Kelly", "Knight"], "L": ["Lewis", "Lloyd", "Lowe"],
    "M": ["Morgan", "Mitchell", "Malik"], "N": ["Nolan", "Nash", "Nwosu"], "O": ["Owen", "O'Brien", "Osei"],
    "P": ["Patel", "Parker", "Price"], "Q": ["Quinn", "Qureshi", "Quigley"], "R": ["Roberts", "Reid", "Rahman"],
    "S": ["Smith", "Shah", "Stewart"], "T": ["Taylor", "Turner", "Thomas"], "U": ["Underwood", "Usman", "Upton"],
    "V": ["Vaughan", "Vance", "Varma"], "W": ["Walker", "Wood", "Wright"], "X": ["Xavier", "Xu", "Ximenes"],
    "Y": ["Young", "Yates", "Yusuf"], "Z": ["Zaman", "Zhou", "Zielinski"],
}
TITLE_SUFFIXES = ["", "", " (revised)", " \u2013 refreshed", " \u2013 Year Two", " (draft for Board)"]
MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"


# ---- seeds ---------------------------------------------------------------------------------

@dataclass
class Seed:
    key: str  # file stem, e.g. "barnet-2017"
    docx: Path
    authority: str
    title: str = ""
    people: list[str] = field(default_factory=list)


def seeds() -> list[Seed]:
    """The fixture plans' .docx files, with the authority, title and people from their gold."""
    out = []
    for path in sorted(PLANS.glob("*.docx")):
        gold_path = GOLD / f"{path.stem}.json"
        gold = json.loads(gold_path.read_text(encoding="utf-8")) if gold_path.exists() else {}
        authority = gold.get("authority") or path.stem.split("-")[0].replace("_", " ").title()
        out.append(Seed(path.stem, path, authority, gold.get("plan_title") or "",
                        sorted(set((gold.get("people") or {}).values()))))
    return out


def _given_names() -> dict[str, list[str]]:
    by_initial: dict[str, list[str]] = {}
    path = ROOT / "normalise" / "data" / "given_names.txt"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            name = line.split("#", 1)[0].strip()
            if name and name[0].isupper() and name.isalpha():
                by_initial.setdefault(name[0], []).append(name)
    return by_initial


def _gazetteer_names() -> set[str]:
    path = ROOT / "normalise" / "data" / "authorities.txt"
    names: set[str] = set()
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line and line[0] not in "?!":
                names.update(part.strip() for part in line.split("|"))
    return names


# ---- mutations -------------------------------------------------------------------------------

@dataclass
class Variant:
    seed: str
    fmt: str  # "pdf" | "docx"
    authority: str
    year_shift: int
    font_scale: float
    orientation: str  # "as-is" | "landscape" | "portrait"
    shuffle: bool
    duplicates: int
    title_suffix: str
    people: dict[str, str] = field(default_factory=dict)
    repeat_rows: int = 1  # every plain row repeated this many times (the long plan)


def _choose(i: int, seed: Seed, fmt: str, authorities: list[str], given: dict[str, list[str]]) -> Variant:
    rng = random.Random(f"plansift-corpus-{i}")
    people: dict[str, str] = {}
    for name in seed.people:
        parts = name.split()
        if len(parts) < 2:
            continue
        for old, pool in ((parts[0], given.get(parts[0][0], [])), (parts[-1], SURNAMES.get(parts[-1][0].upper(), []))):
            if old in people:
                continue
            free = [w for w in pool if w not in people.values() and w != old]  # distinct people stay distinct
            people[old] = rng.choice(free) if free else old
    return Variant(
        seed=seed.key, fmt=fmt,
        authority=rng.choice([a for a in authorities if a != seed.authority]),
        year_shift=rng.choice([-8, -4, 0, 4, 8]),
        font_scale=rng.choice([0.9, 1.0, 1.0, 1.1, 1.25]),
        orientation=rng.choice(["as-is", "as-is", "landscape", "portrait"]),
        shuffle=rng.random() < 0.7,
        duplicates=rng.randint(0, 4),
        title_suffix=rng.choice(TITLE_SUFFIXES),
        people=people,
    )


def _texts(doc):
    """Every w:t element of the body, headers and footers."""
    yield from doc.element.body.iter(qn("w:t"))
    for section in doc.sections:
        for part in (section.header, section.footer):
            if part is not None and not part.is_linked_to_previous:
                yield from part._element.iter(qn("w:t"))


def _shift_years(text: str, k: int) -> str:
    if not k:
        return text

    def year(m: re.Match) -> str:  # "2018", "31/10/2018", "2018-2019", and "2018/19", "2014-15" as one
        if m.group(3):
            return f"{int(m.group(1)) + k}{m.group(2)}{(int(m.group(3)) + k) % 100:02d}"
        return str(int(m.group(1)) + k)

    def mon_yy(m: re.Match) -> str:  # "Jan-19", "Sept 17"
        return f"{m.group(1)}{m.group(2)}{(int(m.group(3)) + k) % 100:02d}"

    text = re.sub(r"(?<!\d)((?:19|20)\d\d)(?:([/\-\u2013])(\d\d))?(?!\d)", year, text)
    text = re.sub(rf"\b({MONTHS}\.?)([\- ']?)(\d\d)\b(?![\d/:])(?!\s*,?\s*\d{{4}})", mon_yy, text)
    return text


def _replace_words(text: str, mapping: dict[str, str]) -> str:
    if not mapping:
        return text
    full = dict(mapping)
    full.update({k.upper(): v.upper() for k, v in mapping.items()})  # "BARNET" too, never "barnet"
    pattern = re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(full, key=len, reverse=True)) + r")\b")

    def sub(m: re.Match) -> str:
        return full[m.group(0)]

    return pattern.sub(sub, text)


def _mutate_text(doc, seed: Seed, v: Variant) -> None:
    words = {seed.authority: v.authority}
    first = seed.authority.split()[0]
    if first != seed.authority:
        words[first] = v.authority  # "Kingston upon Thames" and "Kingston"
    words.update(v.people)
    title_done = not (v.title_suffix and seed.title)
    for t in _texts(doc):
        text = t.text or ""
        if not text:
            continue
        new = _shift_years(_replace_words(text, words), v.year_shift)
        if not title_done and seed.title and seed.title.lower() in text.lower():
            new = new + v.title_suffix
            title_done = True
        if new != text:
            t.text = new
            if new != new.strip():
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _grid(tbl) -> list[int]:
    grid = tbl.tblGrid
    return [int(gc.get(qn("w:w")) or 0) for gc in grid.findall(qn("w:gridCol"))] if grid is not None else []


def _plain(tr, n_cols: int) -> bool:
    tcs = tr.tc_lst
    if len(tcs) != n_cols:
        return False
    for tc in tcs:
        pr = tc.tcPr
        if pr is not None and (pr.find(qn("w:vMerge")) is not None or pr.find(qn("w:gridSpan")) is not None):
            return False
    return True


def _is_header(tr) -> bool:
    pr = tr.find(qn("w:trPr"))
    return pr is not None and pr.find(qn("w:tblHeader")) is not None


def _plain_runs(tbl) -> list[list]:
    """Runs of consecutive plain data rows (the rows that may be shuffled or repeated)."""
    n_cols = len(_grid(tbl))
    if n_cols <= 2:  # key-value tables, legends, people keys
        return []
    rows = list(tbl.tr_lst)
    start = 0
    while start < len(rows) and _is_header(rows[start]):
        start += 1
    if start == 0:
        start = 1  # no marked header: the first row is the header
    runs, run = [], []
    for tr in rows[start:]:
        if _plain(tr, n_cols):
            run.append(tr)
        else:
            if run:
                runs.append(run)
            run = []
    if run:
        runs.append(run)
    return runs


def _mutate_rows(doc, v: Variant, rng: random.Random) -> None:
    runs = [run for tbl in doc.element.body.iter(qn("w:tbl")) for run in _plain_runs(tbl)]
    if v.shuffle:
        for run in runs:
            if len(run) < 2:
                continue
            anchor = run[0].getprevious()
            parent = run[0].getparent()
            order = run[:]
            rng.shuffle(order)
            for tr in run:
                parent.remove(tr)
            pos = parent.index(anchor) + 1 if anchor is not None else 0
            for k, tr in enumerate(order):
                parent.insert(pos + k, tr)
    flat = [tr for run in runs for tr in run]
    if flat and v.duplicates:
        for tr in rng.sample(flat, min(v.duplicates, len(flat))):
            tr.addnext(copy.deepcopy(tr))
    if flat and v.repeat_rows > 1:
        for tr in flat:
            for _ in range(v.repeat_rows - 1):
                tr.addnext(copy.deepcopy(tr))


def _scale_fonts(doc, scale: float) -> None:
    if scale == 1.0:
        return
    for root in (doc.element, doc.styles.element):
        for tag in ("w:sz", "w:szCs"):
            for el in root.iter(qn(tag)):
                val = el.get(qn("w:val"))
                if val and val.isdigit():
                    el.set(qn("w:val"), str(max(12, round(int(val) * scale))))


def _section_of_tables(doc) -> list[tuple[object, list]]:
    """(sectPr, tables in that section), walking the body in order."""
    body = doc.element.body
    out, pending = [], []
    for child in body.iterchildren():
        if child.tag == qn("w:tbl"):
            pending.append(child)
        elif child.tag == qn("w:p"):
            ppr = child.find(qn("w:pPr"))
            sect = ppr.find(qn("w:sectPr")) if ppr is not None else None
            if sect is not None:
                out.append((sect, pending))
                pending = []
        elif child.tag == qn("w:sectPr"):
            out.append((child, pending))
            pending = []
    return out


def _orient(doc, orientation: str) -> None:
    if orientation == "as-is":
        return
    landscape = orientation == "landscape"
    for sec in doc.sections:
        w, h = sec.page_width, sec.page_height
        if landscape and w < h or not landscape and w > h:
            sec.page_width, sec.page_height = h, w
        sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    # tables wider than their section's text width are scaled to fit it
    from docx.section import Section

    for sect_pr, tables in _section_of_tables(doc):
        sec = Section(sect_pr, doc.part)
        if sec.page_width is None:
            continue
        text_width = (sec.page_width - (sec.left_margin or 0) - (sec.right_margin or 0)) / 635  # EMU -> twips
        for tbl in tables:
            widths = _grid(tbl)
            total = sum(widths)
            if not total or total <= text_width:
                continue
            f = text_width / total
            for gc in tbl.tblGrid.findall(qn("w:gridCol")):
                gc.set(qn("w:w"), str(int(int(gc.get(qn("w:w")) or 0) * f)))
            for el in list(tbl.iter(qn("w:tcW"))) + list(tbl.iter(qn("w:tblW"))):
                if el.get(qn("w:type")) == "dxa" and (el.get(qn("w:w")) or "").isdigit():
                    el.set(qn("w:w"), str(int(int(el.get(qn("w:w"))) * f)))


def make_docx(seed: Seed, v: Variant, out: Path, rng_key: str) -> Path:
    doc = open_docx(str(seed.docx))
    rng = random.Random(rng_key)
    _mutate_text(doc, seed, v)
    _mutate_rows(doc, v, rng)
    _scale_fonts(doc, v.font_scale)
    _orient(doc, v.orientation)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


# ---- LibreOffice -----------------------------------------------------------------------------

def _soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        sys.exit("LibreOffice is needed to make the PDFs: apt-get install libreoffice-writer-nogui")
    return exe


def convert_to_pdf(docx_files: list[Path], outdir: Path, processes: int | None = None) -> None:
    """Convert many .docx files with as few ``soffice`` calls as possible (one per core, each
    with its own throw-away profile, all files of its share in one call). A file that did not
    come out is retried on its own once."""
    if not docx_files:
        return
    outdir.mkdir(parents=True, exist_ok=True)
    processes = max(1, min(processes or len(os.sched_getaffinity(0)), len(docx_files)))
    shares = [docx_files[k::processes] for k in range(processes)]
    _run_soffice_batches(shares, outdir)
    missing = [f for f in docx_files if not (outdir / f"{f.stem}.pdf").exists()]
    if missing:
        _run_soffice_batches([[f] for f in missing], outdir)
    missing = [f for f in docx_files if not (outdir / f"{f.stem}.pdf").exists()]
    if missing:
        raise RuntimeError(f"LibreOffice made no PDF for {len(missing)} file(s): {', '.join(f.name for f in missing)}")


def _run_soffice_batches(shares: list[list[Path]], outdir: Path) -> None:
    exe = _soffice()
    procs = []
    with tempfile.TemporaryDirectory(prefix="plansift-soffice-") as tmp:
        for k, share in enumerate(shares):
            profile = Path(tmp) / f"profile-{k}"
            cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(outdir)] + [str(f) for f in share]
            procs.append((subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                           start_new_session=True), 120 + 60 * len(share)))
        start = time.monotonic()
        for proc, timeout in procs:
            try:
                proc.wait(timeout=max(1, timeout - (time.monotonic() - start)))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # the soffice we started, and its children
                proc.wait()


def page_count(pdf: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


# ---- the corpus --------------------------------------------------------------------------------

def _seed_digest(all_seeds: list[Seed]) -> str:
    h = hashlib.sha256()
    for s in all_seeds:
        h.update(s.key.encode())
        h.update(s.docx.read_bytes())
    return h.hexdigest()[:16]


def corpus_dir(n: int) -> Path:
    return OUT / f"corpus-{n}"


def load_manifest(n: int) -> dict | None:
    path = corpus_dir(n) / "manifest.json"
    if not path.exists():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return None
    if manifest.get("version") != VERSION or len(manifest.get("documents", [])) != n:
        return None
    root = corpus_dir(n)
    if not all((root / d["file"]).exists() for d in manifest["documents"]):
        return None
    return manifest


def build_corpus(n: int, rebuild: bool = False, log=print) -> dict:
    """Build (or reuse) ``bench/out/corpus-N`` and return its manifest."""
    all_seeds = seeds()
    if not all_seeds:
        raise RuntimeError(f"no fixture plans in {PLANS}")
    digest = _seed_digest(all_seeds)
    manifest = None if rebuild else load_manifest(n)
    if manifest is not None:
        if manifest.get("seed_digest") != digest:
            log(f"corpus-{n}: reusing the cached corpus, though the fixture plans changed since it was built "
                f"(--rebuild to remake it)")
        return manifest
    root = corpus_dir(n)
    if root.exists():
        shutil.rmtree(root)
    (root / "src").mkdir(parents=True)
    given = _given_names()
    gazetteer = _gazetteer_names()
    authorities = [a for a in AUTHORITIES if not gazetteer or a in gazetteer]
    docs = []
    start = time.perf_counter()
    for i in range(n):
        seed = all_seeds[i % len(all_seeds)]
        fmt = "docx" if i % 4 == 3 else "pdf"
        v = _choose(i, seed, fmt, authorities, given)
        stem = f"c{i:04d}-{seed.key}"
        if fmt == "pdf":
            src = make_docx(seed, v, root / "src" / f"{stem}.docx", stem)
            file = f"pdf/{stem}.pdf"
        else:
            src = make_docx(seed, v, root / "docx" / f"{stem}.docx", stem)
            file = f"docx/{stem}.docx"
        docs.append({"file": file, "seed": seed.key, "format": fmt, "src": str(src.relative_to(root)),
                     "variant": asdict(v)})
    log(f"corpus-{n}: {n} .docx files made in {time.perf_counter() - start:.1f}s; converting with LibreOffice")
    start = time.perf_counter()
    pdf_sources = [root / d["src"] for d in docs if d["format"] == "pdf"]
    word_docs = [root / d["src"] for d in docs if d["format"] == "docx"]
    convert_to_pdf(pdf_sources + word_docs, root / "src")
    (root / "pdf").mkdir(exist_ok=True)
    for d in docs:
        twin = root / "src" / f"{Path(d['file']).stem}.pdf"
        d["pages"] = page_count(twin)
        if d["format"] == "pdf":
            shutil.move(str(twin), root / d["file"])
    log(f"corpus-{n}: converted in {time.perf_counter() - start:.1f}s")
    manifest = {"version": VERSION, "n": n, "seed_digest": digest, "built": time.strftime("%Y-%m-%d %H:%M:%S"),
                "documents": docs}
    (root / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


# ---- the long plan -------------------------------------------------------------------------

def _plain_row_count(seed: Seed) -> int:
    doc = open_docx(str(seed.docx))
    return sum(len(run) for tbl in doc.element.body.iter(qn("w:tbl")) for run in _plain_runs(tbl))


def long_pdf_path(pages: int = 300) -> Path:
    return OUT / f"long-{pages}" / f"long-{pages}.pdf"


def build_long_pdf(pages: int = 300, rebuild: bool = False, log=print) -> Path:
    """One long plan of exactly ``pages`` pages: the seed with the most plain action rows, each
    row repeated until the PDF is at least that long, then pages past ``pages`` deleted from the
    middle of the table (a table running across the missing pages, as a long plan does)."""
    path = long_pdf_path(pages)
    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists() and not rebuild:
        return path
    all_seeds = seeds()
    seed = max(all_seeds, key=_plain_row_count)
    work = path.parent / "src"
    if path.parent.exists():
        shutil.rmtree(path.parent)
    work.mkdir(parents=True)
    base = Variant(seed=seed.key, fmt="pdf", authority="Sheffield", year_shift=0, font_scale=1.0,
                   orientation="as-is", shuffle=False, duplicates=0, title_suffix="", people={})
    seed_pdf = seed.docx.with_suffix(".pdf")
    repeat = max(2, round(pages / page_count(seed_pdf))) if seed_pdf.exists() else 8
    for attempt in range(5):
        base.repeat_rows = repeat
        docx = make_docx(seed, base, work / f"long-{pages}.docx", "long")
        for old in work.glob("*.pdf"):
            old.unlink()
        start = time.perf_counter()
        convert_to_pdf([docx], work)
        got = page_count(work / f"long-{pages}.pdf")
        log(f"long plan: {seed.key} rows x{repeat} -> {got} pages ({time.perf_counter() - start:.0f}s in LibreOffice)")
        if pages <= got <= pages * 1.1:
            break
        repeat = max(repeat + 1, int(repeat * pages * 1.03 / max(got, 1)) + 1)
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(work / f"long-{pages}.pdf"))
    excess = len(pdf) - pages
    if excess < 0:
        raise RuntimeError(f"the long plan came out at {len(pdf)} pages, fewer than {pages}")
    middle = len(pdf) // 2 - excess // 2
    for _ in range(excess):
        pdf.del_page(middle)
    pdf.save(str(path))
    pdf.close()
    meta = {"seed": seed.key, "repeat_rows": repeat, "pages": page_count(path), "deleted_pages": excess}
    meta_path.write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", nargs="?", type=int, default=40, help="documents in the corpus (default 40)")
    ap.add_argument("--rebuild", action="store_true", help="remake the cached corpus")
    ap.add_argument("--long-pages", type=int, default=300)
    ap.add_argument("--no-long", action="store_true", help="skip the long plan")
    args = ap.parse_args(argv)
    manifest = build_corpus(args.n, args.rebuild)
    docs = manifest["documents"]
    by_fmt = {f: [d for d in docs if d["format"] == f] for f in ("pdf", "docx")}
    for fmt, ds in by_fmt.items():
        print(f"{fmt}: {len(ds)} documents, {sum(d['pages'] for d in ds)} pages")
    print(f"corpus: {corpus_dir(args.n)}")
    if not args.no_long:
        print(f"long plan: {build_long_pdf(args.long_pages, args.rebuild)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
