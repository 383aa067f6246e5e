"""One page per record at `records/<table>/<id>/`: every field with its label, the records it
is linked to in both directions, its sources, how to cite it and how to report a correction.

Everything on a page is derived from the Table Schemas (labels, definitions, foreign keys)
and the rows; only the sentence that names each kind of record is written here.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from pakru_dataset.descriptor import Field, ForeignKey, Package, Table, humanize
from pakru_dataset.docsgen.labels import (
    Countries,
    date_range_text,
    date_text,
    enum_html,
    esc,
    is_country_field,
)
from pakru_dataset.sqltext import ident

# The tables whose rows get a page, with the noun for one row.
KINDS = {
    "engagements": "Engagement",
    "agreements": "Agreement",
    "roll_calls": "UN roll call",
    "events": "Event",
    "actors": "Actor",
}
# Headings for records that point at this one, where the generic "<table> (<field>)" reads badly.
REVERSE_HEADINGS = {
    ("agreements", "engagement_id"): "Agreements signed during this engagement",
    ("events", "engagement_id"): "Events linked to this engagement",
    ("events", "agreement_id"): "Events linked to this agreement",
    ("agreements", "amends_agreement_id"): "Agreements that amend this one",
}
_URL_FIELDS = ("url", "archive_url")
_PEOPLE_TABLES = ("actors",)
HIDE = "hide:\n  - navigation\n  - toc\n"
# A search for a person's name should reach their page before the many records naming them.
BOOST = {"actors": "search:\n  boost: 3\n"}


@dataclass
class Site:
    """Settings the pages need from `mkdocs.yml`: the site address and the issue tracker."""

    site_url: str = ""
    issue_tracker: str = ""
    version: str = ""
    release_date: str = ""
    dataset_title: str = ""
    author: str = ""


class Store:
    """Every table's rows as dicts, indexed by key, plus the schema objects."""

    def __init__(self, con, package: Package) -> None:
        self.package = package
        self.rows: dict[str, list[dict]] = {}
        self.by_id: dict[str, dict[str, dict]] = {}
        for table in package.tables:
            cur = con.execute(f"SELECT * FROM {ident(table.name)}")
            cols = [d[0] for d in cur.description]
            self.rows[table.name] = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
            if len(table.primary_key) == 1:
                key = table.primary_key[0]
                self.by_id[table.name] = {str(r[key]): r for r in self.rows[table.name]}
        self.countries = Countries(self.rows.get("actors", []))
        self._children: dict[tuple[str, str], dict[str, list[dict]]] = {}

    def table(self, name: str) -> Table:
        return self.package.table(name)

    def id_field(self, name: str) -> str:
        return self.table(name).primary_key[0]

    def referencing(self, child: str, field: str) -> dict[str, list[dict]]:
        """Rows of `child` grouped by the value of `field` (built once per pair)."""
        key = (child, field)
        if key not in self._children:
            groups: dict[str, list[dict]] = {}
            for row in self.rows[child]:
                if row[field] is not None:
                    groups.setdefault(str(row[field]), []).append(row)
            self._children[key] = groups
        return self._children[key]

    def title(self, table: str, row: dict) -> str:
        t = self.table(table)
        for name in ("title", "name"):
            if t.has_field(name) and row.get(name):
                return str(row[name])
        return str(row[t.primary_key[0]])

    def when(self, table: str, row: dict) -> str:
        t = self.table(table)
        date = t.main_date
        if not date:
            return ""
        precision = t.field(date).precision_field
        return date_text(row[date], row.get(precision) if precision else "day")


def id_prefixes(package: Package) -> dict[str, str]:
    """{`eng-`: `engagements`, …}: each record table's ID prefix, read from its key's pattern."""
    out = {}
    for name in KINDS:
        key = package.table(name).field(package.table(name).primary_key[0])
        m = re.match(r"\^([a-z]+-)", key.pattern or "")
        if m:
            out[m.group(1)] = name
    return out


def link_ids(markdown: str, prefixes: dict[str, str], pages: set[str], depth: str) -> str:
    """Turn record IDs written as code (`eng-0001`) into links to their pages, where one exists."""
    if not prefixes:
        return markdown
    alternatives = "|".join(re.escape(p) for p in prefixes)
    pattern = re.compile(rf"`((?:{alternatives})[0-9]{{4,}})`")

    def link(m: re.Match) -> str:
        record_id = m.group(1)
        path = record_path(prefixes[record_id[: record_id.index("-") + 1]], record_id)
        return f"[`{record_id}`]({depth}{path})" if path in pages else m.group(0)

    return pattern.sub(link, markdown)


