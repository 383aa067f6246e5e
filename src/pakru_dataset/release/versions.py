"""Semantic versions for data: MAJOR breaks the schema, MINOR adds, PATCH corrects."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
LEVELS = ("patch", "minor", "major")


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int
    patch: int

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"

    def bumped(self, level: str) -> Version:
        if level == "major":
            return Version(self.major + 1, 0, 0)
        if level == "minor":
            return Version(self.major, self.minor + 1, 0)
        return Version(self.major, self.minor, self.patch + 1)


def parse(text: str) -> Version:
    m = _SEMVER.match(text.strip())
    if not m:
        raise ValueError(f"{text!r} is not a version of the form MAJOR.MINOR.PATCH (such as 1.0.0)")
    return Version(*(int(g) for g in m.groups()))


def bump_level(previous: Version, new: Version) -> str | None:
    """Which part `new` raises over `previous` (None if it is not greater)."""
    if new <= previous:
        return None
    if new.major > previous.major:
        return "major"
    if new.minor > previous.minor:
        return "minor"
    return "patch"


def at_least(level: str | None, required: str | None) -> bool:
    """Whether a bump of `level` satisfies the `required` one."""
    if required is None:
        return True
    return level is not None and LEVELS.index(level) >= LEVELS.index(required)
