"""Omvärld's own commands refuse bad arguments in Swedish, with exit code 2, as the policy engine's do."""

from __future__ import annotations

import io
import re
import sys

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line
from tests.core.test_configuration import omvarld
from tests.core.test_main import ENGLISH_WORDS

from omvarld.__main__ import POLICY_COMMANDS, main, own_commands

MANAGEMENT_COMMANDS = sorted(set(own_commands()) - POLICY_COMMANDS)


@pytest.mark.parametrize("command", MANAGEMENT_COMMANDS)
def test_an_unknown_option_is_refused_in_swedish_with_exit_code_2(command, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["omvarld", command, "--no-such-option"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "användning: omvarld " + command in err
    # A command that needs an argument names what is missing first.
    assert re.search(rf"omvarld {command}: (okända argument: --no-such-option|dessa argument saknas: )", err)
    assert "usage:" not in err
    assert "error:" not in err


@pytest.mark.parametrize(
    ("argv", "refusal"),
    [
        (["export"], "omvarld export: dessa argument saknas: DELKOMMANDO"),
        (["export", "register", "--format", "pdf"], "argumentet --format: ogiltigt val 'pdf' (välj bland"),
        (["user", "bogus"], "argumentet DELKOMMANDO: ogiltigt val 'bogus'"),
        (["user", "add"], "omvarld user add: dessa argument saknas: username, --role"),
        (["worker", "--interval", "-5"], "argumentet --interval: ogiltigt värde '-5'"),
        (["serve", "--port", "abc"], "argumentet --port: ogiltigt värde 'abc'"),
    ],
)
def test_missing_and_invalid_arguments_are_named_in_swedish(argv, refusal, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["omvarld", *argv])
    assert exited.value.code == 2
    assert refusal in capsys.readouterr().err


def test_the_help_is_headed_in_swedish_without_djangos_developer_options(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["omvarld", "remind", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("användning: omvarld remind")
    assert "flaggor:" in out
    assert "visa den här hjälpen och avsluta" in out
    for developer_option in ("--settings", "--pythonpath", "--traceback", "--no-color", "--skip-checks"):
        assert developer_option not in out


def test_a_command_called_from_code_raises_its_refusal_in_swedish() -> None:
    with pytest.raises(CommandError, match="okända argument: --no-such-option"):
        call_command("remind", "--no-such-option")


def test_a_database_not_yet_set_up_is_named_without_a_traceback(tmp_path) -> None:
    result = omvarld("export", "register", data_dir=tmp_path)
    assert result.returncode == 2
    assert "Fel: Databasen har inte förberetts: kör omvarld migrate först." in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_that_cannot_be_written_is_refused_in_swedish(tmp_path) -> None:
    result = omvarld("export", "register", "--output", str(tmp_path / "saknas" / "x.csv"), data_dir=tmp_path)
    assert result.returncode == 2
    assert "kunde inte skriva" in result.stderr.lower()
    assert "dess mapp finns inte" in result.stderr
    assert "No such file" not in result.stderr


def test_a_reader_that_stops_reading_ends_the_help_quietly(capsys, monkeypatch) -> None:
    # ``omvarld help --all | head -1``: the pipe breaks while the help is written.
    class ClosedPipe(io.TextIOWrapper):
        def __init__(self) -> None:
            super().__init__(io.BytesIO(), encoding="utf-8")

        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["omvarld", "help"]) == 0


@pytest.mark.parametrize("command", MANAGEMENT_COMMANDS)
def test_every_commands_help_is_swedish(command, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["omvarld", command, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"användning: omvarld {command}")
    # The words after the usage, without option names, metavars and choices (FILE, --dry-run, {csv,xlsx})
    # and the subcommands' names (add, grant …), which are names, not English.
    described = out.split("\n\n", 1)[1]
    words = re.sub(r"--?[\w-]+|\b[A-Z_]{2,}\b|\{[^}]*\}|`[^`]*`|^ {4}\w+", " ", described, flags=re.M)
    assert not ENGLISH_WORDS.search(words), ENGLISH_WORDS.search(words)
