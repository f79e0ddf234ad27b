"""Plotly figures as plain dicts, drawn by static/charts.js with plotly.js served by
this app (no CDN, no inline script: the page's CSP allows only the app's own files).

Figures are dicts, not graph_objects: building and validating those cost about 10 ms
per chart, most of a dashboard's time."""
import json

from markupsafe import Markup, escape


def _html(data: list, title: str, y_title: str, **layout) -> Markup:
    figure = {"data": data, "layout": {
        "title": {"text": title}, "height": 360,
        "margin": {"l": 60, "r": 20, "t": 70, "b": 40},
        # automargin: long labels grow the margin instead of being cut off; the legend
        # sits above the plot, clear of rotated labels
        "xaxis": {"automargin": True}, "yaxis": {"title": {"text": y_title},
                                                 "automargin": True},
        "legend": {"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02,
                   "yanchor": "bottom"}, **layout}}
    return Markup('<div class="chart" data-figure="{}"></div>').format(
        escape(json.dumps(figure, separators=(",", ":"))))


def _plot_number(v):
    # Plotly needs JSON numbers; amounts are already rounded to cents, display only.
    return float(v)


def _labels(labels) -> list:
    return [str(label) for label in labels]


def bar(title: str, labels, values, y_title: str = "") -> Markup:
    return _html([{"type": "bar", "x": _labels(labels),
                   "y": [_plot_number(v) for v in values]}], title, y_title)


def bars(title: str, labels, series: dict, y_title: str = "") -> Markup:
    """Several bars per label: {series name: values}."""
    x = _labels(labels)
    return _html([{"type": "bar", "name": name, "x": x, "y": [_plot_number(v) for v in values]}
                  for name, values in series.items()], title, y_title, barmode="group")
