"""The documented views: one SQL file each in `views/`, applied in file-name order."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

VIEWS_DIR = Path(__file__).with_name("views")
# The one-row-per-record view of each fact table, with participants and sources inline.
FLAT_VIEWS = {
    "engagements": "engagements_flat",
    "agreements": "agreements_flat",
    "roll_calls": "roll_call_votes",
    "events": "events_flat",
}
_HEADER = re.compile(r"^--\s*(view|description|since):\s*(.+)$", re.MULTILINE)


@dataclass(frozen=True)
class View:
    name: str
    description: str
    sql: str
    path: Path
    since: str | None = None  # first release that has it (`-- since: X.Y.Z`); None: every release

    def in_release(self, version: str) -> bool:
        """Whether a release's database holds this view: released files never change."""
        if self.since is None:
            return True
        as_tuple = lambda v: tuple(int(x) for x in v.split("."))  # noqa: E731
        return as_tuple(version) >= as_tuple(self.since)


def _parse(path: Path) -> View:
    text = path.read_text(encoding="utf-8")
    meta = dict(_HEADER.findall(text))
    if "view" not in meta or "description" not in meta:
        raise ValueError(f"{path.name}: needs '-- view:' and '-- description:' header lines")
    since = meta.get("since", "").strip() or None
    return View(meta["view"].strip(), meta["description"].strip(), text, path, since)


@cache
def all_views() -> tuple[View, ...]:
    return tuple(_parse(p) for p in sorted(VIEWS_DIR.glob("*.sql")))


def view(name: str) -> View:
    for v in all_views():
        if v.name == name:
            return v
    raise KeyError(name)
