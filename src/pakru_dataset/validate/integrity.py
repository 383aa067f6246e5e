"""Package-wide checks: versions agree, and published releases are complete and untouched.

A release is a folder `releases/X/` listed in the committed `releases/index.json`, whose
`SHA256SUMS` (with the digest the index records) lists every file in the folder and nothing
else, each still matching; its manifest and descriptor hashes agree with those sums, and
every version-bearing file inside it says X (unless a later erratum release records it as
wrong).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pakru_dataset.checksums import read_sums, sha256_file
from pakru_dataset.descriptor import Package
from pakru_dataset.validate.findings import Finding

_CFF_VERSION = re.compile(r"^version:\s*['\"]?([^'\"\s]+)", re.MULTILINE)
_PY_VERSION = re.compile(r"^__version__\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_LOG_HEADING = re.compile(r"^## (\S+)", re.MULTILINE)
SUMS = "SHA256SUMS"
MANIFEST = "manifest.json"


def declared_versions(root: Path) -> dict[str, str]:
    """Version strings found in the working tree's files that carry one."""
    found = {}
    cff = root / "CITATION.cff"
    if cff.is_file() and (m := _CFF_VERSION.search(cff.read_text(encoding="utf-8"))):
        found["CITATION.cff"] = m.group(1)
    init = root / "src" / "pakru_dataset" / "__init__.py"
    if init.is_file() and (m := _PY_VERSION.search(init.read_text(encoding="utf-8"))):
        found["src/pakru_dataset/__init__.py"] = m.group(1)
    return found


def snapshot_versions(folder: Path) -> dict[str, str]:
    """Version strings in a release folder's version-bearing files (those present)."""
    found = {}
    for name in ("datapackage.json", MANIFEST):
        path = folder / name
        if path.is_file():
            try:
                found[name] = str(json.loads(path.read_text(encoding="utf-8")).get("version"))
            except (ValueError, AttributeError):
                found[name] = "unreadable"
    for name, pattern in (("CITATION.cff", _CFF_VERSION), ("CHANGELOG.md", _LOG_HEADING)):
        path = folder / name
        if path.is_file():
            m = pattern.search(path.read_text(encoding="utf-8", errors="replace"))
            found[name] = m.group(1) if m else "none"
    return found


def version_findings(package: Package) -> list[Finding]:
    found = []
    for file, version in declared_versions(package.root).items():
        if version != package.version:
            found.append(
                Finding(
                    file,
                    None,
                    "version",
                    "version",
                    f"version {version!r} differs from datapackage.json's {package.version!r}",
                    value=version,
                    allowed=package.version,
                )
            )
    return found


def check_release(folder: Path, sums_digest: str | None = None) -> list[tuple[str, str]]:
    """(file name inside the release, problem) for everything wrong with one release folder.

    Problems where the manifest or descriptor disagree with SHA256SUMS start with "its" or "the".
    """
    try:
        sums, digest = read_sums(folder / SUMS)
    except ValueError as exc:
        return [(SUMS, f"{SUMS} is {exc}")]
    except OSError as exc:
        return [(SUMS, f"{SUMS} cannot be read ({exc.strerror or type(exc).__name__})")]
    problems = []
    if sums_digest is not None and digest != sums_digest:
        problems.append((SUMS, f"{SUMS} differs from the digest releases/index.json records for it"))
    present = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_symlink():
            problems.append((rel, "is a symbolic link; a release holds regular files only"))
        elif p.is_file() and rel != SUMS:
            present[rel] = p
    for rel in sorted(set(present) - set(sums)):
        problems.append((rel, f"is not listed in {SUMS}"))
    for rel, expected in sorted(sums.items()):
        if rel not in present:
            problems.append((rel, f"is listed in {SUMS} but missing"))
        elif sha256_file(present[rel]) != expected:
            problems.append((rel, f"no longer matches {SUMS}"))
    problems += _agreement(folder, sums)
    return problems


def _agreement(folder: Path, sums: dict[str, str]) -> list[tuple[str, str]]:
    """The manifest's and the descriptor's hashes must say what SHA256SUMS says."""
    problems = []
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        listed = manifest.get("snapshot", {})
    except (OSError, ValueError, AttributeError):
        return [(MANIFEST, f"{MANIFEST} is missing or not JSON")]
    expected = {k: v for k, v in sums.items() if k != MANIFEST}
    if listed != expected:
        differ = sorted(k for k in set(listed) | set(expected) if listed.get(k) != expected.get(k))
        problems.append((MANIFEST, f"its snapshot hashes disagree with {SUMS} for {', '.join(differ[:5])}"))
    try:
        descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        resources = descriptor.get("resources", [])
    except (OSError, ValueError, AttributeError):
        return [*problems, ("datapackage.json", "datapackage.json is missing or not JSON")]
    for r in resources if isinstance(resources, list) else []:
        path, digest = (r.get("path"), r.get("hash")) if isinstance(r, dict) else (None, None)
        if isinstance(path, str) and digest != f"sha256:{sums.get(path)}":
            problems.append(("datapackage.json", f"the hash of {path} disagrees with {SUMS}"))
    return problems


def _finding(rel: str, rule: str, message: str) -> Finding:
    return Finding(rel, None, None, rule, message)


def release_count(package: Package) -> int | None:
    """How many release folders the package holds; None when it has no releases/ folder."""
    base = package.root / "releases"
    if not base.is_dir():
        return None
    return sum(1 for p in base.iterdir() if p.is_dir() and not p.is_symlink())


def release_findings(package: Package) -> list[Finding]:
    """Every release folder is listed in the index, complete, unmodified and correctly versioned."""
    from pakru_dataset.release.index import INDEX, ReleaseIndexError, read_index

    base = package.root / "releases"
    if not base.is_dir():
        return []
    try:
        entries = read_index(package.root)
    except ReleaseIndexError as exc:
        return [_finding(INDEX, "release-index", str(exc))]
    listed = {e["version"]: e for e in entries}
    corrected = {v for e in entries for v in e.get("corrects", [])}
    found = []
    for p in sorted(base.iterdir()):
        if p.name == "index.json":
            continue
        if p.name not in listed or not p.is_dir() or p.is_symlink():
            found.append(
                _finding(
                    f"releases/{p.name}",
                    "release-unlisted",
                    f"not a release: {INDEX} does not list it (releases are made only by `pakru release`); "
                    "remove it",
                )
            )
    fix = "released files are immutable — restore release {v} and cut a new version for the change"
    for version, entry in listed.items():
        folder = base / version
        if not folder.is_dir() or folder.is_symlink():
            found.append(_finding(f"releases/{version}", "release-missing", f"listed in {INDEX} but missing"))
            continue
        for rel, problem in check_release(folder, entry["sha256sums"]):
            rule = "release-hashes" if problem.startswith(("its ", "the hash")) else "release-modified"
            found.append(_finding(f"releases/{version}/{rel}", rule, f"{problem}; {fix.format(v=version)}"))
        if version in corrected:
            continue
        for rel, said in snapshot_versions(folder).items():
            if said != version:
                found.append(
                    _finding(
                        f"releases/{version}/{rel}",
                        "release-version",
                        f"says version {said!r} inside release {version}",
                    )
                )
    return found
