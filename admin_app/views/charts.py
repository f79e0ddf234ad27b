"""Plotly figures rendered to HTML, with plotly.js served by this app (no CDN)."""
import plotly.graph_objects as go
import plotly.io as pio
from flask import url_for


def bar(title: str, labels, values, y_title: str = "") -> str:
    fig = go.Figure(go.Bar(x=list(labels), y=[float(v) for v in values]))
    fig.update_layout(title=title, height=320, margin=dict(l=40, r=20, t=50, b=40),
                      yaxis_title=y_title)
    return pio.to_html(fig, full_html=False, include_plotlyjs=url_for("plotly_js"),
                       config={"displaylogo": False})
