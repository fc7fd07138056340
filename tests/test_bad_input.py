"""Every bad file gets a named, one-line verdict; awkward but valid files are read.

Fixtures: fixtures/bad/ (regenerate with ``python -m fixtures.make_bad``; expected verdicts in
``fixtures.make_bad.EXPECTED``). Cases that are large or machine-specific (gigabyte zip bombs,
an entity naming a file of this test's) are built here in tmp_path.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from extractors import REASONS, extract
from extractors import convert as convert_mod
from extractors.detect import sniff
from extractors.docx import extract_docx
from extractors.errors import (
    ConverterMissing,
    NoTextLayer,
    PlansiftError,
    UnreadableDocument,
    UnsafeDocument,
)
from extractors.safety import MAX_MEMBER_BYTES, check_zip
from fixtures import make_bad
from fixtures.make_bad import EXPECTED, EXPECTED_OK, UNICODE_CLEAN_ACTIONS, XXE_MARKER
from ingest.assemble import assemble

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "fixtures" / "bad"
PLANS = ROOT / "fixtures" / "plans"
LEGACY = ROOT / "fixtures" / "legacy"
GiB = 1 << 30


def verdict(path: Path) -> PlansiftError:
    with pytest.raises(PlansiftError) as info:
        assemble(extract(path), path)
    return info.value


# ------------------------------------------------------------------ the committed bad files
def test_every_bad_fixture_has_an_expected_verdict():
    on_disk = {p.name for p in BAD.iterdir() if p.is_file()}
    assert on_disk == set(EXPECTED)
    assert {p.name for p in (BAD / "ok").iterdir()} == set(EXPECTED_OK)


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=lambda n: n)
def test_bad_fixture_verdict(name, monkeypatch):
    monkeypatch.setattr(convert_mod, "ocrmypdf", lambda: None)  # the verdict without OCR installed
    error, words = EXPECTED[name]
    exc = verdict(BAD / name)
    assert type(exc).__name__ == error, exc
    assert words in exc.reason
    assert exc.path == str(BAD / name)
    assert "\n" not in str(exc)  # one line
    assert str(exc) == f"{BAD / name}: {exc.reason}"


def test_scanned_pdf_says_how_to_ocr_it(monkeypatch):
    monkeypatch.setattr(convert_mod, "ocrmypdf", lambda: None)
    exc = verdict(BAD / "scanned.pdf")
    assert isinstance(exc, NoTextLayer)
    assert "no text layer" in exc.reason
    assert "`ocrmypdf in.pdf out.pdf`" in exc.reason and "apt-get install ocrmypdf" in exc.reason


@pytest.mark.skipif(shutil.which("ocrmypdf") is None, reason="ocrmypdf is not installed (the hint is tested above)")
def test_scanned_pdf_is_ocrd_when_ocrmypdf_is_installed():
    doc = extract(BAD / "scanned.pdf")
    assert doc.format == "pdf-ocr"
    assert doc.path == str(BAD / "scanned.pdf")
    text = " ".join(doc.all_text()).lower()
    assert "kingston" in text or "safeguarding" in text


@pytest.mark.parametrize("name", sorted(EXPECTED_OK), ids=lambda n: n)
def test_awkward_but_valid_files_are_read(name):
    path = BAD / "ok" / name
    plan = assemble(extract(path), path)
    expected = EXPECTED_OK[name]
    if expected is None:
        assert plan.actions
    else:
        assert len(plan.actions) == expected
    assert plan.plan.document == path.stem


def test_unicode_oddities_are_normalised():
    plan = assemble(extract(BAD / "ok" / "unicode-oddities.docx"), BAD / "ok" / "unicode-oddities.docx")
    assert [a.action for a in plan.actions] == UNICODE_CLEAN_ACTIONS
    for a in plan.actions:
        for field in (a.action, a.lead_raw, a.due_raw, a.section):
            assert not set(field) & {"\u00ad", "\u200b", "\u200c", "\u2060", "\ufeff", "\u00a0", "\u202f", "\u2002"}
            assert not set(field) & {"ﬁ", "ﬀ", "ﬃ", "ﬂ"}
    assert [a.lead_raw for a in plan.actions][:2] == ["Head of Service", "LSCB Chair"]
    assert [a.due_date for a in plan.actions][:2] == ["2019-03-31", "2019-06-30"]


def test_300_page_pdf_is_read_in_full():
    path = BAD / "ok" / "long-300-pages.pdf"
    doc = extract(path)
    assert doc.page_count is not None and doc.page_count >= make_bad.LONG_PAGES
    plan = assemble(doc, path)
    assert plan.actions
    # actions come from the whole document, not the first pages only
    assert max(a.page or 0 for a in plan.actions) > doc.page_count * 0.9


# ------------------------------------------------------------------ content, not extension
@pytest.mark.parametrize("source, disguise, kind", [
    (PLANS / "barnet-2017.pdf", "plan.docx", "pdf"),
    (PLANS / "barnet-2017.docx", "plan.pdf", "docx"),
    (PLANS / "barnet-2017.pdf", "download.aspx", "pdf"),
    (BAD / "web-page-saved-as.pdf", "page.docx", "html"),
])
def test_type_comes_from_content(tmp_path, source, disguise, kind):
    path = tmp_path / disguise
    shutil.copyfile(source, path)
    assert sniff(path) == kind
    if kind in ("pdf", "docx"):
        assert extract(path).format == kind


@pytest.mark.parametrize("content, kind", [
    (b"", "empty"),
    (b"%PDF-1.7\n" + b"x" * 100, "pdf-truncated"),
    (b"\xef\xbb\xbf<!DOCTYPE html><html>", "html"),
    (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n", "mhtml"),
    (b"{\\rtf1\\ansi hello}", "rtf"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "png"),
    (b"\xff\xd8\xff\xe0JFIF", "jpeg"),
    (b"II*\x00rest", "tiff"),
    (b"Plain words\n", "text"),
    (b"\x00\x01\x02\x03binary", "unknown"),
    (b"PK\x03\x04" + b"\x00" * 60, "zip-truncated"),
])
def test_sniff_kinds(tmp_path, content, kind):
    path = tmp_path / "x.pdf"
    path.write_bytes(content)
    assert sniff(path) == kind


def test_every_unreadable_kind_has_a_reason():
    for kind in ("empty", "pdf-truncated", "docx-truncated", "zip-truncated", "ooxml-encrypted", "html", "png",
                 "text", "xlsx", "pptx", "unknown"):
        assert REASONS[kind]


def test_an_excel_workbook_is_named_as_such(tmp_path):
    path = tmp_path / "plan.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", '<Types><Override PartName="/xl/workbook.xml" ContentType='
                   '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
        z.writestr("xl/workbook.xml", "<workbook/>")
    exc = verdict(path)
    assert "an Excel workbook" in exc.reason


def test_a_password_protected_word_document_needs_a_password(tmp_path):
    """Word encrypts a .docx into an OLE2 file with an EncryptedPackage stream."""
    ole = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    ole += "EncryptionInfo".encode("utf-16-le") + b"\x00" * 50 + "EncryptedPackage".encode("utf-16-le")
    path = tmp_path / "protected.docx"
    path.write_bytes(bytes(ole))
    exc = verdict(path)
    assert type(exc).__name__ == "EncryptedDocument"
    assert "password" in exc.reason


def test_missing_unreadable_and_folder_paths_are_named_errors(tmp_path):
    with pytest.raises(UnreadableDocument, match="no such file"):
        extract(tmp_path / "missing.pdf")
    (tmp_path / "dir.pdf").mkdir()
    with pytest.raises(UnreadableDocument, match="a folder"):
        extract(tmp_path / "dir.pdf")


# ------------------------------------------------------------------ XML entities
def test_external_entity_is_refused_and_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(XXE_MARKER)
    path = make_bad.external_entity_docx(tmp_path / "xxe.docx", target=secret.as_uri())
    exc = verdict(path)
    assert isinstance(exc, UnsafeDocument)
    assert "external XML entity" in exc.reason
    assert XXE_MARKER not in str(exc)
    # defence in depth: even past the preflight, the Word reader does not resolve it
    doc = extract_docx(path)
    text = "\n".join(doc.all_text())
    assert "Audit the quality of strategy discussions" in text  # the document was read ...
    assert XXE_MARKER not in text  # ... without the entity's target


def test_external_entity_in_a_utf16_part_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(XXE_MARKER)
    src = make_bad.external_entity_docx(tmp_path / "xxe.docx", target=secret.as_uri())

    def to_utf16(xml: bytes) -> bytes:
        return xml.replace(b'encoding="UTF-8"', b'encoding="UTF-16"').decode("utf-8").encode("utf-16")

    path = make_bad._rewrite_member(src, tmp_path / "xxe16.docx", "word/document.xml", to_utf16)
    with pytest.raises(UnsafeDocument, match="external XML entity"):
        check_zip(path)


def test_billion_laughs_is_refused(tmp_path):
    exc = verdict(BAD / "billion-laughs.docx")
    assert isinstance(exc, UnsafeDocument) and "billion laughs" in exc.reason


def test_an_svg_picture_with_a_doctype_is_not_refused(tmp_path):
    """A .docx keeps pictures as bytes; an SVG's DOCTYPE is never parsed, so it is harmless."""
    src = make_bad.plan_docx(tmp_path / "plain.docx")
    path = tmp_path / "with-svg.docx"
    shutil.copyfile(src, path)
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("word/media/image1.svg", '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
                   '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg/>')
    check_zip(path)
    assert len(assemble(extract(path), path).actions) == 3


