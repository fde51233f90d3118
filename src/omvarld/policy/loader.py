"""Loading policy versions from YAML, with load-time validation that fails fast.

A version file holds metadata, passages, parameters, rules and tables (see docs/policy-engine.md).
A derived version (``derives_from``) is an overlay: its passages, parameters and tables are merged
over the base's, ``remove_rules`` drops base rules and its ``rules`` replace (same id) or extend them.

Every problem found is collected and raised together as one :class:`PolicyError`.
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import orjson
import yaml

from omvarld.policy.conditions import (
    Cond,
    ConditionError,
    compile_condition,
    compile_template,
    condition_facts,
)
from omvarld.policy.errors import PolicyError, UnknownVersionError
from omvarld.policy.facts import FACTS, closure
from omvarld.policy.interchange import KINDS
from omvarld.policy.model import (
    BODIES,
    SEVERITIES,
    STATUSES,
    VERDICTS,
    DatedValue,
    Parameter,
    Passage,
    PolicyVersion,
    Reason,
    Rule,
    Table,
    TableRow,
    Template,
    ValueSource,
    Variant,
    display,
)

# (kind, subject kind): every kind by itself, and a request for each other kind.
KIND_PAIRS: tuple[tuple[str, str], ...] = tuple((k, k) for k in KINDS) + tuple(
    ("request", k) for k in KINDS if k != "request"
)

PACKAGE_DIR = Path(str(resources.files("omvarld.policy")))
VERSIONS_DIR = PACKAGE_DIR / "versions"
SOURCES_DIR = PACKAGE_DIR / "sources"

# What an id (of a version, passage, rule, parameter, table or row) may be: it names the thing in file
# names, URLs and generated code, so it is one word of lower-case letters, digits, "_", "." and "-".
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_.-]{0,79}")

_LINE_END_HYPHEN = re.compile(r"-[ \t\u00a0]*\n\s*")
_WHITESPACE = re.compile(r"\s+")
_MARK = "\x00"


# ---------------------------------------------------------------- source text


def normalise_passage(text: str) -> str:
    """Whitespace collapsed to single spaces, trimmed."""
    return _WHITESPACE.sub(" ", text).strip()


class SourceText:
    """A source document, prepared for "does this passage occur verbatim?" checks.

    Whitespace is normalised and a hyphen at a line end is marked, so that a passage matches both
    when the hyphen only split the word ("enlig-\\nhet" → "enlighet") and when it belongs to it
    ("EU-\\nprojekt" → "EU-projekt").
    """

    def __init__(self, text: str) -> None:
        marked = _LINE_END_HYPHEN.sub(_MARK, text)
        self.marked = _WHITESPACE.sub(" ", marked)
        self.joined = self.marked.replace(_MARK, "")
        self.hyphened = self.marked.replace(_MARK, "-")

    def contains(self, passage: str) -> bool:
        needle = normalise_passage(passage)
        if not needle:
            return False
        if needle in self.joined or needle in self.hyphened:
            return True
        parts: list[str] = []
        for ch in needle:
            parts.append("[-\x00]" if ch == "-" else re.escape(ch))
        pattern = "\x00?".join(parts)
        return re.search(pattern, self.marked) is not None


@cache
def source_text(filename: str) -> SourceText:
    path = SOURCES_DIR / filename
    return SourceText(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- merging overlays


def _by_id(items: object) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(items, list):
        for item in items:
            if isinstance(item, Mapping) and "id" in item:
                out[str(item["id"])] = item
    return out


def merge_overlay(base: Mapping[str, Any], overlay: Mapping[str, Any]) -> dict[str, Any]:
    """The document of a derived version: ``overlay`` applied to ``base`` (both raw YAML)."""
    merged: dict[str, Any] = {
        k: v for k, v in base.items() if k not in ("id", "title", "status", "supersedes", "note")
    }
    for key, value in overlay.items():
        if key in ("passages", "parameters", "tables", "rules", "remove_rules"):
            continue
        merged[key] = value
    passages = _by_id(base.get("passages"))
    passages.update(_by_id(overlay.get("passages")))
    merged["passages"] = list(passages.values())
    params = dict(base.get("parameters") or {})
    params.update(overlay.get("parameters") or {})
    merged["parameters"] = params
    tables = dict(base.get("tables") or {})
    tables.update(overlay.get("tables") or {})
    merged["tables"] = tables
    removed = set(overlay.get("remove_rules") or [])
    rules = [r for r in (base.get("rules") or []) if not (isinstance(r, Mapping) and r.get("id") in removed)]
    overlay_rules = _by_id(overlay.get("rules"))
    out_rules: list[Any] = []
    for r in rules:
        rid = r.get("id") if isinstance(r, Mapping) else None
        out_rules.append(overlay_rules.pop(rid) if rid in overlay_rules else r)
    out_rules.extend(overlay_rules.values())
    merged["rules"] = out_rules
    merged["_removed_rules"] = sorted(removed)
    merged["_unknown_removed"] = sorted(removed - set(_by_id(base.get("rules"))))
    return merged


# ---------------------------------------------------------------- compiling


def _as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


class _Compiler:
    def __init__(self, doc: Mapping[str, Any], origin: str) -> None:
        self.doc = doc
        self.origin = origin
        self.problems: list[str] = []
        self.passages: dict[str, Passage] = {}
        self.param_names: dict[str, object] = {}
        self.named: set[str] = set()  # every fact or parameter a condition or template names

    def problem(self, text: str) -> None:
        self.problems.append(text)

    def check_id(self, value: object, where: str) -> None:
        """An id must be one word (``ID_PATTERN``): it names the thing in URLs and in generated code."""
        if isinstance(value, str) and not ID_PATTERN.fullmatch(value):
            self.problem(
                f"{where}: id {value!r} får bara innehålla små bokstäver a–z, siffror, '_', '.' och '-' "
                "(högst 80 tecken, först en bokstav eller siffra)"
            )

    def citations(self, ids: object, where: str, *, required: bool = True) -> tuple[Passage, ...]:
        if ids is None or ids == []:
            if required:
                self.problem(f"{where}: saknar citat (varje riktlinje och tabellrad måste citera en passage)")
            return ()
        if not isinstance(ids, list):
            self.problem(f"{where}: 'citations' måste vara en lista med passagers id")
            return ()
        out: list[Passage] = []
        for pid in ids:
            passage = self.passages.get(str(pid))
            if passage is None:
                self.problem(f"{where}: citerar passagen {pid!r}, som inte finns")
            else:
                out.append(passage)
        return tuple(out)

    def condition(self, node: object, where: str) -> Cond | None:
        if node is None:
            return None
        try:
            compiled = compile_condition(node, self.param_names, where)
            self.named.update(condition_facts(node))
            return compiled
        except ConditionError as exc:
            self.problem(str(exc))
            return None

    def template(self, text: object, where: str) -> Template:
        if not isinstance(text, str) or not text.strip():
            self.problem(f"{where}: en skälsmall måste vara en text som inte är tom")
            return Template("", (("", None, False, False),))
        text = " ".join(text.split())
        before = len(self.problems)
        parts: list[tuple[str, str | None, bool, bool]] = []
        try:
            for literal, name, spec, conversion in string.Formatter().parse(text):
                if spec or conversion:
                    self.problem(
                        f"{where}: en platshållare tar ingen formatangivelse eller konvertering: {name!r}"
                    )
                if name is not None and name not in FACTS and name not in self.param_names:
                    self.problem(f"{where}: mallen nämner ett okänt faktum eller en okänd parameter {name!r}")
                if name is not None:
                    self.named.add(name)
                is_param = name is not None and name not in FACTS
                quote = name is not None and name in FACTS and FACTS[name].quote
                parts.append((literal, name or None, is_param, quote))
        except ValueError as exc:
            self.problem(f"{where}: mallen är felaktigt skriven ({exc})")
            return Template("", (("", None, False, False),))
        if all(name is None for _, name, _, _ in parts):
            return Template(text, tuple(parts) or (("", None, False, False),), orjson.dumps(text))
        if len(self.problems) > before:
            return Template(text, tuple(parts))
        return Template(text, tuple(parts), None, compile_template(parts, self.param_names, display, where))

    def reason(self, node: object, where: str) -> Reason | None:
        if node is None:
            return None
        if isinstance(node, str):
            return Reason((Variant(None, self.template(node, where)),), repr(node))
        if isinstance(node, list) and node:
            variants: list[Variant] = []
            for i, item in enumerate(node):
                at = f"{where}[{i}]"
                if not isinstance(item, Mapping) or "text" not in item:
                    self.problem(f"{at}: en skälvariant behöver 'text' (och kan ha 'when')")
                    continue
                extra = set(item) - {"when", "text", "citations", "question"}
                if extra:
                    self.problem(f"{at}: okända nycklar {sorted(extra)}")
                question = item.get("question")
                if question is not None and not isinstance(question, str):
                    self.problem(f"{at}: 'question' måste vara en text")
                    question = None
                variants.append(
                    Variant(
                        self.condition(item.get("when"), f"{at}.when"),
                        self.template(item["text"], at),
                        self.citations(item.get("citations"), at, required=False),
                        question,
                        item.get("when"),
                    )
                )
                if item.get("when") is not None:
                    self.named.update(condition_facts(item["when"]))
            if variants and variants[-1].when is not None:
                self.problem(
                    f"{where}: den sista skälvarianten får inte ha 'when' (den gäller när ingen annan gäller)"
                )
            return Reason(tuple(variants), repr(node))
        self.problem(f"{where}: ett skäl måste vara en text eller en lista med varianter")
        return None

    def kinds(self, node: object, where: str) -> frozenset[str]:
        if node in (None, "all"):
            return frozenset(KINDS)
        if not isinstance(node, list) or not node:
            self.problem(f"{where}: måste vara 'all' eller en lista med ärendeslag som inte är tom")
            return frozenset()
        unknown = [k for k in node if k not in KINDS]
        if unknown:
            self.problem(f"{where}: okända ärendeslag {unknown}")
        return frozenset(k for k in node if k in KINDS)

    def compile(self) -> dict[str, Any]:
        doc = self.doc
        out: dict[str, Any] = {}
        for key in ("id", "title", "status"):
            value = doc.get(key)
            if value is None or value == "":
                self.problem(f"metadata: '{key}' krävs")
            elif not isinstance(value, str):
                self.problem(f"metadata: '{key}' ska vara text (inom citattecken), inte {_shown(value)}")
        self.check_id(doc.get("id"), "metadata")
        status = doc.get("status")
        if isinstance(status, str) and status and status not in STATUSES:
            self.problem(f"metadata: status måste vara {_one_of(STATUSES)}, inte ”{status[:60]}”")
        eff_from = _as_date(doc.get("effective_from"))
        if eff_from is None:
            self.problem("metadata: 'effective_from' måste vara ett datum ÅÅÅÅ-MM-DD")
        eff_to = _as_date(doc.get("effective_to")) if doc.get("effective_to") is not None else None
        if doc.get("effective_to") is not None and eff_to is None:
            self.problem("metadata: 'effective_to' måste vara ett datum ÅÅÅÅ-MM-DD")
        source = doc.get("source")
        text: SourceText | None = None
        if not isinstance(source, Mapping) or not source.get("file"):
            self.problem("metadata: 'source' med 'file' (en källtext i policy/sources/) krävs")
        else:
            try:
                text = source_text(str(source["file"]))
            except OSError:
                self.problem(f"metadata: källtexten {source['file']!r} finns inte i policy/sources/")
        for rid in doc.get("_unknown_removed", []):
            self.problem(f"remove_rules: grundversionen har ingen regel {rid!r}")

        # passages
        raw_passages = doc.get("passages") or []
        if not isinstance(raw_passages, list):
            self.problem("passages: måste vara en lista")
            raw_passages = []
        for i, p in enumerate(raw_passages):
            where = f"passages[{i}]"
            if not isinstance(p, Mapping) or not all(
                isinstance(p.get(k), str) for k in ("id", "section", "text")
            ):
                self.problem(f"{where}: behöver texterna 'id', 'section' och 'text'")
                continue
            self.check_id(p["id"], where)
            if p["id"] in self.passages:
                self.problem(f"{where}: passagen {p['id']!r} förekommer två gånger")
            quote = normalise_passage(p["text"])
            if text is not None and not text.contains(quote):
                self.problem(
                    f"passage {p['id']!r}: texten förekommer inte ordagrant i källtexten "
                    f"{source['file'] if isinstance(source, Mapping) else '?'}: {quote[:80]!r}…"
                )
            self.passages[p["id"]] = Passage(p["id"], p["section"], quote)

        # parameters
        raw_params = doc.get("parameters") or {}
        if not isinstance(raw_params, Mapping):
            self.problem("parameters: måste vara en mappning")
            raw_params = {}
        self.param_names = dict.fromkeys(raw_params)
        parameters: dict[str, Parameter] = {}
        for name, spec in raw_params.items():
            parameter = self.parameter(str(name), spec)
            if parameter is not None:
                parameters[str(name)] = parameter

        # rules
        rules: list[Rule] = []
        seen: set[str] = set()
        raw_rules = doc.get("rules") or []
        for i, r in enumerate(raw_rules if isinstance(raw_rules, list) else []):
            if not isinstance(r, Mapping) or not isinstance(r.get("id"), str):
                self.problem(f"rules[{i}]: behöver ett 'id' (en text)")
                continue
            rule = self.rule(r)
            if r["id"] in seen:
                self.problem(f"regel {r['id']!r}: id förekommer två gånger")
            seen.add(r["id"])
            if rule is not None:
                rules.append(rule)

        # tables
        tables: dict[str, Table] = {}
        raw_tables = doc.get("tables") or {}
        for name, spec in raw_tables.items() if isinstance(raw_tables, Mapping) else []:
            table = self.table(str(name), spec)
            if table is not None:
                tables[str(name)] = table
        if "decision_authority" not in tables:
            self.problem("tables: 'decision_authority' krävs")
        else:
            self.check_coverage(tables["decision_authority"])
        self.check_parameters(parameters)

        out.update(
            id=doc.get("id"),
            title=doc.get("title"),
            status=doc.get("status"),
            effective_from=eff_from,
            effective_to=eff_to,
            supersedes=tuple(doc.get("supersedes") or ()),
            derives_from=doc.get("derives_from"),
            source=dict(source) if isinstance(source, Mapping) else {},
            passages=self.passages,
            parameters=parameters,
            rules=tuple(rules),
            tables=tables,
        )
        return out

    def parameter(self, name: str, spec: object) -> Parameter | None:
        where = f"parameter {name!r}"
        self.check_id(name, where)
        if not isinstance(spec, Mapping):
            self.problem(f"{where}: måste vara en mappning med 'description' och 'values'")
            return None
        extra = set(spec) - {"description", "note", "values"}
        if extra:
            self.problem(f"{where}: okända nycklar {sorted(extra)}")
        entries = spec.get("values")
        if not isinstance(entries, list) or not entries:
            self.problem(f"{where}: behöver 'values', en lista med {{from, value, source}}")
            return None
        values: list[DatedValue] = []
        for j, entry in enumerate(entries):
            at = f"{where}.values[{j}]"
            if not isinstance(entry, Mapping):
                self.problem(f"{at}: måste vara en mappning med 'from', 'value' och 'source'")
                continue
            extra = set(entry) - {"from", "value", "source"}
            if extra:
                self.problem(f"{at}: okända nycklar {sorted(extra)}")
            start = _as_date(entry.get("from"))
            if start is None:
                self.problem(f"{at}: 'from' måste vara ett datum ÅÅÅÅ-MM-DD")
            if "value" not in entry:
                self.problem(f"{at}: 'value' krävs (null: gäller inte från det datumet)")
            source = self.value_source(entry.get("source"), at)
            if start is not None and source is not None and "value" in entry:
                values.append(DatedValue(start, entry["value"], source))
        dates = [v.valid_from for v in values]
        if len(set(dates)) != len(dates):
            self.problem(f"{where}: två värden från samma datum")
        if dates != sorted(dates):
            self.problem(f"{where}: värdena måste stå i datumordning")
        if not values:
            return None
        return Parameter(name, str(spec.get("description", "")), tuple(values), str(spec.get("note", "")))

    def value_source(self, node: object, where: str) -> ValueSource | None:
        """``{passage: ID}`` and/or ``{decision: TEXT}``, with an optional ``note``."""
        if not isinstance(node, Mapping) or not ({"passage", "decision"} & set(node)):
            self.problem(
                f"{where}: 'source' måste ange passagen eller beslutet som gav värdet "
                "({passage: ID} eller {decision: TEXT}, och om så behövs en note)"
            )
            return None
        extra = set(node) - {"passage", "decision", "note"}
        if extra:
            self.problem(f"{where}.source: okända nycklar {sorted(extra)}")
        passage = None
        if "passage" in node:
            passage = self.passages.get(str(node["passage"]))
            if passage is None:
                self.problem(f"{where}.source: citerar passagen {node['passage']!r}, som inte finns")
        decision = node.get("decision")
        if decision is not None and (not isinstance(decision, str) or not decision.strip()):
            self.problem(f"{where}.source: 'decision' måste vara en text som inte är tom")
            decision = None
        return ValueSource(passage, decision, str(node.get("note") or ""))

    def rule(self, r: Mapping[str, Any]) -> Rule | None:
        rid = r["id"]
        where = f"regel {rid!r}"
        before = len(self.problems)
        self.check_id(rid, where)
        known = {
            "id",
            "title",
            "applies_to",
            "applicable_if",
            "require",
            "severity",
            "on_true",
            "on_false",
            "on_unknown",
            "reason_true",
            "reason_false",
            "reason_unknown",
            "citations",
            "requirements",
            "field",
            "for_requests",
            "note",
        }
        extra = set(r) - known
        if extra:
            self.problem(f"{where}: okända nycklar {sorted(extra)}")
        severity = r.get("severity")
        if severity not in SEVERITIES:
            self.problem(f"{where}: severity måste vara ett av {list(SEVERITIES)}, inte {severity!r}")
        kinds = self.kinds(r.get("applies_to"), f"{where}.applies_to")
        applicable = self.condition(r.get("applicable_if"), f"{where}.applicable_if")
        if "require" not in r:
            self.problem(f"{where}: 'require' (villkoret som ska vara uppfyllt) saknas")
        require = self.condition(r.get("require"), f"{where}.require")
        verdicts = {}
        for key, default in (
            ("on_true", "fulfilled"),
            ("on_false", "not_fulfilled"),
            ("on_unknown", "needs_info"),
        ):
            verdicts[key] = r.get(key, default)
            if verdicts[key] not in VERDICTS:
                self.problem(f"{where}: {key} måste vara ett av {list(VERDICTS)}")
        cites = self.citations(r.get("citations"), where)
        if "reason_true" not in r or "reason_unknown" not in r:
            self.problem(f"{where}: 'reason_true' och 'reason_unknown' (svenska mallar) krävs")
        reason_true = self.reason(r.get("reason_true"), f"{where}.reason_true")
        reason_unknown = self.reason(r.get("reason_unknown"), f"{where}.reason_unknown")
        reason_false = self.reason(
            r.get("reason_false", f"Villkoret är inte uppfyllt: {r.get('title', rid)}."),
            f"{where}.reason_false",
        )
        reqs = r.get("requirements") or []
        if not isinstance(reqs, list) or not all(isinstance(x, str) for x in reqs):
            self.problem(f"{where}: 'requirements' måste vara en lista med texter")
            reqs = []
        field = r.get("field")
        if field is not None and not isinstance(field, str):
            self.problem(f"{where}: 'field' måste vara en text")
        for_requests = r.get("for_requests", True)
        if not isinstance(for_requests, bool):
            self.problem(f"{where}: 'for_requests' måste vara true eller false")
        if len(self.problems) > before or require is None:
            return None
        if reason_true is None or reason_unknown is None or reason_false is None:
            return None
        return Rule(
            id=rid,
            title=str(r.get("title", rid)),
            kinds=kinds,
            applicable_if=applicable,
            require=require,
            severity=str(severity),
            on_true=verdicts["on_true"],
            on_false=verdicts["on_false"],
            on_unknown=verdicts["on_unknown"],
            reasons={True: reason_true, False: reason_false, None: reason_unknown},
            citations=cites,
            requirements=tuple(reqs),
            field=field,
            spec=r,
            facts=tuple(condition_facts([r.get("applicable_if"), r.get("require")])),
            params=tuple(condition_facts([r.get("applicable_if"), r.get("require")], ("param",))),
            for_requests=bool(for_requests),
        )

    def table(self, name: str, spec: object) -> Table | None:
        where = f"tabell {name!r}"
        self.check_id(name, where)
        if not isinstance(spec, Mapping):
            self.problem(f"{where}: måste vara en mappning")
            return None
        hit = spec.get("hit_policy")
        if hit not in ("first", "collect"):
            self.problem(f"{where}: hit_policy måste vara 'first' eller 'collect', inte {hit!r}")
        if name == "decision_authority" and hit != "first":
            self.problem(f"{where}: beslutstabellen måste ha hit_policy 'first'")
        rows: list[TableRow] = []
        ids: set[str] = set()
        for i, row in enumerate(spec.get("rows") or []):
            rw = f"{where}.rows[{i}]"
            if not isinstance(row, Mapping) or not isinstance(row.get("id"), str):
                self.problem(f"{rw}: behöver ett 'id' (en text)")
                continue
            rw = f"{where} rad {row['id']!r}"
            self.check_id(row["id"], rw)
            if row["id"] in ids:
                self.problem(f"{rw}: radens id förekommer två gånger")
            ids.add(row["id"])
            decides = row.get("decides")
            requires = row.get("requires") or []
            if name == "decision_authority":
                if decides not in (*BODIES, "unit_body"):
                    self.problem(
                        f"{rw}: decides måste vara ett av {[*BODIES, 'unit_body']}, inte {decides!r}"
                    )
            elif not isinstance(requires, list) or not requires:
                self.problem(f"{rw}: 'requires' måste vara en lista som inte är tom")
                requires = []
            rows.append(
                TableRow(
                    id=row["id"],
                    label=str(row.get("label", row["id"])),
                    kinds=self.kinds(row.get("kinds"), f"{rw}.kinds"),
                    when=self.condition(row.get("when"), f"{rw}.when"),
                    decides=decides if isinstance(decides, str) else None,
                    requires=tuple(str(x) for x in requires),
                    citations=self.citations(row.get("citations"), rw),
                    spec_when=row.get("when"),
                )
            )
        fallback = spec.get("unknown_unit_fallback")
        if name == "decision_authority" and fallback not in BODIES:
            self.problem(
                f"{where}: 'unknown_unit_fallback' måste vara ett av {list(BODIES)}, inte {fallback!r}"
            )
        return Table(
            name,
            str(hit),
            tuple(rows),
            fallback if isinstance(fallback, str) else None,
            self.citations(spec.get("fallback_citations"), where, required=name == "decision_authority"),
            {
                (kind, subject): tuple(r for r in rows if kind in r.kinds or subject in r.kinds)
                for kind, subject in KIND_PAIRS
            },
        )

    def check_coverage(self, table: Table) -> None:
        for kind in KINDS:
            if not any(kind in row.kinds and row.when is None for row in table.rows):
                self.problem(
                    f"tabell 'decision_authority': ingen rad gäller varje ärende av slaget {kind!r} "
                    "(lägg till en rad för slaget utan 'when' som sista utväg)"
                )

    def check_parameters(self, parameters: Mapping[str, Parameter]) -> None:
        """Every parameter that the facts named by the version read must be defined (null if not in
        force), so that no fact meets a parameter the version never thought about."""
        for name in sorted(closure(sorted(n for n in self.named if n in FACTS))):
            for param in FACTS[name].params:
                if param not in parameters:
                    self.problem(
                        f"faktum {name!r} läser parametern {param!r}, som versionen inte definierar "
                        "(definiera den, med värdet null där den inte gäller)"
                    )


def compile_document(doc: Mapping[str, Any], *, origin: str, content_hash: str = "") -> PolicyVersion:
    """Validate and compile a (merged) policy document; raise :class:`PolicyError` on any problem."""
    compiler = _Compiler(doc, origin)
    parts = compiler.compile()
    if compiler.problems:
        raise PolicyError(origin, compiler.problems)
    version = PolicyVersion(
        **parts,
        content_hash=content_hash or hashlib.sha256(repr(sorted(doc.items(), key=str)).encode()).hexdigest(),
        path=origin,
        document=doc,
    )
    version.rules_by_kind = {
        (kind, subject): tuple(
            rule
            for rule in version.rules
            if kind in rule.kinds or (subject != kind and subject in rule.kinds and rule.for_requests)
        )
        for kind, subject in KIND_PAIRS
    }
    version.lifecycle_by_kind = {
        kind: tuple(rule for rule in version.rules if kind in rule.kinds and not rule.for_requests)
        for kind in KINDS
    }
    return version


_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present


class _StrictLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """YAML's safe loader that refuses a mapping with the same key twice (YAML itself would keep the
    last one silently), and anchors and aliases (``&a`` … ``*a``): a policy writes each thing out, and a
    file of nested aliases would grow exponentially as it is read ("billion laughs")."""

    def construct_document(self, node: yaml.Node) -> Any:
        _refuse_aliases(node)
        return super().construct_document(node)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, Any] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                mark = key_node.start_mark
                raise yaml.constructor.ConstructorError(
                    None, None, f"nyckeln {key!r} förekommer två gånger i samma mappning", mark
                )
            seen[key] = True
        return super().construct_mapping(node, deep=deep)


def _refuse_aliases(root: yaml.Node) -> None:
    """Raise at the first node met twice: an alias (``*a``) is the node its anchor names, met again."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise yaml.constructor.ConstructorError(
                None, None, "YAML-ankare och alias (&namn, *namn) används inte i en policy", node.start_mark
            )
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _one_of(values: Iterable[str]) -> str:
    """``a, b eller c``."""
    listed = list(values)
    return listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])} eller {listed[-1]}"


