"""Dataset rules that a Table Schema cannot state, each written once as SQL.

Row rules are predicates over one typed row; most are derived from the schemas (every text
field, every date with a precision) and a few are written here. Table rules compare rows
or tables. Both engines run the same SQL: the fast engine in DuckDB directly, the
frictionless engine through Pandera checks (row rules) and DuckDB (table rules).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from pakru_dataset.descriptor import Package, Table
from pakru_dataset.sqltext import ident, literal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# White space a cell may not start or end with: space, tab, line feed, carriage return,
# no-break space.
# Every Unicode White_Space character, plus the invisible ones that act like it at a cell's
# edge: zero-width spaces and joiners, word joiner, byte-order mark, and bidi controls.
_SPACE_CODES = (
    *range(9, 14), 32, 133, 160, 5760, *range(8192, 8203), 8232, 8233, 8239, 8287, 12288,
    8203, 8204, 8205, 8288, 65279, 8206, 8207, *range(8234, 8239), *range(8294, 8298),
)  # fmt: skip
# Line breaks: LF, CR, vertical tab, form feed, next line, line and paragraph separators.
LINE_BREAK_CODES = (10, 13, 11, 12, 133, 8232, 8233)


_SPACE_CLASS = "[" + "".join(f"\\x{{{code:x}}}" for code in sorted(set(_SPACE_CODES))) + "]"


def _no_edge_space(c: str) -> str:
    # The first and last characters, joined, against one RE2 class: constant work per cell,
    # and a fraction of the planning time of two long IN lists per column.
    return f"NOT regexp_matches({c}[1] || {c}[-1], {literal(_SPACE_CLASS)})"


def _no_line_break(c: str) -> str:
    return "NOT (" + " OR ".join(f"contains({c}, chr({code}))" for code in LINE_BREAK_CODES) + ")"


# Every rule name a finding can carry, with what it means. The docs render this table.
RULE_DOCS: dict[str, str] = {
    "file-missing": "A table's CSV file does not exist.",
    "file-empty": "A table's CSV file is empty (not even a header).",
    "encoding": "The file is not UTF-8 (for example Latin-1, Windows-1252 or UTF-16).",
    "bom": "The file starts with a byte-order mark; save as UTF-8 without BOM.",
    "nul-byte": "The file contains NUL bytes.",
    "line-ending": "The file uses CR or CRLF line endings; use LF.",
    "blank-row": "The file contains an empty line.",
    "header": "The header differs from the schema: a column missing, extra, repeated or out of order.",
    "cell-count": "A row has more or fewer cells than the header.",
    "quote": "A quoted cell is never closed, so the rows after it cannot be read.",
    "line-too-long": "A line is longer than the reader accepts.",
    "unreadable": "The CSV cannot be parsed at all.",
    "type": "A value does not have its field's type (dates must be real YYYY-MM-DD dates).",
    "required": "A required value is empty.",
    "enum": "A value is not one of the field's allowed values.",
    "pattern": "A value does not have the field's required form (identifiers, codes, URLs).",
    "min-length": "A text value is shorter than allowed.",
    "max-length": "A text value is longer than allowed.",
    "minimum": "A number is below the field's minimum.",
    "maximum": "A number is above the field's maximum.",
    "primary-key": "Two rows share the same primary key.",
    "foreign-key": "A reference points to a row that does not exist.",
    "formula": (
        "A text cell starts with =, +, -, @, tab or carriage return, which a spreadsheet would run "
        "as a formula."
    ),
    "line-break": "A text cell contains a line break.",
    "whitespace": "A text cell starts or ends with white space.",
    "date-order": "A date is earlier than the date it must follow (for example an end before its start).",
    "date-precision": (
        "A month-precision date is not the first of the month, or a year-precision date not 1 January."
    ),
    "precision-missing": "A date has no precision, or a precision has no date.",
    "status-date": "An agreement's status other than unknown has no status date.",
    "source-locatable": "A source has neither a URL nor an author and publication date.",
    "tally": "A roll call's yes/no/abstain counts cannot produce its outcome in that body.",
    "veto": (
        "A substantive Security Council draft is marked adopted although the Soviet Union or Russia "
        "voted against it."
    ),
    "uncited": "A fact row cites no source.",
    "vote-coverage": "A roll call lacks Pakistan's or the Soviet Union's/Russia's vote.",
    "vote-country": "The Soviet Union (SUN) votes after 1991, or Russia (RUS) before it.",
    "coverage-verdict": (
        "A series is marked complete, yet an instance in its period is held but not in the data."
    ),
    "series-instance": "A series instance is in_data without an engagement, or names one while not in_data.",
    "series-missing": "A series marked partial does not say what is missing.",
    "duplicate": "Probable duplicate: same date, type and participants (or title) as an earlier row.",
    "version": "The versions in datapackage.json, CITATION.cff and the Python package differ.",
    "release-modified": "A file of a published release no longer matches its SHA256SUMS.",
    "descriptor": "The package descriptor or a schema cannot be used.",
}


@dataclass(frozen=True)
class RowRule:
    """A row breaks the rule when `ok` is FALSE (NULL passes).

    `per_value`, for a rule written the same way for every text column, renders `ok` for any
    value expression (`ok` is `per_value(column)`), so a whole table's cells can be asked at once.
    """

    rule: str
    table: str
    field: str
    ok: str
    message: str
    value: str | None = None
    per_value: Callable[[str], str] | None = field(default=None, compare=False, repr=False)

    def violations_sql(self, source: str) -> str:
        value = self.value or f"CAST({ident(self.field)} AS VARCHAR)"
        return f"SELECT __row, {value} AS value FROM {source} WHERE NOT coalesce({self.ok}, TRUE)"


@dataclass(frozen=True)
class TableRule:
    """A rule across rows or tables.

    `queries` yields (tables it needs, SQL returning table, row, field, value, message);
    `reads` names the columns it reads beyond each table's keys, so the fast engine may
    drop every other column once a table's own checks are done.
    """

    rule: str
    queries: Callable[[Package], Iterator[tuple[tuple[str, ...], str]]]
    reads: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _formula_free(c: str) -> str:
    return f"ord({c}) NOT IN {tuple(ord(ch) for ch in FORMULA_STARTS)}"


def _text_rules(table: Table) -> Iterator[RowRule]:
    keyed = {name for fk in table.foreign_keys for name in fk.fields}
    per_value = (
        (
            "formula",
            _formula_free,
            "text starts with =, +, -, @, tab or carriage return; a spreadsheet would treat it as a formula",
        ),
        ("line-break", _no_line_break, "text contains a line break; keep each cell on one line"),
        ("whitespace", _no_edge_space, "text starts or ends with white space"),
    )
    for f in table.fields:
        # Only free text can hide a formula or stray white space: an enum, a pattern (each
        # starts with a letter or digit) or a foreign key already pins down every other cell.
        if not f.is_text or f.enum or f.pattern or f.name in keyed:
            continue
        c = ident(f.name)
        for rule, sql, message in per_value:
            yield RowRule(rule, table.name, f.name, sql(c), message, per_value=sql)


def _date_rules(table: Table) -> Iterator[RowRule]:
    for f in table.fields:
        c = ident(f.name)
        if f.not_before:
            other = ident(f.not_before)
            yield RowRule(
                "date-order",
                table.name,
                f.name,
                f"{c} >= {other}",
                f"{f.name} is earlier than {f.not_before}",
            )
        if f.precision_field:
            p = ident(f.precision_field)
            yield RowRule(
                "date-precision",
                table.name,
                f.name,
                f"CASE {p} WHEN 'month' THEN day({c}) = 1 "
                f"WHEN 'year' THEN month({c}) = 1 AND day({c}) = 1 ELSE TRUE END",
                f"with {f.precision_field} month the date must be the 1st of the month; with year, 1 January",
            )
            if not table.field(f.precision_field).required:
                yield RowRule(
                    "precision-missing",
                    table.name,
                    f.precision_field,
                    f"({ident(f.name + '__text')} IS NULL) = ({p} IS NULL)",
                    f"{f.name} and {f.precision_field} must be given together",
                )


_SC_NEED = "(CASE WHEN \"date\" < DATE '1966-01-01' THEN 7 ELSE 9 END)"
_SC_SEATS = "(CASE WHEN \"date\" < DATE '1966-01-01' THEN 11 ELSE 15 END)"
_TOTAL = "(yes_count + no_count + abstain_count)"
_TALLY_OK = f"""CASE WHEN body = 'UNSC' THEN {_TOTAL} <= {_SC_SEATS} AND CASE outcome
    WHEN 'adopted' THEN yes_count >= {_SC_NEED}
    WHEN 'vetoed' THEN yes_count >= {_SC_NEED} AND no_count >= 1
    WHEN 'rejected' THEN yes_count < {_SC_NEED} END
  ELSE {_TOTAL} <= (CASE body WHEN 'UNHRC' THEN 47 ELSE 193 END) AND CASE outcome
    WHEN 'adopted' THEN yes_count > no_count
    WHEN 'rejected' THEN TRUE
    ELSE FALSE END END"""

CUSTOM_ROW_RULES = (
    RowRule(
        "status-date",
        "agreements",
        "status_date",
        "status = 'unknown' OR status_date IS NOT NULL",
        "a status other than unknown needs the date it was last reported",
    ),
    RowRule(
        "source-locatable",
        "sources",
        "url",
        "url IS NOT NULL OR (author IS NOT NULL AND published_date IS NOT NULL)",
        "a source without a URL needs an author and a publication date",
    ),
    RowRule(
        "tally",
        "roll_calls",
        "outcome",
        _TALLY_OK,
        "the yes/no/abstain counts cannot produce this outcome in this body",
        value="concat(body, ' ', yes_count, '-', no_count, '-', abstain_count, ' ', outcome)",
    ),
    RowRule(
        "series-instance",
        "series_instances",
        "engagement_id",
        "(status = 'in_data') = (engagement_id IS NOT NULL)",
        "an instance is in_data exactly when it names its engagement_id",
        value="concat(status, ' ', coalesce(engagement_id, '(no engagement)'))",
    ),
    RowRule(
        "series-missing",
        "series",
        "missing",
        "verdict = 'complete' OR missing IS NOT NULL",
        "a partial series must say in `missing` which instances are not in the data",
        value="verdict",
    ),
)


def row_rules(package: Package, table: Table) -> list[RowRule]:
    """Every row rule for one table: derived from its schema, then the custom ones."""
    rules = [*_text_rules(table), *_date_rules(table)]
    rules += [
        r for r in CUSTOM_ROW_RULES if r.table == table.name and all(table.has_field(n) for n in (r.field,))
    ]
    return rules


# ---- table rules -----------------------------------------------------------------------


def _typed(name: str) -> str:
    return ident(f"typed_{name}")


def _uncited(package: Package) -> Iterator[tuple[tuple[str, ...], str]]:
    for fact, link in package.citation_tables().items():
        table = package.table(fact)
        if not table.primary_key:
            continue
        pk = table.primary_key[0]
        fk = next(k for k in link.foreign_keys if k.resource == fact).fields[0]
        yield (
            (fact, link.name),
            (
                f"SELECT {literal(fact)} AS tbl, t.__row, {literal(pk)} AS field, t.{ident(pk)} AS value, "
                f"{literal('cites no source: add a row to ' + link.name)} AS message FROM {_typed(fact)} t "
                f"WHERE NOT EXISTS (SELECT 1 FROM {_typed(link.name)} l WHERE l.{ident(fk)} = t.{ident(pk)})"
            ),
        )


def _vote_coverage(package: Package) -> Iterator[tuple[tuple[str, ...], str]]:
    for country, label in (("('PAK')", "Pakistan's"), ("('RUS', 'SUN')", "the USSR's or Russia's")):
        yield (
            ("roll_calls", "country_votes"),
            (
                f"SELECT 'roll_calls', r.__row, 'roll_call_id', r.roll_call_id, "
                f"{literal('no row in country_votes gives ' + label + ' vote')} "
                f"FROM {_typed('roll_calls')} r "
                f"WHERE NOT EXISTS (SELECT 1 FROM {_typed('country_votes')} v "
                f"WHERE v.roll_call_id = r.roll_call_id AND v.country IN {country})"
            ),
        )


def _vote_country(package: Package) -> Iterator[tuple[tuple[str, ...], str]]:
    yield (
        ("roll_calls", "country_votes"),
        (
            f"SELECT 'country_votes', v.__row, 'country', v.country, "
            "CASE v.country WHEN 'SUN' THEN 'the Soviet Union did not vote after 25 December 1991; use RUS' "
            "ELSE 'Russia took the Soviet seat on 24 December 1991; use SUN before that' END "
            f"FROM {_typed('country_votes')} v JOIN {_typed('roll_calls')} r USING (roll_call_id) "
            "WHERE (v.country = 'SUN' AND r.\"date\" > DATE '1991-12-25') "
            "OR (v.country = 'RUS' AND r.\"date\" < DATE '1991-12-24')"
        ),
    )


def _veto(package: Package) -> Iterator[tuple[tuple[str, ...], str]]:
    yield (
        ("roll_calls", "country_votes"),
        (
            f"SELECT 'roll_calls', r.__row, 'outcome', r.outcome, "
            "'the USSR or Russia voted no, a veto, yet the draft is marked adopted' "
            f"FROM {_typed('roll_calls')} r JOIN {_typed('country_votes')} v USING (roll_call_id) "
            "WHERE r.body = 'UNSC' AND r.outcome = 'adopted' AND NOT r.is_procedural "
            "AND v.country IN ('RUS', 'SUN') "
            "AND v.vote = 'no'"
        ),
    )


def _dupes(table: str, id_field: str, key_sql: str, source: str, what: str) -> str:
    """Rows whose key repeats an earlier row's; only repeated keys are ranked."""
    keyed = f"(SELECT __row, {ident(id_field)} AS id, {key_sql} AS k FROM {source})"
    return (
        f"WITH keyed AS {keyed}, repeated AS (SELECT k FROM keyed WHERE k IS NOT NULL "
        f"GROUP BY k HAVING count(*) > 1) "
        f"SELECT {literal(table)}, __row, {literal(id_field)}, id, "
        f"'probable duplicate of ' || first_id || {literal(' (same ' + what + ')')} FROM ("
        f"SELECT __row, id, first_value(id) OVER w AS first_id, row_number() OVER w AS n "
        f"FROM keyed WHERE k IN (SELECT k FROM repeated) WINDOW w AS (PARTITION BY k ORDER BY __row)) "
        f"WHERE n > 1"
    )