def test_an_odt_with_an_external_entity_is_refused_before_libreoffice(tmp_path):
    path = tmp_path / "plan.odt"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                   "<office:document-content>&e;</office:document-content>")
    assert sniff(path) == "odt"
    with pytest.raises(UnsafeDocument, match="external XML entity"):
        extract(path)


# ------------------------------------------------------------------ zip bombs
def test_gigabyte_zip_bomb_is_refused_by_its_declared_size(tmp_path):
    path = make_bad.zip_bomb(tmp_path / "bomb.docx", inflated=2 * GiB)
    assert path.stat().st_size < 4 << 20  # two gigabytes in a couple of megabytes
    assert sniff(path) == "docx"
    exc = verdict(path)
    assert isinstance(exc, UnsafeDocument)
    assert "declares 2.0 GiB" in exc.reason and "refused before inflating" in exc.reason


def test_gigabyte_zip_bomb_that_lies_about_its_size_is_stopped_while_inflating(tmp_path):
    path = make_bad.zip_bomb(tmp_path / "liar.docx", inflated=2 * GiB, declared=20_000)
    with zipfile.ZipFile(path) as z:
        assert z.getinfo("word/document.xml").file_size == 20_000
    exc = verdict(path)
    assert isinstance(exc, UnsafeDocument)
    assert f"inflates to more than {MAX_MEMBER_BYTES >> 20} MiB" in exc.reason


