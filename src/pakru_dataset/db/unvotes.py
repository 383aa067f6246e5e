"""Load a user's copy of the full Voeten / `unvotes` General Assembly data into the database.

Two layouts are recognised by their headers: the TidyTuesday 2021-03-23 files
(`unvotes.csv`: rcid, country, country_code, vote; `roll_calls.csv`: rcid, session,
importantvote, date, unres, amend, para, short, descr) and Voeten's `UNVotes.csv`
(rcid, ccode, member, vote coded 1/2/3/8/9, Country, Countryname, …, date, unres, …).
"""

from __future__ import annotations

import csv
from pathlib import Path

from pakru_dataset.sqltext import literal

TIDY_VOTES = ("rcid", "country", "country_code", "vote")
TIDY_ROLL_CALLS = ("rcid", "session", "importantvote", "date", "unres", "amend", "para", "short", "descr")
VOETEN = ("rcid", "ccode", "member", "vote", "Country", "Countryname", "session", "date", "unres")
# Most specific first: Voeten's file also has every roll-call column.
LAYOUTS = {
    "UNVotes.csv (Voeten)": VOETEN,
    "unvotes.csv (TidyTuesday)": TIDY_VOTES,
    "roll_calls.csv (TidyTuesday)": TIDY_ROLL_CALLS,
}
PAKISTAN = ("PAK", "PK")
RUSSIA = ("RUS", "RU", "SUN", "SU")
VOETEN_CODES = (
    "CASE vote WHEN '1' THEN 'yes' WHEN '2' THEN 'abstain' WHEN '3' THEN 'no' "
    "WHEN '8' THEN 'absent' WHEN '9' THEN 'not_member' END"
)


def _header(path: Path) -> list[str]:
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as fh:
            return next(csv.reader(fh), [])
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot be read as a UTF-8 CSV ({exc})") from None


def detect(path: Path) -> str:
    """The layout of a file, or ValueError naming what is missing."""
    header = set(_header(path))
    for name, columns in LAYOUTS.items():
        if set(columns) <= header:
            return name
    closest = min(LAYOUTS.items(), key=lambda kv: len(set(kv[1]) - header))
    missing = [c for c in closest[1] if c not in header]
    raise ValueError(
        f"{path}: not a recognised unvotes file; compared with {closest[0]} it lacks the "
        f"column(s) {', '.join(missing)}. Expected TidyTuesday 2021-03-23 unvotes.csv and "
        "roll_calls.csv, or Voeten's UNVotes.csv"
    )


def _read(path: Path) -> str:
    return (
        f"read_csv({literal(str(path))}, header = true, all_varchar = true, "
        "auto_detect = true, sample_size = -1)"
    )


def count_records(path: Path) -> int:
    """Data records in a CSV file as Python's csv module reads it (the header excluded)."""
    with path.open("r", encoding="utf-8-sig", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


def _stage(con, path: Path, name: str) -> int:
    """Read a file into a temporary table `name` (with its 1-based data row number `_row`);
    refuse it unless the reader got every record the file holds."""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT row_number() OVER () AS _row, * FROM {_read(path)}"
    )
    read = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
    expected = count_records(path)
    if read != expected:
        raise ValueError(f"{path}: the file holds {expected:,} records but only {read:,} could be read")
    bad = con.execute(
        f"SELECT _row, rcid FROM {name} WHERE TRY_CAST(rcid AS BIGINT) IS NULL ORDER BY _row LIMIT 1"
    ).fetchone()
    if bad:
        raise ValueError(f"{path}: data row {bad[0]}, column rcid: {bad[1]!r} is not a whole number")
    return read


def _insert(con, path: Path, table: str, key: tuple[str, ...], sql: str, expected: int) -> None:
    """Run one INSERT … SELECT and check it loaded exactly `expected` rows; a repeated key is
    reported with the first repeat, never dropped."""
    import duckdb

    try:
        loaded = con.execute(sql).fetchone()[0]
    except duckdb.ConstraintException as exc:
        cols = ", ".join(key)
        dup = con.execute(
            f"SELECT {cols}, count(*) FROM {table}_new GROUP BY ALL HAVING count(*) > 1 ORDER BY ALL LIMIT 1"
        ).fetchone()
        if dup is None:
            raise ValueError(f"{path}: {str(exc).splitlines()[0]}") from None
        raise ValueError(
            f"{path}: ({cols}) = ({', '.join(map(str, dup[:-1]))}) appears {dup[-1]} times; it must be unique"
        ) from None
    if loaded != expected:
        raise ValueError(f"{path}: read {expected:,} rows but loaded {loaded:,} into {table}")


