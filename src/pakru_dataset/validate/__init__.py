"""`validate()`: every check of the data package in one call, by either engine."""

from __future__ import annotations

import time
from pathlib import Path

from pakru_dataset.descriptor import DescriptorError, read_package
from pakru_dataset.paths import package_root
from pakru_dataset.validate.findings import Finding, Report

ENGINES = ("fast", "frictionless")


def pattern_findings(package) -> list[Finding]:
    """Every field pattern must compile in RE2, the engine both validators use."""
    import duckdb

    found = []
    patterns = [(t, f) for t in package.tables for f in t.fields if f.pattern]
    if not patterns:
        return found
    con = duckdb.connect(config={"enable_external_access": False})
    try:
        for table, f in patterns:
            try:
                con.execute("SELECT regexp_full_match('', $1)", [f.pattern]).fetchone()
            except duckdb.Error as exc:
                why = str(exc).splitlines()[0].split(": ", 1)[-1]
                message = f"pattern {f.pattern!r} cannot be used (RE2 syntax: {why})"
                found.append(Finding(table.schema_path, None, f.name, "descriptor", message))
    finally:
        con.close()
    return found


def validate(root: Path | None = None, engine: str = "fast", memory_limit: str | None = None) -> Report:
    """Check the package at `root` and return a Report; bad data never raises."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}")
    started = time.perf_counter()
    report = Report(engine=engine)
    try:
        package = read_package(Path(root or package_root()))
    except DescriptorError as exc:
        report.fatal = True
        report.add(Finding(exc.file, None, None, "descriptor", exc.message))
        report.seconds = time.perf_counter() - started
        return report

    bad_patterns = pattern_findings(package)
    if bad_patterns:
        report.fatal = True
        report.extend(bad_patterns)
        report.seconds = time.perf_counter() - started
        return report

    import csv

    import duckdb

    try:
        _check(package, engine, memory_limit, report)
    except (duckdb.Error, csv.Error, RecursionError, ValueError, OSError) as exc:
        # A shape of input nobody planned for: report it, located as well as is known.
        report.fatal = True
        why = (str(exc).splitlines() or [""])[0][:300]
        report.add(Finding("datapackage.json", None, None, "unreadable", f"validation stopped: {why}"))
    report.seconds = time.perf_counter() - started
    return report


def _check(package, engine: str, memory_limit: str | None, report: Report) -> None:
    """Every check after the descriptor, into `report`."""
    from pakru_dataset.validate.apply_rules import row_rule_findings, table_rule_findings
    from pakru_dataset.validate.integrity import release_findings, version_findings
    from pakru_dataset.validate.workspace import DEFAULT_MEMORY_LIMIT, build_workspace

    limit = memory_limit or DEFAULT_MEMORY_LIMIT
    if engine == "fast":
        from pakru_dataset.validate.fast import field_findings, key_findings
        from pakru_dataset.validate.rules import columns_kept
        from pakru_dataset.validate.workspace import date_span, slim

        facts = {t.name: t.main_date for t in package.fact_tables()}

        def check_and_slim(ws, table) -> None:
            # Cell and row checks run while the table is whole; then only the columns later
            # checks read are kept, so memory stays flat as tables accumulate.
            report.extend(field_findings(ws, table))
            report.extend(row_rule_findings(ws, table))
            if table.name in facts:
                report.spans[table.name] = date_span(ws, table, facts[table.name])
            slim(ws, table, columns_kept(package, table))

        ws = build_workspace(package, memory_limit=limit, after_load=check_and_slim)
    else:
        ws = build_workspace(package, memory_limit=limit)
    try:
        report.extend(ws.findings)
        clean = [t for t in package.tables if ws.is_clean(t.name)]
        if engine == "fast":
            for table in clean:
                report.extend(key_findings(ws, table))
        else:
            from pakru_dataset.validate.frictionless_engine import (
                frictionless_findings,
                pandera_findings,
            )

            report.extend(frictionless_findings(ws))
            for table in clean:
                report.extend(pandera_findings(ws, table))
        report.extend(table_rule_findings(ws))
        report.extend(version_findings(package))
        report.extend(release_findings(package))
        # A descriptor the reference engine cannot use makes the package unusable (exit 2).
        report.fatal = any(f.rule == "descriptor" for f in report.findings)
        report.rows = dict(ws.loaded)
        report.skipped = dict(ws.broken)
    finally:
        ws.close()


__all__ = ["ENGINES", "Finding", "Report", "validate"]
