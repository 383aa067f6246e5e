"""The changelog entry and the human report of a diff: counts, then every row by ID."""

from __future__ import annotations

from pakru_dataset.release.diff import Diff

MAX_VALUE = 80


def _short(value: str) -> str:
    value = value.replace("\n", " ")
    return value if len(value) <= MAX_VALUE else value[: MAX_VALUE - 1] + "…"


def diff_markdown(diff: Diff, heading: str = "###", values: bool = True) -> str:
    """Markdown for a diff: schema changes, a count table, then the rows by key."""
    if diff.empty:
        return f"No changes between {diff.old_label} and {diff.new_label}.\n"
    lines = [
        f"Changes from {diff.old_label} to {diff.new_label}; smallest allowed release: "
        f"**{diff.required_bump}**.",
        "",
    ]
    if diff.schema:
        lines += [f"{heading} Schema changes", ""]
        lines += [f"- `{c.table}`: {c.detail}" + (" (breaking)" if c.breaking else "") for c in diff.schema]
        lines.append("")
    counts = diff.counts()
    if counts:
        lines += [f"{heading} Rows", "", "| table | added | removed | changed |", "|---|---|---|---|"]
        lines += [f"| {t} | {c['added']} | {c['removed']} | {c['changed']} |" for t, c in counts.items()]
        lines.append("")
    for t in diff.tables:
        if t.empty:
            continue
        lines += [f"{heading}# `{t.table}`", ""]
        if t.added:
            lines.append(f"- Added ({len(t.added)}): " + ", ".join(f"`{k}`" for k in t.added))
        if t.removed:
            lines.append(f"- Removed ({len(t.removed)}): " + ", ".join(f"`{k}`" for k in t.removed))
        for change in t.changed:
            if values:
                parts = "; ".join(
                    f"{name}: “{_short(old)}” → “{_short(new)}”" for name, (old, new) in change.fields.items()
                )
            else:
                parts = ", ".join(change.fields)
            lines.append(f"- Changed `{change.key}`: {parts}")
        lines.append("")
    return "\n".join(lines)


def first_release_markdown(rows: dict[str, int], keys: dict[str, tuple[str, str]]) -> str:
    lines = ["First release.", "", "| table | rows | IDs |", "|---|---|---|"]
    for table, n in rows.items():
        lo, hi = keys.get(table, ("", ""))
        span = f"{lo} … {hi}".replace("|", "\\|") if lo else ""
        lines.append(f"| {table} | {n} | {span} |")
    return "\n".join(lines) + "\n"


def entry(version: str, date: str, body: str) -> str:
    return f"## {version} — {date}\n\n{body.strip()}\n"


def prepend(changelog: str, new_entry: str) -> str:
    """Insert an entry under the title, newest first."""
    title = "# Changelog"
    rest = changelog.split("\n", 1)[1] if changelog.startswith(title) else changelog
    intro = (
        "\nEvery release of the data, newest first. Each entry lists the rows added, "
        "removed and changed, by ID, with the fields that changed.\n"
    )
    rest = rest.replace(intro, "", 1).lstrip("\n")
    rest, unreleased = take_unreleased(rest)
    if unreleased:
        heading, _, body = new_entry.partition("\n\n")
        new_entry = f"{heading}\n\n{unreleased}\n\n{body}"
    return f"{title}\n{intro}\n{new_entry}\n{rest}".rstrip("\n") + "\n"


UNRELEASED = "## Unreleased"


def take_unreleased(text: str) -> tuple[str, str]:
    """Split off a leading `## Unreleased` section: the curators' notes for the next entry.

    Returns the text without it and the section's body (its `###` headings kept), which the
    next release's entry carries above the row-level diff.
    """
    if not text.startswith(UNRELEASED):
        return text, ""
    body, sep, after = text[len(UNRELEASED) :].partition("\n## ")
    return ("## " + after if sep else ""), body.strip()


def erratum_markdown(previous: str, reason: str, corrects: dict[str, list[str]]) -> str:
    """The entry of an erratum release: same data as `previous`, and what earlier releases got wrong."""
    lines = [
        f"Erratum release: the data and schemas are identical to {previous}. Earlier release folders stay "
        "as they were published (immutable); use this release instead of them.",
        "",
        reason.strip(),
        "",
    ]
    if corrects:
        lines += ["Version-bearing files found wrong inside earlier releases:", ""]
        lines += [f"- {item}" for version in sorted(corrects) for item in corrects[version]]
        lines.append("")
    return "\n".join(lines)