def load_unvotes(con, paths: list[Path]) -> dict[str, int]:
    """Create `unvotes_roll_calls` and `unvotes_votes` (+ two views) from the given files.

    Every record of every file is loaded or the load fails: rows read are counted against
    rows loaded, and a repeated (rcid, country) is an error, never silently dropped.
    """
    layouts: dict[str, Path] = {}
    for p in paths:
        layout = detect(p)
        if layout in layouts:
            raise ValueError(f"{p}: a second {layout} file (the first is {layouts[layout]}); give each once")
        layouts[layout] = p
    if "UNVotes.csv (Voeten)" in layouts and len(layouts) > 1:
        raise ValueError("give either Voeten's UNVotes.csv or the TidyTuesday files, not both")
    con.execute(
        "CREATE TABLE unvotes_roll_calls (rcid BIGINT PRIMARY KEY, session INTEGER, "
        '"date" DATE, unres VARCHAR, importantvote BOOLEAN, amend BOOLEAN, para BOOLEAN, '
        "short VARCHAR, descr VARCHAR)"
    )
    # The country name is the key: country codes are missing or ambiguous in the real data
    # (empty for West Germany, North Yemen and Zanzibar; "NA" for Namibia).
    con.execute(
        "CREATE TABLE unvotes_votes (rcid BIGINT NOT NULL, country_code VARCHAR, country VARCHAR NOT NULL, "
        "vote VARCHAR, PRIMARY KEY (rcid, country))"
    )
    roll_call_columns = (
        'TRY_CAST(rcid AS BIGINT), TRY_CAST(session AS INTEGER), TRY_CAST("date" AS DATE), unres, '
        "TRY_CAST(importantvote AS INTEGER) = 1, TRY_CAST(amend AS INTEGER) = 1, "
        "TRY_CAST(para AS INTEGER) = 1, short, descr"
    )
    if "UNVotes.csv (Voeten)" in layouts:
        path = layouts["UNVotes.csv (Voeten)"]
        n = _stage(con, path, "unvotes_votes_new")
        con.execute(
            f"INSERT INTO unvotes_roll_calls SELECT DISTINCT ON (rcid) {roll_call_columns} "
            "FROM unvotes_votes_new ORDER BY rcid"
        )
        _insert(
            con,
            path,
            "unvotes_votes",
            ("rcid", "Countryname"),
            f"INSERT INTO unvotes_votes SELECT CAST(rcid AS BIGINT), Country, Countryname, {VOETEN_CODES} "
            "FROM unvotes_votes_new",
            n,
        )
    if "roll_calls.csv (TidyTuesday)" in layouts:
        path = layouts["roll_calls.csv (TidyTuesday)"]
        n = _stage(con, path, "unvotes_roll_calls_new")
        _insert(
            con,
            path,
            "unvotes_roll_calls",
            ("rcid",),
            f"INSERT INTO unvotes_roll_calls SELECT {roll_call_columns} FROM unvotes_roll_calls_new",
            n,
        )
    if "unvotes.csv (TidyTuesday)" in layouts:
        path = layouts["unvotes.csv (TidyTuesday)"]
        n = _stage(con, path, "unvotes_votes_new")
        _insert(
            con,
            path,
            "unvotes_votes",
            ("rcid", "country"),
            "INSERT INTO unvotes_votes SELECT CAST(rcid AS BIGINT), country_code, country, lower(vote) "
            "FROM unvotes_votes_new",
            n,
        )
    for staged in ("unvotes_votes_new", "unvotes_roll_calls_new"):
        con.execute(f"DROP TABLE IF EXISTS {staged}")
    pak, rus = ", ".join(map(literal, PAKISTAN)), ", ".join(map(literal, RUSSIA))
    con.execute(f"""CREATE VIEW unvotes_pakistan_russia AS
        SELECT r.rcid, r."date", year(r."date") AS year, r.session, r.unres, r.short,
               p.vote AS pakistan_vote, u.vote AS russia_vote,
               (p.vote IN ('yes', 'no', 'abstain') AND u.vote IN ('yes', 'no', 'abstain')) AS both_voted,
               CASE WHEN p.vote IN ('yes', 'no', 'abstain') AND u.vote IN ('yes', 'no', 'abstain')
                    THEN p.vote = u.vote END AS same_vote,
               c.roll_call_id
        FROM unvotes_roll_calls r
        LEFT JOIN unvotes_votes p ON p.rcid = r.rcid AND p.country_code IN ({pak})
        LEFT JOIN unvotes_votes u ON u.rcid = r.rcid AND u.country_code IN ({rus})
        LEFT JOIN roll_calls c ON c.voeten_rcid = r.rcid
        ORDER BY r.rcid""")
    con.execute("""CREATE VIEW unvotes_agreement_by_year AS
        SELECT year, count(*) AS roll_calls, count(*) FILTER (WHERE both_voted) AS both_voted,
               count(*) FILTER (WHERE same_vote) AS same_vote,
               round(count(*) FILTER (WHERE same_vote)
                     / nullif(count(*) FILTER (WHERE both_voted), 0), 3) AS agreement_share
        FROM unvotes_pakistan_russia GROUP BY year ORDER BY year""")
    con.execute(
        "COMMENT ON TABLE unvotes_roll_calls IS 'Voeten/unvotes roll calls loaded from a "
        "user-supplied file: one row per General Assembly roll call.'"
    )
    con.execute(
        "COMMENT ON TABLE unvotes_votes IS 'Voeten/unvotes votes loaded from a user-supplied "
        "file: one row per roll call and country.'"
    )
    con.execute(
        "COMMENT ON VIEW unvotes_pakistan_russia IS 'Every General Assembly roll call in the "
        "loaded unvotes data with Pakistan''s and the USSR''s/Russia''s votes side by side, "
        "linked to the curated roll call where voeten_rcid matches.'"
    )
    con.execute(
        "COMMENT ON VIEW unvotes_agreement_by_year IS 'Yearly Pakistan–Russia agreement "
        "index over all General Assembly roll calls in the loaded unvotes data.'"
    )
    return {
        "unvotes_roll_calls": con.execute("SELECT count(*) FROM unvotes_roll_calls").fetchone()[0],
        "unvotes_votes": con.execute("SELECT count(*) FROM unvotes_votes").fetchone()[0],
    }
