"""Refusal messages: Campaigns and the mail sender (SPEC S8)."""
from ._marker import _

MESSAGES = {
    "campaign.body_html_stand_text": _(
        "Body (HTML): {{name}} can stand only in the text, not inside a tag (a link's "
        "address or title)."
    ),
    "campaign.period_give_first_last": _(
        "Period: give the first and the last day of the campaign."
    ),
    "campaign.period_last_day_before": _("Period: the last day is before the first."),
    "campaign.period_most_days": _("Period: at most {max_period_days} days."),
    "campaign.last_order_date_before": _(
        "Last order: the 'to' date is before the 'from' date."
    ),
    "campaign.subject_one_line_without": _(
        "Subject: one line, without line breaks, tabs or other control characters."
    ),
    "campaign.subject_longest_customer_name": _(
        "Subject: with the longest customer name filled in it would be {longest} "
        "characters; at most {subject_limit}."
    ),
    "campaign.required": _("{label}: required."),
    "campaign.choose_one_your_organization": _("{label}: choose one of your organization's."),
    "campaign.spent_least_amount_0": _("Spent at least: an amount of 0 or more."),
    "campaign.campaign_already_sent_customer": _(
        "Campaign {name} was already sent to {recipients:,} customer(s); nothing was sent"
        " again."
    ),
    "campaign.customer_matches_filter_blacklisted": _(
        "No customer matches the filter (blacklisted customers and those without an email"
        " address never receive campaigns): nothing was sent."
    ),
    "campaign.campaign_failed_message_retry": _(
        "Campaign {name} has no failed message to retry (those interrupted while sending "
        "are not sent again: they may have gone out)."
    ),
    "mail_sender.sender_give_both_name": _(
        "Sender: give both a name and an address, or leave both blank to use the server's."
    ),
    "campaign.sent_frozen": _(
        'Campaign {name} was sent: it can no longer change, and it stays, with its '
        'messages, as the record of what was sent.'
    ),
    "customer.name_required": _('Name: a customer needs a name.'),
    "customer.code_taken": _('Code: {code} is another customer\'s code. Leave it blank '
                             'for a new code.'),
    "customer.buyer_taken": _('Buyer id: {buyer_id} on {channel} is another customer. '
                              'Find that customer instead.'),
}
