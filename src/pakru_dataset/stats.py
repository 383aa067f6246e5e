"""What the data holds: counts by table, decade and type, sourcing depth, date precision."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# fact table -> (date column, type column, citation table, key)
FACTS = {
    "engagements": ("start_date", "engagement_type", "engagement_sources", "engagement_id"),
    "agreements": ("signed_date", "agreement_type", "agreement_sources", "agreement_id"),
    "roll_calls": ('"date"', "body", "roll_call_sources", "roll_call_id"),
    "events": ("event_date", "event_type", "event_sources", "event_id"),
}


@dataclass
class Section:
    title: str
    columns: list[str]
    rows: list[tuple]


def _query(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def compute(con) -> list[Section]:
    """Every statistic as a titled table, from an open dataset connection."""
    tables = [
        r[0]
        for r in _query(con, "SELECT table_name FROM duckdb_tables() WHERE NOT internal ORDER BY table_name")
    ]
    counts = [(t, _query(con, f'SELECT count(*) FROM "{t}"')[0][0]) for t in tables]
    sections = [Section("Rows per table", ["table", "rows"], counts)]

    decade_parts = " UNION ALL ".join(
        f"SELECT '{t}' AS tbl, (year({d}) // 10) * 10 AS decade FROM {t}" for t, (d, *_) in FACTS.items()
    )
    counts_by = ", ".join(f"count(*) FILTER (WHERE tbl = '{t}')" for t in FACTS)
    decades = _query(
        con, f"SELECT decade || 's', {counts_by} FROM ({decade_parts}) GROUP BY decade ORDER BY decade"
    )
    sections.append(Section("Rows per decade", ["decade", *FACTS], decades))

    type_rows = []
    for t, (_d, kind, *_rest) in FACTS.items():
        type_rows += [
            (t, k, n)
            for k, n in _query(con, f"SELECT {kind}, count(*) FROM {t} GROUP BY 1 ORDER BY 2 DESC, 1")
        ]
    sections.append(Section("Rows per type", ["table", "type", "rows"], type_rows))

    depth = []
    for t, (_d, _k, cites, key) in FACTS.items():
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
    for t, prec_col in (
        ("engagements", "date_precision"),
        ("agreements", "date_precision"),
        ("events", "date_precision"),
    ):
        precision += [
            (t, p, n) for p, n in _query(con, f"SELECT {prec_col}, count(*) FROM {t} GROUP BY 1 ORDER BY 1")
        ]
    sections.append(
        Section("Date precision (month or year = low precision)", ["table", "precision", "rows"], precision)
    )
    return sections


def holdings_lines(root: Path | None = None) -> list[str]:
    """A few lines on what the data holds, for the end of `pakru validate`."""
    from pakru_dataset import connect

    con = connect(root=root) if root else connect()
    try:
        lines = ["", "The dataset holds:"]
        for t, (d, *_rest) in FACTS.items():
            n, lo, hi = _query(con, f"SELECT count(*), min(year({d})), max(year({d})) FROM {t}")[0]
            span = f", {lo}–{hi}" if n else ""
            lines.append(f"  {t:<12} {n:>5} rows{span}")
        for t in ("actors", "sources", "country_votes"):
            lines.append(f"  {t:<12} {_query(con, f'SELECT count(*) FROM {t}')[0][0]:>5} rows")
        return lines
    finally:
        con.close()
