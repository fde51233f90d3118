from django.contrib import admin

from omvarld.audit.models import AuditEntry
from omvarld.core.admin import ReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin[AuditEntry]):
    list_display = ["timestamp", "actor_name", "channel", "event", "object_type", "object_repr"]
    list_filter = ["channel", "action", "event", "object_type"]
    search_fields = ["actor_name", "object_repr", "object_id"]
