"""One-off: apply the fixes listed in curation/audits/2026-11-30-fixes.md that the pages read support."""
import csv

def rw(name):
    with open(f"data/{name}.csv", newline="", encoding="utf-8") as f:
        r = csv.DictReader(f)
        return r.fieldnames, list(r)

def save(name, fields, rows, key):
    rows.sort(key=key)
    with open(f"data/{name}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)

def edit(table, key, rid, **changes):
    fields, rows = rw(table)
    hit = [r for r in rows if r[key] == rid]
    assert len(hit) == 1, (table, rid)
    for k, v in changes.items():
        assert k in fields, k
        hit[0][k] = v(hit[0][k]) if callable(v) else v
    save(table, fields, rows, lambda r: r[key])

edit("engagements", "engagement_id", "eng-0047",
     summary=lambda s: s.replace("the first official visit by a Pakistani leader in about three decades",
                                 "the first visit by a Pakistani head of state in about three decades"),
     notes=lambda s: s + " The sources speak of a president or head of state; Pakistani prime ministers had been to Moscow in between (Nawaz Sharif in April 1999, eng-0041), so the claim holds for heads of state only.")
edit("engagements", "engagement_id", "eng-0121", location_city="",
     notes="Dates from Russian MoD television (21 Oct-4 Nov); the contingent arrived on 22 Oct. Place: Russian MoD television names the special operations training centre at Cherat, The Nation a range at Pabbi, The Week Nowshera district (Cherat and Pabbi are both in it); the city is left empty. The 2026-11-30 self-audit also read a TASS report quoting the Southern Military District that names Pabbi.")
edit("engagements", "engagement_id", "eng-0051",
     notes=lambda s: s.replace(" Reviewer should confirm the year and month.", "") + " A Gazprom memorandum with the petroleum ministry was already being discussed in February 2003; the one signed here, in the presence of PM Shaukat Aziz (in office from August 2004), is a later document.")
edit("agreements", "agreement_id", "agr-0067",
     notes=lambda s: s + " 1 October 2024 is the date of the embassy's statement; no source read gives the signing day, which may have been 30 September or 1 October.")
edit("roll_calls", "roll_call_id", "rc-0087",
     notes="Both votes named. An earlier note said Pakistan co-sponsored the text; the pages read speak of about 135 co-sponsors without listing them, so this is not confirmed.")
edit("events", "event_id", "evt-0025",
     notes="(see events.csv: evt-0025 notes rewritten after this script ran)")

fs, srows = rw("sources")
url = "https://en.pakistan-russia.ru/russia-and-pakistan/"
assert url not in {r["url"] for r in srows}
new = dict.fromkeys(fs, "")
new.update(source_id="src-3031", title="Russia and Pakistan: Prospects of Interaction (commemorating the 65th anniversary of bilateral relations)",
           publisher="pakistan-russia.ru", author="Igor Morgulov", url=url, accessed_date="2026-11-30",
           source_type="government", language="en",
           notes="Article by Russia's Deputy Foreign Minister; states that the Guddu thermal power station, built with Soviet specialists, entered service in 1980.")
srows.append(new)
save("sources", fs, srows, lambda r: r["source_id"])
fl, lr = rw("event_sources")
lr.append(dict(event_id="evt-0025", source_id="src-3031", locator=""))
save("event_sources", fl, lr, lambda r: (r["event_id"], r["source_id"]))
