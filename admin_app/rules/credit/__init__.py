"""Customer accounts (SPEC S4): the append-only ledger, credit terms and limits,
Receive Payment, store credit in lots, member points, balance adjustments, the money
account of each order, and the verification of the books."""