def record_path(table: str, record_id: str) -> str:
    return f"records/{table}/{record_id}.md"


def record_href(table: str, record_id: str, depth: int = 3) -> str:
    """Link to a record page from a page `depth` folders deep (a record page is 3 deep)."""
    return "../" * depth + f"records/{table}/{quote(record_id)}/"


def record_link(store: Store, table: str, record_id: str, depth: int = 3) -> str:
    row = store.by_id.get(table, {}).get(str(record_id))
    if row is None:
        return f'<a href="{record_href(table, record_id, depth)}">{esc(record_id)}</a>'
    when = store.when(table, row)
    prefix = f"{esc(when)}: " if when else ""
    return f'{prefix}<a href="{record_href(table, record_id, depth)}">{esc(store.title(table, row))}</a>'


def _fk_for(table: Table, field: str) -> ForeignKey | None:
    return next((fk for fk in table.foreign_keys if fk.fields == (field,)), None)


def value_html(store: Store, table: Table, f: Field, row: dict) -> str:
    """One field's value for people: labels for codes, dates at their precision, links for keys."""
    value = row.get(f.name)
    if value is None or value == "":
        return '<span class="pakru-empty">not recorded</span>'
    fk = _fk_for(table, f.name)
    if fk and fk.resource in KINDS:
        return record_link(store, fk.resource, str(value))
    if f.enum:
        return enum_html(f, value)
    if is_country_field(f):
        return store.countries.html(value)
    if f.type == "date":
        precision = row.get(f.precision_field) if f.precision_field else "day"
        return f'<time datetime="{value}">{esc(date_text(value, precision))}</time>'
    if f.type == "boolean":
        return "yes" if value else "no"
    if f.type in ("integer", "number"):
        return f"{value:,}" if isinstance(value, int | float) else esc(value)
    if f.name in _URL_FIELDS or f.name.endswith("_url"):
        return f'<a href="{esc(value)}" rel="noopener nofollow">{esc(value)}</a>'
    if f.name == "wikidata_id":
        return (
            f'<a href="https://www.wikidata.org/wiki/{esc(value)}" rel="noopener nofollow">{esc(value)}</a>'
        )
    return esc(value)


def fields_html(store: Store, table: Table, row: dict) -> str:
    cells = []
    for f in table.fields:
        label = f'<span title="{esc(f.description)}">{esc(f.label)}</span>'
        value = value_html(store, table, f, row)
        cells.append(f'<tr><th scope="row">{label}</th><td data-field="{f.name}">{value}</td></tr>')
    return '<table class="pakru-fields"><tbody>' + "".join(cells) + "</tbody></table>"


def _source_item(store: Store, source: dict, locator: str | None) -> str:
    sources = store.table("sources")
    title = esc(source.get("title") or source.get("url") or source["source_id"])
    head = (
        f'<a href="{esc(source["url"])}" rel="noopener nofollow">{title}</a>' if source.get("url") else title
    )
    bits = [esc(source["publisher"])] if source.get("publisher") else []
    if source.get("author"):
        bits.append(esc(source["author"]))
    if source.get("published_date"):
        bits.append(esc(date_text(source["published_date"], source.get("published_date_precision"))))
    facts = []
    for name in ("reliability", "source_type"):
        if sources.has_field(name) and source.get(name):
            f = sources.field(name)
            facts.append(f"{esc(f.label)}: {enum_html(f, source[name])}")
    if source.get("archive_url"):
        facts.append(f'<a href="{esc(source["archive_url"])}" rel="noopener nofollow">archive copy</a>')
    if locator:
        facts.append(f"at {esc(locator)}")
    facts.append(f'<span class="pakru-id">{esc(source["source_id"])}</span>')
    return f"<li>{head}. {', '.join(bits)}. <small>{' · '.join(facts)}</small></li>"


