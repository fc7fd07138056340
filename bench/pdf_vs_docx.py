"""The PDF path against the Word path on the same documents: the batch corpus's PDFs and their .docx.

    python bench/pdf_vs_docx.py [--corpus DIR] [--documents STEM ...] [--show] [--json OUT]

Every document of a corpus built by ``bench/corpus.py`` exists in both formats (``pdf/`` with its
source in ``src/``, ``docx/`` with its PDF twin in ``src/``). The Word extractor reads the real
table structure, so its actions are the reference for the PDF's. Actions are paired as the
scorer pairs them with gold (rapidfuzz token_sort_ratio >= 80 on normalised text, one to one, most
similar first); for each pair the fields leads, due_date, sources, section_ref and ref are compared.

``--show`` lists, per document, the actions found in one format only and the fields that disagree,
with the PDF table row the action came from (its cell texts, as extracted).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

from extractors import extract  # noqa: E402
from extractors.errors import PlansiftError  # noqa: E402
from extractors.model import Document, Table  # noqa: E402
from ingest.assemble import assemble  # noqa: E402
from ingest.evaluate import norm, pair_actions  # noqa: E402
from ingest.records import ActionRecord  # noqa: E402

DEFAULT_CORPUS = ROOT / "bench" / "out" / "corpus-40"
FIELDS = ("leads", "due_date", "sources", "section_ref", "ref")


def corpus_pairs(corpus: Path) -> list[tuple[str, Path, Path]]:
    """(stem, .docx, .pdf) for every document of the corpus that exists in both formats."""
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    out = []
    for d in manifest["documents"]:
        main = corpus / d["file"]
        twin = corpus / d["src"] if d.get("src") else None
        if twin is None:
            continue
        docx, pdf = (twin, main) if main.suffix.lower() == ".pdf" else (main, twin)
        if docx.exists() and pdf.exists():
            out.append((main.stem, docx, pdf))
    return out


def read(path: Path) -> tuple[Document | None, list[ActionRecord], str]:
    """The document, its actions and an error message ("" when it read)."""
    try:
        doc = extract(path)
        plan = assemble(doc, path, sha256="-")
    except PlansiftError as exc:
        return None, [], f"{type(exc).__name__}: {exc.reason}"
    return doc, plan.actions, ""


def _as_dict(a: ActionRecord) -> dict:
    return {"action": a.action}


def field_value(a: ActionRecord, name: str):
    v = getattr(a, name)
    if isinstance(v, list):
        return sorted(norm(x) for x in v)
    return norm(v)


def compare(docx_actions: list[ActionRecord], pdf_actions: list[ActionRecord]) -> dict:
    pairs = pair_actions([_as_dict(a) for a in docx_actions], [_as_dict(a) for a in pdf_actions])
    agree = {f: 0 for f in FIELDS}
    disagreements = []
    for i, j in pairs:
        a, b = docx_actions[i], pdf_actions[j]
        bad = []
        for f in FIELDS:
            if field_value(a, f) == field_value(b, f):
                agree[f] += 1
            else:
                bad.append(f)
        if bad:
            disagreements.append((i, j, bad))
    paired_d = {i for i, _ in pairs}
    paired_p = {j for _, j in pairs}
    return {
        "docx": len(docx_actions),
        "pdf": len(pdf_actions),
        "paired": len(pairs),
        "agree": agree,
        "docx_only": [i for i in range(len(docx_actions)) if i not in paired_d],
        "pdf_only": [j for j in range(len(pdf_actions)) if j not in paired_p],
        "disagreements": disagreements,
    }


def source_row(doc: Document | None, action: str) -> tuple[Table, int] | None:
    """The table row whose cells hold the action's text best."""
    if doc is None or not action:
        return None
    want = norm(action)
    best, where = 0.0, None
    for t in doc.tables():
        for r, row in enumerate(t.grid):
            for j, c in enumerate(row):
                if not c.is_origin_at(r, j):
                    continue
                text = norm(c.text)
                # the cell must be able to hold the action: a short cell matches anything
                s = fuzz.partial_ratio(want, text) if len(text) >= len(want) else fuzz.ratio(want, text)
                if s > best:
                    best, where = s, (t, r)
    return where if best >= 80 else None


