"""Plotly figures as plain dicts, drawn by static/charts.js with plotly.js served by
this app (no CDN, no inline script: the page's CSP allows only the app's own files).

Figures are dicts, not graph_objects: building and validating those cost about 10 ms
per chart, most of a dashboard's time. Every chart reads at a glance: its title says
what and when (a heading above the plot), its legend sits under the plot, amounts name
their currency, weeks read as dates."""
import json
from datetime import date, timedelta

from babel.dates import format_skeleton
from markupsafe import Markup, escape
from ..language_now import language_now

COLORS = ("#2f7ed8", "#f28f43", "#3fa34d", "#d64541", "#8e6cc0", "#8c564b", "#e377c2",
          "#7f7f7f", "#17becf", "#bcbd22")


def _html(data: list, title: str, x_title: str = "", y_title: str = "", height=360,
          **layout) -> Markup:
    legend = len(data) > 1
    figure = {"data": data, "layout": {
        "height": height, "colorway": list(COLORS),
        # the app's own Thai font first: a machine without one shows boxes otherwise
        "font": {"family": '"ASD Thai", -apple-system, "Segoe UI", Roboto, sans-serif'},
        "margin": {"l": 60, "r": 20, "t": 16, "b": 40},
        # automargin: long labels grow the margin instead of being cut off
        "xaxis": {"automargin": True, "title": {"text": x_title}},
        "yaxis": {"title": {"text": y_title}, "automargin": True},
        "showlegend": legend,
        # the legend under the plot, clear of the title and of rotated labels
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": -0.2,
                   "yanchor": "top", "traceorder": "normal"}, **layout}}
    # the title is the page's text, not the plot's: it wraps on a phone instead of
    # running off the chart's right edge
    return Markup('<h6 class="chart-title">{}</h6><div class="chart" data-figure="{}"></div>'
                  ).format(title, escape(json.dumps(figure, separators=(",", ":"))))


def _plot_number(v):
    # Plotly needs JSON numbers; amounts are already rounded to cents, display only.
    return float(v)


def _labels(labels) -> list:
    return [str(label) for label in labels]


def bar(title: str, labels, values, y_title: str = "", notes=None) -> Markup:
    """Bars; `notes` (one per bar) show on hover beside the value (what a rate is of)."""
    trace = {"type": "bar", "x": _labels(labels), "y": [_plot_number(v) for v in values],
             "hovertemplate": "%{x}: %{y}<extra></extra>"}
    if notes is not None:
        trace.update(text=[str(n) for n in notes], textposition="none",
                     hovertemplate="%{x}: %{y} (%{text})<extra></extra>")
    return _html([trace], title, y_title=y_title)


def bars(title: str, labels, series: dict, y_title: str = "") -> Markup:
    """Several bars per label, side by side: {series name: values}."""
    x = _labels(labels)
    return _html([{"type": "bar", "name": name, "x": x, "y": [_plot_number(v) for v in values]}
                  for name, values in series.items()], title, y_title=y_title,
                 barmode="group")


def stacked(title: str, categories, series: dict) -> Markup:
    """One horizontal bar per category (read top to bottom), its parts stacked by
    series: {series name: values per category}; empty categories and series are left
    out."""
    keep = [n for n in range(len(categories)) if any(v[n] for v in series.values())]
    y = [str(categories[n]) for n in keep]  # a status nothing is in takes no room
    data = [{"type": "bar", "orientation": "h", "name": name, "y": y,
             "x": [_plot_number(values[n]) for n in keep],
             "hovertemplate": f"{escape(name)}, %{{y}}: %{{x}}<extra></extra>"}
            for name, values in series.items() if any(values)]
    height = max(300, 110 + 26 * len(y))
    return _html(data, title, height=height, barmode="stack",
                 yaxis={"automargin": True, "autorange": "reversed"})


def amounts_with_notes(title: str, labels, values, notes, x_title: str = "") -> Markup:
    """Horizontal bars of amounts, each with a note printed beside it (a limit and how
    much of it is used): both read, whatever their scales."""
    return _html([{"type": "bar", "orientation": "h", "y": _labels(labels),
                   "x": [_plot_number(v) for v in values], "text": list(notes),
                   "textposition": "outside", "cliponaxis": False,
                   "hovertemplate": "%{y}: %{x} (%{text})<extra></extra>"}],
                 title, x_title=x_title, height=max(300, 60 + 28 * len(labels)),
                 yaxis={"automargin": True, "autorange": "reversed"},
                 margin={"l": 60, "r": 140, "t": 48, "b": 40})


def week_label(start: date) -> str:
    """A week as people read it: "30 Nov – 6 Dec" (never a midnight time), in the
    reader's language."""
    end = start + timedelta(days=6)
    return f"{_day(start, 'MMMd')} – {_day(end, 'MMMd')}"


def period_label(start: date, end: date) -> str:
    return f"{_day(start, 'yMMMd')} – {_day(end, 'yMMMd')}"


def _day(day: date, skeleton: str) -> str:
    language = language_now("en")
    if language == "en":  # "30 Nov 2026", as the English pages always wrote it
        return f"{day.day} {day:%b %Y}" if "y" in skeleton else f"{day.day} {day:%b}"
    return format_skeleton(skeleton, day, locale=language)
