"""Plotly figures rendered to HTML, with plotly.js served by this app (no CDN)."""
import plotly.graph_objects as go
import plotly.io as pio
from flask import url_for


def _html(fig, title: str, y_title: str) -> str:
    fig.update_layout(title=title, height=320, margin=dict(l=40, r=20, t=50, b=40),
                      yaxis_title=y_title, legend=dict(orientation="h"))
    return pio.to_html(fig, full_html=False, include_plotlyjs=url_for("plotly_js"),
                       config={"displaylogo": False})


def _plot_number(v):
    # Plotly needs JSON numbers; amounts are already rounded to cents, display only.
    return float(v)


def bar(title: str, labels, values, y_title: str = "") -> str:
    fig = go.Figure(go.Bar(x=list(labels), y=[_plot_number(v) for v in values]))
    return _html(fig, title, y_title)


def bars(title: str, labels, series: dict, y_title: str = "") -> str:
    """Several bars per label: {series name: values}."""
    fig = go.Figure([go.Bar(name=name, x=list(labels), y=[_plot_number(v) for v in values])
                     for name, values in series.items()])
    fig.update_layout(barmode="group")
    return _html(fig, title, y_title)