def _shown(value: object) -> str:
    """A value of the wrong type, as a policy's author wrote it."""
    return (
        f"talet {value}"
        if isinstance(value, int | float) and not isinstance(value, bool)
        else f"{value!r}"[:60]
    )


# What PyYAML says most often, in Swedish; anything else is shown in its own words.
_YAML_PROBLEMS_SV = {
    "mapping values are not allowed": "ett kolon står där inget värde får börja (saknas ett citattecken?)",
    "could not find expected ':'": "ett kolon saknas efter en nyckel",
    "found character '\\t' that cannot start any token": "en tabb får inte dra in en rad (använd mellanslag)",
    "found a tab character": "en tabb får inte dra in en rad (använd mellanslag)",
    "did not find expected ',' or": "en lista eller mappning inom [ ] eller { } stängs inte",
    "found undefined alias": "ett alias (*namn) som inget ankare har",
    "found duplicate anchor": "ett ankare (&namn) som används två gånger",
    "expected <block end>, but found": "indragningen stämmer inte med raderna ovanför",
    "did not find expected key": "en nyckel saknas där indragningen väntar en",
    "found unexpected end of stream": "filen tar slut mitt i ett värde",
    "found unknown escape character": "ett okänt escape-tecken (\\) i en text inom citattecken",
    "could not determine a constructor for the tag": "en YAML-tagg (!…) som en policy inte använder",
    "exceeded maximum nesting depth": "värdena är för djupt nästlade",
    "unacceptable character": "ett tecken som YAML inte tillåter (är filen sparad som UTF-8 text?)",
    "found incompatible YAML document": "en YAML-version (%YAML) som inte stöds: skriv YAML 1.1 eller 1.2",
    "found unexpected ':'": "ett kolon står där inget värde får börja (saknas ett citattecken?)",
}


