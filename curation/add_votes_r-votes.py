"""One-off: append the r-votes batch (rc-0101..rc-0112) to data/. Run from the worktree root."""
import csv
from pathlib import Path

ACC = "2026-11-30"
S = []  # (id, title, publisher, published_date, precision, url, source_type, language, reliability, notes)
def src(i, title, pub, date, prec, url, stype, rel, notes="", lang="en"):
    S.append(dict(source_id=i, title=title, publisher=pub, author="", published_date=date,
                  published_date_precision=prec, url=url, archive_url="", accessed_date=ACC,
                  source_type=stype, language=lang, notes=notes, reliability=rel))

src("src-3001", "Security Council Adopts Resolution 2768 (2025), Sustaining Monthly Reporting on Houthi Attacks in Red Sea",
    "United Nations (press release SC/15965)", "2025-01-15", "day", "https://press.un.org/en/2025/sc15965.doc.htm",
    "un_document", "un_record", "Meetings coverage; names the three abstainers.")
src("src-3002", "Resolution 2768 (2025)", "unscr.com", "", "", "http://unscr.com/en/resolutions/2768",
    "reference", "reference", "Text of the resolution with its adoption line (9836th meeting, 15 January 2025).")
src("src-3003", "Security Council Renews Arms Embargo on Libya for Six Months, Adopting Draft Resolution 2780 (2025)",
    "United Nations (press release SC/16074)", "2025-05-29", "day", "https://press.un.org/en/2025/sc16074.doc.htm",
    "un_document", "un_record", "9925th meeting.")
src("src-3004", "UN extends authorization to inspect vessels suspected of violating Libya arms embargo",
    "Xinhua (via People's Daily Online)", "2025-05-30", "day", "http://en.people.cn/n3/2025/0530/c90000-20321642.html",
    "news", "news_of_record", "Dated dispatch of 29 May 2025.")
src("src-3005", "UN Security Council Approves Extension on South Sudan Arms Embargo", "MENAFN", "2025-05-31", "day",
    "https://menafn.com/1109618281/UN-Security-Council-Approves-Extension-on-South-Sudan-Arms-Embargo",
    "news", "other_news", "Names the six abstainers, Pakistan and Russia among them.")
src("src-3006", "UN extends arms embargo on South Sudan amid rising tensions", "AAN TV Africa", "2025-05-31", "day",
    "https://aantv.africa/2025/05/31/un-extends-arms-embargo-on-south-sudan-amid-rising-tensions/",
    "news", "other_news", "")
src("src-3007", "UNSC extends reporting requirement on Houthi attacks against commercial vessels in Red Sea",
    "DNA News Agency", "2025-07-16", "day",
    "https://dnanews.com.pk/nsc-extends-reporting-requirement-on-houthi-attacks-against-commercial-vessels-in-red-sea/",
    "news", "other_news", "Report by Iftikhar Ali; says Pakistan voted in favour. Tracking parameters dropped from the address read.")
src("src-3008", "UN council authorizes continuing vigilance of attacks by Yemen's Houthi rebels on Red Sea shipping",
    "Associated Press (via The Atlanta Journal-Constitution)", "2025-07-15", "day",
    "https://www.ajc.com/news/2025/07/un-council-authorizes-continuing-vigilance-of-attacks-by-yemens-houthi-rebels-on-red-sea-shipping",
    "news", "news_of_record", "")
src("src-3009", "With 11 Members Voting in Favour, 3 Abstaining, Security Council Adopts Resolution 2797 (2025), Renewing Mandate of UN Mission in Western Sahara for One Year",
    "United Nations (press release SC/16208)", "2025-10-31", "day", "https://press.un.org/en/2025/sc16208.doc.htm",
    "un_document", "un_record", "10030th meeting; draft S/2025/692.")
src("src-3010", "Western Sahara - Security Council, 10030th meeting", "UN Audiovisual Library", "2025-10-31", "day",
    "https://media.un.org/avlibrary/en/asset/d348/d3489764", "un_document", "un_record", "")
src("src-3011", "UN Security Council votes to lift sanctions on Syrian president", "AFP (via SinoDaily)", "2025-11-06", "day",
    "https://www.sinodaily.com/reports/UN_Security_Council_votes_to_lift_sanctions_on_Syrian_president_999.html",
    "news", "other_news", "AFP dispatch by Gregory Walton re-published by SinoDaily.")
