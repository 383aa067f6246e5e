"""No input makes `validate` hang, crash or go quiet; both engines agree and stay offline."""

from __future__ import annotations

import csv
import io
import json
import socket
import time
from pathlib import Path

import pytest
from conftest import run_pakru

from pakru_dataset.validate import validate


def _set_cell(pkg: Path, table: str, row: int, column: str, value: str) -> None:
    path = pkg / "data" / f"{table}.csv"
    rows = list(csv.reader(path.open(newline="", encoding="utf-8")))
    rows[row][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _edit_field(pkg: Path, table: str, field: str, edit) -> None:
    path = pkg / "schemas" / f"{table}.json"
    schema = json.loads(path.read_text())
    edit(next(f for f in schema["fields"] if f["name"] == field), schema)
    path.write_text(json.dumps(schema))


def _rules(report) -> set[str]:
    return {f.rule for f in report.merged()}


def test_a_row_with_100000_cells_is_one_quick_finding(package_copy):
    with (package_copy / "data" / "actors.csv").open("a") as fh:
        fh.write(",".join(["v"] * 100_000) + "\n")
    started = time.monotonic()
    report = validate(package_copy)
    assert time.monotonic() - started < 60
    finding = next(f for f in report.merged() if f.rule == "cell-count")
    assert "100,000 cells" in finding.message and finding.row


def test_a_line_too_long_for_the_reader_is_never_silently_dropped(package_copy):
    # DuckDB skips a line of about 128 MB or more without an error.
    path = package_copy / "data" / "actors.csv"
    lines = path.read_bytes().count(b"\n")
    with path.open("ab") as fh:
        fh.write(b"x" * 140_000_000)
    report = validate(package_copy)
    assert report.exit_code == 1
    finding = next(f for f in report.merged() if f.rule == "line-too-long")
    assert finding.row == lines + 1 and "140.0 MB" in finding.message


def test_a_closed_quoted_cell_too_long_for_the_reader_is_named_as_such(package_copy):
    # A correct row whose quoted cell is 140 MB: the reader calls it an unclosed quote.
    _set_cell(package_copy, "actors", 5, "notes", "word, " * 23_000_000 + "end")
    report = validate(package_copy)
    assert report.exit_code == 1
    assert [(f.row, f.rule) for f in report.merged()] == [(6, "line-too-long")]
    assert "138.0 MB" in report.merged()[0].message


def test_an_overlong_or_huge_header_is_one_finding(package_copy):
    (package_copy / "data" / "actors.csv").write_bytes(b"a" * 2_000_000)
    (package_copy / "data" / "sources.csv").write_text(",".join(f"c{i}" for i in range(100_000)) + "\n")
    report = validate(package_copy)
    headers = [f for f in report.merged() if f.rule == "header"]
    assert {f.file for f in headers} == {"data/actors.csv", "data/sources.csv"}
    assert len(headers) == 2
    assert report.exit_code == 1


def test_deeply_nested_json_is_a_located_descriptor_error(package_copy):
    (package_copy / "datapackage.json").write_text("[" * 100_000 + "]" * 100_000)
    report = validate(package_copy)
    assert report.exit_code == 2
    assert report.merged()[0].file == "datapackage.json"


@pytest.mark.parametrize("pattern", [r"(a)\1", r"(?>a+)b", r"\Aab\Z"])
@pytest.mark.parametrize("engine", ["fast", "frictionless"])
def test_a_pattern_re2_cannot_compile_is_located_exit_2(package_copy, pattern, engine):
    _edit_field(
        package_copy, "actors", "notes", lambda f, s: f.setdefault("constraints", {}).update(pattern=pattern)
    )
    report = validate(package_copy, engine=engine)
    assert report.exit_code == 2
    finding = report.merged()[0]
    assert (finding.file, finding.field, finding.rule) == ("schemas/actors.json", "notes", "descriptor")


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (lambda f, s: s["foreignKeys"][0].update(fields=["engagement_id", "source_id"]), "same length"),
        (lambda f, s: f["constraints"].update(minimum=float("inf")), "finite"),
        (lambda f, s: f["constraints"].update(maxLength=-1), "0 or more"),
    ],
)
def test_descriptor_shapes_that_used_to_crash(package_copy, edit, words):
    path = package_copy / "schemas" / "engagement_sources.json"
    schema = json.loads(path.read_text())
    if "same length" in words:
        edit(None, schema)
    else:
        schema["fields"][0].setdefault("constraints", {})
        edit(schema["fields"][0], schema)
    path.write_text(json.dumps(schema).replace("Infinity", "1e400"))
    report = validate(package_copy)
    assert report.exit_code == 2
    assert words in report.merged()[0].message