def yaml_problem(exc: yaml.YAMLError) -> str:
    """A YAML error in Swedish: where (line and column) and what is wrong."""
    mark = getattr(exc, "problem_mark", None)
    problem = str(getattr(exc, "problem", None) or exc)
    worded = next((sv for en, sv in _YAML_PROBLEMS_SV.items() if problem.startswith(en)), None)
    if worded is None and isinstance(exc, yaml.constructor.ConstructorError) and exc.context is None:
        worded = problem  # the strict loader's own refusals, worded in Swedish where they are raised
    what = worded or f"YAML kunde inte läsas (tolkens egna ord: ”{problem}”)"
    where = f" på rad {mark.line + 1}, kolumn {mark.column + 1}" if mark is not None else ""
    return f"ogiltig YAML{where}: {what}"


def parse_yaml(raw: bytes, origin: str) -> dict[str, Any]:
    """A policy document from its YAML (a mapping, no key twice, no alias); ``PolicyError`` otherwise."""
    try:
        doc = yaml.load(raw, Loader=_StrictLoader)  # noqa: S506 - a safe loader, only stricter
    except yaml.YAMLError as exc:
        raise PolicyError(origin, [yaml_problem(exc)]) from None
    except RecursionError:
        raise PolicyError(origin, ["ogiltig YAML: värdena är för djupt nästlade"]) from None
    if doc is None:
        raise PolicyError(origin, ["filen är tom"])
    if not isinstance(doc, dict):
        raise PolicyError(origin, ["filen måste innehålla en mappning (nycklar med värden)"])
    return doc


