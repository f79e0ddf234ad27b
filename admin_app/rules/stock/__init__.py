"""Inventory (SPEC S3): stock levels kept equal to an append-only journal of
movements, combos moving their sub-SKUs, unqualified notes."""
