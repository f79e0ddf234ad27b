"""Which organization's rows a request may touch (SPEC S1, S6).

A user reads and changes the rows of their own organization. Another organization's row
may be touched only through a supplier partnership (S6): distribution adds that case
here, in this one function, and nowhere else. Until then every such request is refused
(the views answer 404)."""

PURPOSES = ("read", "write")


def may_touch(session, org_id: int, row, purpose: str = "read") -> bool:
    """Whether a request of organization `org_id` may `purpose` (read or write) `row`."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    owner = getattr(row, "org_id", None)
    return owner is None or owner == org_id
