"""The core (rules, models, reports) imports without Flask: a worker, the CLI or an API
adapter call the same use cases the pages do."""
import subprocess
import sys

WEB = ("flask", "flask_admin", "flask_login", "flask_wtf", "flask_sqlalchemy", "werkzeug",
       "jinja2", "wtforms")


def test_the_rules_import_in_a_fresh_interpreter_without_flask():
    code = ("import sys, admin_app.rules, admin_app.rules.wiring, admin_app.reports;"
            "from admin_app.rules.core.usecase import registry; n = len(registry());"
            f"web = sorted(m for m in sys.modules if m.split('.')[0] in {WEB!r});"
            "print(n, web)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split(" ", 1)
    assert int(out[0]) > 40
    assert out[1].strip() == "[]"
