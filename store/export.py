"""Writing action rows to a file: .csv, .xlsx or .parquet, atomically (temp file + os.replace)."""
from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from ingest.records import EXPORT_COLUMNS
from store.errors import UnsupportedExportFormat

FORMATS = (".csv", ".xlsx", ".parquet")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def write_export(rows: Iterable[Mapping[str, Any]], out: Path | str) -> int:
    """Write rows' contract columns (EXPORT_COLUMNS, in order) to `out`, choosing the format by
    extension. The file appears complete or not at all. Returns the number of rows written."""
    out = Path(out)
    suffix = out.suffix.lower()
    writers: dict[str, Callable[[Iterable[Mapping[str, Any]], Path], int]] = {
        ".csv": _write_csv, ".xlsx": _write_xlsx, ".parquet": _write_parquet,
    }
    if suffix not in writers:
        raise UnsupportedExportFormat(
            f"cannot export to {out.name!r}: use a file name ending in {', '.join(FORMATS)}"
        )
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=suffix, dir=out.parent or Path("."))
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        count = writers[suffix](rows, tmp)
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count


def _write_csv(rows: Iterable[Mapping[str, Any]], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(EXPORT_COLUMNS)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in EXPORT_COLUMNS])
            count += 1
    return count


def _write_xlsx(rows: Iterable[Mapping[str, Any]], path: Path) -> int:
    # openpyxl directly (not pandas.to_excel): every cell is written as a string, so text that
    # starts with "=" in a published plan cannot become a spreadsheet formula.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("actions")

    def text_cell(value: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"
        return cell

    ws.append([text_cell(c) for c in EXPORT_COLUMNS])
    count = 0
    for row in rows:
        ws.append([text_cell(_cell(row.get(c))) for c in EXPORT_COLUMNS])
        count += 1
    wb.save(path)
    return count


def _write_parquet(rows: Iterable[Mapping[str, Any]], path: Path) -> int:
    import pandas as pd

    records = [[_cell(row.get(c)) for c in EXPORT_COLUMNS] for row in rows]
    frame = pd.DataFrame(records, columns=list(EXPORT_COLUMNS), dtype="string")
    frame.to_parquet(path, engine="pyarrow", index=False)
    return len(records)
