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


def load_unvotes(con, paths: list[Path]) -> dict[str, int]:
    """Create `unvotes_roll_calls` and `unvotes_votes` (+ two views) from the given files."""
    layouts = {detect(p): p for p in paths}
    con.execute(
        "CREATE TABLE unvotes_roll_calls (rcid BIGINT PRIMARY KEY, session INTEGER, "
        '"date" DATE, unres VARCHAR, importantvote BOOLEAN, amend BOOLEAN, para BOOLEAN, '
        "short VARCHAR, descr VARCHAR)"
    )
    con.execute(
        "CREATE TABLE unvotes_votes (rcid BIGINT, country_code VARCHAR, country VARCHAR, "
        "vote VARCHAR, PRIMARY KEY (rcid, country_code))"
    )
    if "UNVotes.csv (Voeten)" in layouts:
        src = _read(layouts["UNVotes.csv (Voeten)"])
        con.execute(
            "INSERT INTO unvotes_roll_calls SELECT DISTINCT ON (rcid) TRY_CAST(rcid AS BIGINT), "
            'TRY_CAST(session AS INTEGER), TRY_CAST("date" AS DATE), unres, '
            "TRY_CAST(importantvote AS INTEGER) = 1, TRY_CAST(amend AS INTEGER) = 1, "
            f"TRY_CAST(para AS INTEGER) = 1, short, descr FROM {src} ORDER BY rcid"
        )
        con.execute(
            f"INSERT INTO unvotes_votes SELECT TRY_CAST(rcid AS BIGINT), Country, Countryname, "
            f"{VOETEN_CODES} FROM {src}"
        )
    if "roll_calls.csv (TidyTuesday)" in layouts:
        src = _read(layouts["roll_calls.csv (TidyTuesday)"])
        con.execute(
            "INSERT INTO unvotes_roll_calls SELECT TRY_CAST(rcid AS BIGINT), TRY_CAST(session AS INTEGER), "
            'TRY_CAST("date" AS DATE), unres, TRY_CAST(importantvote AS INTEGER) = 1, '
            f"TRY_CAST(amend AS INTEGER) = 1, TRY_CAST(para AS INTEGER) = 1, short, descr FROM {src} "
            "ON CONFLICT DO NOTHING"
        )
    if "unvotes.csv (TidyTuesday)" in layouts:
        src = _read(layouts["unvotes.csv (TidyTuesday)"])
        con.execute(
            f"INSERT INTO unvotes_votes SELECT TRY_CAST(rcid AS BIGINT), country_code, country, "
            f"lower(vote) FROM {src} ON CONFLICT DO NOTHING"
        )
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
