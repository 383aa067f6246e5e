"""Per-row history across releases: the version a row first appeared in and last changed in."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pakru_dataset.release.diff import Diff

HISTORY_FILE = "row_history.csv"
COLUMNS = ["table_name", "row_key", "first_released_in", "last_changed_in"]


def read(snapshot: Path) -> dict[tuple[str, str], tuple[str, str]]:
    path = snapshot / HISTORY_FILE
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {
            (r["table_name"], r["row_key"]): (r["first_released_in"], r["last_changed_in"])
            for r in csv.DictReader(fh)
        }


def advance(
    previous: dict[tuple[str, str], tuple[str, str]],
    diff: Diff,
    version: str,
    current_keys: dict[str, list[str]],
) -> dict[tuple[str, str], tuple[str, str]]:
    """The history after `version`: new rows start here, changed rows were last changed here."""
    changed = {(t.table, c.key) for t in diff.tables for c in t.changed}
    out = {}
    for table, keys in current_keys.items():
        for key in keys:
            first, last = previous.get((table, key), (version, version))
            if (table, key) in changed:
                last = version
            out[(table, key)] = (first, last)
    return out


def to_csv(history: dict[tuple[str, str], tuple[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for (table, key), (first, last) in sorted(history.items()):
        writer.writerow([table, key, first, last])
    return buf.getvalue()
