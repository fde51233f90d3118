from django.contrib import admin
from django_tasks_db.models import DBTaskResult

from omvarld.core.admin import ReadOnlyAdmin
from omvarld.jobs.models import Job


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin[Job]):
    list_display = ["id", "title", "kind", "status", "started_by", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title"]


# The queue's own rows (django-tasks-db's task results, with the tracebacks of failed jobs) are the worker's
# bookkeeping, not shown in Omvärld's Swedish admin: a job's page shows what happened, and the log why.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
