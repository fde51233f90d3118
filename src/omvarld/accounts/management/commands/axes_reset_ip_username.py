"""django-axes' `axes_reset_ip_username`, replaced: lifting a lockout must enter the audit log."""

from omvarld.accounts.management.unaudited import refusing_command

Command = refusing_command("axes_reset_ip_username")
