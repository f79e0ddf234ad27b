"""The domain: plain functions over models and Decimals, grouped by area.

- core: errors, audit trail, idempotency, document numbers, state machines, permissions
- sales: orders, their status, cancellation, pricing, catalog, customers (S2, S4)
- credit: the ledger, credit terms, payments, store credit, points, adjustments, the
  per-order money account, verification of the books (S4)
- aftersales: the kinds of after-sales order, their orders, exchange, refund orders and
  the refund posting (S5)
- stock: stock levels and movements, unqualified notes (S3)
- accounts: users and passwords (S1)

Rules never commit, flash or import Flask; they raise RuleError (or a subclass) with a
message a user can act on, and the caller rolls back. A package may import from the
ones listed above it, never from one below (tests/test_layout.py checks there is no
import cycle).
"""
