"""Plotly figures rendered to HTML, with plotly.js served by this app (no CDN).

Figures are plain dicts rendered without validation: building graph_objects and
validating them cost about 10 ms per chart, most of a dashboard's time."""
import plotly.io as pio
from flask import url_for


def _html(data: list, title: str, y_title: str, **layout) -> str:
    figure = {"data": data, "layout": {
        "title": {"text": title}, "height": 320,
        "margin": {"l": 40, "r": 20, "t": 50, "b": 40},
        "yaxis": {"title": {"text": y_title}}, "legend": {"orientation": "h"}, **layout}}
    return pio.to_html(figure, full_html=False, include_plotlyjs=url_for("plotly_js"),
                       config={"displaylogo": False}, validate=False)


def _plot_number(v):
    # Plotly needs JSON numbers; amounts are already rounded to cents, display only.
    return float(v)


def _labels(labels) -> list:
    return [str(label) for label in labels]


def bar(title: str, labels, values, y_title: str = "") -> str:
    return _html([{"type": "bar", "x": _labels(labels),
                   "y": [_plot_number(v) for v in values]}], title, y_title)


def bars(title: str, labels, series: dict, y_title: str = "") -> str:
    """Several bars per label: {series name: values}."""
    x = _labels(labels)
    return _html([{"type": "bar", "name": name, "x": x, "y": [_plot_number(v) for v in values]}
                  for name, values in series.items()], title, y_title, barmode="group")
