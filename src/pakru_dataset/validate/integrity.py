"""Package-wide checks: versions agree, and published releases are untouched."""

from __future__ import annotations

import re
from pathlib import Path

from pakru_dataset.checksums import parse_sums, sha256_file
from pakru_dataset.descriptor import Package
from pakru_dataset.validate.findings import Finding

_CFF_VERSION = re.compile(r"^version:\s*['\"]?([^'\"\s]+)", re.MULTILINE)
_PY_VERSION = re.compile(r"^__version__\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)


def declared_versions(root: Path) -> dict[str, str]:
    """Version strings found in the files that carry one."""
    found = {}
    cff = root / "CITATION.cff"
    if cff.is_file() and (m := _CFF_VERSION.search(cff.read_text(encoding="utf-8"))):
        found["CITATION.cff"] = m.group(1)
    init = root / "src" / "pakru_dataset" / "__init__.py"
    if init.is_file() and (m := _PY_VERSION.search(init.read_text(encoding="utf-8"))):
        found["src/pakru_dataset/__init__.py"] = m.group(1)
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


def release_findings(package: Package) -> list[Finding]:
    """Every file listed in a committed `releases/*/SHA256SUMS` must still match."""
    found = []
    base = package.root / "releases"
    for sums_file in sorted(base.glob("*/SHA256SUMS")):
        release = sums_file.parent
        rel_sums = sums_file.relative_to(package.root).as_posix()
        for name, digest in parse_sums(sums_file.read_text(encoding="utf-8")).items():
            path = release / name
            rel = path.relative_to(package.root).as_posix()
            if not path.is_file():
                problem = f"listed in {rel_sums} but missing"
            elif sha256_file(path) != digest:
                problem = f"no longer matches {rel_sums}"
            else:
                continue
            message = (
                f"{problem}; released files are immutable — restore release {release.name} "
                "and cut a new version for the change"
            )
            found.append(Finding(rel, None, None, "release-modified", message))
    return found
