"""Configuration comes from the environment in one place; production settings pass Django's deploy check."""

from __future__ import annotations

import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from omvarld import env

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "omvarld.stockholm.se",
    "OMVARLD_HTTPS": "true",
    "EMAIL_HOST": "smtp.stockholm.se",
}


def omvarld(
    *args: str, data_dir: Path, extra: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run the ``omvarld`` console script in a clean environment, as an operator would (``timeout``
    seconds at most)."""
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": str(data_dir),
        "OMVARLD_DATA_DIR": str(data_dir),
        **(extra or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "omvarld", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=timeout,
        check=False,
    )


def test_production_settings_pass_the_deploy_check_with_no_warnings(tmp_path) -> None:
    result = omvarld("check", "--deploy", data_dir=tmp_path, extra=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_serve_refuses_an_insecure_configuration_and_says_what_to_set(tmp_path) -> None:
    result = omvarld("serve", data_dir=tmp_path, extra={"DEBUG": "true"})
    assert result.returncode == 2
    assert "osäker" in result.stderr
    for variable in ("OMVARLD_HTTPS=true", "DEBUG=false", "EMAIL_HOST"):
        assert variable in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_refuses_a_database_that_is_not_migrated(tmp_path) -> None:
    result = omvarld("serve", data_dir=tmp_path, extra=PRODUCTION)
    assert result.returncode == 2
    assert "omvarld migrate" in result.stderr


def test_a_bad_flag_value_is_refused_naming_the_variable(tmp_path) -> None:
    result = omvarld("check", data_dir=tmp_path, extra={"DEBUG": "kanske"})
    assert result.returncode == 2
    assert "DEBUG" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first, from_env = env.secret_key(tmp_path)
    second, _ = env.secret_key(tmp_path)
    assert first == second
    assert not from_env
    assert len(first) >= 50
    assert (tmp_path / env.SECRET_KEY_FILE_NAME).stat().st_mode & 0o077 == 0


def test_an_explicit_secret_key_wins(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    assert env.secret_key(tmp_path) == ("x" * 60, True)


def test_the_default_database_is_an_sqlite_file_in_the_data_folder_in_wal_mode(tmp_path) -> None:
    result = omvarld("migrate", "--verbosity", "0", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    database = tmp_path / env.SQLITE_FILE_NAME
    assert database.exists()
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize(
    ("value", "expected"), [("true", True), ("ja", True), ("0", False), ("off", False), ("", False)]
)
def test_flags_read_common_spellings(monkeypatch, value, expected) -> None:
    monkeypatch.setenv("OMVARLD_HTTPS", value)
    assert env.read().https is expected


def test_allowed_hosts_are_a_comma_separated_list(monkeypatch) -> None:
    monkeypatch.setenv("ALLOWED_HOSTS", "omvarld.stockholm.se, intern.stockholm.se")
    assert env.read().allowed_hosts == ["omvarld.stockholm.se", "intern.stockholm.se"]


def test_the_registration_series_and_format_are_read_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("OMVARLD_REGISTRATION_SERIES", "006")
    monkeypatch.setenv("OMVARLD_REGISTRATION_FORMAT", "Dnr {series}-{number}/{year}")
    read = env.read()
    assert (read.registration_series, read.registration_format) == ("006", "Dnr {series}-{number}/{year}")


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("OMVARLD_REGISTRATION_FORMAT", "{series}-{number}"),  # no year: numbers would repeat every year
        ("OMVARLD_REGISTRATION_FORMAT", "{number}/{year}/{unit}"),  # a placeholder Omvärld does not fill
        ("OMVARLD_REGISTRATION_FORMAT", "{number/{year}"),  # not a format at all
        ("OMVARLD_REGISTRATION_SERIES", "INT 2"),
    ],
)
def test_an_unusable_registration_setting_stops_every_command_naming_it(tmp_path, variable, value) -> None:
    result = omvarld("check", data_dir=tmp_path, extra={variable: value})
    assert result.returncode == 2
    assert variable in result.stderr
    assert "Traceback" not in result.stderr


def test_background_jobs_are_queued_for_the_worker_unless_they_are_to_run_at_once(monkeypatch) -> None:
    monkeypatch.delenv("OMVARLD_TASKS", raising=False)
    assert env.read().tasks == "worker"
    monkeypatch.setenv("OMVARLD_TASKS", "Immediate")
    assert env.read().tasks == "immediate"


def test_bulk_jobs_use_a_process_per_core_unless_told_otherwise(monkeypatch) -> None:
    import os

    monkeypatch.delenv("OMVARLD_BULK_PROCESSES", raising=False)
    assert env.read().bulk_processes == (os.cpu_count() or 1)
    monkeypatch.setenv("OMVARLD_BULK_PROCESSES", "0")
    assert env.read().bulk_processes == 0


@pytest.mark.parametrize("value", ["-1", "två"])
def test_an_unusable_number_of_bulk_processes_stops_every_command_naming_it(tmp_path, value) -> None:
    result = omvarld("check", data_dir=tmp_path, extra={"OMVARLD_BULK_PROCESSES": value})
    assert result.returncode == 2
    assert "OMVARLD_BULK_PROCESSES" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_way_to_run_jobs_stops_every_command_naming_it(tmp_path) -> None:
    result = omvarld("check", data_dir=tmp_path, extra={"OMVARLD_TASKS": "celery"})
    assert result.returncode == 2
    assert "OMVARLD_TASKS" in result.stderr


def test_the_worker_runs_queued_jobs_and_refuses_to_start_when_they_run_at_once(tmp_path) -> None:
    assert omvarld("migrate", "--verbosity", "0", data_dir=tmp_path).returncode == 0
    queued = omvarld("worker", "--batch", data_dir=tmp_path)
    at_once = omvarld("worker", "--batch", data_dir=tmp_path, extra={"OMVARLD_TASKS": "immediate"})
    assert queued.returncode == 0, queued.stderr
    assert "kör bakgrundsjobb" in queued.stdout
    assert at_once.returncode == 2
    assert "OMVARLD_TASKS=immediate" in at_once.stderr


def test_the_demo_runs_jobs_at_once_unless_told_otherwise(monkeypatch) -> None:
    from omvarld.__main__ import main

    monkeypatch.setenv("OMVARLD_TASKS", "")  # recorded, so that the test leaves the environment as it was
    monkeypatch.delenv("OMVARLD_TASKS")
    with pytest.raises(SystemExit):
        main(["omvarld", "demo", "--help"])
    assert os.environ["OMVARLD_TASKS"] == "immediate"
