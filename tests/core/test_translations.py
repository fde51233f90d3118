"""The interface speaks the reader's language throughout: English msgids, every one translated to Swedish.

Messages raised by services are user-facing too (a form shows them by the field, the API in its problem
body), so they are marked for translation where they are raised, never written as Swedish literals.
"""

from __future__ import annotations

import ast
import gettext
import json
import re
from pathlib import Path

import pytest
from django.utils import translation

from omvarld.core.errors import ApplicationError, ErrorDetail, PermissionDenied
from omvarld.organisation.services import counterpart_create, units_load

PACKAGE = Path(__file__).parents[2] / "src" / "omvarld"
CATALOGUE = PACKAGE / "locale" / "sv" / "LC_MESSAGES"
# The apps whose errors reach users through forms, the API and the command line.
CHECKED_APPS = ("core", "accounts", "organisation")
# Calls whose first argument (``for_field``: second) is a message shown to a user.
MESSAGE_CALLS = {
    "ApplicationError": 0,
    "ErrorDetail": 0,
    "PermissionDenied": 0,
    "NotFound": 0,
    "for_field": 1,
}


def _po_entries() -> list[tuple[str | None, str, str, bool]]:
    """Each entry of the .po file as (context, msgid, msgstr, fuzzy); the header left out. A plural entry's
    forms are joined by a NUL, as the compiled catalogue keeps them."""
    entries = []
    for block in CATALOGUE.joinpath("django.po").read_text(encoding="utf-8").split("\n\n"):
        parts: dict[str, str] = {}
        current = None
        for line in block.splitlines():
            keyword = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) ", line)
            if keyword:
                current = keyword.group(1)
                line = line[keyword.end() :]
            if current and line.startswith('"'):
                parts[current] = parts.get(current, "") + json.loads(line)
        if parts.get("msgid"):
            fuzzy = "#, fuzzy" in block or ", fuzzy" in block
            if "msgid_plural" in parts:
                forms = [parts[key] for key in sorted(parts) if key.startswith("msgstr[")]
                entries.append((parts.get("msgctxt"), parts["msgid"], "\x00".join(forms) * all(forms), fuzzy))
            else:
                entries.append((parts.get("msgctxt"), parts["msgid"], parts.get("msgstr", ""), fuzzy))
    return entries


def test_every_message_has_a_swedish_translation_in_the_compiled_catalogue() -> None:
    with CATALOGUE.joinpath("django.mo").open("rb") as stream:
        compiled = gettext.GNUTranslations(stream)
    entries = _po_entries()
    assert len(entries) > 100
    assert [msgid for _context, msgid, _msgstr, fuzzy in entries if fuzzy] == []
    assert [msgid for _context, msgid, msgstr, _fuzzy in entries if not msgstr] == []

    def compiled_text(context: str | None, msgid: str, msgstr: str) -> str:
        if "\x00" in msgstr:  # a plural entry: every form, as msgfmt keeps them
            forms = msgstr.count("\x00") + 1
            return "\x00".join(compiled.ngettext(msgid, msgid, number) for number in range(1, forms + 1))
        return compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)

    stale = [
        msgid for context, msgid, msgstr, _fuzzy in entries if compiled_text(context, msgid, msgstr) != msgstr
    ]
    assert stale == [], "the .mo is older than the .po: run omvarld compilemessages"


def _unmarked_messages(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        position = MESSAGE_CALLS.get(name or "")
        if position is None or len(node.args) <= position:
            continue
        message = node.args[position]
        if isinstance(message, ast.BinOp):  # "…" % values: the left side is what must be marked
            message = message.left
        if isinstance(message, ast.JoinedStr) or (
            isinstance(message, ast.Constant) and isinstance(message.value, str)
        ):
            found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_errors_raised_in_core_accounts_and_organisation_are_marked_for_translation() -> None:
    sources = [path for app in CHECKED_APPS for path in sorted((PACKAGE / app).rglob("*.py"))]
    assert len(sources) > 20
    assert [place for path in sources for place in _unmarked_messages(path)] == []


def test_the_check_finds_an_unmarked_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "services.py"
    source.write_text(
        'raise ApplicationError(f"Enheten {code} finns inte.")\n'
        'raise ApplicationError.for_field("name", "Ange ett namn.")\n'
        'raise ApplicationError(_("Enter a name."))\n'
    )
    monkeypatch.setattr(f"{__name__}.PACKAGE", tmp_path)
    assert _unmarked_messages(source) == ["services.py:1", "services.py:2"]


def test_a_services_refusal_is_english_in_the_english_interface(db: None) -> None:
    counterpart_create(actor=None, name="Eurocities", type="organisation", country="BE", city="Bryssel")
    with translation.override("en"), pytest.raises(ApplicationError) as raised:
        counterpart_create(actor=None, name="Eurocities", type="organisation", country="BE", city="")
    assert raised.value.details[0].message == "There is already a counterpart called Eurocities in Belgium."
    with pytest.raises(ApplicationError) as raised:
        counterpart_create(actor=None, name="Eurocities", type="organisation", country="BE", city="")
    assert raised.value.details[0].message == "Det finns redan en motpart som heter Eurocities i Belgien."


def test_a_loaders_row_and_column_are_worded_in_the_readers_language(db: None) -> None:
    with translation.override("en"), pytest.raises(ApplicationError) as raised:
        units_load(actor=None, text="code,name,name_en,type,parent\nA,Alfa,,okand,\n")
    with translation.override("en"):
        assert str(raised.value).startswith(
            "The file could not be loaded; nothing has been changed.\n"
            "  - row 2, column type: Unknown type 'okand'; the types allowed are kommunfullmaktige, "
        )
    assert str(ErrorDetail("x", field="name")) == "fält name: x"


def test_a_refused_permission_is_worded_in_the_readers_language() -> None:
    with translation.override("en"):
        assert PermissionDenied().message == "You are not permitted to do this."
    assert PermissionDenied().message == "Du har inte behörighet att göra detta."