def _read_yaml(path: Path) -> tuple[dict[str, Any], bytes]:
    raw = path.read_bytes()
    return parse_yaml(raw, str(path)), raw


def _resolve_document(path: Path, seen: tuple[str, ...] = ()) -> tuple[dict[str, Any], str]:
    doc, raw = _read_yaml(path)
    digest = hashlib.sha256(raw)
    base_id = doc.get("derives_from")
    if base_id:
        if base_id in seen:
            raise PolicyError(str(path), [f"derives_from bildar en cirkel: {[*seen, base_id]}"])
        base_path = path.with_name(f"{base_id}.yaml")
        if not base_path.exists():
            raise PolicyError(str(path), [f"derives_from anger en okänd version {base_id!r}"])
        base_doc, base_hash = _resolve_document(base_path, (*seen, str(doc.get("id"))))
        digest.update(base_hash.encode())
        doc = merge_overlay(base_doc, doc)
    return doc, digest.hexdigest()


def load_file(path: str | Path) -> PolicyVersion:
    """Load and validate one version file (its base, for an overlay, from the same folder)."""
    path = Path(path)
    doc, digest = _resolve_document(path)
    version = compile_document(doc, origin=str(path), content_hash=digest)
    if version.id != path.stem:
        raise PolicyError(str(path), [f"id {version.id!r} måste vara detsamma som filnamnet {path.stem!r}"])
    return version


