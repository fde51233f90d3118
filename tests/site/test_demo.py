"""``omvarld demo``: migrates, loads demo data without duplicating it, and serves the site."""

from __future__ import annotations

import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from tests.core.test_configuration import omvarld

from omvarld.site.demo import DEMO_USERS
from omvarld.site.management.commands.demo import links_to


def _counts(database: Path) -> dict[str, int]:
    tables = [
        "accounts_user",
        "accounts_roleassignment",
        "organisation_unit",
        "organisation_counterpart",
        "engagements_engagement",
        "engagements_storedassessment",
        "audit_auditentry",
    ]
    with sqlite3.connect(database) as connection:
        return {table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in tables}  # noqa: S608


# Loading the demo (the register and its follow-up, some 4 000 audited writes) takes a minute or two on a
# machine busy with other work; the second run only checks what is there.
DEMO_LOAD_SECONDS = 300


@pytest.mark.timeout(2 * DEMO_LOAD_SECONDS + 60)
def test_demo_twice_keeps_the_data_and_duplicates_nothing(tmp_path) -> None:
    first = omvarld("demo", "--no-serve", data_dir=tmp_path, timeout=DEMO_LOAD_SECONDS)
    assert first.returncode == 0, first.stderr
    for user in DEMO_USERS:
        assert user.username in first.stdout
    counts = _counts(tmp_path / "omvarld.sqlite3")
    assert counts["accounts_user"] == len(DEMO_USERS)
    assert counts["engagements_engagement"] >= 300  # the register (tests/engagements/test_demo.py)
    second = omvarld("demo", "--no-serve", data_dir=tmp_path, timeout=DEMO_LOAD_SECONDS)
    assert second.returncode == 0, second.stderr
    assert _counts(tmp_path / "omvarld.sqlite3") == counts


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.timeout(DEMO_LOAD_SECONDS + 60)
def test_demo_serves_a_swedish_login_page_until_interrupted(tmp_path) -> None:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "omvarld", "demo", "--port", str(port)],
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "OMVARLD_DATA_DIR": str(tmp_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        page = ""
        deadline = time.monotonic() + DEMO_LOAD_SECONDS
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as response:
                    page = response.read().decode()
                    break
            except OSError:
                time.sleep(0.5)
        assert "Logga in" in page
        assert 'lang="sv"' in page
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in output
    assert process.returncode == 0, output


def test_the_demos_links_point_where_it_serves_unless_configured() -> None:
    assert links_to("http://127.0.0.1:8101/", {}, "http://127.0.0.1:8000") == "http://127.0.0.1:8101"
    configured = {"OMVARLD_BASE_URL": "https://omvarld.example"}
    assert (
        links_to("http://127.0.0.1:8101/", configured, "https://omvarld.example") == "https://omvarld.example"
    )
