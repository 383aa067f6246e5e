"""Browse pages: every table's rows as an HTML table the page script can filter and sort."""

from __future__ import annotations

import html
import re

from pakru_dataset.db.views import FLAT_VIEWS

_URL = re.compile(r"https?://\S+")
# Long text is clamped to a few lines in the page; a click on the cell shows all of it.
LONG = {
    "summary",
    "notes",
    "source_urls",
    "description",
    "pakistan_participants",
    "russia_participants",
    "other_participants",
}


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    if _URL.search(text):
        parts = []
        for piece in text.split("; "):
            if _URL.fullmatch(piece):
                href = html.escape(piece, quote=True)
                parts.append(f'<a href="{href}" rel="noopener nofollow">{html.escape(piece)}</a>')
            else:
                parts.append(html.escape(piece))
        return "; ".join(parts)
    return html.escape(text)


def browse_markdown(name: str, title: str, description: str, columns: list[str], rows: list[tuple]) -> str:
    """A page with the table's rows; the filter box and sorting come from pakru-browse.js."""
    source = FLAT_VIEWS.get(name, name)
    classes = [f"c-{re.sub(r'[^a-z0-9_]', '', c)}" for c in columns]
    head = "".join(f'<th class="{k}">{html.escape(c)}</th>' for k, c in zip(classes, columns, strict=True))
    body = "\n".join(
        "<tr>"
        + "".join(
            f'<td class="{k}"><div class="clamp">{_cell(v)}</div></td>'
            if c in LONG and v
            else f'<td class="{k}">{_cell(v)}</td>'
            for k, c, v in zip(classes, columns, row, strict=True)
        )
        + "</tr>"
        for row in rows
    )
    via = (
        f" Shown through the `{source}` view, with participants and sources inline." if source != name else ""
    )
    return (
        "---\nhide:\n  - navigation\n  - toc\n---\n\n"
        f"# {title}\n\n{description}{via} {len(rows)} rows. Type in the box to filter; click a "
        f"column heading to sort. Field definitions: [data dictionary](../dictionary/{name}.md).\n\n"
        f'<div class="pakru-browse" markdown="0">\n'
        f'<table class="pakru-table" data-table="{html.escape(name)}">\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n</div>\n"
    )
