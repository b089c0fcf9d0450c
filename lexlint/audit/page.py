"""The audit's report: one HTML file with its styles, its one small script and its charts (SVG) inline, so it
opens anywhere with no network. Every string from the export goes through html.escape."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from lexlint import __version__, score
from lexlint.audit import charts
from lexlint.audit.tables import Table

TOP_ROWS = 20
GROUP_ROWS = 200  # agents or macros listed in the page (every one is in the CSV table)

STYLE = """
body{font:14px/1.45 Helvetica,Arial,sans-serif;color:#222;margin:0;background:#f6f7f9}
header{background:#1f2d3d;color:#fff;padding:18px 28px}header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;color:#c9d3de}main{padding:12px 28px 40px;max-width:1180px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{background:#fff;border:1px solid #dde2e8;border-radius:6px;padding:10px 16px;min-width:140px}
.card b{display:block;font-size:22px}.card span{color:#5b6875;font-size:12px}
section{background:#fff;border:1px solid #dde2e8;border-radius:6px;padding:14px 18px;margin:16px 0}
section h2{margin:0 0 8px;font-size:16px}figure{margin:8px 0;overflow-x:auto}figure svg{max-width:100%;height:auto}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{padding:4px 8px;border-bottom:1px solid #eceff3;
text-align:left;vertical-align:top}th{background:#f0f3f6;cursor:pointer;user-select:none}td.n{text-align:right}
.example{border-left:3px solid #4c78a8;padding:4px 10px;margin:8px 0;background:#fafbfc}
mark{background:#ffe08a}.try{color:#2f6d2f}.muted{color:#6b7785;font-size:12px}
input.filter{margin:4px 0 8px;padding:4px 8px;width:260px;border:1px solid #c7ced6;border-radius:4px}
"""

# Sorting and filtering the tables: the page's only script, with no outside reference.
SCRIPT = """
document.querySelectorAll('table.sortable').forEach(function (table) {
  table.querySelectorAll('th').forEach(function (th, col) {
    th.addEventListener('click', function () {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var down = th.getAttribute('data-down') !== '1';
      th.setAttribute('data-down', down ? '1' : '0');
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute('data-v') || a.cells[col].textContent;
        var y = b.cells[col].getAttribute('data-v') || b.cells[col].textContent;
        var nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return down ? -c : c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
document.querySelectorAll('input.filter').forEach(function (box) {
  var table = document.getElementById(box.getAttribute('data-table'));
  box.addEventListener('input', function () {
    var q = box.value.toLowerCase();
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
      r.style.display = r.textContent.toLowerCase().indexOf(q) >= 0 ? '' : 'none';
    });
  });
});
"""


def _figure(chart: Any | None, alt_text: str) -> str:
    if chart is None:
        return ""
    return f'<figure role="img" aria-label="{escape(alt_text)}">{charts.svg(chart)}</figure>'


def _table(rows: Table, columns: list[tuple[str, str]], table_id: str, limit: int | None = TOP_ROWS) -> str:
    shown = rows if limit is None else rows[:limit]
    if not shown:
        return '<p class="muted">Nothing to show.</p>'
    head = "".join(f"<th>{escape(title)}</th>" for _key, title in columns)
    body = []
    for row in shown:
        cells = []
        for key, _title in columns:
            value = row.get(key)
            if isinstance(value, float) and (key == "rate" or key.endswith("_rate")):
                cells.append(f'<td class="n" data-v="{value}">{value:.0%}</td>')
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                cells.append(
                    f'<td class="n">{value:g}</td>' if isinstance(value, float) else f'<td class="n">{value}</td>'
                )
            else:
                cells.append(f"<td>{escape('' if value is None else str(value))}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    more = f'<p class="muted">{len(rows) - len(shown)} more in the CSV table.</p>' if len(rows) > len(shown) else ""
    rows_html = "".join(body)
    table = f'<table class="sortable" id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{rows_html}</tbody></table>'
    return table + more


def _examples(rows: Table, rules: Table) -> str:
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_rule.setdefault(row["rule"], []).append(row)
    out = []
    for rule in (r["rule"] for r in rules):
        for ex in by_rule.get(rule, []):
            text, start, end = ex["text"], ex["start"], ex["end"]
            shown = f"{escape(text[:start])}<mark>{escape(text[start:end])}</mark>{escape(text[end:])}"
            suggestion = f'<div class="try">try: {escape(ex["suggestion"])}</div>' if ex["suggestion"] else ""
            out.append(
                f'<div class="example"><div class="muted">{escape(rule)} · reply {ex["message"]} (record '
                f"{ex['record']}) · score {ex['score']:g}</div><div>{shown}</div>{suggestion}</div>"
            )
    return "".join(out) or '<p class="muted">No findings.</p>'


def render(summary: dict[str, Any], tables: dict[str, Table], title: str) -> str:
    """The whole page."""
    totals = summary["totals"]
    has_agents = any(r["agent"] != "(none)" for r in tables["agents"])
    has_macros = any(r["macro"] != "(none)" for r in tables["macros"])
    conditional = [r for r in tables["compliance"] if r["applies"]]
    cards = [
        (f"{totals['messages']:,}", "replies linted"),
        (f"{totals['findings']:,}", "findings"),
        (f"{totals['per_100_replies']:g}", "findings per 100 replies"),
        (f"{totals['score']:g}", "mean score (0-100)"),
        (f"{totals['flagged'] / max(totals['messages'], 1):.0%}", "replies with a finding"),
    ]
    cards += [(f"{r['rate']:.0%}", f"{r['rule']} kept, when {r['when']}") for r in conditional]
    sections: list[tuple[str, str]] = []

    def add(heading: str, *parts: str) -> None:
        body = "".join(p for p in parts if p)
        if body:
            sections.append((heading, body))

    group_cols: Callable[[str], list[tuple[str, str]]] = lambda who: [  # noqa: E731
        (who, who),
        ("replies", "replies"),
        ("findings", "findings"),
        ("per_100_replies", "per 100 replies"),
        ("score", "mean score"),
        *((f"{r['rule']}_rate", f"{r['rule']} kept") for r in conditional),
    ]
    add(
        "Findings per rule",
        _figure(charts.findings_per_rule(tables), "findings per rule"),
        _table(
            tables["rules"],
            [
                ("rule", "rule"),
                ("kind", "kind"),
                ("findings", "findings"),
                ("messages", "replies"),
                ("per_100_replies", "per 100 replies"),
            ],
            "rules",
            None,
        ),
    )
    add("Scores", _figure(charts.overall_bands(totals), "replies by score"))
    if has_agents:
        add(
            "Per agent",
            _figure(charts.per_group_rate(tables, "agents", "agent"), "findings per 100 replies by agent"),
            _figure(charts.score_bands(tables, "agents", "agent"), "score distribution by agent"),
            '<input class="filter" data-table="agents" placeholder="filter agents">',
            _table(tables["agents"], group_cols("agent"), "agents", GROUP_ROWS),
        )
    if has_macros:
        add(
            "Per macro",
            _figure(charts.per_group_rate(tables, "macros", "macro"), "findings per 100 replies by macro"),
            '<input class="filter" data-table="macros" placeholder="filter macros">',
            _table(tables["macros"], group_cols("macro"), "macros", GROUP_ROWS),
        )
    add("Trend over time", _figure(charts.trend(tables), "trend over time"))
    add(
        "Ordering rules that apply when a move is there (empathy first, among replies to a problem)",
        _figure(charts.compliance(tables, agents=False), "compliance per conditional rule"),
        _figure(charts.compliance(tables, agents=True), "compliance by agent") if has_agents else "",
        _table(
            tables["compliance"],
            [
                ("rule", "rule"),
                ("when", "applies when"),
                ("applies", "replies"),
                ("complies", "kept"),
                ("rate", "share kept"),
            ],
            "compliance",
        ),
    )
    add(
        "Top rewrites",
        _figure(charts.rewrites(tables), "top rewrites"),
        _table(
            tables["rewrites"],
            [("rule", "rule"), ("matched", "written"), ("replacement", "rewrite"), ("findings", "findings fixed")],
            "rewrites",
        ),
    )
    add("Examples per rule, with the suggested rewrite", _examples(tables["examples"], tables["rules"]))
    add("How the score is worked out", _scoring_text())
    cards_html = "".join(f'<div class="card"><b>{escape(v)}</b><span>{escape(k)}</span></div>' for v, k in cards)
    body = "".join(f"<section><h2>{escape(h)}</h2>{b}</section>" for h, b in sections)
    unread = (
        f"<p>{totals['unreadable']:,} records could not be read and were skipped.</p>" if totals["unreadable"] else ""
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<header><h1>{escape(title)}</h1><p>{totals['records']:,} records · lexlint {escape(__version__)} · "
        f"tables beside this file in tables/, every reply in messages/ and findings/ (Parquet)</p></header>"
        f'<main><div class="cards">{cards_html}</div>{unread}{body}</main><script>{SCRIPT}</script></body></html>\n'
    )


def _scoring_text() -> str:
    p, o = score.PHRASE_WEIGHTS, score.ORDERING_WEIGHTS
    return (
        "<p>Each reply scores 100 less points for its findings. A phrase finding takes "
        f"{p['error']:g} (error), {p['warning']:g} (warning) or {p['info']:g} (info) points from a reply of up to "
        f"{score.NORM_WORDS} words, and proportionally less from a longer one (one finding per {score.NORM_WORDS} "
        "words weighs the same however long the reply). An ordering finding (empathy before the fix, the greeting "
        f"first) takes {o['error']:g}, {o['warning']:g} or {o['info']:g} points whatever the length, once per rule. "
        f"A reply with an error scores at most {score.CRITICAL_CAP:g}. A group's score (an agent's, a macro's, "
        "a day's) is the mean of its replies' scores; a reply with no findings scores 100.</p>"
    )
