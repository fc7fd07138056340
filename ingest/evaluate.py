"""The contract's scoring of an action export against gold records.

This is the reference scorer's logic (shared/eval/score.py), kept line for line so that
`plansift evaluate` and the reference agree; tests check that they do.
"""
from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from pathlib import Path

from rapidfuzz import fuzz


class EvaluationError(Exception):
    """Gold or export files that cannot be scored."""


PAIR_THRESHOLD = 80
LEAD_THRESHOLD = 90
FIELDS = ("leads", "due_date", "sources", "section_ref", "rag")


def norm(text: str | None) -> str:
    text = (text or "").casefold()
    return " ".join(re.sub(r"[^\w&]+", " ", text).split())


def split_list(value) -> list[str]:
    if isinstance(value, list):
        items = value
    else:
        items = (value or "").split(";")
    return [s.strip() for s in items if s and s.strip()]


def lead_f1(gold: list[str], pred: list[str]) -> float:
    if not gold and not pred:
        return 1.0
    if not gold or not pred:
        return 0.0
    g = [norm(x) for x in gold]
    p = [norm(x) for x in pred]
    pairs = sorted(
        ((fuzz.ratio(a, b), i, j) for i, a in enumerate(g) for j, b in enumerate(p)),
        reverse=True,
    )
    used_g, used_p, hits = set(), set(), 0
    for score, i, j in pairs:
        if score < LEAD_THRESHOLD:
            break
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        hits += 1
    precision, recall = hits / len(p), hits / len(g)
    return 0.0 if hits == 0 else 2 * precision * recall / (precision + recall)


def source_set(value) -> frozenset[str]:
    return frozenset(norm(s) for s in split_list(value))


def field_ok(field: str, gold: dict, pred: dict) -> bool:
    if field == "leads":
        return lead_f1(split_list(gold.get("leads")), split_list(pred.get("leads"))) == 1.0
    if field == "sources":
        return source_set(gold.get("sources")) == source_set(pred.get("sources"))
    return norm(str(gold.get(field) or "")) == norm(str(pred.get(field) or ""))


def pair_actions(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    g_text = [norm(a.get("action")) for a in gold]
    p_text = [norm(a.get("action")) for a in pred]
    scored = []
    for i, a in enumerate(g_text):
        for j, b in enumerate(p_text):
            s = fuzz.token_sort_ratio(a, b)
            if s >= PAIR_THRESHOLD:
                scored.append((s, i, j))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_g, used_p, pairs = set(), set(), []
    for _, i, j in scored:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        pairs.append((i, j))
    return pairs


def f1(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_gold(gold_dir: Path) -> dict[str, dict]:
    docs = {}
    for path in sorted(gold_dir.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        docs[data.get("document") or path.stem] = data
    if not docs:
        raise EvaluationError(f"{gold_dir}: no gold files (*.json)")
    return docs


def load_export(path: Path) -> dict[str, list[dict]]:
    by_doc: dict[str, list[dict]] = defaultdict(list)
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = {"document", "action"} - set(reader.fieldnames or [])
        if missing:
            raise EvaluationError(f"{path}: missing columns {sorted(missing)}")
        for row in reader:
            by_doc[row["document"]].append(row)
    return by_doc


def score(gold_docs: dict[str, dict], export: dict[str, list[dict]], show_misses: bool = False) -> dict:
    per_doc = {}
    totals = defaultdict(int)
    for doc, gold in gold_docs.items():
        g_actions = gold.get("actions", [])
        p_actions = export.get(doc, [])
        pairs = pair_actions(g_actions, p_actions)
        ok = {f: 0 for f in FIELDS}
        strict = 0
        for i, j in pairs:
            g, p = g_actions[i], p_actions[j]
            results = {f: field_ok(f, g, p) for f in FIELDS}
            for f, good in results.items():
                ok[f] += good
            if results["leads"] and results["due_date"] and results["sources"]:
                strict += 1
            elif show_misses:
                bad = [f for f in ("leads", "due_date", "sources") if not results[f]]
                print(f"  [{doc}] field miss {bad}: {g.get('action', '')[:70]!r}")
                for f in bad:
                    print(f"      gold {f}={g.get(f)!r}  got {p.get(f)!r}")
        if show_misses:
            paired_g = {i for i, _ in pairs}
            paired_p = {j for _, j in pairs}
            for i, a in enumerate(g_actions):
                if i not in paired_g:
                    print(f"  [{doc}] missed: {a.get('action', '')[:90]!r}")
            for j, a in enumerate(p_actions):
                if j not in paired_p:
                    print(f"  [{doc}] extra:  {a.get('action', '')[:90]!r}")
        rows = p_actions
        authority_ok = bool(rows) and norm(rows[0].get("authority")) == norm(gold.get("authority"))
        title_ok = bool(rows) and fuzz.ratio(norm(rows[0].get("plan_title")), norm(gold.get("plan_title"))) >= 90
        n_g, n_p, n_m = len(g_actions), len(p_actions), len(pairs)
        per_doc[doc] = {
            "gold": n_g, "exported": n_p, "paired": n_m,
            "action_f1": f1(n_m, n_p, n_g)[2],
            "strict_f1": f1(strict, n_p, n_g)[2],
            **{f"{f}_acc": (ok[f] / n_m if n_m else 0.0) for f in FIELDS},
            "authority_ok": authority_ok, "title_ok": title_ok,
        }
        totals["gold"] += n_g
        totals["exported"] += n_p
        totals["paired"] += n_m
        totals["strict"] += strict
        totals["authority_ok"] += authority_ok
        totals["title_ok"] += title_ok
        for f in FIELDS:
            totals[f] += ok[f]
    n_m = totals["paired"]
    ap, ar, af = f1(n_m, totals["exported"], totals["gold"])
    sp, sr, sf = f1(totals["strict"], totals["exported"], totals["gold"])
    overall = {
        "documents": len(gold_docs),
        "gold": totals["gold"], "exported": totals["exported"], "paired": n_m,
        "action_precision": ap, "action_recall": ar, "action_f1": af,
        "strict_precision": sp, "strict_recall": sr, "strict_f1": sf,
        **{f"{f}_acc": (totals[f] / n_m if n_m else 0.0) for f in FIELDS},
        "authority_ok": totals["authority_ok"], "title_ok": totals["title_ok"],
    }
    unknown = sorted(set(export) - set(gold_docs))
    return {"overall": overall, "documents": per_doc, "unscored_documents": unknown}


def print_report(result: dict) -> None:
    cols = ["gold", "exported", "paired", "action_f1", "strict_f1"] + [f"{f}_acc" for f in FIELDS]
    head = f"{'document':<22}" + "".join(f"{c:>13}" for c in cols)
    print(head)
    for doc, m in result["documents"].items():
        cells = "".join(f"{m[c]:>13.3f}" if isinstance(m[c], float) else f"{m[c]:>13}" for c in cols)
        print(f"{doc:<22}{cells}")
    o = result["overall"]
    if result["unscored_documents"]:
        print(f"not in gold (ignored): {', '.join(result['unscored_documents'])}")
    print(
        f"overall: action P={o['action_precision']:.3f} R={o['action_recall']:.3f} "
        f"F1={o['action_f1']:.3f} | strict F1={o['strict_f1']:.3f} | "
        + " ".join(f"{f}={o[f + '_acc']:.3f}" for f in FIELDS)
        + f" | authority {o['authority_ok']}/{o['documents']} title {o['title_ok']}/{o['documents']}"
    )
