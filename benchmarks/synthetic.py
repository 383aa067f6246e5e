"""Synthetic data packages shaped exactly like pakru's schemas, with planted errors.

Benchmarks and scale tests only: nothing here is ever written to `data/`. Rows are made by
DuckDB (`COPY … TO csv`), so a million rows per table take seconds. Each planted error is
one class of fault at a known place; `plant()` returns where the validator must find it.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


# Row counts per table for N rows per fact table.
def sizes(n: int) -> dict[str, int]:
    m = max(n // 10, 20)
    return {
        "sources": m,
        "actors": m,
        "engagements": n,
        "engagement_participants": 2 * n,
        "engagement_sources": n,
        "agreements": n,
        "agreement_parties": 2 * n,
        "agreement_sources": n,
        "roll_calls": n,
        "country_votes": 2 * n,
        "roll_call_sources": n,
        "events": n,
        "event_sources": n,
    }


def _day(expr: str) -> str:
    return f"(DATE '1948-01-01' + CAST(({expr}) * 7919 % 27000 AS INTEGER))"


def _queries(n: int) -> dict[str, str]:
    m = sizes(n)["sources"]
    text = (
        "'Synthetic summary for benchmarking only: delegations discussed trade, energy, "
        "security and regional questions in detail, row ' || i"
    )
    ids = {
        "eng": "'eng-' || lpad(CAST(i AS VARCHAR), 7, '0')",
        "agr": "'agr-' || lpad(CAST(i AS VARCHAR), 7, '0')",
        "rc": "'rc-' || lpad(CAST(i AS VARCHAR), 7, '0')",
        "evt": "'evt-' || lpad(CAST(i AS VARCHAR), 7, '0')",
        "src": f"'src-' || lpad(CAST(i % {m} + 1 AS VARCHAR), 7, '0')",
        "act": f"'actor-' || lpad(CAST((i * 2) % {m} + 1 AS VARCHAR), 7, '0')",
        "act2": f"'actor-' || lpad(CAST((i * 2 + 1) % {m} + 1 AS VARCHAR), 7, '0')",
    }
    r = lambda k: f"FROM range(1, {k} + 1) t(i)"  # noqa: E731
    eng_types, levels = _enum("engagements", "engagement_type"), _enum("engagements", "level")
    return {
        "sources": f"SELECT 'src-' || lpad(CAST(i AS VARCHAR), 7, '0'), 'Synthetic source ' || i, 'Synthetic Press', NULL, "
        f"{_day('i')}, 'day', 'https://synthetic.invalid/s/' || i, NULL, DATE '2026-11-28', "
        f"['government','news','reference','academic'][i % 4 + 1], "
        f"['official_record','news_of_record','reference','reference'][i % 4 + 1], 'en', NULL {r(m)}",
        "actors": f"SELECT 'actor-' || lpad(CAST(i AS VARCHAR), 7, '0'), 'Synthetic Person ' || i, 'person', "
        f"CASE WHEN i % 2 = 0 THEN 'PAK' ELSE 'RUS' END, NULL, NULL {r(m)}",
        "engagements": f"SELECT {ids['eng']}, {_day('i')}, CASE WHEN i % 3 = 0 THEN {_day('i')} + 2 END, 'day', "
        f"{eng_types}[i % len({eng_types}) + 1], {levels}[i % len({levels}) + 1], 'Synthetic engagement ' || i, {text}, "
        f"CASE WHEN i % 2 = 0 THEN 'Moscow' ELSE 'Islamabad' END, "
        f"CASE WHEN i % 2 = 0 THEN 'RUS' ELSE 'PAK' END, NULL, NULL {r(n)}",
        "engagement_participants": f"SELECT {ids['eng']}, {ids['act']}, 'pakistan', 'Minister of Pakistan' {r(n)} "
        f"UNION ALL SELECT {ids['eng']}, {ids['act2']}, 'russia', 'Minister of Russia' {r(n)}",
        "engagement_sources": f"SELECT {ids['eng']}, {ids['src']}, NULL {r(n)}",
        "agreements": f"SELECT {ids['agr']}, 'Synthetic agreement ' || i, 'memorandum_of_understanding', "
        f"['energy','trade','defence','culture_education'][i % 4 + 1], {_day('i')}, 'day', 'Moscow', 'RUS', "
        f"'signed', {_day('i')}, 'day', NULL, CASE WHEN i % 5 = 0 THEN {ids['eng']} END, "
        f"CASE WHEN i % 7 = 0 THEN 1000000 + i END, {text}, NULL {r(n)}",
        "agreement_parties": f"SELECT {ids['agr']}, {ids['act']}, 'pakistan', 'party', NULL {r(n)} "
        f"UNION ALL SELECT {ids['agr']}, {ids['act2']}, 'russia', 'signatory', 'Minister' {r(n)}",
        "agreement_sources": f"SELECT {ids['agr']}, {ids['src']}, NULL {r(n)}",
        "roll_calls": f"SELECT {ids['rc']}, ['UNGA','UNSC','UNHRC'][i % 3 + 1], DATE '1992-01-01' + CAST(i * 7 % 12000 AS INTEGER), "
        f"CAST(i % 80 AS VARCHAR), 'A/RES/' || i, NULL, NULL, 'Synthetic resolution ' || i, 'other', "
        f"[120, 13, 30][i % 3 + 1], [10, 0, 10][i % 3 + 1], [20, 2, 7][i % 3 + 1], 'adopted', 'false', i, NULL {r(n)}",
        "country_votes": f"SELECT {ids['rc']}, 'PAK', 'yes', 'false' {r(n)} "
        f"UNION ALL SELECT {ids['rc']}, 'RUS', ['yes','abstain'][i % 2 + 1], 'false' {r(n)}",
        "roll_call_sources": f"SELECT {ids['rc']}, {ids['src']}, NULL {r(n)}",
        "events": f"SELECT {ids['evt']}, {_day('i')}, 'day', 'statement', 'russia', 'Synthetic event ' || i, {text}, "
        f"NULL, NULL, NULL, NULL, NULL, NULL {r(n)}",
        "event_sources": f"SELECT {ids['evt']}, {ids['src']}, NULL {r(n)}",
    }


def generate(target: Path, n: int) -> Path:
    """Write a valid synthetic package with `n` rows per fact table into `target`."""
    import duckdb

    if target.exists():
        shutil.rmtree(target)
    (target / "data").mkdir(parents=True)
    shutil.copy2(ROOT / "datapackage.json", target / "datapackage.json")
    shutil.copytree(ROOT / "schemas", target / "schemas")
    con = duckdb.connect()
    con.execute("SET threads = 2")
    for name, query in _queries(n).items():
        path = target / "data" / f"{name}.csv"
        con.execute(f"COPY ({query}) TO '{path}' (HEADER false, DELIMITER ',', QUOTE '\"')")
        header = ",".join(_field_names(name))
        body = path.read_bytes()
        path.write_bytes(header.encode() + b"\n" + body)
    con.close()
    # Tables the generator does not fill (the coverage statements) stay header-only.
    for schema in sorted((ROOT / "schemas").glob("*.json")):
        path = target / "data" / f"{schema.stem}.csv"
        if not path.exists():
            path.write_text(",".join(_field_names(schema.stem)) + "\n", encoding="utf-8")
    return target


def _enum(table: str, field: str) -> str:
    """A field's allowed values, read from its schema, as a DuckDB list literal."""
    import json

    schema = json.loads((ROOT / "schemas" / f"{table}.json").read_text())
    values = next(f for f in schema["fields"] if f["name"] == field)["constraints"]["enum"]
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"


