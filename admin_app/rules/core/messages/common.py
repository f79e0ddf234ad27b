"""Refusal messages: Forms, text, files, users, states, use of rows, access (SPEC S1)."""
from ._marker import _

MESSAGES = {
    'user.password_use_least_characters': _(
        'Password: use at least {min_password_length} characters.'
    ),
    'user.password_use_most_200': _('Password: use at most 200 characters.'),
    'user.current_password_your_password': _('Current password: that is not your password.'),
    'user.main_account_change_main': _('Only the main account can change the main account.'),
    'user.main_account_deactivated': _('The main account cannot be deactivated.'),
    'user.you_deactivate_your_own': _('You cannot deactivate your own account.'),
    'user.main_account_deleted': _('The main account cannot be deleted.'),
    'user.you_delete_your_own': _('You cannot delete your own account.'),
    'user.password_new_user_needs': _(
        'Password: a new user needs a password (at least {min_password_length} '
        'characters).'
    ),
    'form.form_expired_reload_page': _(
        'This form has expired. Reload the page and submit it again.'
    ),
    'form.form_already_submitted_applied': _(
        'This form was already submitted; it was applied once.'
    ),
    'text.letters_digits_punctuation_without': _(
        '{label}: letters, digits and punctuation only, without line breaks, tabs or '
        'other control characters.'
    ),
    'text.most_characters_given': _('{label}: at most {limit:,} characters ({text:,} given).'),
    'text.email_address': _('{label}: {text!r} is not an email address ({error}).'),
    'transition.not_from_state': _('{obj} is {state}: "{name}" is only possible from {names}.'),
    'transition.no_such_step': _('{obj} is a {kind}: it has no "{name}" step.'),
    'usage.used_deleted': _('{row} is used by {describe}: it cannot be deleted. {instead}'),
    'usage.deactivated_activate_again_choose': _(
        '{row} is deactivated: activate it again or choose another.'
    ),
    'upload.proof_file_png_jpeg': _('Proof file: a PNG, JPEG or PDF file, please.'),
    'upload.proof_file_most_mb': _('Proof file: at most {limit} MB.'),
    'upload.proof_file_real_file': _('Proof file: this is not a real .{ext} file.'),
    'upload.file_longer_waiting_upload': _('That file is no longer waiting: upload it again.'),
    'form.sku_sku': _('SKU: there is no SKU {code!r}.'),
    'form.choose_one_return_reasons': _('{label}: choose one of the return reasons.'),
    'form.most': _('{label}: at most {maximum:,}.'),
    'form.refused': _('{label}: {exc}.'),
    'form.file_changed_upload_again': _('That file changed: upload it again.'),
    'form.ship_date_date_like': _('Ship date: a date like 2026-11-22.'),
    'form.sku_code_sku': _('SKU code: there is no SKU {code!r}.'),
    'form.line_sku': _('Line {value}: there is no SKU {code!r}.'),
    'form.already_submitted_as': _('This form was already submitted ({ref}); it was applied once.'),
    'access.not_found': _('Not found.'),
    'access.not_permitted': _('Your role does not allow this: it needs the permission {names}.'),
    'form.rows_refused': _('{count} row(s) refused: {reasons}'),
    'money.too_many_decimals': _(
        '{label}: {amount} has more decimals than {currency} has ({places}).'
    ),
    'money.whole_units': _('{label}: {currency} has no decimals; {amount} is not a whole amount.'),
    'org.unknown_currency': _(
        'Currency: {currency} is not a currency the books can keep (an ISO 4217 code with '
        'at most 2 decimals, such as PHP, MYR, THB, VND, IDR, SGD).'
    ),
    'money.ambiguous': _(
        '{typed} could be {whole} or {decimal}: type the amount without the point '
        '({whole}) or with the decimal comma ({decimal}).'
    ),
    'language.unknown': _(
        'Language: choose one of {choices}.'
    ),
    'org.unknown_time_zone': _(
        'Time zone: {zone} is not a time zone name such as Asia/Manila or Asia/Bangkok.'
    ),
}
