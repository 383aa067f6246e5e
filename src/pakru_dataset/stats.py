"""What the data holds: counts by table, decade and type, sourcing depth, date precision."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pakru_dataset.sqltext import ident, literal


def facts(package=None) -> dict[str, tuple[str, str, str, str]]:
    """Per fact table, as quoted SQL identifiers: (date column, classifying column, citation
    table, key), from the schemas. Fact tables lacking one of them are left out."""
    from pakru_dataset.descriptor import load_package

    package = package or load_package()
    cites = package.citation_tables()
    return {
        t.name: (ident(t.main_date), ident(t.kind_field), ident(cites[t.name].name), ident(t.primary_key[0]))
        for t in package.fact_tables()
        if t.main_date and t.kind_field and t.primary_key
    }


@dataclass
class Section:
    title: str
    columns: list[str]
    rows: list[tuple]


def _query(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def compute(con, package=None) -> list[Section]:
    """Every statistic as a titled table, from an open dataset connection."""
    fact = facts(package)
    tables = [
        r[0]
        for r in _query(con, "SELECT table_name FROM duckdb_tables() WHERE NOT internal ORDER BY table_name")
    ]
    counts = [(t, _query(con, f"SELECT count(*) FROM {ident(t)}")[0][0]) for t in tables]
    sections = [Section("Rows per table", ["table", "rows"], counts)]

    decade_parts = " UNION ALL ".join(
        f"SELECT {literal(t)} AS tbl, (year({d}) // 10) * 10 AS decade FROM {ident(t)}"
        for t, (d, *_) in fact.items()
    )
    counts_by = ", ".join(f"count(*) FILTER (WHERE tbl = {literal(t)})" for t in fact)
    decades = _query(
        con, f"SELECT decade || 's', {counts_by} FROM ({decade_parts}) GROUP BY decade ORDER BY decade"
    )
    sections.append(Section("Rows per decade", ["decade", *fact], decades))

    type_rows = []
    for t, (_d, kind, *_rest) in fact.items():
        type_rows += [
            (t, k, n)
            for k, n in _query(con, f"SELECT {kind}, count(*) FROM {ident(t)} GROUP BY 1 ORDER BY 2 DESC, 1")
        ]
    sections.append(Section("Rows per type", ["table", "type", "rows"], type_rows))

    depth = []
    for t, (_d, _k, cites, key) in fact.items():
        total, multi = _query(
            con,
            f"SELECT count(*), count(*) FILTER (WHERE n >= 2) FROM (SELECT t.{key}, "
            f"count(c.source_id) AS n FROM {ident(t)} t LEFT JOIN {cites} c USING ({key}) "
            "GROUP BY 1)",
        )[0]
        share = f"{100 * multi / total:.0f}%" if total else "–"
        depth.append((t, total, multi, share))
    sections.append(
        Section("Rows with two or more sources", ["table", "rows", "two_or_more", "share"], depth)
    )

    precision = []
    for t in (t for t in fact if _has_column(con, t, "date_precision")):
        precision += [
            (t, p, n)
            for p, n in _query(con, f"SELECT date_precision, count(*) FROM {ident(t)} GROUP BY 1 ORDER BY 1")
        ]
    sections.append(
        Section("Date precision (month or year = low precision)", ["table", "precision", "rows"], precision)
    )
    return sections


def _has_column(con, table: str, column: str) -> bool:
    return bool(
        _query(
            con,
            f"SELECT 1 FROM duckdb_columns() WHERE table_name = {literal(table)} "
            f"AND column_name = {literal(column)}",
        )
    )


def holdings_lines(root: Path | None = None) -> list[str]:
    """A few lines on what the data holds, for the end of a successful `pakru validate`."""
    from pakru_dataset.api import database_path
    from pakru_dataset.descriptor import load_package
    from pakru_dataset.sandbox import open_readonly

    # The caller has just validated the data: do not validate it a second time.
    con = open_readonly(database_path(root, check=False))
    try:
        lines = ["", "The dataset holds:"]
        for t, (d, *_rest) in facts(load_package(root)).items():
            n, lo, hi = _query(con, f"SELECT count(*), min(year({d})), max(year({d})) FROM {ident(t)}")[0]
            span = f", {lo}–{hi}" if n else ""
            lines.append(f"  {t:<12} {n:>5} rows{span}")
        for t in ("actors", "sources", "country_votes"):
            if _query(con, f"SELECT 1 FROM duckdb_tables() WHERE table_name = {literal(t)}"):
                lines.append(f"  {t:<12} {_query(con, f'SELECT count(*) FROM {ident(t)}')[0][0]:>5} rows")
        return lines
    finally:
        con.close()
