"""Sales (SPEC S2, S4): orders with priced lines and their status pipeline,
cancellation with the revert of store credit and points (seed 004), prices of items
added by hand, combo SKUs, and channel buyers matched into the customer file."""
