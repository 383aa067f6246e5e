"""What the data holds: counts by table, decade and type, sourcing depth, date precision."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def facts(package=None) -> dict[str, tuple[str, str, str, str]]:
    """Per fact table: (date column, classifying column, citation table, key), from the schemas."""
    from pakru_dataset.descriptor import load_package

    package = package or load_package()
    cites = package.citation_tables()
    return {
        t.name: (f'"{t.main_date}"', t.kind_field, cites[t.name].name, t.primary_key[0])
        for t in package.fact_tables()
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
    counts = [(t, _query(con, f'SELECT count(*) FROM "{t}"')[0][0]) for t in tables]
    sections = [Section("Rows per table", ["table", "rows"], counts)]

    decade_parts = " UNION ALL ".join(
        f"SELECT '{t}' AS tbl, (year({d}) // 10) * 10 AS decade FROM {t}" for t, (d, *_) in fact.items()
    )
    counts_by = ", ".join(f"count(*) FILTER (WHERE tbl = '{t}')" for t in fact)
    decades = _query(
        con, f"SELECT decade || 's', {counts_by} FROM ({decade_parts}) GROUP BY decade ORDER BY decade"
    )
    sections.append(Section("Rows per decade", ["decade", *fact], decades))

    type_rows = []
    for t, (_d, kind, *_rest) in fact.items():
        type_rows += [
            (t, k, n)
            for k, n in _query(con, f"SELECT {kind}, count(*) FROM {t} GROUP BY 1 ORDER BY 2 DESC, 1")
        ]
    sections.append(Section("Rows per type", ["table", "type", "rows"], type_rows))

    depth = []
    for t, (_d, _k, cites, key) in fact.items():
        total, multi = _query(
            con,
            f"SELECT count(*), count(*) FILTER (WHERE n >= 2) FROM (SELECT t.{key}, "
            f"count(c.source_id) AS n FROM {t} t LEFT JOIN {cites} c USING ({key}) "
            "GROUP BY 1)",
        )[0]
        share = f"{100 * multi / total:.0f}%" if total else "–"
        depth.append((t, total, multi, share))
    sections.append(
        Section("Rows with two or more sources", ["table", "rows", "two_or_more", "share"], depth)
    )

    precision = []
    for t, prec_col in ((t, "date_precision") for t in fact if _has_column(con, t, "date_precision")):
        precision += [
            (t, p, n) for p, n in _query(con, f"SELECT {prec_col}, count(*) FROM {t} GROUP BY 1 ORDER BY 1")
        ]
    sections.append(
        Section("Date precision (month or year = low precision)", ["table", "precision", "rows"], precision)
    )
    return sections


def _has_column(con, table: str, column: str) -> bool:
    return bool(
        _query(
            con, f"SELECT 1 FROM duckdb_columns() WHERE table_name = '{table}' AND column_name = '{column}'"
        )
    )


def holdings_lines(root: Path | None = None) -> list[str]:
    """A few lines on what the data holds, for the end of a successful `pakru validate`."""
    import duckdb

    from pakru_dataset.api import database_path
    from pakru_dataset.descriptor import load_package

    # The caller has just validated the data: do not validate it a second time.
    con = duckdb.connect(str(database_path(root, check=False)), read_only=True)
    try:
        lines = ["", "The dataset holds:"]
        for t, (d, *_rest) in facts(load_package(root)).items():
            n, lo, hi = _query(con, f"SELECT count(*), min(year({d})), max(year({d})) FROM {t}")[0]
            span = f", {lo}–{hi}" if n else ""
            lines.append(f"  {t:<12} {n:>5} rows{span}")
        for t in ("actors", "sources", "country_votes"):
            lines.append(f"  {t:<12} {_query(con, f'SELECT count(*) FROM {t}')[0][0]:>5} rows")
        return lines
    finally:
        con.close()
