"""One wording for every schema finding, whichever engine found it."""

from __future__ import annotations

from pakru_dataset.descriptor import Field, ForeignKey, Table
from pakru_dataset.validate.findings import Finding

TYPE_FORMS = {
    "date": "a real calendar date written YYYY-MM-DD",
    "integer": "a whole number such as 42",
    "number": "a plain decimal number such as 1250000 or 12.5",
    "string": "text",
}


def show(value: object, limit: int = 60) -> str:
    text = "" if value is None else str(value)
    return repr(text if len(text) <= limit else text[:limit] + "…")


def allowed_for(f: Field, rule: str) -> str | None:
    if rule == "type":
        if f.type == "boolean":
            return " or ".join(f.true_values + f.false_values)
        return TYPE_FORMS[f.type]
    if rule == "enum":
        return ", ".join(f.enum or ())
    if rule == "pattern":
        return f.pattern
    if rule == "max-length":
        return f"at most {f.max_length} characters"
    if rule == "min-length":
        return f"at least {f.min_length} characters"
    if rule == "minimum":
        return f"{f.minimum} or more"
    if rule == "maximum":
        return f"{f.maximum} or less"
    return None


def field_finding(table: Table, f: Field, row: int, rule: str, value: object) -> Finding:
    """The finding for one cell that breaks one Table Schema rule."""
    v = show(value)
    messages = {
        "type": f"{v} is not a valid {f.type}",
        "required": "a value is required",
        "enum": f"{v} is not one of the allowed values",
        "pattern": f"{v} does not have the required form",
        "max-length": f"text is {len(str(value or ''))} characters long",
        "min-length": "text is too short",
        "minimum": f"{v} is below the minimum",
        "maximum": f"{v} is above the maximum",
    }
    return Finding(
        table.path,
        row,
        f.name,
        rule,
        messages[rule],
        value=None if value is None else str(value),
        allowed=allowed_for(f, rule),
    )


def primary_key_finding(table: Table, row: int, value: object) -> Finding:
    return Finding(
        table.path,
        row,
        ",".join(table.primary_key),
        "primary-key",
        f"duplicate key {show(value)}; an earlier row has the same key",
        value=str(value),
    )


def foreign_key_finding(table: Table, fk: ForeignKey, row: int, value: object) -> Finding:
    target = f"{fk.resource}.{','.join(fk.reference_fields)}"
    return Finding(
        table.path,
        row,
        ",".join(fk.fields),
        "foreign-key",
        f"{show(value)} does not exist in {target}",
        value=str(value),
        allowed=f"a value present in {target}",
    )
