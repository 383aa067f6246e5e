"""`pakru build --unvotes`: every record of the real unvotes files is loaded, or the build fails."""

from __future__ import annotations

import gzip
import os
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT, run_pakru
from unvotes_fixture import TIDY_VOTES, write_tidy_files

# The real data (see its README): shared beside the checkout, never committed to it.
CANDIDATES = [
    Path(os.environ["PAKRU_UNVOTES_DATA"]) if os.environ.get("PAKRU_UNVOTES_DATA") else None,
    ROOT.parent / "shared" / "data" / "unvotes",
    ROOT.parents[1] / "shared" / "data" / "unvotes",
]
REAL = next((p for p in CANDIDATES if p and (p / "unvotes.csv.gz").is_file()), None)


@pytest.fixture(scope="module")
def real_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    if REAL is None:
        pytest.skip("the real unvotes files (../shared/data/unvotes/ or $PAKRU_UNVOTES_DATA) are absent")
    folder = tmp_path_factory.mktemp("unvotes")
    files = []
    for name in ("unvotes.csv", "roll_calls.csv"):
        with gzip.open(REAL / f"{name}.gz", "rb") as src, (folder / name).open("wb") as dst:
            shutil.copyfileobj(src, dst)
        files.append(folder / name)
    return files


@pytest.mark.slow
def test_the_real_file_loads_every_vote_and_gives_the_published_figures(real_files, tmp_path):
    args = [a for f in real_files for a in ("--unvotes", str(f))]
    result = run_pakru("build", "--out", str(tmp_path / "out"), *args)
    assert result.returncode == 0, result.stderr[-2000:]
    assert re.search(r"unvotes_votes\s+870,109 rows", result.stdout), result.stdout
    assert re.search(r"unvotes_roll_calls\s+6,203 rows", result.stdout), result.stdout
    con = duckdb.connect(str(tmp_path / "out" / "pakru.duckdb"), read_only=True)
    counts = dict(
        con.execute(
            "SELECT country_code, count(*) FROM unvotes_votes WHERE country_code IN ('PK', 'RU') GROUP BY 1"
        ).fetchall()
    )
    assert counts == {"PK": 6037, "RU": 6145}
    both, same = con.execute(
        "SELECT count(*) FILTER (WHERE both_voted), count(*) FILTER (WHERE same_vote) "
        "FROM unvotes_pakistan_russia"
    ).fetchone()
    assert both == 5981 and round(100 * same / both, 1) == 65.5
    # The rows the old key (rcid, country_code) dropped are all there.
    assert con.execute("SELECT count(*) FROM unvotes_votes WHERE country = 'Namibia'").fetchone()[0] > 0
    assert con.execute("SELECT count(*) FROM unvotes_votes WHERE country_code = 'NA'").fetchone()[0] > 2005


def test_a_repeated_roll_call_and_country_fails_loudly_and_writes_nothing(tmp_path):
    files = write_tidy_files(tmp_path / "in")
    files[0].write_text(TIDY_VOTES + "9002,Russia,RU,yes\n")
    out = tmp_path / "out"
    result = run_pakru("build", "--out", str(out), "--unvotes", str(files[0]), "--unvotes", str(files[1]))
    assert result.returncode == 2, result.stdout
    assert (
        "unvotes.csv" in result.stderr and "(rcid, country) = (9002, Russia) appears 2 times" in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not (out / "pakru.duckdb").exists()


def test_a_non_numeric_rcid_is_located(tmp_path):
    bad = tmp_path / "u.csv"
    bad.write_text("rcid,country,country_code,vote\n12,Pakistan,PK,yes\nabc,Pakistan,PK,yes\n")
    result = run_pakru("build", "--out", str(tmp_path / "out"), "--unvotes", str(bad))
    assert result.returncode == 2
    assert "data row 2, column rcid: 'abc' is not a whole number" in result.stderr


def test_the_same_layout_twice_is_refused(tmp_path):
    files = write_tidy_files(tmp_path / "in")
    result = run_pakru(
        "build", "--out", str(tmp_path / "out"), "--unvotes", str(files[0]), "--unvotes", str(files[0])
    )
    assert result.returncode == 2 and "give each once" in result.stderr
