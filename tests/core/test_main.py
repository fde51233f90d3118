"""The ``omvarld`` console script: Django's commands, and the policy commands without Django."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import omvarld
from omvarld.__main__ import COMMANDS, HIDDEN, POLICY_COMMANDS, own_commands
from omvarld.policy.cli import build_parser

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


# ---------------------------------------------------------------- omvarld help

# Sub-actions such as "list, show ID, check" are names, not English prose.
ENGLISH_WORDS = re.compile(r"\b(the|and|of|with|for|to|from|run|start|command|database|users?|data)\b", re.I)


def test_help_lists_omvarlds_own_commands_first_one_line_each_in_swedish_without_django(tmp_path) -> None:
    program = (
        "import contextlib, io, json, sys\n"
        "from omvarld.__main__ import main\n"
        "found = {}\n"
        "for args in ([], ['help'], ['--help'], ['-h'], ['help', 'help']):\n"
        "    out = io.StringIO()\n"
        "    with contextlib.redirect_stdout(out):\n"
        "        code = main(['omvarld', *args])\n"
        "    found[' '.join(args)] = [code, out.getvalue()]\n"
        "assert 'django' not in sys.modules, 'django was imported'\n"
        "print(json.dumps(found))\n"
    )
    result = _run("-c", program, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    texts = {text for _, text in found.values()}
    assert len(texts) == 1, "help, --help, -h and no command all print the same list"
    assert all(code == 0 for code, _ in found.values())
    text = texts.pop()
    lines = text.splitlines()
    first = lines.index("Omvärlds kommandon:")
    listed = lines[first + 1 : first + 1 + len(COMMANDS)]
    assert [line.split()[0] for line in listed] == sorted(COMMANDS)
    for line in listed:
        name, description = line.strip().split(maxsplit=1)
        assert description == COMMANDS[name]
        assert not ENGLISH_WORDS.search(description.replace("JSON Lines", "")), description
    assert lines[first + 1 + len(COMMANDS)] == ""
    assert "migrate" not in "\n".join(lines[: first + 1 + len(COMMANDS)])
    assert lines[-1].endswith("omvarld help --all")


def test_every_command_has_one_help_line_and_every_help_line_a_command() -> None:
    package = Path(omvarld.__file__).parent
    on_disk = {p.stem for p in package.glob("*/management/commands/*.py") if not p.stem.startswith("_")}
    parser = build_parser()
    (subcommands,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    policy = set(subcommands.choices)
    assert policy == POLICY_COMMANDS
    assert set(COMMANDS) == (on_disk - HIDDEN) | policy
    assert on_disk >= HIDDEN
    assert set(own_commands()) == set(COMMANDS)
    assert all(description.strip() and "\n" not in description for description in COMMANDS.values())


def test_help_all_adds_djangos_list_after_our_own(tmp_path) -> None:
    result = _run("-m", "omvarld", "help", "--all", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    ours = result.stdout.index("Omvärlds kommandon:")
    assert result.stdout.index("migrate") > ours
    assert "createsuperuser" in result.stdout


def test_help_for_a_policy_command_is_its_swedish_help(tmp_path) -> None:
    result = _run("-m", "omvarld", "help", "assess", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("användning: omvarld assess [-h]")
    assert "--format {jsonl,text}" in result.stdout
    assert "usage:" not in result.stdout
    assert "show this help message" not in result.stdout


def test_an_unknown_command_exits_2_in_swedish_suggesting_the_nearest(tmp_path) -> None:
    result = _run("-m", "omvarld", "migrat", tmp_path=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert (
        result.stderr
        == "omvarld: okänt kommando ”migrat”. Menar du ”migrate”? omvarld help listar kommandona.\n"
    )
    result = _run("-m", "omvarld", "help", "frobnicate", tmp_path=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("omvarld: okänt kommando ”frobnicate”.")
    assert "Unknown command" not in result.stderr


def test_djangos_app_commands_are_known(tmp_path) -> None:
    """``collectstatic`` and ``createsuperuser`` come from Django's apps, not its core."""
    for command in ("collectstatic", "createsuperuser"):
        result = _run("-m", "omvarld", command, "--help", tmp_path=tmp_path)
        assert result.returncode == 0, result.stderr
        assert f"omvarld {command}" in result.stdout
