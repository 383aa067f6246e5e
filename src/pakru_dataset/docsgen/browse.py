"""Browse pages: a record table's key columns as JSON that pakru-browse.js pages, filters,
facets, sorts and exports; each row links to its record page.

Labels and definitions come from the Table Schemas; the page is not indexed for search
(the record pages are).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from pakru_dataset.descriptor import Field, humanize
from pakru_dataset.docsgen.labels import is_country_field
from pakru_dataset.docsgen.records import KINDS, Store

# Key columns first, in the order a reader scans them. A name that is not a schema field is
# derived below (participants, votes, counts).
COLUMNS = {
    "engagements": [
        "start_date",
        "title",
        "level",
        "engagement_type",
        "participants",
        "location_city",
        "location_country",
    ],
    "agreements": [
        "signed_date",
        "title",
        "agreement_type",
        "sector",
        "status",
        "parties",
        "signed_location_city",
    ],
    "roll_calls": [
        "date",
        "title",
        "pakistan_vote",
        "russia_vote",
        "same_vote",
        "body",
        "resolution_symbol",
        "topic",
        "outcome",
    ],
    "events": ["event_date", "title", "event_type", "acting_side", "location_city", "location_country"],
    "actors": ["name", "actor_type", "country", "appearances"],
    "sources": [
        "published_date",
        "title",
        "publisher",
        "source_type",
        "reliability",
        "language",
        "cited_by",
        "url",
    ],
}
BROWSABLE = tuple(COLUMNS)
PAGE_ROWS = 50


@dataclass
class Column:
    key: str
    label: str
    description: str
    kind: str  # date | text | enum | number
    labels: dict[str, list[str]] | None = None  # code -> [label, definition]

    def spec(self) -> dict:
        out = {"key": self.key, "label": self.label, "description": self.description, "kind": self.kind}
        if self.labels is not None:
            out["labels"] = self.labels
        return out


def _enum_labels(field: Field) -> dict[str, list[str]]:
    return {v: [humanize(v), field.enum_descriptions.get(v, "")] for v in field.enum or ()}


def _column(store: Store, table: str, key: str) -> Column | None:
    t = store.table(table)
    if t.has_field(key):
        f = t.field(key)
        if f.enum:
            return Column(key, f.label, f.description, "enum", _enum_labels(f))
        if is_country_field(f):
            codes = sorted({str(r[key]) for r in store.rows[table] if r[key]})
            return Column(
                key, f.label, f.description, "enum", {c: [store.countries.name(c), c] for c in codes}
            )
        if key == "url":
            return Column(key, "Link", f.description, "url")
        kind = "date" if f.type == "date" else "number" if f.type in ("integer", "number") else "text"
        return Column(key, f.label, f.description, kind)
    votes = store.table("country_votes").field("vote")
    derived = {
        "participants": Column(key, "Participants", "People and bodies taking part, by side.", "text"),
        "parties": Column(key, "Parties", "Parties and signatories, by side.", "text"),
        "pakistan_vote": Column(key, "Pakistan", "How Pakistan voted.", "enum", _enum_labels(votes)),
        "russia_vote": Column(
            key, "USSR/Russia", "How the USSR or Russia voted.", "enum", _enum_labels(votes)
        ),
        "same_vote": Column(
            key,
            "Same vote",
            "Whether both cast the same vote (empty when either did not vote).",
            "enum",
            {"yes": ["Same", "Both cast the same vote."], "no": ["Different", "They voted differently."]},
        ),
        "appearances": Column(key, "Records", "Engagements and agreements naming this actor.", "number"),
        "cited_by": Column(key, "Cited by", "Records citing this source.", "number"),
    }
    return derived.get(key)


def _people(store: Store, link: str, key: str) -> dict[str, str]:
    """Per record, the linked actors' names grouped by side: 'Pakistan: A, B; Russia: C'."""
    sides: dict[str, dict[str, list[str]]] = {}
    for r in store.rows[link]:
        actor = store.by_id["actors"].get(str(r["actor_id"]))
        name = actor["name"] if actor else str(r["actor_id"])
        sides.setdefault(str(r[key]), {}).setdefault(r["side"], []).append(name)
    return {
        rid: "; ".join(f"{humanize(side)}: {', '.join(names)}" for side, names in sorted(by_side.items()))
        for rid, by_side in sides.items()
    }


