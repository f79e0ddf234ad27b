"""What every area shares (SPEC S1, S9): the refusal types, the audit trail, one-time
form tokens, document numbers, state machines as data, and the permission check."""