def _duplicates(package: Package) -> Iterator[tuple[tuple[str, ...], str]]:
    # Participant sets are compared by an order-free hash of their actor ids (and their number).
    parts = (
        f"(SELECT engagement_id, bit_xor(hash(actor_id)) AS who, count(*) AS n_who "
        f"FROM {_typed('engagement_participants')} GROUP BY engagement_id)"
    )
    engagements = (
        f"(SELECT e.*, p.who, p.n_who FROM {_typed('engagements')} e "
        f"LEFT JOIN {parts} p USING (engagement_id))"
    )
    yield (
        ("engagements", "engagement_participants"),
        _dupes(
            "engagements",
            "engagement_id",
            "CASE WHEN who IS NOT NULL THEN row(start_date, engagement_type, who, n_who) END",
            engagements,
            "start date, type and participants",
        ),
    )
    yield (
        ("agreements",),
        _dupes(
            "agreements",
            "agreement_id",
            "row(signed_date, lower(title))",
            _typed("agreements"),
            "signature date and title",
        ),
    )
    yield (
        ("roll_calls",),
        _dupes(
            "roll_calls",
            "roll_call_id",
            "CASE WHEN coalesce(resolution_symbol, draft_symbol) IS NOT NULL THEN "
            'row(body, "date", coalesce(resolution_symbol, draft_symbol)) END',
            _typed("roll_calls"),
            "body, date and symbol",
        ),
    )
    yield (
        ("events",),
        _dupes(
            "events",
            "event_id",
            "row(event_date, event_type, lower(title))",
            _typed("events"),
            "date, type and title",
        ),
    )


