"""The audit trail: readable, never editable."""
from .model_view import ReadOnlyView


class AuditLogView(ReadOnlyView):
    permissions = ("users.manage", "reports.view")
    column_list = ("at", "user", "action", "object_type", "object_id", "before", "after")
    column_searchable_list = ("action", "object_id")
    column_filters = ("action", "object_type", "at")
    column_default_sort = ("at", True)
    column_labels = {"at": "When", "user": "Who"}
