"""Long id lists cut into parts for `IN (...)`: databases cap a statement's parameters
(SQLite at 32,766), and an import or a bulk lock can name tens of thousands."""

IN_LIST = 500


def chunks(values, size: int = IN_LIST):
    """The values, as lists of at most `size`, in their order."""
    values = list(values)
    for i in range(0, len(values), size):
        yield values[i:i + size]
