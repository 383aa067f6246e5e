"""Generated quality pages: source reliability (with the rows resting on low-authority copies)
and the self-audit report built from the filled audit sheets."""

from __future__ import annotations

from pathlib import Path

from pakru_dataset.audit import VERDICTS, Sheet, read_sheets
from pakru_dataset.descriptor import load_package
from pakru_dataset.paths import package_root

# Navigation entries for the pages below, appended to the site's navigation by the hooks.
NAV = [{"Data quality": [{"Source quality": "quality/sources.md"}, {"Quality report": "quality/audit.md"}]}]


def _cell(text: object) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def sources_markdown(con, package) -> str:
    field = package.table("sources").field("reliability")
    counts = dict(con.execute("SELECT reliability, count(*) FROM sources GROUP BY ALL").fetchall())
    best = dict(
        con.execute("SELECT best_reliability, count(*) FROM fact_reliability GROUP BY ALL").fetchall()
    )
    lines = [
        "# Source quality",
        "",
        "Every source carries a `reliability` level, assigned by the rules in the "
        "[methodology](../methodology.md#source-reliability). A fact row's *best source* is its cited "
        "source with the highest level (view `fact_reliability`).",
        "",
        "| level | meaning | sources | fact rows whose best source has this level |",
        "|---|---|---|---|",
    ]
    for level in field.enum or ():
        meaning = _cell(field.enum_descriptions.get(level, ""))
        lines.append(f"| `{level}` | {meaning} | {counts.get(level, 0):,} | {best.get(level, 0):,} |")
    rows = con.execute(
        'SELECT f.fact_table, f.record_id, f."date", f.title, '
        "string_agg(CASE WHEN s.url IS NULL THEN s.title ELSE '[' || "
        "replace(coalesce(s.publisher, s.title), '|', '/') || '](' || s.url || ')' END, "
        "'; ' ORDER BY s.source_id) "
        "FROM fact_reliability f JOIN sources s "
        "ON list_contains(string_split(f.best_source_ids, '; '), s.source_id) "
        "WHERE f.best_reliability = 'low_authority' GROUP BY ALL ORDER BY f.fact_table, f.record_id"
    ).fetchall()
    lines += [
        "",
        "## Rows resting only on low-authority copies",
        "",
        f"{len(rows)} fact rows cite no source above `low_authority`: no better page was found for "
        "them so far. Read them with care; each row's `notes` say what is uncertain.",
        "",
    ]
    if rows:
        lines += ["| table | row | date | title | best sources |", "|---|---|---|---|---|"]
        lines += [f"| {t} | `{rid}` | {d} | {_cell(title)} | {srcs} |" for t, rid, d, title, srcs in rows]
    return "\n".join(lines) + "\n"


def audit_markdown(root: Path) -> str:
    sheets = read_sheets(root)
    lines = [
        "# Quality report",
        "",
        "A repeatable self-audit: a random sample of fact rows, drawn with a recorded seed, is "
        "re-checked against its cited pages by someone who did not curate those rows. The procedure "
        "is in the [methodology](../methodology.md#quality-self-audit).",
        "",
        "| verdict | meaning |",
        "|---|---|",
        *[f"| {v} | {_cell(m)} |" for v, m in VERDICTS.items()],
        "",
    ]
    if not sheets:
        return "\n".join([*lines, "No audit sheet has been drawn yet.", ""])
    # A date's re-check is shown beside its sample; a re-check without a sample stands alone.
    rechecks = {s.date: s for s in sheets if s.is_recheck}
    sample_dates = {s.date for s in sheets if not s.is_recheck}
    for sheet in reversed([s for s in sheets if not (s.is_recheck and s.date in sample_dates)]):
        meta, tally = sheet.meta, sheet.tally()
        recheck = None if sheet.is_recheck else rechecks.get(sheet.date)
        lines += [
            f"## {meta.get('date', sheet.name)}",
            "",
            f"{'Re-check' if sheet.is_recheck else 'Sample'} of {len(sheet.rows)} rows, seed "
            f"`{meta.get('seed', '?')}`, "
            f"from data commit `{str(meta.get('data_commit', ''))[:12] or '?'}` "
            f"(sheet `curation/audits/{sheet.name}.csv`).",
            "",
        ]
        if recheck:
            again, n_again = recheck.tally(), len(recheck.rows)
            lines += [
                f"| verdict | sample ({len(sheet.rows)} rows) | re-check after fixes ({n_again} rows) |",
                "|---|---|---|",
                *[f"| {k} | {n} | {again[k]} |" for k, n in tally.items()],
                "",
            ]
        else:
            lines += ["| verdict | rows |", "|---|---|", *[f"| {k} | {n} |" for k, n in tally.items()], ""]
        if tally["not yet audited"] == len(sheet.rows):
            lines += ["The sample is drawn; the audit is pending.", ""]
            continue
        lines += _flagged(sheet.rows)
        if recheck:
            lines += _recheck_section(sheet, recheck)
    return "\n".join(lines)


def _flagged(rows: list[dict[str, str]]) -> list[str]:
    flagged = [r for r in rows if r["verdict"] in ("minor", "contradicted", "unverifiable")]
    if not flagged:
        return []
    lines = ["| row | verdict | remarks | fixed in |", "|---|---|---|---|"]
    for r in flagged:
        fixed = _cell(r["fixed_in"]) or "open"
        lines.append(f"| `{r['row_id']}` | {r['verdict']} | {_cell(r['remarks'])} | {fixed} |")
    return [*lines, ""]


def _recheck_section(sample: Sheet, recheck: Sheet) -> list[str]:
    """The re-check of a sample's rows after the fixes: each row's two verdicts, then what is open."""
    first = {r["row_id"]: r["verdict"] for r in sample.rows}
    meta = recheck.meta
    lines = [
        "### Re-check after the fixes",
        "",
        f"{len(recheck.rows)} rows of this sample re-checked on data commit "
        f"`{str(meta.get('data_commit', ''))[:12] or '?'}` (sheet `curation/audits/{recheck.name}.csv`; "
        f"seed `{meta.get('seed', '?')}`).",
        "",
        "| row | verdict in the sample | verdict on re-check |",
        "|---|---|---|",
        *[
            f"| `{r['row_id']}` | {first.get(r['row_id'], '-') or 'not yet audited'} | "
            f"{r['verdict'] or 'not yet audited'} |"
            for r in recheck.rows
        ],
        "",
    ]
    return lines + _flagged(recheck.rows)


def pages(root: Path | None = None) -> dict[str, str]:
    """The quality pages, as {path inside docs: markdown}."""
    import pakru_dataset

    root = Path(root or package_root())
    con = pakru_dataset.connect()
    try:
        sources = sources_markdown(con, load_package(root))
    finally:
        con.close()
    return {"quality/sources.md": sources, "quality/audit.md": audit_markdown(root)}
