"""The accounts in the read-only admin, and the login records of django-axes and Django's groups.

django-axes' own admin lets a superuser delete lockout records (an unaudited unlock), and Django's group
admin edits groups and their permissions; both are replaced by read-only pages. Unlocking is done with the
audited ``omvarld user unlock``.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin

# Imported for its side effect: it registers Group, which is replaced below whatever the app order.
from django.contrib.auth import admin as auth_admin  # noqa: F401
from django.contrib.auth.models import Group
from django.utils.translation import gettext_noop

from omvarld.accounts.models import RoleAssignment, User
from omvarld.core.admin import ReadOnlyAdmin

# django-axes has no Swedish translation. Its model and field names are its own msgids, translated in our
# catalogue (which Django reads before the apps' own); naming them here keeps them there on makemessages.
AXES_MSGIDS = (
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Attempt Time"),
    gettext_noop("Logout Time"),
    gettext_noop("IP Address"),
    gettext_noop("User Agent"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Failed Logins"),
    gettext_noop("Access lock out"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Session key hash (sha256)"),
)


class RoleAssignmentInline(admin.TabularInline[RoleAssignment, User]):
    model = RoleAssignment
    extra = 0

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(ReadOnlyAdmin[User]):
    list_display = ["username", "first_name", "last_name", "email", "is_active", "last_login"]
    search_fields = ["username", "first_name", "last_name", "email"]
    exclude = ["password"]
    inlines = [RoleAssignmentInline]


if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ReadOnlyAdmin[Group]):
    search_fields = ["name"]


@admin.register(AccessAttempt)
class AccessAttemptAdmin(ReadOnlyAdmin[AccessAttempt]):
    list_display = ["attempt_time", "username", "ip_address", "failures_since_start", "path_info"]
    search_fields = ["username", "ip_address"]
    exclude = ["post_data", "get_data"]


@admin.register(AccessFailureLog)
class AccessFailureLogAdmin(ReadOnlyAdmin[AccessFailureLog]):
    list_display = ["attempt_time", "username", "ip_address", "locked_out", "path_info"]
    search_fields = ["username", "ip_address"]


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin[AccessLog]):
    list_display = ["attempt_time", "logout_time", "username", "ip_address", "path_info"]
    search_fields = ["username", "ip_address"]