def show_row(doc: Document | None, action: str, indent: str = "      ") -> None:
    found = source_row(doc, action)
    if found is None:
        print(f"{indent}(no PDF table row holds this text)")
        return
    t, r = found
    print(f"{indent}PDF table {t.index} row {r} (pages {t.pages}, {t.n_cols} columns, header rows {t.header_rows}):")
    for j, c in enumerate(t.grid[r]):
        text = c.text if c.is_origin_at(r, j) else f"<spanned from row {c.row} col {c.col}>"
        print(f"{indent}  [{j}] {' | '.join(text.splitlines())[:300]!r}")


def report(stem: str, res: dict, docx_a, pdf_a, pdf_doc, show: bool) -> None:
    if not show:
        return
    for i in res["docx_only"]:
        print(f"  docx only: {docx_a[i].action[:150]!r}")
        print(f"      docx: lead {docx_a[i].lead_raw!r} due {docx_a[i].due_raw!r} ref {docx_a[i].ref!r} section {docx_a[i].section_ref!r}")
        show_row(pdf_doc, docx_a[i].action)
    for j in res["pdf_only"]:
        print(f"  pdf only:  {pdf_a[j].action[:150]!r}")
        show_row(pdf_doc, pdf_a[j].action)
    for i, j, bad in res["disagreements"]:
        a, b = docx_a[i], pdf_a[j]
        print(f"  differ {', '.join(bad)}: {a.action[:100]!r}")
        for f in bad:
            print(f"      {f}: docx {getattr(a, f)!r}  pdf {getattr(b, f)!r}")
        print(f"      raw pdf: lead {b.lead_raw!r} due {b.due_raw!r}")
        show_row(pdf_doc, b.action)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--documents", nargs="*", default=[], help="stems (or parts of stems) to run")
    ap.add_argument("--show", action="store_true", help="list unpaired actions and disagreeing fields")
    ap.add_argument("--json", type=Path, help="write the per-document figures here")
    args = ap.parse_args()
    if not (args.corpus / "manifest.json").exists():
        raise SystemExit(f"no corpus at {args.corpus} (build it with bench/corpus.py)")
    docs = corpus_pairs(args.corpus)
    if args.documents:
        docs = [d for d in docs if any(k in d[0] for k in args.documents)]
    head = f"{'document':<26}{'docx':>6}{'pdf':>6}{'paired':>8}" + "".join(f"{f:>13}" for f in FIELDS)
    print(head)
    rows = {}
    tot = {"docx": 0, "pdf": 0, "paired": 0, **{f: 0 for f in FIELDS}}
    t_docx = t_pdf = 0.0
    for stem, docx, pdf in docs:
        t0 = time.perf_counter()
        _, docx_a, err_d = read(docx)
        t1 = time.perf_counter()
        pdf_doc, pdf_a, err_p = read(pdf)
        t2 = time.perf_counter()
        t_docx += t1 - t0
        t_pdf += t2 - t1
        res = compare(docx_a, pdf_a)
        n = res["paired"]
        cells = "".join(f"{res['agree'][f]:>9}/{n:<3}" for f in FIELDS)
        print(f"{stem:<26}{res['docx']:>6}{res['pdf']:>6}{n:>8}{cells}" + (f"  {err_d or err_p}" if err_d or err_p else ""))
        report(stem, res, docx_a, pdf_a, pdf_doc, args.show)
        rows[stem] = {k: res[k] for k in ("docx", "pdf", "paired", "agree")} | {
            "docx_only": len(res["docx_only"]), "pdf_only": len(res["pdf_only"]), "error": err_d or err_p,
        }
        for k in ("docx", "pdf", "paired"):
            tot[k] += res[k]
        for f in FIELDS:
            tot[f] += res["agree"][f]
        sys.stdout.flush()
    n = tot["paired"]
    print(f"{'total':<26}{tot['docx']:>6}{tot['pdf']:>6}{n:>8}" + "".join(f"{tot[f]:>9}/{n:<3}" for f in FIELDS))
    exact = sum(
        1 for r in rows.values()
        if r["docx"] == r["pdf"] == r["paired"] and all(r["agree"][f] == r["paired"] for f in FIELDS) and not r["error"]
    )
    recall = n / tot["docx"] if tot["docx"] else 0.0
    precision = n / tot["pdf"] if tot["pdf"] else 0.0
    print(f"documents in full agreement: {exact}/{len(rows)}; pairing recall {recall:.3f} precision {precision:.3f}; "
          f"field agreement {sum(tot[f] for f in FIELDS) / max(1, n * len(FIELDS)):.3f}")
    print(f"reading time: docx {t_docx:.1f} s, pdf {t_pdf:.1f} s")
    if args.json:
        args.json.write_text(json.dumps({"documents": rows, "total": tot}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
