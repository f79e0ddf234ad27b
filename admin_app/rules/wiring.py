"""The hooks that join one area's rules to another's, installed once by importing this
module (the app, the CLI and a worker do): an exchange completes when its order is
approved, a distributor's after-sales follows its supplier's, a service marks
uncollected orders."""
from .aftersales import exchange, services  # noqa: F401
from . import distribution  # noqa: F401