def version_ids(directory: Path = VERSIONS_DIR) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.yaml"))


def load_text(raw: bytes, *, origin: str) -> PolicyVersion:
    """Load and validate a version from its YAML (a draft, uploaded for a what-if) with the same checks as
    a shipped file. An overlay (``derives_from``) builds on a shipped version, never on another draft, and
    the draft's id may not be a shipped version's: a draft is never taken for a version that applies.

    The draft is compiled here and nowhere else; ``load_version`` and ``list_versions`` never see it."""
    doc = parse_yaml(raw, origin)
    digest = hashlib.sha256(raw)
    shipped = version_ids()
    version_id = doc.get("id")
    if isinstance(version_id, str) and version_id in shipped:
        raise PolicyError(
            origin,
            [
                f"metadata: id {version_id!r} är en antagen versions id; ge utkastet ett eget id "
                "(till exempel med ändelsen -utkast)"
            ],
        )
    base_id = doc.get("derives_from")
    if base_id:
        if not isinstance(base_id, str) or base_id not in shipped:
            raise PolicyError(
                origin,
                [
                    f"derives_from anger en okänd version {base_id!r}; ett utkast bygger på en av "
                    f"versionerna {', '.join(shipped)}"
                ],
            )
        base_doc, base_hash = _resolve_document(VERSIONS_DIR / f"{base_id}.yaml")
        digest.update(base_hash.encode())
        doc = merge_overlay(base_doc, doc)
    try:
        return compile_document(doc, origin=origin, content_hash=digest.hexdigest())
    except RecursionError:
        raise PolicyError(origin, ["ett villkor är för djupt nästlat"]) from None


