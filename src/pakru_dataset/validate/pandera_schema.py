"""Pandera schemas derived from the Table Schemas (`to_pandera`), plus the row rules.

Columns stay text; each check tests the lexical form itself, so a bad date is reported
as a bad date instead of failing a coercion. Nothing here is written per table.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pandera.pandas as pa

from pakru_dataset.descriptor import Field, Package, Table
from pakru_dataset.sqltext import DATE_PATTERN, INTEGER_PATTERN, NUMBER_PATTERN, typed_select
from pakru_dataset.validate.rules import RowRule, row_rules

_DATE = re.compile(DATE_PATTERN)
_INTEGER = re.compile(INTEGER_PATTERN)
_NUMBER = re.compile(NUMBER_PATTERN)


def _is_date(text: str) -> bool:
    if not _DATE.fullmatch(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def valid_type(f: Field, s: pd.Series) -> pd.Series:
    """True where a text cell has the field's lexical form."""
    if f.type == "date":
        return s.map(_is_date).astype(bool)
    if f.type == "integer":
        return s.map(lambda v: bool(_INTEGER.fullmatch(v))).astype(bool)
    if f.type == "number":
        return s.map(lambda v: bool(_NUMBER.fullmatch(v))).astype(bool)
    if f.type == "boolean":
        return s.isin(f.true_values + f.false_values)
    return pd.Series(True, index=s.index)


def _checks(f: Field) -> list[pa.Check]:
    checks = []
    if f.type != "string":
        checks.append(pa.Check(lambda s, f=f: valid_type(f, s), name="type"))

    def when_valid(test, f=f):
        return lambda s: test(s) | ~valid_type(f, s)

    if f.enum is not None:
        allowed = list(f.enum)
        checks.append(pa.Check(when_valid(lambda s: s.isin(allowed)), name="enum"))
    if f.pattern:
        import re2  # RE2, as DuckDB uses: linear time, and both engines agree on every pattern

        rx = re2.compile(f.pattern)
        checks.append(
            pa.Check(
                when_valid(lambda s: s.map(lambda v: bool(rx.fullmatch(v))).astype(bool)), name="pattern"
            )
        )
    if f.min_length is not None:
        shortest = int(f.min_length)
        checks.append(pa.Check(when_valid(lambda s: s.str.len() >= shortest), name="min-length"))
    if f.max_length is not None:
        longest = int(f.max_length)
        checks.append(pa.Check(when_valid(lambda s: s.str.len() <= longest), name="max-length"))
    if f.minimum is not None:
        lo = float(f.minimum)
        checks.append(
            pa.Check(when_valid(lambda s: pd.to_numeric(s, errors="coerce").fillna(lo) >= lo), name="minimum")
        )
    if f.maximum is not None:
        hi = float(f.maximum)
        checks.append(
            pa.Check(when_valid(lambda s: pd.to_numeric(s, errors="coerce").fillna(hi) <= hi), name="maximum")
        )
    return checks


class _RuleRunner:
    """Evaluates a table's row rules over a frame in one DuckDB connection, once per frame."""

    def __init__(self, table: Table, rules: list[RowRule]) -> None:
        self.table = table
        self.rules = rules
        self._frame_id: int | None = None
        self._bad: dict[tuple[str, str], set[int]] = {}

    def bad_rows(self, df: pd.DataFrame, rule: RowRule) -> set[int]:
        if self._frame_id != id(df):
            from pakru_dataset.sandbox import open_memory

            con = open_memory()
            try:
                con.register("frame", df.reset_index(names="__idx"))
                source = f"({typed_select(self.table, 'frame', row_expr='__idx')})"
                self._bad = {
                    (r.rule, r.field): {row for row, _ in con.execute(r.violations_sql(source)).fetchall()}
                    for r in self.rules
                }
            finally:
                con.close()
            self._frame_id = id(df)
        return self._bad[(rule.rule, rule.field)]


def _row_rule_check(runner: _RuleRunner, rule: RowRule) -> pa.Check:
    """A DataFrame-wide check that runs the rule's SQL over the frame in DuckDB."""

    def check(df: pd.DataFrame) -> pd.Series:
        return pd.Series(~df.index.isin(list(runner.bad_rows(df, rule))), index=df.index)

    return pa.Check(check, name=f"{rule.rule}|{rule.field}")


def to_pandera(table: Table, package: Package | None = None) -> pa.DataFrameSchema:
    """The Pandera schema of one table: fields, keys and (given the package) row rules."""
    columns = {
        f.name: pa.Column(
            None,
            nullable=not f.required,
            checks=_checks(f),
            required=True,
            description=f.description or None,
        )
        for f in table.fields
    }
    checks = []
    if package is not None:
        rules = row_rules(package, table)
        runner = _RuleRunner(table, rules)
        checks = [_row_rule_check(runner, r) for r in rules]
    return pa.DataFrameSchema(
        columns,
        checks=checks,
        strict=True,
        ordered=True,
        name=table.name,
        unique=list(table.primary_key) or None,
        report_duplicates="exclude_first",
    )
