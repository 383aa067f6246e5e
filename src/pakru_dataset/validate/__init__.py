"""`validate()`: every check of the data package in one call, by either engine."""

from __future__ import annotations

import time
from pathlib import Path

from pakru_dataset.descriptor import DescriptorError, read_package
from pakru_dataset.paths import package_root
from pakru_dataset.validate.findings import Finding, Report

ENGINES = ("fast", "frictionless")


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

    from pakru_dataset.validate.apply_rules import row_rule_findings, table_rule_findings
    from pakru_dataset.validate.integrity import release_findings, version_findings
    from pakru_dataset.validate.workspace import build_workspace

    ws = build_workspace(package, memory_limit=memory_limit)
    try:
        report.extend(ws.findings)
        clean = [t for t in package.tables if ws.is_clean(t.name)]
        if engine == "fast":
            from pakru_dataset.validate.fast import schema_findings

            for table in clean:
                report.extend(schema_findings(ws, table))
                report.extend(row_rule_findings(ws, table))
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
        report.rows = dict(ws.loaded)
        report.skipped = dict(ws.broken)
    finally:
        ws.close()
    report.seconds = time.perf_counter() - started
    return report


__all__ = ["ENGINES", "Finding", "Report", "validate"]
