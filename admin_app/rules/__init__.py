"""The domain: plain functions over models and Decimals, grouped by area.

- core: errors, audit trail, idempotency, document numbers, state machines, permissions
- sales: orders, their status, cancellation, pricing, catalog, customers (S2, S4)
- credit: the ledger, credit terms, payments, store credit, points, adjustments, the
  per-order money account, verification of the books (S4)
- aftersales: the kinds of after-sales order, their orders, exchange, refund orders and
  the refund posting (S5)
- stock: stock levels and movements, unqualified notes (S3)
- accounts: users and passwords (S1)

Rules never commit, flash or import Flask; a use case checks its caller
(core/usecase.py), returns what it did, and refuses with RuleError(code, params, field)
whose words are in core/messages; rules/core/unit_of_work.py commits or rolls back. A
package may import from the ones listed above it, never from one below
(tests/test_layout.py checks there is no import cycle).
"""