def _field_names(name: str) -> list[str]:
    import json

    schema = json.loads((ROOT / "schemas" / f"{name}.json").read_text())
    return [f["name"] for f in schema["fields"]]


def _rewrite_line(path: Path, line_no: int, edit) -> None:
    """Apply `edit(cells) -> cells` to one physical line (1-based, header = 1)."""
    tmp = path.with_suffix(".tmp")
    with (
        path.open("r", encoding="utf-8", newline="") as src,
        tmp.open("w", encoding="utf-8", newline="") as dst,
    ):
        for i, line in enumerate(src, start=1):
            if i == line_no:
                cells = next(csv.reader([line]))
                buf = csv.writer(dst, lineterminator="\n")
                buf.writerow(edit(cells))
            else:
                dst.write(line)
    tmp.replace(path)


def _set(path: Path, line_no: int, field: str, value: str, names: list[str]) -> None:
    def edit(cells):
        cells[names.index(field)] = value
        return cells

    _rewrite_line(path, line_no, edit)


def plant(target: Path, n: int) -> list[tuple[str, int | None, str | None, str]]:
    """Plant one error of each class; return (file, row, field, rule) for each."""
    data = target / "data"
    at = lambda frac: max(2, int(n * frac))  # noqa: E731 - a data row, spread through the file
    expected = []

    def put(table, row, field, value, rule):
        _set(data / f"{table}.csv", row, field, value, _field_names(table))
        expected.append((f"data/{table}.csv", row, field, rule))

    put("engagements", at(0.11), "start_date", "2015-02-30", "type")
    put("engagements", at(0.23), "engagement_type", "banquet", "enum")
    put("engagements", at(0.37), "end_date", "1900-01-01", "date-order")
    put("agreements", at(0.41), "signed_date", "2015-2-3", "type")
    put("agreements", at(0.53), "title", "", "required")
    put("events", at(0.61), "title", '=HYPERLINK("http://x.invalid")', "formula")
    put("engagement_participants", at(0.71), "actor_id", "nobody-at-all", "foreign-key")
    _set(data / "roll_calls.csv", at(0.79), "yes_count", "0", _field_names("roll_calls"))
    expected.append(("data/roll_calls.csv", at(0.79), "outcome", "tally"))
    # duplicate primary key: repeat one source row right after itself
    src = data / "sources.csv"
    row = max(3, sizes(n)["sources"] // 2)
    lines = src.read_text(encoding="utf-8").split("\n")
    src.write_text("\n".join([*lines[: row - 1], lines[row - 2], *lines[row - 1 :]]), encoding="utf-8")
    expected.append(("data/sources.csv", row, "source_id", "primary-key"))
    # uncited: drop the citation of one agreement
    cites = data / "agreement_sources.csv"
    gone = at(0.87)
    lines = cites.read_text(encoding="utf-8").split("\n")
    agreement_id = lines[gone - 1].split(",")[0]
    cites.write_text("\n".join(lines[: gone - 1] + lines[gone:]), encoding="utf-8")
    expected.append(("data/agreements.csv", int(agreement_id.split("-")[1]) + 1, "agreement_id", "uncited"))
    # structural: an extra cell in a link table
    votes = data / "roll_call_sources.csv"
    _rewrite_line(votes, at(0.93), lambda cells: [*cells, "surplus"])
    expected.append(("data/roll_call_sources.csv", at(0.93), None, "cell-count"))
    return expected
