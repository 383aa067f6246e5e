"""`pakru release`: refuse anything unsafe, then publish an immutable, checksummed release.

Order of work: check (git tree clean with no hidden edits, data and releases valid, version
new and bumped enough, tag free, date real), work out the new text of every version-bearing
file, build the snapshot (which carries those new files) and artifacts in a staging folder,
write a journal, write the version files, changelog and release index, move the two
directories into place, commit and tag, delete the journal. A run that dies after the journal
exists is rolled back by the next `pakru release`; a journal this tool did not write is refused,
never acted on.

An erratum release (`erratum=` reason) is a PATCH whose data and schemas equal the previous
release's; it exists to correct the metadata of earlier releases, which stay immutable.
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
from pakru_dataset.checksums import sha256_file
from pakru_dataset.descriptor import read_package
from pakru_dataset.release import changelog, history
from pakru_dataset.release.artifacts import build_artifacts
from pakru_dataset.release.diff import KEY_JOIN, Diff, compare
from pakru_dataset.release.index import INDEX, ReleaseIndexError, read_index, with_entry
from pakru_dataset.release.snapshot import write_core, write_manifest
from pakru_dataset.release.versions import Version, at_least, bump_level, parse

JOURNAL = ".pakru-release-journal.json"
VERSION_FILES = ("datapackage.json", "CITATION.cff", "src/pakru_dataset/__init__.py", "CHANGELOG.md", INDEX)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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
    erratum: str | None = None
    corrects: dict[str, list[str]] = field(default_factory=dict)

    def changelog_body(self, root: Path) -> str:
        if self.erratum is not None:
            return changelog.erratum_markdown(self.previous or "", self.erratum, self.corrects)
        if self.diff is None:
            rows, keys = {}, {}
            for name, table_keys in history_keys(root).items():
                ks = sorted(table_keys)
                rows[name] = len(ks)
                keys[name] = (ks[0], ks[-1]) if ks else ("", "")
            return changelog.first_release_markdown(rows, keys)
        return changelog.diff_markdown(self.diff, heading="###", values=True)


def released_versions(root: Path) -> list[str]:
    """Versions the committed release index lists whose folder is present, oldest first.

    A folder the index does not list is never a release (and never "latest").
    """
    try:
        entries = read_index(root)
    except ReleaseIndexError:
        return []
    return [e["version"] for e in entries if (Path(root) / "releases" / e["version"]).is_dir()]


def no_releases_note(root: Path) -> str | None:
    """A plain sentence when there is no `releases/` folder at hand (e.g. an installed package)."""
    if (Path(root) / "releases").is_dir():
        return None
    return (
        f"no releases/ folder in {root} (an installed package carries none; past releases are "
        "in a checkout of the repository, or fetched with load(name, version=...))"
    )


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
    # Files git was told not to look at could hold edits `git status` does not show.
    hidden = [
        line[2:]
        for line in _git(root, "ls-files", "-v").stdout.splitlines()
        if line[:1] == "S" or line[:1].islower()
    ]
    if hidden:
        raise ReleaseRefused(
            f"git is told to ignore changes to {', '.join(hidden[:5])} (skip-worktree or assume-unchanged); "
            "run `git update-index --no-skip-worktree --no-assume-unchanged` on them and commit"
        )


def check_date(date: str) -> str:
    if not isinstance(date, str) or not _DATE.match(date):
        raise ReleaseRefused(f"release date {date!r} is not YYYY-MM-DD")
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        raise ReleaseRefused(f"release date {date!r} is not a real calendar date") from None
    return date


def check_tag_free(root: Path, version: str) -> None:
    if _git(root, "rev-parse", "-q", "--verify", f"refs/tags/v{version}").returncode == 0:
        raise ReleaseRefused(
            f"git tag v{version} already exists; choose a new version or delete the stale tag"
        )


def make_plan(
    root: Path,
    version: str | None,
    bump: str | None,
    today: str | None = None,
    erratum: str | None = None,
) -> Plan:
    """Check every precondition and work out the version; raise ReleaseRefused if unsafe."""
    from pakru_dataset.validate import validate

    root = Path(root)
    date = check_date(today or dt.date.today().isoformat())
    check_clean_tree(root)
    report = validate(root)
    # An erratum release is how wrong version-bearing files in earlier releases get corrected.
    corrects: dict[str, list[str]] = {}
    blocking = []
    for f in report.findings:
        if erratum is not None and f.rule == "release-version":
            corrects.setdefault(f.file.split("/")[1], []).append(f"`{f.file}` {f.message}")
        elif f.severity == "error":
            blocking.append(f)
    if blocking:
        raise ReleaseRefused(
            f"the data does not validate ({len(blocking)} error(s), first: {blocking[0].one_line()}); "
            "run `pakru validate`"
        )
    if (root / "releases").is_dir() and not (root / INDEX).is_file() and any((root / "releases").iterdir()):
        raise ReleaseRefused(f"releases/ exists but {INDEX} does not; the release record is missing")
    previous = latest(root)
    diff = compare(root / "releases" / previous, root, previous, "working tree") if previous else None
    required = diff.required_bump if diff else None
    if erratum is not None:
        erratum = erratum.strip()
        if not erratum:
            raise ReleaseRefused("--erratum needs a reason: what the earlier releases got wrong")
        if previous is None:
            raise ReleaseRefused("an erratum release corrects an earlier release; there is none")
        if required is not None:
            raise ReleaseRefused(
                f"an erratum release carries release {previous}'s data and schemas unchanged, but they "
                f"changed ({_why(diff, required)}); cut a normal release"
            )
        expected = str(parse(previous).bumped("patch"))
        if version is not None and str(parse(version)) != expected:
            raise ReleaseRefused(f"an erratum release after {previous} is the next patch, {expected}")
        version, required = expected, "patch"
    elif previous and required is None:
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
    if (root / "releases" / str(new)).exists() or str(new) in [e["version"] for e in read_index(root)]:
        raise ReleaseRefused(f"release {new} already exists and is immutable; choose a new version")
    check_tag_free(root, str(new))
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
    if diff is not None:
        diff.new_label = str(new)
    return Plan(str(new), previous, date, diff, required, erratum=erratum, corrects=corrects)


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


def _version_texts(root: Path, plan: Plan, index_entry: dict) -> dict[str, str]:
    """The new text of every version-bearing file, before anything is written."""
    out = {}
    d = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    d["version"] = plan.version
    out["datapackage.json"] = json.dumps(d, indent=2, ensure_ascii=False) + "\n"
    cff = root / "CITATION.cff"
    if cff.is_file():
        text = re.sub(
            r"^version:.*$", f"version: {plan.version}", cff.read_text(encoding="utf-8"), flags=re.M
        )
        if re.search(r"^date-released:", text, flags=re.M):
            text = re.sub(r"^date-released:.*$", f'date-released: "{plan.date}"', text, flags=re.M)
        else:
            text = text.rstrip("\n") + f'\ndate-released: "{plan.date}"\n'
        out["CITATION.cff"] = text
    init = root / "src" / "pakru_dataset" / "__init__.py"
    if init.is_file():
        out["src/pakru_dataset/__init__.py"] = re.sub(
            r'^__version__ = ".*"$',
            f'__version__ = "{plan.version}"',
            init.read_text(encoding="utf-8"),
            flags=re.M,
        )
    log = root / "CHANGELOG.md"
    old_log = log.read_text(encoding="utf-8") if log.is_file() else "# Changelog\n"
    entry = changelog.entry(plan.version, plan.date, plan.changelog_body(root))
    out["CHANGELOG.md"] = changelog.prepend(old_log, entry)
    out[INDEX] = with_entry(root, index_entry)
    return out


def _journal_problem(root: Path, data: object) -> str | None:
    """Why a journal cannot be one this tool wrote (None when it can be)."""
    if not isinstance(data, dict) or set(data) != {"version", "created", "restore"}:
        return "it is not an object with exactly version, created and restore"
    try:
        version = str(parse(data["version"])) if isinstance(data["version"], str) else None
    except ValueError:
        version = None
    if version is None or version != data["version"]:
        return "its version is not MAJOR.MINOR.PATCH"
    if data["created"] != [f"releases/{version}", f"dist/{version}"]:
        return f"created must be exactly releases/{version} and dist/{version}"
    restore = data["restore"]
    if not isinstance(restore, dict) or not set(restore) <= set(VERSION_FILES):
        return f"restore may only name {', '.join(VERSION_FILES)}"
    if not all(v is None or isinstance(v, str) for v in restore.values()):
        return "restore values must be text or null"
    if _git(root, "ls-files", "--error-unmatch", "--", JOURNAL).returncode == 0:
        return "git tracks it, so it came with the repository rather than from an interrupted run"
    if _git(root, "ls-files", "--", f"releases/{version}").stdout.strip():
        return f"releases/{version} is committed, so that release was not interrupted"
    return None


def read_journal(root: Path) -> dict | None:
    """The journal of an interrupted release, checked; raise ReleaseRefused for a foreign one."""
    path = Path(root) / JOURNAL
    if not path.exists() and not path.is_symlink():
        return None
    why = None
    if path.is_symlink() or not path.is_file():
        why = "it is not a regular file"
    else:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            why = "it is not JSON"
        else:
            why = _journal_problem(Path(root), data)
    if why:
        raise ReleaseRefused(
            f"{JOURNAL} was not written by an interrupted `pakru release` ({why}); nothing was done — "
            "inspect it and delete it by hand"
        )
    return data


def rollback(root: Path) -> bool:
    """Undo a release that was interrupted after its (checked) journal was written."""
    data = read_journal(root)
    if data is None:
        return False
    for rel in data["created"]:
        target = root / rel
        if target.is_symlink():
            target.unlink()
        elif target.is_dir():
            shutil.rmtree(target)
    for rel, text in data["restore"].items():
        if text is None:
            (root / rel).unlink(missing_ok=True)
        else:
            atomic.write_text(root / rel, text)
    (root / JOURNAL).unlink()
    return True


def release(
    root: Path,
    version: str | None = None,
    bump: str | None = None,
    dry_run: bool = False,
    commit: bool = True,
    today: str | None = None,
    erratum: str | None = None,
) -> Plan:
    root = Path(root)
    journal = read_journal(root)
    if journal is not None and dry_run:
        raise ReleaseRefused(
            f"release {journal['version']} was interrupted; run `pakru release` without --dry-run "
            "to roll it back"
        )
    rollback(root)
    atomic.clear_stale(root)
    plan = make_plan(root, version, bump, today, erratum)
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
        # Every version-bearing file gets its new text first; the snapshot carries those texts.
        texts = _version_texts(
            root, plan, {"version": plan.version, "date": plan.date, "sha256sums": "0" * 64}
        )
        carried = {name: texts[name] for name in ("CITATION.cff", "CHANGELOG.md") if name in texts}
        write_core(package, snapshot, plan.version, plan.date, history.to_csv(rows_history), carried)
        try:
            artifacts = build_artifacts(snapshot, dist)
        except Exception as exc:  # e.g. a view that no longer matches the schema
            first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ReleaseRefused(f"building the release artifacts failed: {first_line}") from exc
        write_manifest(snapshot, _manifest(plan, package, snapshot, dist, artifacts))
        entry = {
            "version": plan.version,
            "date": plan.date,
            "sha256sums": sha256_file(snapshot / "SHA256SUMS"),
        }
        if plan.erratum is not None:
            entry.update(erratum=plan.erratum.splitlines()[0], corrects=sorted(plan.corrects))
        texts[INDEX] = with_entry(root, entry)
        # From here on the journal lets the next run undo a half-finished release.
        atomic.write_text(
            root / JOURNAL, json.dumps({"version": plan.version, "created": created, "restore": restore})
        )
        for rel, text in texts.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            atomic.write_text(root / rel, text)
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
    check_tag_free(root, version)
    paths = ["releases/" + version, *[p for p in VERSION_FILES if (root / p).exists()]]
    for args in (["add", "--", *paths], ["commit", "-q", "-m", f"Release {version}"], ["tag", f"v{version}"]):
        result = _git(root, *args)
        if result.returncode != 0:
            raise ReleaseRefused(f"git {args[0]} failed: {result.stderr.strip() or result.stdout.strip()}")


def _manifest(plan: Plan, package, snapshot: Path, dist: Path, artifacts: list[Path]) -> dict:
    from pakru_dataset.sandbox import open_readonly
    from pakru_dataset.sqltext import ident

    con = open_readonly(dist / "pakru.duckdb")
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
    from pakru_dataset.db.emptydb import STORAGE_VERSION

    return {
        "version": plan.version,
        "date": plan.date,
        "previous": plan.previous,
        "bump": plan.required or "first",
        **({"erratum": plan.erratum, "corrects": sorted(plan.corrects)} if plan.erratum is not None else {}),
        "duckdb_storage_version": STORAGE_VERSION,
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
    "no_releases_note",
    "read_journal",
    "release",
    "released_versions",
    "rollback",
]
