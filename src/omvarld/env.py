"""The only module that reads the process environment.

Every configurable value of Omvärld is read here, validated, and handed to ``settings.py`` as a typed
value. A bad value stops start-up with a message that names the variable, instead of a surprise later.
"""

from __future__ import annotations

import os
import secrets
import string
from dataclasses import dataclass
from pathlib import Path

import platformdirs

SECRET_KEY_FILE_NAME = "secret_key"  # noqa: S105 - a file name, not a secret
SQLITE_FILE_NAME = "omvarld.sqlite3"

_TRUE = {"1", "true", "yes", "on", "ja"}
_FALSE = {"0", "false", "no", "off", "nej", ""}


class ConfigurationError(Exception):
    """An environment variable holds a value Omvärld cannot use."""


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {raw!r}.")


def _text(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _integer(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be a whole number, not {raw!r}.") from exc


def _list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


REGISTRATION_PLACEHOLDERS = frozenset({"series", "number", "year"})
TASK_MODES = ("worker", "immediate")


def _tasks() -> str:
    mode = _text("OMVARLD_TASKS", "worker").lower()
    if mode not in TASK_MODES:
        raise ConfigurationError(f"OMVARLD_TASKS must be worker or immediate, not {mode!r}.")
    return mode


def _bulk_processes() -> int:
    count = _integer("OMVARLD_BULK_PROCESSES", os.cpu_count() or 1)
    if count < 0:
        raise ConfigurationError(f"OMVARLD_BULK_PROCESSES must be 0 or more, not {count}.")
    return count


def _registration_series() -> str:
    series = _text("OMVARLD_REGISTRATION_SERIES", "INT")
    if not series or len(series) > 20 or not all(c.isalnum() or c in "-." for c in series):
        raise ConfigurationError(
            f"OMVARLD_REGISTRATION_SERIES must be 1 to 20 letters, digits, '-' or '.', not {series!r}."
        )
    return series


def _registration_format() -> str:
    template = _text("OMVARLD_REGISTRATION_FORMAT", "{series}-{number}/{year}")
    try:
        used = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as exc:
        raise ConfigurationError(f"OMVARLD_REGISTRATION_FORMAT is not a valid format: {exc}.") from exc
    if not {"number", "year"} <= used or not used <= REGISTRATION_PLACEHOLDERS or len(template) > 30:
        raise ConfigurationError(
            "OMVARLD_REGISTRATION_FORMAT must contain {number} and {year}, may contain {series}, and nothing "
            f"else in braces (at most 30 characters), not {template!r}."
        )
    return template


def _days(name: str, default: int) -> int:
    """A number of days from 0 to 3650 (ten years)."""
    days = _integer(name, default)
    if not 0 <= days <= 3650:
        raise ConfigurationError(f"{name} must be a number of days from 0 to 3650, not {days}.")
    return days


def _base_url() -> str:
    """The address users reach Omvärld at, for the links in e-mails (no trailing slash)."""
    url = _text("OMVARLD_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    if not url.startswith(("http://", "https://")) or " " in url or len(url) > 200:
        raise ConfigurationError(f"OMVARLD_BASE_URL must be an http:// or https:// address, not {url!r}.")
    return url


def data_dir() -> Path:
    """The folder for the SQLite database, the generated secret key, static files and backups."""
    raw = _text("OMVARLD_DATA_DIR")
    path = Path(raw).expanduser() if raw else Path(platformdirs.user_data_dir("omvarld", appauthor=False))
    # The static folder is made up front: whitenoise warns at start-up when it is missing.
    (path / "static").mkdir(parents=True, exist_ok=True)
    return path.resolve()


def secret_key(folder: Path) -> tuple[str, bool]:
    """Return the secret key and whether it came from the environment.

    When ``SECRET_KEY`` is not set, a strong key is generated once and kept in the data folder, so
    sessions survive restarts without anyone having to invent a key.
    """
    explicit = _text("SECRET_KEY")
    if explicit:
        return explicit, True
    key_file = folder / SECRET_KEY_FILE_NAME
    if not key_file.exists():
        # Write-then-rename so that two processes starting at once never read half a key.
        tmp = key_file.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(secrets.token_urlsafe(64), encoding="ascii")
        tmp.chmod(0o600)
        tmp.replace(key_file)
    return key_file.read_text(encoding="ascii").strip(), False


@dataclass(frozen=True)
class Email:
    host: str
    port: int
    user: str
    password: str
    use_tls: bool
    default_from: str


@dataclass(frozen=True)
class FollowUp:
    """When matters are followed up, in days (docs/operations.md, "Reminders")."""

    travel_report_days: int  # a travel report is due this many days after the journey ends
    decision_wait_days: int  # a submitted matter waits too long for its decision after this many days
    carry_out_days: int  # an approved matter is carried out within this many days of its decision or end
    remind_days_ahead: int  # reports and reviews are reminded of this many days before they fall due


@dataclass(frozen=True)
class Environment:
    data_dir: Path
    database_url: str
    secret_key: str
    secret_key_from_environment: bool
    debug: bool
    allowed_hosts: list[str]
    csrf_trusted_origins: list[str]
    https: bool
    hsts_seconds: int
    email: Email
    log_level: str
    registration_series: str
    registration_format: str
    base_url: str
    follow_up: FollowUp
    # How background jobs run: "worker" queues them in the database for ``omvarld worker``; "immediate"
    # runs each at once in the process that starts it (the demo, the tests).
    tasks: str
    # Processes that a large bulk job (re-assessing the register) assesses its batches in, beside the one
    # that reads and writes the database; 0: a thread of that process does it.
    bulk_processes: int


def read() -> Environment:
    folder = data_dir()
    key, key_from_env = secret_key(folder)
    database_url = _text("DATABASE_URL") or f"sqlite:///{folder / SQLITE_FILE_NAME}"
    email_host = _text("EMAIL_HOST")
    return Environment(
        data_dir=folder,
        database_url=database_url,
        secret_key=key,
        secret_key_from_environment=key_from_env,
        debug=_flag("DEBUG", False),
        allowed_hosts=_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"]),
        csrf_trusted_origins=_list("CSRF_TRUSTED_ORIGINS", []),
        https=_flag("OMVARLD_HTTPS", False),
        hsts_seconds=_integer("OMVARLD_HSTS_SECONDS", 31_536_000),
        email=Email(
            host=email_host,
            port=_integer("EMAIL_PORT", 587),
            user=_text("EMAIL_HOST_USER"),
            password=os.environ.get("EMAIL_HOST_PASSWORD", ""),
            use_tls=_flag("EMAIL_USE_TLS", True),
            default_from=_text("DEFAULT_FROM_EMAIL", "omvarld@localhost"),
        ),
        log_level=_text("OMVARLD_LOG_LEVEL", "INFO").upper(),
        registration_series=_registration_series(),
        registration_format=_registration_format(),
        base_url=_base_url(),
        follow_up=FollowUp(
            travel_report_days=_days("OMVARLD_TRAVEL_REPORT_DAYS", 30),
            decision_wait_days=_days("OMVARLD_DECISION_WAIT_DAYS", 60),
            carry_out_days=_days("OMVARLD_CARRY_OUT_DAYS", 30),
            remind_days_ahead=_days("OMVARLD_REMIND_DAYS_AHEAD", 14),
        ),
        tasks=_tasks(),
        bulk_processes=_bulk_processes(),
    )
