"""After-sales orders (SPEC S5, later S6 and S7): each kind's definition, creating and
moving after-sales orders, return stock-in, exchange orders, refund orders and the
ledger posting of a refund."""
