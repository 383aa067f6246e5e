"""One-off: append rc-0113 (GA resolution on Syria, 3 August 2012) and its sources. Run from the worktree root."""
import csv

ACC = "2026-11-30"
S = [
    dict(source_id="src-3028", title="General Assembly, in Resolution, Demands All in Syria 'Immediately and Visibly' Commit to Ending Violence (GA/11266/Rev.1)",
         publisher="United Nations (press release)", published_date="2012-08-03", published_date_precision="day",
         url="https://www.un.org/press/en/2012/ga11266Rev1.doc.htm", source_type="un_document", reliability="un_record",
         notes="124th and 125th plenary meetings; tally 133-12-31; the voting annex was not in the excerpt read."),
    dict(source_id="src-3029", title="Russia condemns U.N. General Assembly resolution on Syria as harmful",
         publisher="Reuters", published_date="2012-08-03", published_date_precision="day",
         url="http://cn.reuters.com/article/syria-crisis-un-russia-idCNL2E8J3AIB20120803", source_type="news",
         reliability="news_of_record", notes="Says Russia was among the 12 voting against."),
    dict(source_id="src-3030", title="U.N. General Assembly adopts resolution condemning Syria by vote of 133-12 with 31 abstentions (vote tally and full text), Update #72",
         publisher="The Trenchant Observer", published_date="2012-08-04", published_date_precision="day",
         url="https://trenchantobserver.com/2012/08/03/u-n-general-assembly-approves-resolution-on-syria-obamas-debacle-in-syria-update-72-august-3/",
         source_type="other", reliability="low_authority",
         notes="Blog post; quotes a CNN report naming Pakistan among the abstainers and reproduces the UN vote breakdown for A/66/L.57."),
]
ROW = dict(roll_call_id="rc-0113", body="UNGA", date="2012-08-03", session="66", resolution_symbol="", draft_symbol="A/66/L.57",
           meeting_record="", title="The situation in Syria: General Assembly condemns heavy-weapons attacks and deplores the Security Council's failure to act",
           topic="middle_east", yes_count="133", no_count="12", abstain_count="31", outcome="adopted", is_procedural="false",
           voeten_rcid="",
           notes="Russia voted against (Reuters); Pakistan abstained, per the CNN report quoted on the Trenchant Observer blog, which also reproduces the UN vote breakdown. Adopted at the 124th-125th plenary meetings; the resolution symbol was not in the pages read.")


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


fs, srows = rw("sources")
assert not {s["url"] for s in S} & {r["url"] for r in srows}
for s in S:
    srows.append({k: s.get(k, ACC if k == "accessed_date" else ("en" if k == "language" else "")) for k in fs})
save("sources", fs, srows, lambda r: r["source_id"])
fr, rr = rw("roll_calls"); rr.append({k: ROW.get(k, "") for k in fr}); save("roll_calls", fr, rr, lambda r: r["roll_call_id"])
fc, cr = rw("country_votes")
cr += [dict(roll_call_id="rc-0113", country="PAK", vote="abstain", is_inferred="false"),
       dict(roll_call_id="rc-0113", country="RUS", vote="no", is_inferred="false")]
save("country_votes", fc, cr, lambda r: (r["roll_call_id"], r["country"]))
fl, lr = rw("roll_call_sources")
lr += [dict(roll_call_id="rc-0113", source_id=s["source_id"], locator="") for s in S]
save("roll_call_sources", fl, lr, lambda r: (r["roll_call_id"], r["source_id"]))
