"""Reaching customers (SPEC S7): email campaigns, and the outbox that delivers them."""
