#!/usr/bin/env python3
"""Draw the self-audit sample: a blank audit sheet of random fact rows, reproducible from a seed.

    scripts/audit_sample.py                      # seed = today's date as YYYYMMDD, 40 rows
    scripts/audit_sample.py --seed 20261130 --size 40 --date 2026-11-30
    scripts/audit_sample.py --data ../main     # sample another checkout's data (e.g. main)

Writes curation/audits/<date>-sample.csv (row_id, table, verdict, evidence_url, remarks,
fixed_in) and <date>-sample.json (seed, size, population per table, data commit). The same
seed on the same data draws the same rows. See "Quality self-audit" in docs/methodology.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from pakru_dataset.audit import DEFAULT_SIZE, draw, population, write_sheet  # noqa: E402
from pakru_dataset.descriptor import read_package  # noqa: E402


def main() -> int:
    today = dt.datetime.now(dt.UTC).date()
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--date", default=today.isoformat(), help="date in the sheet's name (YYYY-MM-DD)")
    parser.add_argument("--seed", type=int, help="random seed (default: the date as YYYYMMDD)")
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE, help="rows to draw (at least 40)")
    parser.add_argument("--data", type=Path, default=ROOT, help="checkout whose data is sampled")
    args = parser.parse_args()
    if args.size < DEFAULT_SIZE:
        parser.error(f"--size must be at least {DEFAULT_SIZE}")
    seed = args.seed if args.seed is not None else int(args.date.replace("-", ""))
    package = read_package(args.data)
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=args.data, capture_output=True, text=True, check=False
    ).stdout.strip()
    meta = {
        "date": args.date,
        "population": dict(Counter(t for t, _ in population(package))),
        "data_commit": commit,
        "method": "random.Random(seed).sample over all fact rows sorted by table (descriptor order) and id",
    }
    try:
        path = write_sheet(ROOT, args.date, seed, draw(package, seed, args.size), meta)
    except (FileExistsError, ValueError) as exc:
        print(f"audit_sample: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {path.relative_to(ROOT)} ({args.size} rows, seed {seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
