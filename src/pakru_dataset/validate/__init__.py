"""`validate()`: every check of the data package in one call, by either engine."""

from __future__ import annotations

import time
from pathlib import Path

from pakru_dataset.descriptor import DescriptorError, read_package
from pakru_dataset.paths import package_root
from pakru_dataset.validate.findings import Finding, Report

ENGINES = ("fast", "frictionless")


def pattern_findings(package, con) -> list[Finding]:
    """Every field pattern must compile in RE2, the engine both validators use.

    All patterns are tried in one query on `con`; only if that fails is each tried alone,
    to name the ones that do not compile.
    """
    import duckdb

    patterns = [(t, f) for t in package.tables for f in t.fields if f.pattern]
    if not patterns:
        return []
    tries = ", ".join(f"regexp_full_match('', ${i + 1})" for i in range(len(patterns)))
    try:
        con.execute(f"SELECT {tries}", [f.pattern for _t, f in patterns]).fetchone()
        return []
    except duckdb.Error:
        pass
    found = []
    for table, f in patterns:
        try:
            con.execute("SELECT regexp_full_match('', $1)", [f.pattern]).fetchone()
        except duckdb.Error as exc:
            why = str(exc).splitlines()[0].split(": ", 1)[-1]
            message = f"pattern {f.pattern!r} cannot be used (RE2 syntax: {why})"
            found.append(Finding(table.schema_path, None, f.name, "descriptor", message))
    return found


def validate(root: Path | None = None, engine: str = "fast", memory_limit: str | None = None) -> Report:
    """Check the package at `root` and return a Report; bad data never raises."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}")
    started = time.perf_counter()
    report = Report(engine=engine)
    import csv
    from concurrent.futures import ThreadPoolExecutor

    import duckdb

    with ThreadPoolExecutor(1) as pool:
        # The scratch database starts up (DuckDB lets go of the GIL) while the descriptor is read.
        starting = pool.submit(duckdb.connect, ":memory:")
        try:
            package = read_package(Path(root or package_root()))
        except DescriptorError as exc:
            starting.result().close()
            report.fatal = True
            report.add(Finding(exc.file, None, None, "descriptor", exc.message))
            report.seconds = time.perf_counter() - started
            return report
    con = starting.result()
    try:
        _check(package, engine, memory_limit, report, con)
    except (duckdb.Error, csv.Error, RecursionError, ValueError, OSError) as exc:
        # A shape of input nobody planned for: report it, located as well as is known.
        report.fatal = True
        why = (str(exc).splitlines() or [""])[0][:300]
        report.add(Finding("datapackage.json", None, None, "unreadable", f"validation stopped: {why}"))
    finally:
        con.close()
    report.seconds = time.perf_counter() - started
    return report


def _check(package, engine: str, memory_limit: str | None, report: Report, con) -> None:
    """Every check after the descriptor, into `report`."""
    from concurrent.futures import ThreadPoolExecutor

    from pakru_dataset.validate.integrity import release_count, release_findings, version_findings
    from pakru_dataset.validate.workspace import DEFAULT_MEMORY_LIMIT

    limit = memory_limit or DEFAULT_MEMORY_LIMIT
    # The releases are hashed on a thread of their own while the tables are checked.
    with ThreadPoolExecutor(1) as pool:
        releases = pool.submit(lambda: version_findings(package) + release_findings(package))
        _check_tables(package, engine, limit, report, con)
        if not report.fatal:  # a pattern that cannot be used is reported alone
            report.extend(releases.result())
            report.releases = release_count(package)
    # A descriptor the reference engine cannot use makes the package unusable (exit 2).
    report.fatal = report.fatal or any(f.rule == "descriptor" for f in report.findings)


def _check_tables(package, engine: str, limit: str, report: Report, con) -> None:
    """The checks of the tables themselves, into `report`, on the fresh in-memory `con`."""
    from pakru_dataset.validate.apply_rules import table_rule_findings
    from pakru_dataset.validate.workspace import build_workspace, connect_scratch, package_files

    con = connect_scratch(limit, files=package_files(package), con=con)
    bad_patterns = pattern_findings(package, con)
    if bad_patterns:
        report.fatal = True
        report.extend(bad_patterns)
        return
    if engine == "fast":
        from pakru_dataset.validate.fast import key_findings, table_findings
        from pakru_dataset.validate.rules import columns_kept
        from pakru_dataset.validate.workspace import slim

        facts = {t.name: t.main_date for t in package.fact_tables()}

        def check_and_slim(ws, table) -> None:
            # Cell and row checks run while the table is whole; then only the columns later
            # checks read are kept, so memory stays flat as tables accumulate.
            found, span = table_findings(ws, table, facts.get(table.name))
            report.extend(found)
            if table.name in facts:
                report.spans[table.name] = span
            slim(ws, table, columns_kept(package, table))

        ws = build_workspace(package, after_load=check_and_slim, con=con)
        report.spans = {t: report.spans[t] for t in facts if t in report.spans}
    else:
        ws = build_workspace(package, con=con)
    try:
        report.extend(ws.findings)
        clean = [t for t in package.tables if ws.is_clean(t.name)]
        if engine == "fast":
            for found in ws.each(key_findings, clean):
                report.extend(found)
        else:
            from pakru_dataset.validate.frictionless_engine import (
                frictionless_findings,
                pandera_findings,
            )

            report.extend(frictionless_findings(ws))
            for table in clean:
                report.extend(pandera_findings(ws, table))
        report.extend(table_rule_findings(ws))
        report.rows = dict(ws.loaded)
        report.skipped = dict(ws.broken)
    finally:
        ws.close()


__all__ = ["ENGINES", "Finding", "Report", "validate"]
