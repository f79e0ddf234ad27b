"""Refusal messages: the JSON API's tokens and requests (issue 25)."""
from ._marker import _

MESSAGES = {
    'api.token_name': _('Name: give the token a name of at most 80 characters.'),
    'api.token_for_role_main_only': _('Only the main account can create a token for a role.'),
    'api.token_expiry_past': _('Expires on: choose a day after today ({today}).'),
    'api.token_not_yours': _("Only the token's owner or the main account can revoke it."),
    'api.key_reused': _('This Idempotency-Key was sent before with a different request. '
                        'Use a new key for a new request.'),
    'api.key_running': _('A request with this Idempotency-Key is still running. Retry '
                         'in a few seconds to get its answer.'),
    'api.key_invalid': _('Idempotency-Key: use 1 to 255 visible ASCII characters.'),
    'api.cursor_invalid': _('cursor: this is not a cursor this list gave. Start from the '
                            'first page.'),
    'webhook.url_invalid': _('URL: give the address that receives the events, starting '
                             'with https:// (at most 500 characters, no password in it).'),
    'webhook.url_private': _('URL: {host} is inside this server\'s own network; give the '
                             'receiver\'s address on the internet.'),
    'webhook.events_choose': _('Events: choose at least one event{unknown}.'),
    'api.period_invalid': _('Period: the end is on or after the start, at most {days} '
                            'days later.'),
}
