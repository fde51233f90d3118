from django.contrib import admin

from omvarld.core.admin import ReadOnlyAdmin
from omvarld.jobs.models import Job


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin[Job]):
    list_display = ["id", "title", "kind", "status", "started_by", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title"]
