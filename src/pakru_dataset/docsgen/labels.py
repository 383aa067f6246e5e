"""Words for codes, derived from the Table Schemas: field labels, enum labels and definitions,
dates written at their precision, country names from the `state` actors."""

from __future__ import annotations

import datetime as dt
import html

from pakru_dataset.descriptor import Field, humanize

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def date_text(value: object, precision: str | None = "day") -> str:
    """`2022-02-23` → 23 February 2022; month precision → February 2022; year → 2022."""
    if value is None or value == "":
        return ""
    d = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    if precision == "year":
        return str(d.year)
    if precision == "month":
        return f"{MONTHS[d.month - 1]} {d.year}"
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def date_range_text(start: object, end: object, precision: str | None) -> str:
    first = date_text(start, precision)
    return f"{first} – {date_text(end, precision)}" if end and end != start else first


def enum_label(field: Field, value: str) -> str:
    return humanize(value) if value else ""


def enum_html(field: Field, value: object) -> str:
    """The value's label, with its code and definition on hover."""
    if value is None or value == "":
        return ""
    code = str(value)
    definition = field.enum_descriptions.get(code, "")
    hint = f"{code}: {definition}" if definition else code
    return f'<span class="pakru-code" title="{esc(hint)}">{esc(enum_label(field, code))}</span>'


class Countries:
    """ISO 3166-1 alpha-3 codes (and `SUN`) named by the dataset's own `state` actors."""

    def __init__(self, actors: list[dict]) -> None:
        self.names = {
            a["country"]: a["name"] for a in actors if a.get("actor_type") == "state" and a["country"]
        }

    def name(self, code: object) -> str:
        return self.names.get(str(code), str(code)) if code else ""

    def html(self, code: object) -> str:
        if not code:
            return ""
        return f'<span class="pakru-code" title="{esc(code)}">{esc(self.name(code))}</span>'

    def side(self, value: str) -> str:
        """A `side` value (`pakistan`, `russia`, `other`, `both`) in words."""
        return humanize(value)


def is_country_field(field: Field) -> bool:
    return field.name == "country" or field.name.endswith("_country")
