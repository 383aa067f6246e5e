"""The self-audit: draw a reproducible random sample of fact rows, and read filled audit sheets.

A sheet is `curation/audits/<date>-sample.csv` (one row per sampled fact row, filled in by an
auditor who did not curate those rows) with a sidecar `<date>-sample.json` recording how it
was drawn. A `<date>-recheck.csv` sheet (same columns and sidecar) re-checks rows of the
`<date>-sample` after the fixes. The methodology page describes the procedure;
`docsgen.quality` reports on it.
"""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from pakru_dataset.descriptor import Package

AUDIT_DIR = Path("curation") / "audits"
COLUMNS = ("row_id", "table", "verdict", "evidence_url", "remarks", "fixed_in")
VERDICTS = {
    "confirmed": "Every claim in the row is supported by a cited or other reachable page.",
    "minor": "A detail is wrong or wider than the source (precision, title, wording, a note), "
    "but the row's main fact stands.",
    "contradicted": "A reachable source contradicts the row's main fact.",
    "unverifiable": "No reachable page supports the row's key claim.",
}
DEFAULT_SIZE = 40


def population(package: Package) -> list[tuple[str, str]]:
    """Every fact row as (table, id), in descriptor order, then by id."""
    rows = []
    for table in package.fact_tables():
        key = table.primary_key[0]
        with (package.root / table.path).open(encoding="utf-8", newline="") as fh:
            rows += sorted((table.name, r[key]) for r in csv.DictReader(fh))
    return rows


def draw(package: Package, seed: int, size: int = DEFAULT_SIZE) -> list[tuple[str, str]]:
    """A simple random sample without replacement, reproducible from the seed and the data."""
    rows = population(package)
    if size > len(rows):
        raise ValueError(f"sample of {size} asked from {len(rows)} fact rows")
    return sorted(random.Random(seed).sample(rows, size))


@dataclass
class Sheet:
    name: str
    meta: dict
    rows: list[dict[str, str]] = field(default_factory=list)

    @property
    def date(self) -> str:
        return self.name.rsplit("-", 1)[0]

    @property
    def is_recheck(self) -> bool:
        return self.name.endswith("-recheck")

    def tally(self) -> dict[str, int]:
        counts = {v: 0 for v in VERDICTS}
        counts["not yet audited"] = 0
        for r in self.rows:
            key = r["verdict"] if r["verdict"] in VERDICTS else "not yet audited"
            counts[key] += 1
        return counts


def write_sheet(root: Path, date: str, seed: int, sample: list[tuple[str, str]], meta: dict) -> Path:
    """Write a blank sheet and its sidecar; never overwrite an existing sheet."""
    folder = root / AUDIT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{date}-sample.csv"
    if path.exists():
        raise FileExistsError(f"{path} already exists; audit sheets are never redrawn")
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows((row_id, table, "", "", "", "") for table, row_id in sample)
    sidecar = path.with_suffix(".json")
    record = {"seed": seed, "size": len(sample), **meta}
    sidecar.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return path


def read_sheets(root: Path) -> list[Sheet]:
    """Every audit sheet under `root`, oldest first; a date's re-check after its sample."""
    sheets = []
    paths = [*(root / AUDIT_DIR).glob("*-sample.csv"), *(root / AUDIT_DIR).glob("*-recheck.csv")]
    for path in sorted(paths, key=lambda p: (p.stem.rsplit("-", 1)[0], p.stem.endswith("-recheck"))):
        sidecar = path.with_suffix(".json")
        meta = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.is_file() else {}
        with path.open(encoding="utf-8", newline="") as fh:
            rows = [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(fh)]
        sheets.append(Sheet(path.stem, meta, rows))
    return sheets
