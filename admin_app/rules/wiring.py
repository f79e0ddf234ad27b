"""The hooks that join one area's rules to another's, installed once by importing this
module (the app, the CLI and a worker do): an exchange completes when its order is
approved, a distributor's after-sales follows its supplier's, a service marks
uncollected orders, a platform's return stops its clocks at stock-in."""
from .aftersales import exchange, services  # noqa: F401
from . import distribution, platforms  # noqa: F401
