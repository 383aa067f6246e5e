"""Property-based fuzzing of `pakru validate`: any bytes, any descriptor — a report, never a
traceback or a hang."""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

from conftest import copy_package
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pakru_dataset.validate import validate

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_TEMPLATE: dict[str, Path] = {}


def fresh_package() -> Path:
    """A private copy of the real package (copied once, then cloned per example)."""
    if "root" not in _TEMPLATE:
        _TEMPLATE["root"] = copy_package(Path(tempfile.mkdtemp(prefix="pakru-fuzz-")) / "template")
    target = Path(tempfile.mkdtemp(prefix="pakru-fuzz-case-"))
    shutil.copytree(_TEMPLATE["root"], target / "pkg")
    return target / "pkg"


def check(root: Path) -> None:
    started = time.perf_counter()
    try:
        report = validate(root)
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)
    assert report.exit_code in (0, 1, 2)
    assert time.perf_counter() - started < 60
    for f in report.merged():
        assert f.file and f.rule and f.message


CELL = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            '"',
            '""',
            "a,b",
            "line\nbreak",
            "=1+1",
            " x ",
            "2021-02-30",
            "NA",
            "\x00",
            "eng-0001",
            "src-0001",
            "yes",
            "true",
            "-1",
            "1e9",
            "é",
            "\ufeff",
        ]
    ),
)


@SETTINGS
@given(st.binary(max_size=4000))
def test_any_bytes_in_a_table(data):
    root = fresh_package()
    (root / "data" / "actors.csv").write_bytes(data)
    check(root)


@SETTINGS
@given(st.lists(st.lists(CELL, min_size=0, max_size=8), max_size=12), st.booleans())
def test_csv_shaped_text(rows, keep_header):
    import csv
    import io

    root = fresh_package()
    path = root / "data" / "engagement_sources.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text((header + "\n" if keep_header else "") + buf.getvalue(), encoding="utf-8")
    check(root)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@SETTINGS
@given(JSON)
def test_any_json_descriptor(value):
    root = fresh_package()
    (root / "datapackage.json").write_text(json.dumps(value))
    check(root)


@SETTINGS
@given(st.sampled_from(["path", "schema", "name"]), JSON, st.integers(min_value=0, max_value=12))
def test_mutated_resource_entry(key, value, index):
    root = fresh_package()
    path = root / "datapackage.json"
    d = json.loads(path.read_text())
    d["resources"][index][key] = value
    path.write_text(json.dumps(d))
    check(root)


@SETTINGS
@given(st.sampled_from(["type", "constraints", "name", "trueValues"]), JSON)
def test_mutated_schema_field(key, value):
    root = fresh_package()
    path = root / "schemas" / "events.json"
    s = json.loads(path.read_text())
    s["fields"][3][key] = value
    path.write_text(json.dumps(s))
    check(root)
