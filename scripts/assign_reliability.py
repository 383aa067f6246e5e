#!/usr/bin/env python3
"""Fill `sources.reliability` by rule: per-source overrides, then host rules, then a fallback.

The rules live in curation/reliability-overrides.csv (source_id → level) and
curation/reliability-hosts.csv (host → level; a rule for `example.org` also covers its
subdomains, the longest matching host wins). A source whose host has no rule falls back
on its `source_type` (see FALLBACK). The methodology page describes the same rules.

    scripts/assign_reliability.py            # fill empty cells only, report what was filled
    scripts/assign_reliability.py --check    # report cells that differ from the rules; exit 1 if any
    scripts/assign_reliability.py --rewrite  # set every cell from the rules (after editing them)
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "data" / "sources.csv"
HOSTS = ROOT / "curation" / "reliability-hosts.csv"
OVERRIDES = ROOT / "curation" / "reliability-overrides.csv"
# A host without a rule: a copy of a government or UN text on an unlisted site counts as a relay.
FALLBACK = {
    "government": "other_news",
    "un_document": "other_news",
    "news": "other_news",
    "reference": "reference",
    "academic": "reference",
    "think_tank": "reference",
    "other": "low_authority",
}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def host_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def level_for(row: dict[str, str], hosts: dict[str, str], overrides: dict[str, str]) -> tuple[str, str]:
    """The rule's level for one source and which rule gave it."""
    if row["source_id"] in overrides:
        return overrides[row["source_id"]], "override"
    host = host_of(row["url"])
    labels = host.split(".")
    for i in range(len(labels)):
        candidate = ".".join(labels[i:])
        if candidate in hosts:
            return hosts[candidate], f"host {candidate}"
    if not row["url"]:
        return "low_authority", "no url"
    return FALLBACK[row["source_type"]], f"fallback {row['source_type']} ({host})"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="report differences, change nothing")
    mode.add_argument("--rewrite", action="store_true", help="set every cell from the rules")
    args = parser.parse_args()

    hosts = {r["host"]: r["reliability"] for r in _read(HOSTS)}
    overrides = {r["source_id"]: r["reliability"] for r in _read(OVERRIDES)}
    with SOURCES.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    if "reliability" not in header:
        header.insert(header.index("source_type") + 1, "reliability")
    changed = 0
    for row in rows:
        level, why = level_for(row, hosts, overrides)
        current = row.get("reliability") or ""
        if current == level:
            continue
        if args.check:
            print(f"{row['source_id']}: {current or '(empty)'} but the rules give {level} ({why})")
            changed += 1
        elif args.rewrite or not current:
            print(f"{row['source_id']}: {current or '(empty)'} -> {level} ({why})")
            row["reliability"] = level
            changed += 1
    if not args.check and changed:
        with SOURCES.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, header, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            writer.writeheader()
            writer.writerows(rows)
    print(f"{changed} source(s) {'differ' if args.check else 'updated'}", file=sys.stderr)
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
