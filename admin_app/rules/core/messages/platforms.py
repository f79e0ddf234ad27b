"""Refusal messages: platform after-sales, evidence, claims and their settings (S12)."""
from ._marker import _

MESSAGES = {
    'platform.request_other_order': _(
        'Request {request_id} of this store already belongs to order {number}: a request '
        'id is used once per store.'
    ),
    'platform.order_of_store': _('Choose one of your orders of this store.'),
    'platform.store_not_platform': _(
        'Store {name} is not on a platform with after-sales requests ({names}).'
    ),
    'platform.type_one_of': _('Type: one of {names}.'),
    'platform.request_id_required': _(
        "The platform's request id is required (at most 80 characters)."
    ),
    'platform.refund_within_order': _(
        'The refund amount {amount} must be from 0 to the total of order {number} ({total}).'
    ),
    'platform.cod_never_paid': _(
        'Order {number} was cash on delivery and never delivered: the buyer paid nothing, '
        'so there is no refund. Leave the refund amount at 0.'
    ),
    'platform.status_unknown': _(
        'The {channel} status "{status}" is not in your status mapping: add it under '
        'Settings > Platform deadlines.'
    ),
    'platform.evidence_links': _(
        'Evidence links: at most {count}, each a web address starting with https:// or '
        'http:// (at most 500 characters).'
    ),
    'platform.channel_one_of': _('Channel: one of {names}.'),
    'platform.country_code': _(
        'Country: a two-letter code (PH, MY, TH, VN, ID, SG), or blank for every country.'
    ),
    'platform.step_one_of': _('Step: one of {names}.'),
    'platform.deadline_amount': _('Time allowed: a whole number from 1 to {max}.'),
    'platform.deadline_unit_one_of': _('Unit of the time allowed: one of {names}.'),
    'platform.status_name': _("The platform's status name is required (at most 60 characters)."),
    'platform.state_one_of': _('Choose the after-sales state this status leads to.'),
    'platform.holiday_date': _('Holiday: enter a date like 2026-12-25.'),
    'platform.holiday_name': _("Holiday: enter the holiday's name."),
    'platform.holiday_taken': _('{day} is already a holiday.'),
    'evidence.too_many': _('{number} already holds {count} pieces of evidence, the most it can.'),
    'evidence.choose_file': _('Choose a photo or a video to attach.'),
    'evidence.file_type': _(
        'Evidence: photos (JPEG, PNG, WebP) up to 10 MB or videos (MP4, MOV, WebM) up to '
        '30 MB.'
    ),
    'evidence.file_too_big': _('{name} is larger than {limit} MB, the most for a {kind}.'),
    'evidence.not_real': _('{name} is not a real {ext} file.'),
    'claim.kind_one_of': _('Claim: one of {names}.'),
    'claim.platform_only': _(
        '{number} did not come from a platform: there is no one to lodge a claim with.'
    ),
    'claim.window_closed': _(
        'The window for a {kind_label} on {number} closed at {at}: the platform no longer '
        'accepts one.'
    ),
    'claim.already_open': _('{number} already has an open {kind_label}: record its outcome first.'),
    'claim.already_decided': _(
        '{number} already had its {kind_label} ({claim}, {status_label}): the platform hears '
        'one per request.'
    ),
    'claim.reason_required': _('Reason: say why, as you will tell the platform.'),
    'claim.amount_within': _('Amount claimed: more than 0 and at most {cap}.'),
    'claim.lost_pays_nothing': _('A lost claim pays no compensation: leave it at 0.'),
    'claim.compensation_within': _(
        'Partly won: the compensation is more than 0 and less than the amount claimed '
        '({claimed}).'
    ),
    'claim.won_pays_claimed': _(
        'Won: the compensation is the amount claimed ({claimed}); if the platform paid '
        'less, record it as partly won.'
    ),
    'claim.beyond_the_order': _(
        'The platform has already paid {paid} for order {number}: compensation cannot go '
        'beyond its total ({total}).'
    ),
}