@cache
def load_version(version_id: str) -> PolicyVersion:
    """The shipped version ``version_id`` (cached)."""
    known = version_ids()
    if version_id not in known:
        shown = version_id if len(version_id) <= 40 else version_id[:39] + "…"
        raise UnknownVersionError(f"Okänd policyversion ”{shown}”; kända versioner: {', '.join(known)}.")
    return load_file(VERSIONS_DIR / f"{version_id}.yaml")


def list_versions() -> list[PolicyVersion]:
    """Every shipped version, by effective date."""
    return sorted((load_version(v) for v in version_ids()), key=lambda v: (v.effective_from, v.id))


@cache
def _shipped_by_date() -> tuple[PolicyVersion, ...]:
    # The shipped versions do not change while the process runs (``load_version`` keeps them too); an
    # import asks for the version of thousands of days, and listing the folder each time cost a tenth of it.
    return tuple(list_versions())


@lru_cache(maxsize=4096)
def default_version(day: date) -> PolicyVersion:
    """The version in force on ``day``; failing that, the historical version effective then."""
    versions = _shipped_by_date()
    for status in ("in_force", "historical"):
        for v in versions:
            if v.status == status and v.is_effective(day):
                return v
    raise UnknownVersionError(f"Ingen policyversion gäller den {day.isoformat()}; ange en med --policy.")