def _derived(store: Store, table: str) -> dict[str, dict[str, object]]:
    """Derived column values per record ID."""
    out: dict[str, dict[str, object]] = {}
    if table == "engagements":
        out["participants"] = _people(store, "engagement_participants", "engagement_id")
    if table == "agreements":
        out["parties"] = _people(store, "agreement_parties", "agreement_id")
    if table == "roll_calls":
        pak, rus, same = {}, {}, {}
        for v in store.rows["country_votes"]:
            target = pak if v["country"] == "PAK" else rus if v["country"] in ("SUN", "RUS") else None
            if target is not None:
                target[str(v["roll_call_id"])] = v["vote"]
        cast = ("yes", "no", "abstain")
        for rid in pak:
            if pak[rid] in cast and rus.get(rid) in cast:
                same[rid] = "yes" if pak[rid] == rus[rid] else "no"
        out.update(pakistan_vote=pak, russia_vote=rus, same_vote=same)
    if table == "actors":
        counts: dict[str, int] = {}
        for link in ("engagement_participants", "agreement_parties"):
            for r in store.rows[link]:
                counts[str(r["actor_id"])] = counts.get(str(r["actor_id"]), 0) + 1
        out["appearances"] = counts
    if table == "sources":
        counts = {}
        for t in store.package.citation_tables().values():
            for r in store.rows[t.name]:
                counts[str(r["source_id"])] = counts.get(str(r["source_id"]), 0) + 1
        out["cited_by"] = counts
    return out


def _plain(value: object, column: Column, precision: str | None) -> object:
    if value is None:
        return ""
    if column.kind == "date":
        text = value.isoformat() if hasattr(value, "isoformat") else str(value)
        return text[:4] if precision == "year" else text[:7] if precision == "month" else text
    if isinstance(value, bool):
        return "yes" if value else "no"
    if column.kind == "number":
        return value
    return str(value)


def browse_data(store: Store, table: str) -> dict:
    """The JSON a browse page loads: column specs and one array per row (ID first)."""
    t = store.table(table)
    key = t.primary_key[0]
    columns = [c for c in (_column(store, table, k) for k in COLUMNS[table]) if c is not None]
    derived = _derived(store, table)
    rows = []
    for r in store.rows[table]:
        rid = str(r[key])
        values: list[object] = [rid]
        for c in columns:
            if c.key in derived:
                values.append(derived[c.key].get(rid, 0 if c.kind == "number" else ""))
                continue
            f = t.field(c.key)
            precision = r.get(f.precision_field) if f.precision_field else None
            values.append(_plain(r[c.key], c, precision))
        rows.append(values)
    date = t.main_date
    if date and date in COLUMNS[table]:
        index = 1 + [c.key for c in columns].index(date)
        rows.sort(key=lambda v: (str(v[index]), v[0]))
    return {
        "table": table,
        "id": key,
        "records": table in KINDS,
        "pageRows": PAGE_ROWS,
        "columns": [c.spec() for c in columns],
        "rows": rows,
    }


def browse_json(store: Store, table: str) -> str:
    return json.dumps(browse_data(store, table), ensure_ascii=False, separators=(",", ":"), default=str)


INTRO = {
    "engagements": "Visits, meetings, calls, talks and exercises between the two countries.",
    "agreements": "Treaties, agreements, memoranda, protocols, contracts and joint statements.",
    "roll_calls": "United Nations recorded votes, with how Pakistan and the USSR or Russia voted.",
    "events": "Other milestones: statements, decisions, incidents, cancellations.",
    "actors": "People, governments, bodies and companies that appear in the records.",
    "sources": "Every document a record cites, with its publisher, date and reliability.",
}


def browse_markdown(store: Store, table: str) -> str:
    """The page shell; pakru-browse.js fills it from `<table>.json` next to it."""
    t = store.table(table)
    n = len(store.rows[table])
    records = "Click a title to open the record, its sources and how to cite it. " if table in KINDS else ""
    return (
        f"---\ntitle: {t.title}\nsearch:\n  exclude: true\nhide:\n  - toc\n---\n\n"
        f"# {t.title}\n\n{INTRO.get(table, t.description)} {n:,} rows. {records}"
        f"Filter by any column, share the address to share the filter, and download the rows you see. "
        f"Field definitions: [data dictionary](../dictionary/{table}.md).\n\n"
        f'<div class="pakru-browse" data-src="../{table}.json" markdown="0">'
        f'<p class="pakru-loading">Loading {n:,} rows…</p>'
        "<noscript><p>This table needs JavaScript. The same rows are in the "
        '<a href="../../downloads/">downloads</a>.</p></noscript></div>\n'
    )


def index_markdown(store: Store) -> str:
    lines = [
        "---\nsearch:\n  exclude: true\n---\n",
        "# Browse the data",
        "",
        "Every record has its own page with all its fields, related records, sources and a citation. "
        "Start with the engagements; the tables below filter, sort and export in the page.",
        "",
        "| table | rows | what one row is |",
        "|---|---|---|",
    ]
    for name in BROWSABLE:
        t = store.table(name)
        lines.append(f"| [{t.title}]({name}.md) | {len(store.rows[name]):,} | {INTRO[name]} |")
    lines += [
        "",
        "Link tables (participants, parties, country votes, citations) are shown on each record's page "
        "and are in the [downloads](../downloads/index.md).",
    ]
    return "\n".join(lines) + "\n"
