"""The domain: plain functions over models and Decimals.

Rules never commit, flash or import Flask; they raise RuleError (or a subclass) with a
message a user can act on, and the caller rolls back.
"""
