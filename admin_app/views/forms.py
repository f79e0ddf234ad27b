"""Small form helpers shared by custom pages."""
import secrets

from wtforms import HiddenField


def new_token() -> str:
    return secrets.token_urlsafe(24)


class IdempotencyField(HiddenField):
    """A one-time token rendered with the form; the rule refuses a second use."""

    def process_formdata(self, valuelist):
        self.data = valuelist[0] if valuelist else ""

    def _value(self):
        return self.data or new_token()