def test_not_before_must_compare_dates(package_copy):
    _edit_field(package_copy, "engagements", "end_date", lambda f, s: f.update(notBefore="title"))
    report = validate(package_copy)
    assert report.exit_code == 2 and "notBefore" in report.merged()[0].message


def test_memory_limit_must_be_a_real_size(package_copy):
    for value in ("abc", "1KB", "-5GB"):
        result = run_pakru("validate", "-p", str(package_copy), "--memory-limit", value)
        assert result.returncode == 2, value
        assert "memory limit" in result.stderr and "Traceback" not in result.stderr


def test_engines_agree_stay_offline_and_never_hang_on_hostile_text(package_copy):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.5)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/profile.json"
    descriptor = json.loads((package_copy / "datapackage.json").read_text())
    descriptor["profile"] = url
    descriptor["resources"][0]["profile"] = url
    (package_copy / "datapackage.json").write_text(json.dumps(descriptor))
    # Catastrophic backtracking for Python's regex engine; linear for RE2. Every real note matches.
    _edit_field(
        package_copy,
        "sources",
        "notes",
        lambda f, s: f.setdefault("constraints", {}).update(pattern="((a+)+$)|[^\\x01]*"),
    )
    _set_cell(package_copy, "sources", 1, "notes", "a" * 40 + "b")
    _set_cell(package_copy, "actors", 2, "notes", "x\u2028y")  # line separator
    _set_cell(package_copy, "actors", 3, "notes", "\u200bnote")  # zero-width space
    _set_cell(package_copy, "actors", 4, "notes", "note\u3000")  # ideographic space
    _set_cell(package_copy, "actors", 5, "notes", "\u202enote")  # right-to-left override
    _set_cell(package_copy, "sources", 3, "url", "https://example.com/a\u00a0b")  # NBSP under \S+
    found = {}
    for engine in ("fast", "frictionless"):
        started = time.monotonic()
        report = validate(package_copy, engine=engine)
        assert time.monotonic() - started < 300, engine  # ReDoS would take years
        found[engine] = {(f.file, f.row, f.rule) for f in report.merged()}
    assert found["fast"] == found["frictionless"]
    assert found["fast"] == {
        ("data/actors.csv", 3, "line-break"),
        ("data/actors.csv", 4, "whitespace"),
        ("data/actors.csv", 5, "whitespace"),
        ("data/actors.csv", 6, "whitespace"),
    }
    with pytest.raises(TimeoutError):
        listener.accept()  # nobody ever connected
    listener.close()


def test_a_package_the_views_cannot_use_exits_alike_in_every_format(package_copy):
    descriptor = json.loads((package_copy / "datapackage.json").read_text())
    descriptor["resources"] = [
        r for r in descriptor["resources"] if r["name"] not in ("events", "event_sources")
    ]
    (package_copy / "datapackage.json").write_text(json.dumps(descriptor))
    codes = {fmt: run_pakru("validate", "-p", str(package_copy), "-f", fmt) for fmt in ("table", "json")}
    for result in codes.values():
        assert "Traceback" not in result.stderr and "pakru: error" not in result.stderr
    assert {r.returncode for r in codes.values()} == {0}
    build = run_pakru("build", "-p", str(package_copy), "--out", str(package_copy / "out"))
    assert build.returncode == 2 and "events_flat" in build.stderr


def test_every_edge_space_code_is_caught_at_either_edge():
    """The whitespace rule's SQL catches each listed character first or last, and nothing inside."""
    import duckdb

    from pakru_dataset.sqltext import literal
    from pakru_dataset.validate.rules import _SPACE_CODES, _no_edge_space

    con = duckdb.connect()
    for code in sorted(set(_SPACE_CODES)):
        ch = chr(code)
        for text, ok in ((ch + "a", False), ("a" + ch, False), ("a" + ch + "b", True), (ch, False)):
            assert con.execute(f"SELECT {_no_edge_space(literal(text))}").fetchone()[0] is ok, (code, text)
    assert con.execute(f"SELECT {_no_edge_space(literal('é'))}").fetchone()[0] is True
    con.close()
