"""Where the data package lives: inside an installed wheel, or at the root of a checkout."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_BUNDLED = _PACKAGE_DIR / "_package"
_CHECKOUT = _PACKAGE_DIR.parents[1]


def package_root() -> Path:
    """Directory holding `datapackage.json`, `data/` and `schemas/`.

    `PAKRU_PACKAGE` overrides it; otherwise a checkout's root wins over the copy bundled in
    the wheel, so an editable install sees edits at once.
    """
    override = os.environ.get("PAKRU_PACKAGE")
    if override:
        return Path(override).resolve()
    if (_CHECKOUT / "datapackage.json").is_file() and (_CHECKOUT / "src").is_dir():
        return _CHECKOUT
    return _BUNDLED


def find_package(start: Path | None = None) -> Path:
    """The package a command acts on: `PAKRU_PACKAGE` if set, else the nearest directory
    from `start` (default: the current one) upwards that holds a `datapackage.json`, else
    the copy this installation carries (`package_root()`)."""
    override = os.environ.get("PAKRU_PACKAGE")
    if override:
        return Path(override).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "datapackage.json").is_file():
            return folder
    return package_root()


def package_version(root: Path) -> str:
    """The `version` a package's descriptor declares, read without validating anything."""
    import json

    try:
        with (root / "datapackage.json").open("rb") as fh:
            version = json.load(fh).get("version")
    except (OSError, ValueError, RecursionError, AttributeError):
        return "unknown (unreadable datapackage.json)"
    ok = isinstance(version, str) and version.isprintable() and len(version) < 64
    return version if ok else "unknown"


def descriptor_path(root: Path | None = None) -> Path:
    return (root or package_root()) / "datapackage.json"


def releases_dir(root: Path | None = None) -> Path:
    """Committed release snapshots: `releases/VERSION/`."""
    return (root or package_root()) / "releases"


def cache_dir() -> Path:
    """Per-user cache for databases built on the fly."""
    if os.environ.get("PAKRU_CACHE"):
        return Path(os.environ["PAKRU_CACHE"])
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "pakru"
