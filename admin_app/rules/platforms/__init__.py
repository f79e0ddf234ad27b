"""Platform after-sales and their clocks (SPEC S12).

tables      each channel's status mapping and deadlines (defaults.json, with sources,
            and the organization's own rows), the organization's holidays
clocks      when a clock runs out: hours, calendar or working days in the zone
deadlines   the clock running on an order, what happens when it passes, missed ones
requests    a channel's request received (created once per store and request id, then
            updated), the platform's status applied, the seller's answer, the
            platform's refund on the order's money account
evidence    links, photos and videos on an after-sales order
claims      disputes and logistics claims, their outcome and compensation
alerts      the deadline-alerts job's digest
settings    the organization's own deadlines, statuses and holidays
"""
from ..aftersales import actions, hooks
from . import requests, verification  # noqa: F401

hooks.ON_STOCK_IN.append(requests.stop_on_stock_in)
actions.RULES["accept"] = requests.accept  # a row button and the API's event
