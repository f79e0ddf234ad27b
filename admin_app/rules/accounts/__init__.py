"""Users (SPEC S1): Argon2id passwords, authentication, ending sessions, who may
manage whom."""
