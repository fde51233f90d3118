"""The ``omvarld`` console script: Django's commands, and the policy commands without Django."""

from __future__ import annotations

import json
import os
import subprocess
import sys

CASE = {
    "kind": "agreement",
    "agreement_type": "twin_city",
    "title": "Vänortsavtal med Riga",
    "goals": ["attraktiv"],
}


def _run(*args: str, stdin: str = "", tmp_path) -> subprocess.CompletedProcess[str]:
    environment = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "OMVARLD_DATA_DIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )


def test_assess_runs_without_loading_django_or_touching_a_database(tmp_path) -> None:
    program = (
        "import sys; from omvarld.__main__ import main; code = main(['omvarld', 'assess', '-']); "
        "assert 'django' not in sys.modules, 'django was imported'; sys.exit(code)"
    )
    result = _run("-c", program, stdin=json.dumps(CASE), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assessment = json.loads(result.stdout.splitlines()[0])
    assert assessment["outcome"] == "reject"
    assert not list(tmp_path.glob("*.sqlite3"))


def test_the_console_script_reaches_the_policy_command_line(tmp_path) -> None:
    result = _run("-m", "omvarld", "policy", "list", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "stockholm-2008" in result.stdout


def test_the_console_script_reaches_prioritise(tmp_path) -> None:
    result = _run("-m", "omvarld", "prioritise", "-", stdin=json.dumps([CASE]), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Vänortsavtal med Riga" in result.stdout


def test_bad_input_to_assess_exits_with_code_2_and_prints_nothing(tmp_path) -> None:
    result = _run("-m", "omvarld", "assess", "-", stdin='{"kind": "picknick"}', tmp_path=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "kind" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_lists_our_commands_and_the_policy_commands(tmp_path) -> None:
    result = _run("-m", "omvarld", "help", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    for command in (
        "demo",
        "serve",
        "backup",
        "restore",
        "load_units",
        "user",
        "assess",
        "compare",
        "policy",
    ):
        assert command in result.stdout


def test_the_interface_is_swedish_whatever_the_browser_prefers(db, client) -> None:
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").text
    assert 'lang="sv"' in page
    assert "Logga in" in page


def test_english_is_chosen_with_the_language_switch(db, client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    page = client.get("/login/").text
    assert 'lang="en"' in page
    assert "Sign in" in page