def _coverage_verdict(package: Package) -> Iterator[tuple[tuple[str, ...], str]]:
    # An undated instance counts as inside the period: a complete verdict cannot rest on it.
    yield (
        ("series", "series_instances"),
        (
            f"SELECT 'series_instances', i.__row, 'status', i.status, "
            "'series ' || s.series_id || ' is marked complete, but this instance in its period "
            "is not in the data: mark the series partial or add the engagement' "
            f"FROM {_typed('series_instances')} i JOIN {_typed('series')} s USING (series_id) "
            "WHERE s.verdict = 'complete' AND i.status = 'not_in_data' AND (i.start_date IS NULL "
            "OR (i.start_date >= s.period_start AND (s.period_end IS NULL OR i.start_date <= s.period_end)))"
        ),
    )


_ROLL_CALL = ("date", "body", "outcome", "is_procedural", "resolution_symbol", "draft_symbol")
TABLE_RULES = (
    TableRule("uncited", _uncited),
    TableRule("vote-coverage", _vote_coverage),
    TableRule("vote-country", _vote_country, {"roll_calls": _ROLL_CALL, "country_votes": ("country",)}),
    TableRule("veto", _veto, {"roll_calls": _ROLL_CALL, "country_votes": ("country", "vote")}),
    TableRule(
        "coverage-verdict",
        _coverage_verdict,
        {"series": ("verdict", "period_start", "period_end"), "series_instances": ("status", "start_date")},
    ),
    TableRule(
        "duplicate",
        _duplicates,
        {
            "engagements": ("start_date", "engagement_type"),
            "agreements": ("signed_date", "title"),
            "roll_calls": _ROLL_CALL,
            "events": ("event_date", "event_type", "title"),
        },
    ),
)


def columns_kept(package: Package, table: Table) -> list[str]:
    """Columns later checks read: keys, referenced keys, and what the table rules read."""
    keep = set(table.primary_key)
    keep |= {name for fk in table.foreign_keys for name in fk.fields}
    keep |= {name for child, fk in package.children(table.name) for name in fk.reference_fields}
    for rule in TABLE_RULES:
        keep |= set(rule.reads.get(table.name, ()))
    return [f.name for f in table.fields if f.name in keep]
