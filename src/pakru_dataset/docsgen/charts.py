"""Charts for the docs, drawn from the data at build time as static SVG (matplotlib).

Each chart comes in a wide and a narrow drawing (the page picks one by screen width, so no
text renders under 11 px), with the data behind it as CSV and a short summary in words.
Colours are the Okabe–Ito palette, safe for the common colour-vision deficiencies.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from pakru_dataset.descriptor import humanize

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]
GREY = "#8C8C8C"
# Width (inches) and smallest font (points) per drawing; SVG units are points, so a 4.6 in
# drawing is 331 units wide and fills a 358 px phone column at about 1.08 px per unit.
SIZES = {"wide": (8.0, 10.5), "narrow": (4.6, 11.0)}
LEVEL_GROUPS = {
    "Heads of state or government": ("head_of_state", "head_of_government"),
    "Ministers": ("minister",),
    "Service chiefs and military": ("military_chief", "military"),
    "Officials, parliamentarians, experts": ("senior_official", "parliamentary", "working"),
}
TOP_SECTORS = 5
SMALL_N = 5


@dataclass
class Chart:
    slug: str
    title: str
    summary: str
    header: list[str]
    rows: list[list[object]]
    draw: Callable[[str], str]  # size name -> SVG

    def csv(self) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(self.header)
        writer.writerows(self.rows)
        return buf.getvalue()


def _figure(size: str, height: float):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    width, font = SIZES[size]
    plt.rcParams.update(
        {
            "svg.hashsalt": "pakru",
            "svg.fonttype": "none",
            "font.size": font,
            "axes.titlesize": font + 1,
            "axes.labelsize": font,
            "xtick.labelsize": font,
            "ytick.labelsize": font,
            "legend.fontsize": font,
            "font.family": "sans-serif",
        }
    )
    fig, ax = plt.subplots(figsize=(width, height * (1.35 if size == "narrow" else 1.0)))
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def _svg(fig, credit: str) -> str:
    import matplotlib.pyplot as plt

    fig.text(0.01, 0.005, credit, ha="left", va="bottom", color="#444444")
    buf = io.StringIO()
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    fig.savefig(buf, format="svg", metadata={"Date": None})
    plt.close(fig)
    return buf.getvalue()


def _years(values: list[int]) -> list[int]:
    return list(range(min(values), max(values) + 1)) if values else []


def _stacked(size: str, years: list[int], series: dict[str, list[int]], title: str, ylabel: str, credit: str):
    fig, ax = _figure(size, 4.4)
    bottom = [0] * len(years)
    for i, (name, values) in enumerate(series.items()):
        color = GREY if name.startswith("Other") else OKABE_ITO[i % len(OKABE_ITO)]
        drawn = [(y, v, b) for y, v, b in zip(years, values, bottom, strict=True) if v]
        if drawn:  # zero-height bars only cost drawing time
            xs, heights, bases = zip(*drawn, strict=True)
            ax.bar(xs, heights, bottom=bases, label=name, color=color, width=0.85)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylabel(ylabel)
    ax.set_title(title, loc="left")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(frameon=False, ncols=1 if size == "narrow" else 2, loc="upper left")
    ax.set_ylim(0, max(bottom) * (1.9 if size == "narrow" else 1.45) if bottom else 1)
    return _svg(fig, credit)


def engagements_by_level(con, credit: str) -> Chart:
    rows = con.execute(
        "SELECT year, level, engagements FROM engagements_by_year_level ORDER BY 1, 2"
    ).fetchall()
    years = _years([r[0] for r in rows])
    group_of = {level: g for g, levels in LEVEL_GROUPS.items() for level in levels}
    series = {g: [0] * len(years) for g in LEVEL_GROUPS}
    for year, level, n in rows:
        series[group_of.get(level, "Officials, parliamentarians, experts")][years.index(year)] += n
    totals = [sum(v) for v in zip(*series.values(), strict=True)] if years else []
    peak = max(range(len(years)), key=lambda i: totals[i]) if years else 0
    heads = series["Heads of state or government"]
    summary = (
        f"{sum(totals)} engagements from {years[0]} to {years[-1]}; the busiest year is {years[peak]} "
        f"with {totals[peak]}. {sum(heads)} were at the level of heads of state or government. "
        "Recent decades are far better documented online, so the rise partly reflects the record."
        if years
        else "No engagements yet."
    )
    return Chart(
        "engagements-by-level",
        "Engagements per year, by level",
        summary,
        ["year", *LEVEL_GROUPS],
        [[y, *(series[g][i] for g in LEVEL_GROUPS)] for i, y in enumerate(years)],
        lambda size: _stacked(size, years, series, "Engagements per year, by level", "Engagements", credit),
    )


def agreements_by_sector(con, credit: str) -> Chart:
    rows = con.execute(
        "SELECT year(signed_date) AS year, sector, count(*) FROM agreements GROUP BY ALL ORDER BY 1, 2"
    ).fetchall()
    totals: dict[str, int] = {}
    for _, sector, n in rows:
        totals[sector] = totals.get(sector, 0) + n
    top = sorted(totals, key=lambda s: (-totals[s], s))[:TOP_SECTORS]
    names = {s: humanize(s) for s in top}
    other = "Other sectors"
    years = _years([r[0] for r in rows])
    series = {names[s]: [0] * len(years) for s in top} | {other: [0] * len(years)}
    for year, sector, n in rows:
        series[names.get(sector, other)][years.index(year)] += n
    summary = (
        f"{sum(totals.values())} agreements signed from {years[0]} to {years[-1]}. The largest sectors are "
        + ", ".join(f"{humanize(s).lower()} ({totals[s]})" for s in top)
        + "."
        if years
        else "No agreements yet."
    )
    return Chart(
        "agreements-by-sector",
        "Agreements signed per year, by sector",
        summary,
        ["year", *series],
        [[y, *(series[k][i] for k in series)] for i, y in enumerate(years)],
        lambda size: _stacked(
            size, years, series, "Agreements signed per year, by sector", "Agreements", credit
        ),
    )


def vote_agreement(con, credit: str) -> Chart:
    """Share of same votes per decade as points, each labelled with the votes behind it."""
    rows = con.execute(
        "SELECT (year // 10) * 10 AS decade, count(*) AS roll_calls, count(*) FILTER (WHERE both_voted), "
        "count(*) FILTER (WHERE same_vote) FROM roll_call_votes GROUP BY 1 ORDER BY 1"
    ).fetchall()
    points = [(d, n, both, same) for d, n, both, same in rows if both]
    total_n = sum(r[1] for r in rows)
    caveat = (
        f"The {total_n} roll calls were chosen by topic, not sampled from all UN votes: "
        "read the shares as these votes only."
    )

    def draw(size: str) -> str:
        import textwrap

        fig, ax = _figure(size, 4.6)
        xs = [d + 5 for d, *_ in points]
        shares = [100 * same / both for _, _, both, same in points]
        ax.plot(xs, shares, color=OKABE_ITO[0], linewidth=1.5, zorder=1)
        for x, share, (_, _, both, same) in zip(xs, shares, points, strict=True):
            small = both < SMALL_N
            ax.scatter(
                [x],
                [share],
                s=40 + 8 * both,
                facecolor="white" if small else OKABE_ITO[0],
                edgecolor=OKABE_ITO[0],
                linewidth=2,
                zorder=2,
            )
            ax.annotate(
                f"{same}/{both}",
                (x, share),
                xytext=(0, 12 if share < 85 else -20),
                textcoords="offset points",
                ha="center",
            )
        ax.set_ylim(-8, 112)
        ax.set_yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
        ticks = [d for d, *_ in points]
        ax.set_xticks(
            [t + 5 for t in ticks], [f"{t}s" if size == "wide" else f"’{t % 100:02d}" for t in ticks]
        )
        ax.set_ylabel("Voted the same way")
        ax.set_title("Pakistan and USSR/Russia voting alike, selected UN votes", loc="left")
        width = 95 if size == "wide" else 50
        note = f"Labels: same votes / votes both cast; hollow = fewer than {SMALL_N}. " + caveat
        ax.text(
            0, -0.2 if size == "wide" else -0.24, textwrap.fill(note, width), transform=ax.transAxes, va="top"
        )
        fig.subplots_adjust(bottom=0.3)
        return _svg(fig, credit)

    described = "; ".join(f"{d}s: {same} of {both}" for d, _, both, same in points)
    summary = (
        f"How often Pakistan and the USSR or Russia cast the same vote, per decade, among the roll calls "
        f"in the dataset in which both voted ({described}). {caveat}"
    )
    return Chart(
        "vote-agreement",
        "Voting alike at the UN, selected roll calls",
        summary,
        ["decade", "roll_calls", "both_voted", "same_vote", "share_same"],
        [[d, n, both, same, round(same / both, 3) if both else ""] for d, n, both, same in rows],
        draw,
    )


CHARTS: dict[str, Callable] = {
    "engagements-by-level": engagements_by_level,
    "vote-agreement": vote_agreement,
    "agreements-by-sector": agreements_by_sector,
}


def build(con, credit: str) -> list[Chart]:
    return [make(con, credit) for make in CHARTS.values()]


def chart_markdown(chart: Chart, depth: str = "") -> str:
    """The chart as a picture (narrow drawing on phones), its summary and its data."""
    base = f"{depth}assets/charts/{chart.slug}"
    return (
        f'<figure class="pakru-figure" markdown="0"><picture>'
        f'<source media="(max-width: 700px)" srcset="{base}-narrow.svg">'
        f'<img class="pakru-chart" src="{base}.svg" alt="Chart: {chart.title}. Summary below." '
        f'loading="lazy" width="800" height="440"></picture>'
        f"<figcaption>{chart.summary} "
        f'<a href="{base}.csv" download>Data behind this chart (CSV)</a> · '
        f'<a href="{base}.svg">SVG</a></figcaption></figure>'
    )
