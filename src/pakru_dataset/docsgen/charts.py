"""Charts for the docs, drawn from the data at build time as static SVG (matplotlib)."""

from __future__ import annotations

import io

TOP_TYPES = 6
PALETTE = [
    "#01411c",
    "#2e7d32",
    "#d52b1e",
    "#0039a6",
    "#f9a825",
    "#6a1b9a",
    "#00838f",
    "#8d6e63",
    "#9e9e9e",
    "#ef6c00",
    "#455a64",
    "#ad1457",
]


def _figure(width: float = 9.0, height: float = 4.2):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {"svg.hashsalt": "pakru", "svg.fonttype": "none", "font.size": 10, "font.family": "sans-serif"}
    )
    fig, ax = plt.subplots(figsize=(width, height))
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def _svg(fig) -> str:
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    fig.tight_layout()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    plt.close(fig)
    return buf.getvalue()


def engagements_by_year(con) -> str:
    """Stacked bars: engagements per year, by type (the most common types, then 'other')."""
    rows = con.execute("SELECT year, engagement_type, engagements FROM engagements_by_year_type").fetchall()
    totals: dict[str, int] = {}
    for _, kind, n in rows:
        totals[kind] = totals.get(kind, 0) + n
    top = sorted(totals, key=lambda k: (-totals[k], k))[:TOP_TYPES]
    years = list(range(min(r[0] for r in rows), max(r[0] for r in rows) + 1)) if rows else []
    series = {k: [0] * len(years) for k in [*top, "other"]}
    for year, kind, n in rows:
        series[kind if kind in top else "other"][years.index(year)] += n
    fig, ax = _figure()
    bottom = [0] * len(years)
    for i, (kind, values) in enumerate(series.items()):
        if not any(values):
            continue
        ax.bar(years, values, bottom=bottom, label=kind.replace("_", " "), color=PALETTE[i], width=0.85)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_xlabel("Year")
    ax.set_ylabel("Engagements")
    ax.set_title("Pakistan–USSR/Russia engagements per year, by type")
    ax.legend(frameon=False, fontsize=8, ncols=2)
    return _svg(fig)


def agreements_by_sector(con) -> str:
    """Horizontal stacked bars: agreements per sector, split by latest status."""
    rows = con.execute("SELECT sector, status, agreements FROM agreements_by_sector_status").fetchall()
    sectors = sorted({r[0] for r in rows}, key=lambda s: -sum(r[2] for r in rows if r[0] == s))
    statuses = sorted({r[1] for r in rows})
    fig, ax = _figure(height=max(3.0, 0.45 * len(sectors) + 1.2))
    left = [0] * len(sectors)
    for i, status in enumerate(statuses):
        values = [sum(r[2] for r in rows if r[0] == s and r[1] == status) for s in sectors]
        ax.barh(sectors, values, left=left, label=status.replace("_", " "), color=PALETTE[i])
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.invert_yaxis()
    ax.set_xlabel("Agreements")
    ax.set_ylabel("Sector")
    ax.set_title("Agreements by sector and latest known status")
    ax.legend(frameon=False, fontsize=8, title="status", title_fontsize=8)
    return _svg(fig)


def vote_agreement(con) -> str:
    """Share of roll calls in which both voted the same way, per decade, with the counts."""
    rows = con.execute(
        "SELECT (year // 10) * 10 AS decade, count(*) FILTER (WHERE both_voted), "
        "count(*) FILTER (WHERE same_vote) FROM roll_call_votes GROUP BY 1 ORDER BY 1"
    ).fetchall()
    rows = [r for r in rows if r[1]]
    fig, ax = _figure()
    labels = [f"{d}s" for d, _, _ in rows]
    shares = [100 * same / both for _, both, same in rows]
    bars = ax.bar(labels, shares, color=PALETTE[0])
    for bar, (_, both, same) in zip(bars, rows, strict=True):
        ax.annotate(
            f"{same} of {both}",
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=8,
            xytext=(0, 2),
            textcoords="offset points",
        )
    ax.set_ylim(0, 110)
    ax.set_xlabel("Decade")
    ax.set_ylabel("Same vote (% of roll calls both voted in)")
    ax.set_title("Pakistan and the USSR/Russia at the UN: how often they voted alike")
    return _svg(fig)


CHARTS = {
    "engagements-by-year.svg": engagements_by_year,
    "agreements-by-sector.svg": agreements_by_sector,
    "vote-agreement.svg": vote_agreement,
}
