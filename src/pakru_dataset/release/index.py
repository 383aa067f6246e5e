"""The committed release index `releases/index.json`: the record of what was released.

Git tags do not travel with every clone, so the list of releases lives in a committed file:
one entry per release with its version, date and the SHA-256 of its `SHA256SUMS`. A folder
under `releases/` that the index does not list is not a release.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pakru_dataset.release.versions import parse

INDEX = "releases/index.json"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DIGEST = re.compile(r"^[0-9a-f]{64}$")
_KEYS = {"version", "date", "sha256sums", "erratum", "corrects"}


class ReleaseIndexError(ValueError):
    """`releases/index.json` is unreadable or malformed."""


def read_index(root: Path) -> list[dict]:
    """Entries of the index, oldest first; [] when there is none. Raises ReleaseIndexError if malformed."""
    path = Path(root) / INDEX
    if not path.exists() and not path.is_symlink():
        return []
    if path.is_symlink() or not path.is_file():
        raise ReleaseIndexError(f"{INDEX} is not a regular file")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ReleaseIndexError(f"{INDEX} is not valid UTF-8 JSON ({type(exc).__name__})") from None
    entries = data.get("releases") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ReleaseIndexError(f'{INDEX} must be an object with a "releases" list')
    seen = []
    for i, e in enumerate(entries):
        where = f"{INDEX} entry {i + 1}"
        if not isinstance(e, dict) or not {"version", "date", "sha256sums"} <= set(e) or set(e) - _KEYS:
            raise ReleaseIndexError(
                f"{where} must have version, date and sha256sums (and optionally erratum, corrects)"
            )
        try:
            version = parse(str(e["version"]))
        except ValueError:
            raise ReleaseIndexError(f"{where}: version {e['version']!r} is not MAJOR.MINOR.PATCH") from None
        if str(version) != e["version"]:
            raise ReleaseIndexError(f"{where}: version {e['version']!r} is not in canonical form")
        if not isinstance(e["date"], str) or not _DATE.match(e["date"]):
            raise ReleaseIndexError(f"{where}: date {e['date']!r} is not YYYY-MM-DD")
        if not isinstance(e["sha256sums"], str) or not _DIGEST.match(e["sha256sums"]):
            raise ReleaseIndexError(f"{where}: sha256sums must be a lower-case SHA-256 hex digest")
        corrects = e.get("corrects", [])
        if not isinstance(corrects, list) or not all(c in seen for c in corrects):
            raise ReleaseIndexError(f"{where}: corrects must list earlier releases")
        if seen and parse(seen[-1]) >= version:
            raise ReleaseIndexError(f"{where}: versions must increase ({seen[-1]} then {e['version']})")
        seen.append(e["version"])
    return entries


def versions(root: Path) -> list[str]:
    return [e["version"] for e in read_index(root)]


def corrected(root: Path) -> set[str]:
    """Releases whose version-bearing files a later erratum release says are wrong."""
    return {v for e in read_index(root) for v in e.get("corrects", [])}


def with_entry(root: Path, entry: dict) -> str:
    """The text of the index with `entry` appended."""
    entries = [*read_index(root), entry]
    return json.dumps({"releases": entries}, indent=2, ensure_ascii=False) + "\n"
