"""Roles of the city's representative, in Swedish and English, with their synonyms.

The strategy allows an exception to "the city pays its own travel" when the city is invited "att ha en
väsentlig roll i konferenser eller evenemang som talare eller dylikt". Which roles are significant is a
policy parameter (``significant_roles``, canonical role ids); this module only knows what words mean:
:func:`classify` maps free text ("keynote speaker", "gästföreläsare", "sitter i juryn") to a canonical
role, or ``None`` when it does not know the words (the engine then asks, never rejects).

Matching is case- and diacritic-insensitive. A text may name several roles ("talare och deltagare"):
the most significant one counts. A Swedish compound is read by its head ("inledningstalare" is a
speaker, "konferensdeltagare" a participant), an English phrase by any role word in it ("session
chair", "member of the jury").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Final


@dataclass(frozen=True, slots=True)
class Role:
    """A canonical role: its id, its Swedish name, and whether speaking, presenting, moderating,
    leading or judging is its substance (what the strategy calls "talare eller dylikt")."""

    id: str
    swedish: str
    speaks: bool


ROLES: Final[dict[str, Role]] = {
    r.id: r
    for r in (
        Role("keynote_speaker", "huvudtalare", True),
        Role("speaker", "talare", True),
        Role("lecturer", "föreläsare", True),
        Role("presenter", "presentatör", True),
        Role("panelist", "paneldeltagare", True),
        Role("moderator", "moderator", True),
        Role("chair", "ordförande", True),
        Role("session_leader", "samtalsledare", True),
        Role("jury_member", "jurymedlem", True),
        Role("host", "värd", True),
        Role("participant", "deltagare", False),
        Role("delegate", "delegat", False),
        Role("observer", "observatör", False),
        Role("guest", "gäst", False),
        Role("listener", "åhörare", False),
    )
}

# Words and phrases (any language we meet) -> canonical role. Keys are normalised by ``_norm``.
_WORDS: Final[dict[str, str]] = {}
for _role, _words in {
    "keynote_speaker": "keynote, keynote speaker, keynote speech, huvudtalare, huvudtalarinna, "
    "inledningstalare, key note, key note speaker, plenary speaker, plenartalare",
    "speaker": "speaker, talare, talarinna, tala, talar, speaking, speech, tal, guest speaker, gästtalare, "
    "invited speaker, inbjuden talare, föredragande, föredragshållare, ge ett föredrag, håller föredrag, "
    "hålla föredrag, hålla tal, håller tal, orator, debattör, debater, debate, inleda, inleder, inledare",
    "lecturer": "lecturer, lecture, lecturing, föreläsare, föreläsa, föreläser, föreläsning, gästföreläsare, "
    "guest lecturer, teacher, lärare, trainer, utbildare, instructor, workshop leader, workshopledare",
    "presenter": "presenter, presenting, presentation, presentatör, presentera, presenterar, "
    "presentera ett projekt, poster presenter, exhibitor presenting, demonstrator",
    "panelist": "panelist, panellist, panel, panel member, panel debate, panel discussion, paneldeltagare, "
    "panelmedlem, paneldebatt, panelsamtal, sitta i panel, sitter i panelen, i panelen",
    "moderator": "moderator, moderate, moderating, moderera, modererar, moderatorer, facilitator, "
    "facilitate, facilitating, samtalsmoderator, debattmoderator, konferencier, master of ceremonies, mc, "
    "emcee, "
    "programledare",
    "chair": "chair, chairs, chairing, chairman, chairwoman, chairperson, session chair, co chair, cochair, "
    "ordförande, mötesordförande, sessionsordförande, ordförandeskap, presidium, president",
    "session_leader": "session leader, leading a session, lead a session, leads a session, sessionsledare, "
    "samtalsledare, seminarieledare, mötesledare, diskussionsledare, debattledare, leda ett seminarium, "
    "leder ett seminarium, leda en session, leder en session, leda samtalet, leder samtalet",
    "jury_member": "jury, jury member, juror, judge, jurymedlem, juryledamot, jurymedlemmar, juryn, "
    "sitta i juryn, sitter i juryn, prisjury, bedömare, evaluator",
    "host": "host, co host, cohost, hosting, värd, värdskap, medarrangör, co organiser, co organizer, "
    "organiser, organizer, arrangör",
    "participant": "participant, participants, participate, participating, attendee, attendees, attend, "
    "attending, deltagare, delta, deltar, deltagande, konferensdeltagare, mötesdeltagare, kursdeltagare, "
    "member, medlem, ledamot, representative, representant, företrädare, attendance, närvaro",
    "delegate": "delegate, delegates, delegation, delegation member, member of the delegation, delegat, "
    "delegationsmedlem, delegationsdeltagare, delegationen, official delegate",
    "observer": "observer, observers, observe, observing, observatör, observera, observerar, åskådare",
    "guest": "guest, guests, guest of honour, guest of honor, gäst, gäster, hedersgäst, inbjuden gäst, "
    "invited guest, visitor, besökare, besök",
    "listener": "listener, audience, audience member, åhörare, publik, lyssnare, i publiken",
}.items():
    for _word in _words.split(","):
        _WORDS[_word] = _role  # normalised below, once the helper exists

_SEPARATORS: Final = re.compile(r"\s*(?:[,;/&+|]|\boch\b|\band\b|\bsamt\b|\bsom\b|\bas\b)\s*")
_NON_WORD: Final = re.compile(r"[^\w\s]")
_SPACES: Final = re.compile(r"\s+")
# Filler words that carry no role of their own ("en av talarna", "one of the speakers").
_FILLER: Final = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "at",
        "in",
        "on",
        "for",
        "to",
        "be",
        "is",
        "as",
        "one",
        "av",
        "en",
        "ett",
        "i",
        "på",
        "för",
        "att",
        "vara",
        "är",
        "som",
        "vid",
        "med",
        "with",
    ]
)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _norm(text: str) -> str:
    return _SPACES.sub(" ", _NON_WORD.sub(" ", _fold(text).replace("-", " "))).strip()


_INDEX: Final[dict[str, str]] = {_norm(word): role for word, role in _WORDS.items()}
# Swedish compound heads, longest first: "inledningstalare" ends in "talare".
_HEADS: Final[tuple[tuple[str, str], ...]] = tuple(
    sorted(
        ((word, role) for word, role in _INDEX.items() if " " not in word and len(word) >= 5),
        key=lambda item: -len(item[0]),
    )
)
_PLURALS: Final = ("na", "ar", "er", "or", "s", "es", "en", "n")


def _lookup_word(word: str) -> str | None:
    role = _INDEX.get(word)
    if role is not None:
        return role
    for ending in _PLURALS:  # "talarna", "speakers", "paneldeltagarna"
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            role = _INDEX.get(word[: -len(ending)])
            if role is not None:
                return role
    for head, role in _HEADS:  # a Swedish compound read by its head
        if word.endswith(head):
            return role
    return None


def _classify_part(part: str) -> list[str]:
    role = _INDEX.get(part)
    if role is not None:
        return [role]
    words = [w for w in part.split(" ") if w and w not in _FILLER]
    found: list[str] = []
    for size in (3, 2):  # phrases first: "member of the jury" → "jury" is found by words below too
        for i in range(len(words) - size + 1):
            role = _INDEX.get(" ".join(words[i : i + size]))
            if role is not None:
                found.append(role)
    for word in words:
        role = _lookup_word(word)
        if role is not None:
            found.append(role)
    return found


@lru_cache(maxsize=4096)
def classify(text: str) -> Role | None:
    """The canonical role that ``text`` names (the most significant one if it names several), or
    ``None`` when no word of it is a known role."""
    norm = _norm(text)
    if not norm:
        return None
    found: list[str] = []
    for part in _SEPARATORS.split(norm):
        if part:
            found.extend(_classify_part(part))
    if not found:
        return None
    ranked = sorted({ROLES[r] for r in found}, key=lambda r: (not r.speaks, list(ROLES).index(r.id)))
    return ranked[0]
