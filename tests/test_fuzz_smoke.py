"""A short fuzzing run (bench/fuzz.py): damaged fixture files must each get a PlansiftError
verdict or be read; any other exception is a crash and fails the test with the saved file."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _fuzz_module():
    spec = importlib.util.spec_from_file_location("plansift_bench_fuzz", ROOT / "bench" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_thirty_mutated_files_cause_no_crash(tmp_path):
    fuzz = _fuzz_module()
    report = fuzz.run(iterations=30, seed=20240611, out=tmp_path)
    assert report.iterations == 30
    assert not report.findings, report.summary()
    # the mutations did damage files: some were refused with a verdict
    assert sum(n for k, n in report.verdicts.items() if k != "stored") > 0


def test_the_same_seed_gives_the_same_files(tmp_path):
    import random

    fuzz = _fuzz_module()
    src = ROOT / "fixtures" / "plans" / "barnet-2017.docx"
    data = src.read_bytes()
    for mutation in fuzz.mutations_for(data):
        assert mutation(data, random.Random(5)) == mutation(data, random.Random(5))
        assert mutation(data, random.Random(5)) != data


def test_a_crash_is_reported_with_the_file_saved(tmp_path, monkeypatch):
    fuzz = _fuzz_module()

    def broken(path):
        raise KeyError("not a PlansiftError")

    monkeypatch.setattr(fuzz, "read_one", broken)
    report = fuzz.run(iterations=2, seed=1, out=tmp_path, sources=[ROOT / "fixtures" / "bad" / "ok" / "unicode-oddities.docx"])
    assert len(report.crashes) == 2
    saved = Path(report.crashes[0].saved)
    assert saved.exists() and saved.with_name(saved.name + ".txt").read_text().count("KeyError") >= 1
    assert "CRASH" in report.summary()