def sources_html(store: Store, link: Table, fk: ForeignKey, record_id: str) -> str:
    rows = store.referencing(link.name, fk.fields[0]).get(record_id, [])
    by_id = store.by_id["sources"]
    cited = sorted(
        ((by_id[str(r["source_id"])], r.get("locator")) for r in rows if str(r["source_id"]) in by_id),
        key=lambda pair: (str(pair[0].get("published_date") or ""), pair[0]["source_id"]),
    )
    if not cited:
        return ""
    items = "".join(_source_item(store, s, loc) for s, loc in cited)
    heading = f'<h2 id="sources" data-search-exclude>Sources ({len(cited)})</h2>'
    return f'{heading}\n<ol class="pakru-sources">{items}</ol>'


def link_rows_html(store: Store, link: Table, fk: ForeignKey, rows: list[dict]) -> str:
    """A link table's rows seen from one side: the other keys as labelled links, the rest labelled."""
    shown = [f for f in link.fields if f.name not in fk.fields]
    head = "".join(f'<th scope="col" title="{esc(f.description)}">{esc(f.label)}</th>' for f in shown)
    body = []
    for row in rows:
        cells = []
        for f in shown:
            other = _fk_for(link, f.name)
            if other and other.resource in store.by_id and row.get(f.name) is not None:
                cells.append(f"<td>{record_link(store, other.resource, str(row[f.name]))}</td>")
            else:
                cells.append(f"<td>{value_html(store, link, f, row)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="pakru-links"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _link_sort_key(store: Store, link: Table, fk: ForeignKey):
    others = [o for o in link.foreign_keys if o is not fk and o.resource in KINDS]

    def key(row: dict):
        if not others:
            return ("",)
        o = others[0]
        target = store.by_id[o.resource].get(str(row[o.fields[0]]), {})
        date = store.table(o.resource).main_date
        return (str(target.get(date) or "") if date else "", str(row[o.fields[0]]))

    return key


def related_html(store: Store, name: str, record_id: str) -> tuple[str, str]:
    """Everything that points at this record: linked records, link-table rows, sources."""
    package = store.package
    citations = {t.name for t in package.citation_tables().values()}
    parts = []
    sources = ""
    for child, fk in package.children(name):
        if len(fk.fields) != 1:
            continue
        rows = store.referencing(child.name, fk.fields[0]).get(record_id, [])
        if child.name in citations:
            sources = sources_html(store, child, fk, record_id)
            continue
        if not rows:
            continue
        slug = re.sub(r"[^a-z0-9]+", "-", f"{child.name}-{fk.fields[0]}")
        if child.name in KINDS:
            heading = REVERSE_HEADINGS.get(
                (child.name, fk.fields[0]), f"{child.title} ({humanize(fk.fields[0])})"
            )
            cid = store.id_field(child.name)
            date = child.main_date
            ordered = sorted(rows, key=lambda r: (str(r.get(date) or ""), str(r[cid])))
            items = "".join(f"<li>{record_link(store, child.name, str(r[cid]))}</li>" for r in ordered)
            parts.append(
                f'<h2 id="{slug}" data-search-exclude>{esc(heading)} ({len(rows)})</h2><ul>{items}</ul>'
            )
        else:
            owner = child.foreign_keys[0]
            heading = child.title if owner is fk else store.table(owner.resource).title
            ordered = sorted(rows, key=_link_sort_key(store, child, fk))
            parts.append(
                f'<h2 id="{slug}" data-search-exclude>{esc(heading)} ({len(rows)})</h2>'
                + link_rows_html(store, child, fk, ordered)
            )
    return "\n".join(parts), sources


def _people(store: Store, name: str, record_id: str) -> list[str]:
    """Names of the actors linked to a record through its link tables (for the search index)."""
    out: list[str] = []
    for child, fk in store.package.children(name):
        if child.name in KINDS or len(fk.fields) != 1:
            continue
        actor_fk = next((o for o in child.foreign_keys if o.resource in _PEOPLE_TABLES), None)
        if actor_fk is None or actor_fk is fk:
            continue
        for r in store.referencing(child.name, fk.fields[0]).get(record_id, []):
            actor = store.by_id["actors"].get(str(r[actor_fk.fields[0]]))
            if actor and actor["name"] not in out:
                out.append(actor["name"])
    return out


def _votes(store: Store, name: str, record_id: str) -> str:
    """How each country voted on a roll call, in words: 'Pakistan: Abstain; Russia: No'."""
    if name != "roll_calls":
        return ""
    votes = store.referencing("country_votes", "roll_call_id").get(record_id, [])
    return "; ".join(f"{store.countries.name(v['country'])}: {humanize(str(v['vote']))}" for v in votes)


def _search_line(store: Store, name: str, row: dict, people: list[str]) -> str:
    """The one indexed line: kind, ID, date, codes in words, places, symbols and people."""
    table = store.table(name)
    bits = [KINDS[name], str(row[store.id_field(name)])]
    date = table.main_date
    if date:
        end = "end_date" if table.has_field("end_date") else None
        precision = table.field(date).precision_field
        bits.append(
            date_range_text(
                row[date], row.get(end) if end else None, row.get(precision) if precision else "day"
            )
        )
    for f in table.fields:
        value = row.get(f.name)
        if (
            value is None
            or value == ""
            or f.name == date
            or (f.precision_field is None and f.name.endswith("precision"))
        ):
            continue
        if f.enum and not f.name.endswith("precision"):
            bits.append(humanize(str(value)))
        elif is_country_field(f):
            bits.append(store.countries.name(value))
        elif f.name.endswith(("_city", "_symbol", "_record")) or f.name in ("forum", "session", "body"):
            bits.append(str(value))
    votes = _votes(store, name, str(row[store.id_field(name)]))
    line = " · ".join(esc(b) for b in bits) + (f". With {esc(', '.join(people))}." if people else "")
    return line + (f" <strong>Votes: {esc(votes)}.</strong>" if votes else "")


def cite_html(site: Site, name: str, record_id: str, title: str, url: str) -> str:
    kind = KINDS[name].lower()
    year = (site.release_date or "")[:4]
    text = (
        f"{site.author} ({year}). “{title}” ({kind} {record_id}). {site.dataset_title}, "
        f"version {site.version}. {url}. Licensed CC BY 4.0."
    )
    bib_title = re.sub(r"([{}])", r"\\\1", title)
    key = re.sub(r"[^a-z0-9]+", "_", f"pakru {record_id}".lower())
    bib = "\n".join(
        [
            f"@misc{{{key},",
            f"  title        = {{{{{bib_title}}}}},",
            f"  author       = {{{{{site.author}}}}},",
            f"  year         = {{{year}}},",
            f"  howpublished = {{{site.dataset_title}, version {site.version}, {kind} {record_id}}},",
            f"  version      = {{{site.version}}},",
            f"  url          = {{{url}}},",
            "  note         = {Data licensed CC BY 4.0}",
            "}",
        ]
    )
    return (
        '<h2 id="cite" data-search-exclude>Cite this record</h2>'
        f'<div class="pakru-cite" data-search-exclude><p>{esc(text)}</p>'
        f'<pre><code class="language-bibtex">{esc(bib)}</code></pre>'
        "<p>Cite the original sources above as well when you use a fact.</p></div>"
    )


def correction_href(site: Site, name: str, record_id: str, url: str) -> str:
    title = f"Correction: {record_id}"
    body = (
        f"Record: {record_id} ({url})\nDataset version: {site.version}\n\n"
        "What is wrong:\n\nWhat it should say, and the source that shows it (a link):\n"
    )
    return f"{site.issue_tracker.rstrip('/')}/new?title={quote(title)}&body={quote(body)}"


def record_markdown(store: Store, site: Site, name: str, row: dict) -> str:
    table = store.table(name)
    record_id = str(row[store.id_field(name)])
    title = store.title(name, row)
    url = f"{site.site_url.rstrip('/')}/records/{name}/{record_id}/" if site.site_url else ""
    summary = row.get("summary") or row.get("description") or ""
    related, sources = related_html(store, name, record_id)
    people = _people(store, name, record_id)
    description = re.sub(r"\s+", " ", f"{KINDS[name]} {record_id}: {title}")[:300]
    parts = [
        f"---\ntitle: {_yaml(title)}\ndescription: {_yaml(description)}\n{HIDE}{BOOST.get(name, '')}---\n",
        f"# {esc(title)}\n",
        f'<p class="pakru-meta">{_search_line(store, name, row, people)}</p>',
    ]
    if summary:
        parts.append(f"<p data-search-exclude>{esc(summary)}</p>")
    parts += [
        '<h2 id="fields" data-search-exclude>All fields</h2>',
        fields_html(store, table, row),
        related,
        sources,
        cite_html(site, name, record_id, title, url or f"records/{name}/{record_id}/"),
        '<p class="pakru-correction" data-search-exclude>Something wrong or missing? '
        f'<a href="{esc(correction_href(site, name, record_id, url))}">Report a correction</a> '
        f"for {esc(record_id)}, with a link to a source. "
        f'<a href="../../../dictionary/{name}/">What each field means</a> · '
        f'<a href="../../../browse/{name}/">All {esc(table.title.lower())}</a></p>',
    ]
    return "\n\n".join(p for p in parts if p) + "\n"


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


RETIRED = Path("curation") / "retired-ids.csv"


def retired_ids(root: Path) -> dict[tuple[str, str], dict]:
    """The curators' register of retired IDs: {(table, id): row with replaced_by and reason}."""
    path = root / RETIRED
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {(r["table"], r["retired_id"]): r for r in csv.DictReader(fh)}


def removed_ids(root: Path, store: Store) -> dict[str, dict[str, tuple[str, dict]]]:
    """IDs no longer in the data that a release held or the register retired:
    {table: {id: (last version holding it, or "", its row or register entry)}}."""
    from pakru_dataset.release.versions import parse as parse_version

    out: dict[str, dict[str, tuple[str, dict]]] = {}
    snapshots = sorted(
        (p for p in (root / "releases").glob("*/data") if p.is_dir()),
        key=lambda p: parse_version(p.parent.name),
    )
    for snap in snapshots:
        for name in KINDS:
            path = snap / f"{name}.csv"
            if not path.is_file():
                continue
            key = store.id_field(name)
            with path.open(encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    if row[key] not in store.by_id[name]:
                        out.setdefault(name, {})[row[key]] = (snap.parent.name, row)
    for (name, record_id), entry in retired_ids(root).items():
        if name in KINDS and record_id not in store.by_id[name]:
            out.setdefault(name, {}).setdefault(record_id, ("", entry))
    return out


def removed_markdown(
    store: Store, site: Site, name: str, record_id: str, last: str, row: dict, retired: dict | None = None
) -> str:
    """The page kept at a removed record's address: what it was, when it went, and where it went."""
    title = row.get("title") or row.get("name") or ""
    parts = []
    replaced = (retired or {}).get("replaced_by")
    if replaced:
        parts.append(f"<p><strong>It now lives at {record_link(store, name, replaced)}.</strong></p>")
    if (retired or {}).get("reason"):
        parts.append(f"<p>Why: {esc(retired['reason'])}</p>")
    mentions = [
        f"<li>{record_link(store, other, str(r[store.id_field(other)]))}</li>"
        for other in KINDS
        for r in store.rows[other]
        if record_id in str(r.get("notes") or "")
    ]
    if mentions:
        parts.append(f"<p>Records whose notes mention {esc(record_id)}:</p><ul>{''.join(mentions)}</ul>")
    if not parts:
        parts.append("<p>No current record names it as its replacement; the changelog says why it went.</p>")
    what = f"This record, “{esc(title)}”," if title else "This record"
    held = f"was in release {esc(last)} and" if last else "was"
    return (
        f"---\ntitle: {_yaml(f'{record_id} (removed)')}\n{HIDE}---\n\n"
        f"# {esc(record_id)}: removed\n\n"
        f'<p class="pakru-meta">{esc(KINDS[name])} {esc(record_id)} · '
        f"{'removed after version ' + esc(last) if last else 'retired'}</p>\n\n"
        f"<p>{what} {held} is no longer in the dataset. "
        "Its ID is never reused, so links to it stay valid and lead here.</p>\n\n"
        + "\n".join(parts)
        + '\n\n<p>See the <a href="../../../changelog/">changelog</a> and the release '
        '<a href="../../../downloads/">downloads</a> for the last version that holds it.</p>\n'
    )


def generate(store: Store, root: Path, site: Site) -> dict[str, str]:
    """{docs path: markdown} for every record page and every removed ID's page."""
    pages: dict[str, str] = {}
    for name in KINDS:
        key = store.id_field(name)
        for row in store.rows[name]:
            pages[record_path(name, str(row[key]))] = record_markdown(store, site, name, row)
    retired = retired_ids(root)
    for name, ids in removed_ids(root, store).items():
        for record_id, (last, row) in ids.items():
            entry = retired.get((name, record_id))
            page = removed_markdown(store, site, name, record_id, last, row, entry)
            pages[record_path(name, record_id)] = page
    return pages