src("src-3012", "Turning the page: UN Security Council lifts sanctions on Syria", "Devdiscourse", "2025-11-07", "day",
    "https://www.devdiscourse.com/article/politics/3688067-turning-the-page-un-security-council-lifts-sanctions-on-syria",
    "news", "other_news", "Says Russia supported the resolution.")
src("src-3013", "UN Security Council delists Syria's president, lifts UN bans ahead of US visit", "Particle", "", "",
    "https://particle.news/story/un-security-council-delists-syrias-president-lifts-un-bans-ahead-of-us-visit",
    "news", "low_authority", "News aggregator summary; cited only for the resolution number 2799 (2025).")
src("src-3014", "Security Council Extends Mandate of 2140 Yemen Sanctions Regime for One Year, Adopting Resolution 2801 (2025) by Vote of 13 in Favour, 2 Abstentions",
    "GlobalSecurity.org (re-post of UN press release SC/16222)", "2025-11-14", "day",
    "https://www.globalsecurity.org/military/library/news/2025/11/mil-251114-unsc02.htm",
    "un_document", "other_news", "Full text of UN meetings coverage SC/16222 (10044th meeting) re-posted; the UN original was not read.")
src("src-3015", "UN Security Council adopts draft resolution extending Yemen sanctions for another year", "Africanews", "2025-11-15", "day",
    "https://www.africanews.com/2025/11/15/un-security-council-adopts-draft-resolution-extending-yemen-sanctions-for-another-year/",
    "news", "news_of_record", "")
src("src-3016", "Security Council Extends Mandate of United Nations Interim Security Force for Abyei, Adopting Resolution 2802 (2025)",
    "GlobalSecurity.org (re-post of UN press release SC/16223)", "2025-11-14", "day",
    "https://www.globalsecurity.org/military/library/news/2025/11/mil-251114-unsc01.htm",
    "un_document", "other_news", "Full text of UN meetings coverage SC/16223 (10042nd meeting, resumed) re-posted.")
src("src-3017", "Security Council: vote on renewal of UNISFA (meeting preview, S/2025/745)", "United Nations (press release SC/16223)",
    "2025-11-14", "day", "https://press.un.org/en/2025/sc16223.doc.htm", "un_document", "un_record",
    "Page as read held the pre-vote note naming draft S/2025/745; the vote itself is in the re-posted full summary.")
src("src-3018", "UN votes to extend Abyei peacekeeping mandate amid debate", "Anadolu Agency (via MENAFN)", "2025-11-15", "day",
    "https://menafn.com/1110348663/UN-votes-to-extend-Abyei-pacekeeping-mandate-amid-debate", "news", "other_news", "")
src("src-3019", "With Pakistan backing, UNSC adopts resolution renewing permission to inspect vessels off Libya's coast",
    "Associated Press of Pakistan (APP)", "2025-11-26", "day",
    "https://www.app.com.pk/foreign-correspondent/with-pakistan-backing-unsc-adopts-resolution-renewing-permission-to-inspect-vessels-off-libyas-coast/",
    "news", "news_of_record", "")
src("src-3020", "Adopting resolution 2804 (2025), Security Council Renews Permission to Inspect Vessels Off Libya",
    "GlobalSecurity.org (re-post of UN press release SC/16233)", "2025-11-25", "day",
    "https://www.globalsecurity.org/wmd/library/news/libya/2025/libya-251125-unsc01.htm",
    "un_document", "other_news", "Full text of UN meetings coverage SC/16233 (10053rd meeting) re-posted.")
src("src-3021", "UNSC Extends Houthi Red Sea Reporting by 6 Months", "Mirage News (relay of UN meetings coverage)", "", "",
    "https://www.miragenews.com/unsc-extends-houthi-red-sea-reporting-by-6-1602048", "news", "other_news",
    "Relay of the UN summary of the adoption of resolution 2812 (2026).")
src("src-3022", "UN Security Council continues oversight of Houthi activity in Red Sea", "Anadolu Agency (via MENAFN)", "2026-01-15", "day",
    "https://menafn.com/1110602178/UN-Security-Council-continues-oversight-of-Houthi-activity-in-Red-Sea",
    "news", "other_news", "Dates the vote to Wednesday (14 January 2026).")
src("src-3023", "UN Jerusalem resolution: How each country voted", "Al Jazeera", "2017-12-21", "day",
    "http://www.aljazeera.com/news/2017/12/jerusalem-resolution-country-voted-171221180116873.html",
    "news", "news_of_record", "Country-by-country list of the vote.")
