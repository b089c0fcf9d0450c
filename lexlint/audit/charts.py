"""The report's charts: Vega-Lite specs built with Altair, rendered to SVG here by vl-convert (which bundles
Vega), so the page draws them with no script and no network. Each function takes the audit's tables and
returns the chart, or None when the export has nothing to draw (no agent column, no times)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from lexlint.audit.tables import Table, band_names

if TYPE_CHECKING:
    import altair as alt

TOP = 20  # agents, macros and rewrites drawn (the tables have them all)
LABEL = 36  # characters of a name shown on an axis
WEEKS_AFTER_DAYS = 92  # a longer trend is drawn by week
WIDTH = 560
COLORS = {"phrase": "#4c78a8", "ordering": "#f58518"}
FONT = "Helvetica, Arial, sans-serif"


def _clip(name: object) -> str:
    text = str(name)
    return text if len(text) <= LABEL else text[: LABEL - 1] + "…"


def _data(rows: list[dict[str, Any]]) -> alt.Data:
    import altair as alt

    return alt.Data(values=rows)


def _config(chart: Any) -> Any:
    return chart.configure(font=FONT).configure_view(stroke=None).configure_axis(labelLimit=260)


def findings_per_rule(tables: dict[str, Table]) -> alt.TopLevelMixin | None:
    import altair as alt

    rows = tables["rules"]
    if not rows:
        return None
    chart = (
        alt.Chart(_data(rows), title="Findings per rule", width=WIDTH)
        .mark_bar()
        .encode(
            x=alt.X("findings:Q", title="findings"),
            y=alt.Y("rule:N", sort="-x", title=None),
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(domain=list(COLORS), range=list(COLORS.values())),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=["rule:N", "findings:Q", "messages:Q", "per_100_replies:Q"],
        )
    )
    return _config(chart)


def per_group_rate(tables: dict[str, Table], key: str, who: str) -> alt.TopLevelMixin | None:
    """Findings per 100 replies for the groups with the most replies, each bar labelled with its mean score."""
    import altair as alt

    rows = [r for r in tables[key] if r[who] != "(none)"][:TOP]
    if not rows:
        return None
    data = [{**r, "name": _clip(r[who])} for r in rows]
    base = alt.Chart(
        _data(data), title=f"Findings per 100 replies by {who}, most replies first (label: mean score)", width=WIDTH
    )
    order = [d["name"] for d in data]
    bars = base.mark_bar(color="#4c78a8").encode(
        x=alt.X("per_100_replies:Q", title="findings per 100 replies"),
        y=alt.Y("name:N", sort=order, title=None),
        tooltip=[alt.Tooltip("name:N", title=who), "replies:Q", "per_100_replies:Q", "score:Q"],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=10, color="#333").encode(
        x="per_100_replies:Q", y=alt.Y("name:N", sort=order), text=alt.Text("score:Q", format=".1f")
    )
    return _config(bars + labels)


def score_bands(tables: dict[str, Table], key: str, who: str) -> alt.TopLevelMixin | None:
    """Each group's replies by score band, as shares of its replies: where a group's scores lie."""
    import altair as alt

    rows = [r for r in tables[key] if r[who] != "(none)"][:TOP]
    if not rows:
        return None
    cells = [
        {"name": _clip(r[who]), "band": band, "share": r[f"score_{band}"] / r["replies"], "replies": r[f"score_{band}"]}
        for r in rows
        for band in band_names()
    ]
    order = list(dict.fromkeys(c["name"] for c in cells))
    chart = (
        alt.Chart(_data(cells), title=f"Score distribution by {who} (share of each one's replies)", width=WIDTH)
        .mark_rect()
        .encode(
            x=alt.X("band:O", sort=band_names(), title="score", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("name:N", sort=order, title=None),
            color=alt.Color("share:Q", scale=alt.Scale(scheme="blues"), legend=alt.Legend(format=".0%", title=None)),
            tooltip=[alt.Tooltip("name:N", title=who), "band:O", "replies:Q", alt.Tooltip("share:Q", format=".1%")],
        )
    )
    return _config(chart)


def overall_bands(summary: dict[str, Any]) -> alt.TopLevelMixin:
    import altair as alt

    rows = [{"band": band, "replies": n} for band, n in summary["score_bands"].items()]
    chart = (
        alt.Chart(_data(rows), title="Replies by score", width=WIDTH, height=160)
        .mark_bar(color="#54a24b")
        .encode(
            x=alt.X("band:O", sort=band_names(), title="score", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("replies:Q", title="replies"),
            tooltip=["band:O", "replies:Q"],
        )
    )
    return _config(chart)


def _weekly(rows: Table) -> Table:
    """Days added up into weeks (starting on Monday), the score weighted by replies."""
    weeks: dict[str, dict[str, float]] = {}
    for r in rows:
        day = dt.date.fromisoformat(r["day"])
        start = (day - dt.timedelta(days=day.weekday())).isoformat()
        w = weeks.setdefault(start, {"replies": 0, "findings": 0, "score_sum": 0.0})
        w["replies"] += r["replies"]
        w["findings"] += r["findings"]
        w["score_sum"] += r["score"] * r["replies"]
    return [
        {
            "day": start,
            "replies": int(w["replies"]),
            "per_100_replies": round(100 * w["findings"] / w["replies"], 1),
            "score": round(w["score_sum"] / w["replies"], 1),
        }
        for start, w in sorted(weeks.items())
    ]


def trend(tables: dict[str, Table]) -> alt.TopLevelMixin | None:
    """Mean score and findings per 100 replies over time, by day (by week over a long span)."""
    import altair as alt

    rows = tables["trend"]
    if not rows:
        return None
    span = (dt.date.fromisoformat(rows[-1]["day"]) - dt.date.fromisoformat(rows[0]["day"])).days
    weekly = span > WEEKS_AFTER_DAYS
    if weekly:
        rows = _weekly(rows)
    period = "week" if weekly else "day"
    base = alt.Chart(_data(rows), title=f"Trend by {period}", width=WIDTH, height=220).encode(
        x=alt.X("day:T", title=None)
    )
    score_line = base.mark_line(point=True, color="#54a24b").encode(
        y=alt.Y("score:Q", title="mean score", scale=alt.Scale(zero=False)),
        tooltip=["day:T", "replies:Q", "score:Q", "per_100_replies:Q"],
    )
    rate_line = base.mark_line(strokeDash=[4, 3], color="#e45756").encode(
        y=alt.Y("per_100_replies:Q", title="findings per 100 replies (dashed)")
    )
    return _config(alt.layer(score_line, rate_line).resolve_scale(y="independent"))


def compliance(tables: dict[str, Table], agents: bool) -> alt.TopLevelMixin | None:
    """The share of replies each conditional ordering rule applies to that keep it; by agent for the first
    rule (empathy before the fix, with the bundled rules) when `agents`."""
    import altair as alt

    rows = [r for r in tables["compliance"] if r["applies"]]
    if not rows:
        return None
    if agents:
        rule = rows[0]["rule"]
        data = [
            {"name": _clip(r["agent"]), "rate": r[f"{rule}_rate"], "applies": r[f"{rule}_applies"]}
            for r in tables["agents"][:TOP]
            if r["agent"] != "(none)" and r.get(f"{rule}_applies")
        ]
        if not data:
            return None
        title = f"{rule}: replies kept, of those it applies to (when {rows[0]['when']}), by agent"
    else:
        data = [{"name": f"{r['rule']} (when {r['when']})", "rate": r["rate"], "applies": r["applies"]} for r in rows]
        title = "Conditional ordering rules: replies kept, of those each applies to"
    order = [d["name"] for d in data]
    chart = (
        alt.Chart(_data(data), title=title, width=WIDTH)
        .mark_bar(color="#72b7b2")
        .encode(
            x=alt.X("rate:Q", title="share kept", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
            y=alt.Y("name:N", sort=order, title=None),
            tooltip=["name:N", "applies:Q", alt.Tooltip("rate:Q", format=".1%")],
        )
    )
    return _config(chart)


def rewrites(tables: dict[str, Table]) -> alt.TopLevelMixin | None:
    """The rewrites that would fix the most findings."""
    import altair as alt

    rows = tables["rewrites"][:TOP]
    if not rows:
        return None
    data = [{**r, "name": _clip(f"{r['matched']} → {r['replacement']}")} for r in rows]
    order = [d["name"] for d in data]
    chart = (
        alt.Chart(_data(data), title="Top rewrites: the findings each would fix", width=WIDTH)
        .mark_bar(color="#b279a2")
        .encode(
            x=alt.X("findings:Q", title="findings fixed"),
            y=alt.Y("name:N", sort=order, title=None),
            tooltip=["rule:N", "matched:N", "replacement:N", "findings:Q"],
        )
    )
    return _config(chart)


def svg(chart: Any) -> str:
    """The chart as an SVG document, rendered here (no network, no browser)."""
    import vl_convert

    return str(vl_convert.vegalite_to_svg(chart.to_dict()))
