"""The app's css, scripts, fonts and vendored plotly.js: installed as admin_app.static
(pyproject maps this folder there), found through admin_app.paths."""
