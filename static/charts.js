// Draws every chart of the page from its data-figure (made by views/charts.py).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".chart[data-figure]").forEach(function (node) {
    var figure = JSON.parse(node.dataset.figure);
    Plotly.newPlot(node, figure.data, figure.layout, {displaylogo: false, displayModeBar: false, responsive: true});
  });
});
