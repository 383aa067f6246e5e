"""The curators' `## Unreleased` notes move into the next release's changelog entry."""

from __future__ import annotations

from pakru_dataset.release.changelog import entry, prepend

OLD = """# Changelog

Every release of the data, newest first. Each entry lists the rows added, removed and changed, by ID, \
with the fields that changed.

## Unreleased

### Corrections

- `eng-0077` start_date: 2012-03-01 (month) → 2012-03-06 (day), per TASS.

## 1.1.0 — 2026-11-28

Changes from 1.0.0 to 1.1.0.
"""


def test_unreleased_notes_become_part_of_the_new_entry():
    out = prepend(OLD, entry("1.2.0", "2026-12-01", "Changes from 1.1.0 to 1.2.0."))
    assert "## Unreleased" not in out
    new, old = out.split("## 1.1.0", 1)
    assert "## 1.2.0 — 2026-12-01\n\n### Corrections\n\n- `eng-0077`" in new
    assert new.index("### Corrections") < new.index("Changes from 1.1.0 to 1.2.0.")
    assert old.startswith(" — 2026-11-28") and out.count("eng-0077") == 1


def test_without_unreleased_notes_nothing_else_changes():
    plain = OLD.replace(OLD[OLD.index("## Unreleased") : OLD.index("## 1.1.0")], "")
    out = prepend(plain, entry("1.2.0", "2026-12-01", "Body."))
    assert out.index("## 1.2.0") < out.index("## 1.1.0") and "Body." in out
