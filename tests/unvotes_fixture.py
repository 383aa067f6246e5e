"""Small synthetic files in the exact layouts of the Voeten / unvotes data (tests only)."""

from __future__ import annotations

from pathlib import Path

# Synthetic: three roll calls, three countries. rcid 2096 matches a curated roll call.
TIDY_ROLL_CALLS = """rcid,session,importantvote,date,unres,amend,para,short,descr
2096,35,1,1980-11-20,R/35/37,0,0,AFGHANISTAN,SYNTHETIC TEST ROW
9001,60,0,2005-10-01,R/60/1,0,0,TEST,SYNTHETIC TEST ROW
9002,60,0,2005-10-02,R/60/2,0,0,TEST,SYNTHETIC TEST ROW
"""
TIDY_VOTES = """rcid,country,country_code,vote
2096,Pakistan,PK,yes
2096,Russia,RU,no
2096,India,IN,abstain
9001,Pakistan,PK,yes
9001,Russia,RU,yes
9002,Pakistan,PK,abstain
9002,Russia,RU,no
"""
VOETEN = """rcid,ccode,member,vote,Country,Countryname,year,session,abstain,yes,no,importantvote,date,unres,amend,para,short,descr
2096,770,1,1,PAK,Pakistan,1980,35,12,111,22,1,1980-11-20,R/35/37,0,0,AFGHANISTAN,SYNTHETIC
2096,365,1,3,RUS,Russia,1980,35,12,111,22,1,1980-11-20,R/35/37,0,0,AFGHANISTAN,SYNTHETIC
9001,770,1,1,PAK,Pakistan,2005,60,0,1,0,0,2005-10-01,R/60/1,0,0,TEST,SYNTHETIC
9001,365,1,2,RUS,Russia,2005,60,0,1,0,0,2005-10-01,R/60/1,0,0,TEST,SYNTHETIC
"""


def write_tidy_files(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "roll_calls.csv").write_text(TIDY_ROLL_CALLS)
    (folder / "unvotes.csv").write_text(TIDY_VOTES)
    return [folder / "unvotes.csv", folder / "roll_calls.csv"]


def write_voeten_file(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "UNVotes.csv").write_text(VOETEN)
    return folder / "UNVotes.csv"
