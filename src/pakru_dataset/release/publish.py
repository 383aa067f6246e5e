"""`pakru release`: refuse anything unsafe, then publish an immutable, checksummed release.

Order of work: check (git tree clean, data valid, version new and bumped enough), build the
snapshot and artifacts in a staging folder, write a journal, update the version files and the
changelog, move the two directories into place, commit and tag, delete the journal. A run that dies after the
journal exists is rolled back by the next `pakru release`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from pakru_dataset import atomic
from pakru_dataset.descriptor import read_package
from pakru_dataset.release import changelog, history
from pakru_dataset.release.artifacts import build_artifacts
from pakru_dataset.release.diff import KEY_JOIN, Diff, compare
from pakru_dataset.release.snapshot import write_core, write_manifest
from pakru_dataset.release.versions import Version, at_least, bump_level, parse

JOURNAL = ".pakru-release-journal.json"
VERSION_FILES = ("datapackage.json", "CITATION.cff", "src/pakru_dataset/__init__.py", "CHANGELOG.md")


class ReleaseRefused(Exception):
    """The release would be unsafe; nothing was written."""


@dataclass
class Plan:
    version: str
    previous: str | None
    date: str
    diff: Diff | None
    required: str | None
    notes: list[str] = field(default_factory=list)

    def changelog_body(self, root: Path) -> str:
        if self.diff is None:
            rows, keys = {}, {}
            for name, table_keys in history_keys(root).items():
                ks = sorted(table_keys)
                rows[name] = len(ks)
                keys[name] = (ks[0], ks[-1]) if ks else ("", "")
            return changelog.first_release_markdown(rows, keys)
        return changelog.diff_markdown(self.diff, heading="###", values=True)


def released_versions(root: Path) -> list[str]:
    found = []
    for p in (root / "releases").glob("*/datapackage.json"):
        try:
            found.append(parse(p.parent.name))
        except ValueError:
            continue
    return [str(v) for v in sorted(found)]


def latest(root: Path) -> str | None:
    versions = released_versions(root)
    return versions[-1] if versions else None


def history_keys(root: Path) -> dict[str, list[str]]:
    import csv

    package = read_package(root)
    out = {}
    for t in package.tables:
        with (root / t.path).open(encoding="utf-8", newline="") as fh:
            out[t.name] = [KEY_JOIN.join(r[k] for k in t.primary_key) for r in csv.DictReader(fh)]
    return out


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)


def check_clean_tree(root: Path) -> None:
    result = _git(root, "status", "--porcelain")
    if result.returncode != 0:
        raise ReleaseRefused(f"{root} is not a git checkout; releases are cut from a committed tree")
    if result.stdout.strip():
        changed = ", ".join(line[3:] for line in result.stdout.splitlines()[:5])
        raise ReleaseRefused(f"the working tree has uncommitted changes ({changed}); commit them first")


def make_plan(root: Path, version: str | None, bump: str | None, today: str | None = None) -> Plan:
    """Check every precondition and work out the version; raise ReleaseRefused if unsafe."""
    from pakru_dataset.validate import validate

    root = Path(root)
    check_clean_tree(root)
    report = validate(root)
    if report.exit_code != 0:
        raise ReleaseRefused(f"the data does not validate: {report.summary()}; run `pakru validate`")
    previous = latest(root)
    diff = compare(root / "releases" / previous, root, previous, "working tree") if previous else None
    required = diff.required_bump if diff else None
    if previous and required is None:
        raise ReleaseRefused(f"nothing changed since release {previous}")
    if version is None:
        if bump not in ("auto", "major", "minor", "patch"):
            raise ReleaseRefused("give a VERSION or --bump auto|major|minor|patch")
        if previous is None:
            version = read_package(root).version
        else:
            level = required if bump == "auto" else bump
            version = str(parse(previous).bumped(level))
    new = parse(version)
    if (root / "releases" / str(new)).exists():
        raise ReleaseRefused(f"release {new} already exists and is immutable; choose a new version")
    if previous:
        level = bump_level(parse(previous), new)
        if level is None:
            raise ReleaseRefused(f"{new} is not greater than the latest release {previous}")
        if not at_least(level, required):
            why = _why(diff, required)
            raise ReleaseRefused(
                f"{new} is a {level} release, but the changes since {previous} need at least a "
                f"{required} release ({why}); use {parse(previous).bumped(required)}"
            )
    date = today or dt.date.today().isoformat()
    if diff is not None:
        diff.new_label = str(new)
    return Plan(str(new), previous, date, diff, required)


def _why(diff: Diff, required: str) -> str:
    if required == "major":
        return "; ".join(c.detail for c in diff.schema if c.breaking)
    if required == "minor":
        added = [f"{t.table} +{len(t.added)}" for t in diff.tables if t.added]
        return "; ".join(
            [c.detail for c in diff.schema if not c.breaking]
            + ([f"rows added: {', '.join(added)}"] if added else [])
        )
    return "rows corrected or removed"


def _set_versions(root: Path, version: str, date: str) -> None:
    dp = root / "datapackage.json"
    d = json.loads(dp.read_text(encoding="utf-8"))
    d["version"] = version
    atomic.write_text(dp, json.dumps(d, indent=2, ensure_ascii=False) + "\n")
    cff = root / "CITATION.cff"
    if cff.is_file():
        text = re.sub(r"^version:.*$", f"version: {version}", cff.read_text(encoding="utf-8"), flags=re.M)
        if re.search(r"^date-released:", text, flags=re.M):
            text = re.sub(r"^date-released:.*$", f'date-released: "{date}"', text, flags=re.M)
        else:
            text = text.rstrip("\n") + f'\ndate-released: "{date}"\n'
        atomic.write_text(cff, text)
    init = root / "src" / "pakru_dataset" / "__init__.py"
    if init.is_file():
        text = re.sub(
            r'^__version__ = ".*"$',
            f'__version__ = "{version}"',
            init.read_text(encoding="utf-8"),
            flags=re.M,
        )
        atomic.write_text(init, text)


def rollback(root: Path) -> bool:
    """Undo a release that was interrupted after its journal was written."""
    journal = root / JOURNAL
    if not journal.is_file():
        return False
    data = json.loads(journal.read_text(encoding="utf-8"))
    for rel in data["created"]:
        shutil.rmtree(root / rel, ignore_errors=True)
    for rel, text in data["restore"].items():
        if text is None:
            (root / rel).unlink(missing_ok=True)
        else:
            atomic.write_text(root / rel, text)
    journal.unlink()
    return True


def release(
    root: Path,
    version: str | None = None,
    bump: str | None = None,
    dry_run: bool = False,
    commit: bool = True,
    today: str | None = None,
) -> Plan:
    root = Path(root)
    rollback(root)
    atomic.clear_stale(root)
    plan = make_plan(root, version, bump, today)
    if dry_run:
        return plan
    package = read_package(root)
    previous_history = history.read(root / "releases" / plan.previous) if plan.previous else {}
    keys = history_keys(root)
    empty_diff = Diff("", "", [], [])
    rows_history = history.advance(previous_history, plan.diff or empty_diff, plan.version, keys)

    staging = root / f"{atomic.TMP_PREFIX}release-{plan.version}"
    shutil.rmtree(staging, ignore_errors=True)
    snapshot, dist = staging / "releases" / plan.version, staging / "dist" / plan.version
    created = [f"releases/{plan.version}", f"dist/{plan.version}"]
    restore = {
        rel: ((root / rel).read_text(encoding="utf-8") if (root / rel).is_file() else None)
        for rel in VERSION_FILES
    }
    try:
        write_core(package, snapshot, plan.version, plan.date, history.to_csv(rows_history))
        try:
            artifacts = build_artifacts(snapshot, dist)
        except Exception as exc:  # e.g. a view that no longer matches the schema
            first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ReleaseRefused(f"building the release artifacts failed: {first_line}") from exc
        write_manifest(snapshot, _manifest(plan, package, snapshot, dist, artifacts))
        # From here on the journal lets the next run undo a half-finished release.
        atomic.write_text(
            root / JOURNAL, json.dumps({"version": plan.version, "created": created, "restore": restore})
        )
        _set_versions(root, plan.version, plan.date)
        log = root / "CHANGELOG.md"
        old_log = log.read_text(encoding="utf-8") if log.is_file() else "# Changelog\n"
        entry = changelog.entry(plan.version, plan.date, plan.changelog_body(root))
        atomic.write_text(log, changelog.prepend(old_log, entry))
        atomic.pause_point("release-files")
        # The two directories appear last, one rename each.
        for rel, src in zip(created, (snapshot, dist), strict=True):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            os.rename(src, root / rel)
        if commit:
            _commit(root, plan.version)
        (root / JOURNAL).unlink()
    except BaseException:
        rollback(root)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return plan


def _commit(root: Path, version: str) -> None:
    paths = ["releases/" + version, *[p for p in VERSION_FILES if (root / p).exists()]]
    for args in (["add", "--", *paths], ["commit", "-q", "-m", f"Release {version}"], ["tag", f"v{version}"]):
        result = _git(root, *args)
        if result.returncode != 0:
            raise ReleaseRefused(f"git {args[0]} failed: {result.stderr.strip() or result.stdout.strip()}")


def _manifest(plan: Plan, package, snapshot: Path, dist: Path, artifacts: list[Path]) -> dict:
    import duckdb

    from pakru_dataset.sqltext import ident

    con = duckdb.connect(str(dist / "pakru.duckdb"), read_only=True)
    try:
        rows = {
            t.name: con.execute(f"SELECT count(*) FROM {ident(t.name)}").fetchone()[0] for t in package.tables
        }
        years = {}
        for table, col in ((t.name, ident(t.main_date)) for t in package.fact_tables()):
            lo, hi = con.execute(f"SELECT min(year({col})), max(year({col})) FROM {ident(table)}").fetchone()
            years[table] = [lo, hi]
    finally:
        con.close()
    from pakru_dataset.checksums import sha256_file

    return {
        "version": plan.version,
        "date": plan.date,
        "previous": plan.previous,
        "bump": plan.required or "first",
        "rows": rows,
        "coverage_years": years,
        "snapshot": {
            p.relative_to(snapshot).as_posix(): sha256_file(p)
            for p in sorted(snapshot.rglob("*"))
            if p.is_file()
        },
        "files": [
            {"path": p.relative_to(dist).as_posix(), "bytes": p.stat().st_size, "sha256": sha256_file(p)}
            for p in artifacts
        ],
    }


__all__ = [
    "Plan",
    "ReleaseRefused",
    "Version",
    "latest",
    "make_plan",
    "release",
    "released_versions",
    "rollback",
]