src("src-3024", "General Assembly Overwhelmingly Adopts Resolution Asking Nations Not to Locate Diplomatic Missions in Jerusalem",
    "United Nations (press release GA/11995)", "2017-12-21", "day", "https://www.un.org/press/en/2017/ga11995.doc.htm",
    "un_document", "un_record", "Tenth emergency special session, 37th meeting.")
src("src-3025", "United Nations General Assembly Resolution ES-10/19", "Wikipedia", "", "",
    "https://en.wikipedia.org/wiki/United_Nations_General_Assembly_Resolution_ES-10/19", "reference", "reference", "")
src("src-3026", "UNSC Extends Afghan Mission Mandate, Adopts Res. 2777", "Mirage News (relay of UN meetings coverage)", "", "",
    "https://miragenews.com/unsc-extends-afghan-mission-mandate-adopts-res-1427185", "news", "other_news", "")
src("src-3027", "UN Security Council extends mandate of mission in Afghanistan", "Xinhua (via China Daily Hong Kong)", "2025-03-18", "day",
    "https://chinadailyhk.com/article/607200", "news", "news_of_record", "Dates the adoption to Monday (17 March 2025).")

R = []
def rc(i, body, date, session, res, draft, meeting, title, topic, y, n, a, outcome, notes, pak, rus, srcs):
    R.append((dict(roll_call_id=i, body=body, date=date, session=session, resolution_symbol=res, draft_symbol=draft,
                   meeting_record=meeting, title=title, topic=topic, yes_count=y, no_count=n, abstain_count=a,
                   outcome=outcome, is_procedural="false", voeten_rcid="", notes=notes), pak, rus, srcs))

rc("rc-0101", "UNSC", "2025-01-15", "", "S/RES/2768 (2025)", "", "S/PV.9836",
   "Extension of the Secretary-General's monthly reports on Houthi attacks on Red Sea shipping", "middle_east", 12, 0, 3, "adopted",
   "Algeria, China and Russia abstained. Pakistan's yes is deduced from the 12-0-3 tally and its 2025 Council membership.",
   ("yes", True), ("abstain", False), ["src-3001", "src-3002"])
rc("rc-0102", "UNSC", "2025-05-29", "", "S/RES/2780 (2025)", "", "S/PV.9925",
   "Six-month renewal of the authorisation to inspect vessels suspected of breaching the Libya arms embargo", "other", 13, 0, 2, "adopted",
   "China and Russia abstained. Pakistan's yes is deduced from the 13-0-2 tally and its 2025 Council membership.",
   ("yes", True), ("abstain", False), ["src-3003", "src-3004"])
rc("rc-0103", "UNSC", "2025-05-30", "", "S/RES/2781 (2025)", "", "",
   "Renewal of the South Sudan arms embargo and targeted sanctions to 31 May 2026", "other", 9, 0, 6, "adopted",
   "Abstaining: Algeria, China, Pakistan, Russia, Sierra Leone, Somalia. The MENAFN report dated 31 May says the vote was on Friday, i.e. 30 May 2025; the meeting number was not in the pages read.",
   ("abstain", False), ("abstain", False), ["src-3005", "src-3006"])
rc("rc-0104", "UNSC", "2025-07-15", "", "S/RES/2787 (2025)", "", "",
   "Further six-month extension of the monthly reports on Houthi attacks in the Red Sea", "middle_east", 12, 0, 3, "adopted",
   "Algeria, China and Russia abstained; the DNA report says Pakistan, then Council President, voted in favour.",
   ("yes", False), ("abstain", False), ["src-3007", "src-3008"])
rc("rc-0105", "UNSC", "2025-10-31", "", "S/RES/2797 (2025)", "S/2025/692", "S/PV.10030",
   "One-year renewal of the Western Sahara mission (MINURSO), taking Morocco's autonomy proposal as a basis for talks", "other", 11, 0, 3, "adopted",
   "China, Pakistan and Russia abstained; Algeria did not participate in the vote. US draft.",
   ("abstain", False), ("abstain", False), ["src-3009", "src-3010"])
rc("rc-0106", "UNSC", "2025-11-06", "", "S/RES/2799 (2025)", "", "",
   "Removal of Syria's President al-Sharaa and Interior Minister Khattab from the ISIL and Al-Qaida sanctions list", "middle_east", 14, 0, 1, "adopted",
   "Only China abstained; Devdiscourse says Russia supported the text. Pakistan's yes is deduced from the 14-0-1 tally and its 2025 membership. The resolution number is from an aggregator summary only.",
   ("yes", True), ("yes", False), ["src-3011", "src-3012", "src-3013"])
