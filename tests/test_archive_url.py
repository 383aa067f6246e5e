"""`sources.archive_url` accepts only copies in a web archive, in both engines."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pakru_dataset.validate import ENGINES, validate


def _set_archive(root: Path, value: str) -> None:
    path = root / "data" / "sources.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = list(reader.fieldnames or []), list(reader)
    rows[0]["archive_url"] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _archive_findings(root: Path, engine: str) -> set[tuple[int | None, str]]:
    return {(f.row, f.rule) for f in validate(root, engine=engine).findings if f.field == "archive_url"}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "mirror",
    [
        "https://www.dawn.com/news/1039047/cdnjs.cloudflare.com",
        "https://dawn.com/news/amp/1390716",
        "http://70.231.62.181/index.php/Resolution_2803",
        "https://wikimili.com/en/United_Nations_Security_Council_Resolution_1511",
    ],
)
def test_mirrors_and_residue_are_rejected(package_copy, engine, mirror):
    _set_archive(package_copy, mirror)
    assert (2, "pattern") in _archive_findings(package_copy, engine)


@pytest.mark.parametrize(
    "archived",
    [
        "https://web.archive.org/web/20120210000000/http://tribune.com.pk/story/333452/",
        "https://archive.ph/AbCdE",
        "https://webharvest.gov/peth04/20041015004921/http://japan.usembassy.gov/e/p/tp-20040326-28.html",
        "https://perma.cc/ABCD-1234",
    ],
)
def test_web_archive_copies_are_accepted(package_copy, archived):
    _set_archive(package_copy, archived)
    assert not _archive_findings(package_copy, "fast")
