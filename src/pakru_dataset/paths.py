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