rc("rc-0107", "UNSC", "2025-11-14", "", "S/RES/2801 (2025)", "", "S/PV.10044",
   "One-year renewal of the 2140 Yemen sanctions regime and its Panel of Experts", "middle_east", 13, 0, 2, "adopted",
   "China and Russia abstained. Pakistan's yes is deduced from the 13-0-2 tally and its 2025 membership. UK draft.",
   ("yes", True), ("abstain", False), ["src-3014", "src-3015"])
rc("rc-0108", "UNSC", "2025-11-14", "", "S/RES/2802 (2025)", "S/2025/745", "S/PV.10042",
   "One-year renewal of the UN Interim Security Force for Abyei (UNISFA) with benchmarks for Sudan and South Sudan", "other", 12, 0, 3, "adopted",
   "China, Pakistan and Russia abstained. Adopted at the resumed 10042nd meeting after a delayed vote. US draft.",
   ("abstain", False), ("abstain", False), ["src-3016", "src-3017", "src-3018"])
rc("rc-0109", "UNSC", "2025-11-25", "", "S/RES/2804 (2025)", "", "S/PV.10053",
   "Six-month renewal of the authorisation to inspect vessels off Libya under the arms embargo", "other", 13, 0, 2, "adopted",
   "China and Russia abstained; APP says Pakistan voted in favour. France-Greece draft.",
   ("yes", False), ("abstain", False), ["src-3019", "src-3020"])
rc("rc-0110", "UNSC", "2026-01-14", "", "S/RES/2812 (2026)", "", "",
   "Extension to 15 July 2026 of the monthly reports on Houthi attacks in the Red Sea", "middle_east", 13, 0, 2, "adopted",
   "China and Russia abstained. Pakistan's yes is deduced from the 13-0-2 tally and its 2026 membership. Anadolu (via MENAFN) dates the vote to Wednesday, 14 January 2026.",
   ("yes", True), ("abstain", False), ["src-3021", "src-3022"])
rc("rc-0111", "UNGA", "2017-12-21", "ES-10", "A/RES/ES-10/19", "", "",
   "Status of Jerusalem: General Assembly declares changes to the city's status null and void", "middle_east", 128, 9, 35, "adopted",
   "Both Pakistan and Russia are listed among those voting in favour. Adopted at the 37th meeting of the tenth emergency special session; 21 members were absent.",
   ("yes", False), ("yes", False), ["src-3023", "src-3024", "src-3025"])
rc("rc-0112", "UNSC", "2025-03-17", "", "S/RES/2777 (2025)", "", "",
   "One-year extension of the UN Assistance Mission in Afghanistan (UNAMA) to 17 March 2026", "afghanistan", 15, 0, 0, "adopted",
   "Unanimous adoption; both votes deduced from the unanimous result and 2025 Council membership. Xinhua dates it to Monday, 17 March 2025.",
   ("yes", True), ("yes", True), ["src-3026", "src-3027"])


def load(name):
    with open(f"data/{name}.csv", newline="", encoding="utf-8") as f:
        r = csv.DictReader(f)
        return r.fieldnames, list(r)


def save(name, fields, rows, key):
    rows.sort(key=key)
    with open(f"data/{name}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


fs, srows = load("sources")
known = {r["url"] for r in srows}
for s in S:
    assert s["url"] not in known, s["url"]
    srows.append({k: s.get(k, "") for k in fs})
save("sources", fs, srows, lambda r: r["source_id"])

fr, rrows = load("roll_calls")
fc, crows = load("country_votes")
fl, lrows = load("roll_call_sources")
for row, pak, rus, srcs in R:
    rrows.append({k: str(row.get(k, "")) for k in fr})
    crows.append(dict(roll_call_id=row["roll_call_id"], country="PAK", vote=pak[0], is_inferred=str(pak[1]).lower()))
    crows.append(dict(roll_call_id=row["roll_call_id"], country="RUS", vote=rus[0], is_inferred=str(rus[1]).lower()))
    for s in srcs:
        lrows.append(dict(roll_call_id=row["roll_call_id"], source_id=s, locator=""))
save("roll_calls", fr, rrows, lambda r: r["roll_call_id"])
save("country_votes", fc, crows, lambda r: (r["roll_call_id"], r["country"]))
save("roll_call_sources", fl, lrows, lambda r: (r["roll_call_id"], r["source_id"]))
print("added", len(R), "roll calls and", len(S), "sources")
