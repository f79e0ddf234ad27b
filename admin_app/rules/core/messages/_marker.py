def _(text: str) -> str:
    """Marks a catalog entry for translation (pybabel extracts `_`); the words are
    translated when a message is rendered, not when the catalog is built."""
    return text