def test_members_that_together_inflate_too_far_are_refused(tmp_path):
    members = []
    for k in range(4):
        raw = make_bad._deflated_zeros(100 << 20)
        members.append((f"word/part{k}.xml", raw, 0, 100 << 20))
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    ct = b"<Types/>"
    members.append(("[Content_Types].xml", c.compress(ct) + c.flush(), zlib.crc32(ct), len(ct)))
    path = tmp_path / "many.docx"
    make_bad._write_zip(path, members)
    with pytest.raises(UnsafeDocument, match="members declare 400 MiB"):
        check_zip(path)


# ------------------------------------------------------------------ converters
@pytest.mark.skipif(convert_mod.libreoffice() is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("fmt", ["doc", "odt"])
def test_legacy_formats_convert_through_libreoffice(fmt):
    path = LEGACY / f"croydon-2019.{fmt}"
    doc = extract(path)
    assert doc.format == fmt and doc.path == str(path)
    via = assemble(doc, path)
    direct = assemble(extract(PLANS / "croydon-2019.docx"), PLANS / "croydon-2019.docx")
    assert [a.ref for a in via.actions] == [a.ref for a in direct.actions]


@pytest.mark.parametrize("fmt", ["doc", "odt"])
def test_legacy_formats_without_libreoffice_say_what_to_install(fmt, monkeypatch):
    monkeypatch.setattr(convert_mod, "libreoffice", lambda: None)
    with pytest.raises(ConverterMissing) as info:
        extract(LEGACY / f"croydon-2019.{fmt}")
    assert "needs LibreOffice" in info.value.reason
    assert "apt-get install libreoffice-writer-nogui" in info.value.reason


def test_a_hanging_converter_is_killed_with_its_children(tmp_path):
    script = tmp_path / "hang.sh"
    script.write_text("#!/bin/sh\nsleep 1000 &\necho $! > \"$1\"\nwait\n")
    script.chmod(0o755)
    pidfile = tmp_path / "child.pid"
    with pytest.raises(subprocess.TimeoutExpired):
        convert_mod.run_converter([str(script), str(pidfile)], timeout=1)
    child = int(pidfile.read_text())

    def state() -> str:
        try:
            return Path(f"/proc/{child}/stat").read_text().split(")")[-1].split()[0]
        except FileNotFoundError:
            return "gone"

    # the grandchild (sleep) is gone too, or a zombie awaiting its reaper; SIGKILL is delivered
    # asynchronously, so a loaded machine may still show it running for a moment
    deadline = time.monotonic() + 10
    while state() not in ("gone", "Z") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert state() in ("gone", "Z")


# ------------------------------------------------------------------ the CLI on the bad folder
def plansift(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=900, env=env)


def env_without_ocrmypdf(tmp: Path) -> dict:
    """The environment of a machine with LibreOffice but without ocrmypdf (the scanned PDF's
    expected verdict says how to OCR it; with ocrmypdf it would be OCR'd)."""
    bin_dir = tmp / "bin"
    bin_dir.mkdir(exist_ok=True)
    for tool in ("soffice", "libreoffice"):
        exe = shutil.which(tool)
        if exe and not (bin_dir / tool).exists():
            (bin_dir / tool).symlink_to(exe)
    return {**os.environ, "PATH": str(bin_dir)}


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("badcli")
    folder = tmp / "downloads"
    shutil.copytree(BAD, folder)
    shutil.copyfile(PLANS / "barnet-2017.docx", folder / "barnet-2017.docx")
    db = f"sqlite:///{tmp / 'x.db'}"
    proc = plansift("--db", db, "ingest", str(folder), env=env_without_ocrmypdf(tmp))
    return folder, db, proc


def test_cli_gives_one_line_per_bad_file_and_goes_on(bad_run):
    folder, db, proc = bad_run
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    failures = [ln for ln in proc.stderr.splitlines() if not ln.startswith(tuple("0123456789"))]
    assert len(failures) == len(EXPECTED), proc.stderr
    for name, (_, words) in EXPECTED.items():
        mine = [ln for ln in failures if ln.startswith(f"{folder / name}: ")]
        assert len(mine) == 1, (name, proc.stderr)
        assert words in mine[0]
    stored = proc.stdout.splitlines()
    for name in [*EXPECTED_OK, "barnet-2017.docx"]:
        path = folder / "ok" / name if name in EXPECTED_OK else folder / name
        assert any(ln.startswith(f"{path}: stored (") for ln in stored), (name, proc.stdout)
    n = len(EXPECTED) + len(EXPECTED_OK) + 1
    assert f"{n} files: {len(EXPECTED)} failed, {len(EXPECTED_OK) + 1} stored" in proc.stderr


def test_cli_stores_the_good_plans_and_nothing_from_the_bad(bad_run, tmp_path):
    folder, db, _ = bad_run
    out = tmp_path / "actions.csv"
    proc = plansift("--db", db, "export", str(out))
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    docs = {line.split(",")[0] for line in text.splitlines()[1:]}
    assert {"barnet-2017", "unicode-oddities", "long-300-pages"} <= docs
    assert not docs & {Path(n).stem for n in EXPECTED}
    assert "root:x:0:0" not in text  # the external entity named /etc/passwd


def test_cli_rerun_is_unchanged_and_exits_by_the_failures(bad_run):
    folder, db, _ = bad_run
    proc = plansift("--db", db, "ingest", str(folder / "ok"), str(folder / "barnet-2017.docx"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count(": unchanged") == len(EXPECTED_OK) + 1


def test_cli_without_libreoffice_names_what_to_install(tmp_path):
    env = {"PATH": str(tmp_path), "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    proc = plansift("--db", f"sqlite:///{tmp_path / 'x.db'}", "ingest", str(LEGACY / "croydon-2019.doc"), env=env)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert f"{LEGACY / 'croydon-2019.doc'}: a Word 97-2003 .doc file needs LibreOffice" in proc.stderr
    assert "apt-get install libreoffice-writer-nogui" in proc.stderr
