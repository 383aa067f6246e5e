"""An annotated timeline of milestones, chosen by rule from the data: diplomatic, trade and
arms milestones, unilateral decisions and incidents (events), and visits or mediation at the
level of heads of state or government (engagements). Each entry links to its record."""

from __future__ import annotations

import csv
import io

from pakru_dataset.descriptor import humanize
from pakru_dataset.docsgen.labels import date_text, esc

EVENT_TYPES = ("diplomatic_milestone", "trade_milestone", "arms_transfer", "unilateral_decision", "incident")
HEAD_LEVELS = ("head_of_state", "head_of_government")
ENGAGEMENT_TYPES = ("state_visit", "official_visit", "working_visit", "visit", "mediation")
# One Okabe–Ito colour per kind of entry, always shown with its name as well.
KIND_COLOURS = {"visit": "#0072B2", "milestone": "#009E73", "decision": "#E69F00", "incident": "#D55E00"}
RULE = (
    "Milestones are chosen by rule, not by hand: every event coded as a diplomatic, trade or arms "
    "milestone, a unilateral decision or an incident, and every visit or mediation at the level of "
    "heads of state or government."
)


def milestones(con) -> list[dict]:
    events = con.execute(
        "SELECT event_date, date_precision, event_type, event_id, title FROM events "
        f"WHERE event_type IN {EVENT_TYPES} ORDER BY event_date, event_id"
    ).fetchall()
    visits = con.execute(
        "SELECT start_date, date_precision, engagement_type, engagement_id, title FROM engagements "
        f"WHERE level IN {HEAD_LEVELS} AND engagement_type IN {ENGAGEMENT_TYPES} "
        "ORDER BY start_date, engagement_id"
    ).fetchall()
    rows = []
    for date, precision, kind, rid, title in events:
        group = (
            "incident" if kind == "incident" else "decision" if kind == "unilateral_decision" else "milestone"
        )
        rows.append(
            dict(date=date, precision=precision, type=kind, group=group, table="events", id=rid, title=title)
        )
    for date, precision, kind, rid, title in visits:
        rows.append(
            dict(
                date=date,
                precision=precision,
                type=kind,
                group="visit",
                table="engagements",
                id=rid,
                title=title,
            )
        )
    return sorted(rows, key=lambda r: (r["date"], r["id"]))


def timeline_csv(rows: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["date", "date_precision", "kind", "type", "record_id", "title"])
    for r in rows:
        w.writerow([r["date"].isoformat(), r["precision"], r["group"], r["type"], r["id"], r["title"]])
    return buf.getvalue()


def timeline_html(rows: list[dict], depth: str = "") -> str:
    """A list by decade; each entry's kind is a colour and a word, and links to its record."""
    parts = [f'<div class="pakru-timeline" markdown="0"><p>{esc(RULE)}</p>']
    decade = None
    for r in rows:
        d = r["date"].year // 10 * 10
        if d != decade:
            if decade is not None:
                parts.append("</ol>")
            parts.append(f'<h3 class="pakru-decade">{d}s</h3><ol>')
            decade = d
        colour = KIND_COLOURS[r["group"]]
        parts.append(
            f'<li><time datetime="{r["date"].isoformat()}">{esc(date_text(r["date"], r["precision"]))}'
            "</time> "
            f'<span class="pakru-kind" style="--kind:{colour}">{esc(humanize(r["type"]))}</span> '
            f'<a href="{depth}records/{r["table"]}/{r["id"]}/">{esc(r["title"])}</a></li>'
        )
    if decade is not None:
        parts.append("</ol>")
    parts.append("</div>")
    return "".join(parts)
