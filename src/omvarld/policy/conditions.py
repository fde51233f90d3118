"""Shallow conditions over named facts, compiled once at load time into one Python function each.

Grammar (YAML)::

    {fact: NAME}                         truthiness of the fact (unknown stays unknown)
    {fact: NAME, eq: V} / ne / in / contains / ge / gt / le / lt
                                         V is a literal, {fact: OTHER} or {param: NAME}
    {known: NAME}                        true when the fact is known (never unknown)
    {param: NAME}                        truthiness of a parameter
    {all: [C, ...]} / {any: [C, ...]} / {not: C}

Evaluation is three-valued (Kleene): ``True``, ``False`` or ``None`` (unknown). ``all`` is false if
any part is false, else unknown if any is unknown; ``any`` dually; ``not`` keeps unknown. An unknown
result means that every part was evaluated (only a decisive ``True`` or ``False`` stops early), so the
facts a condition names (:func:`condition_facts`) are exactly those behind an unknown result: the
engine asks their questions without tracing the evaluation.

A condition is validated, then translated into the source of one function (fact reads inlined as
cache lookups, parts as nested blocks) and compiled: evaluating it costs one call instead of one per
node. The generated source is kept on the function as ``__source__`` for reading and debugging.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from omvarld.policy.facts import FACTS, Context
from omvarld.policy.jsonparts import KEYABLE, finding_entry, new_memo, remember

Cond = Callable[[Context], bool | None]

_COMPARATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "ge": operator.ge,
    "gt": operator.gt,
    "le": operator.le,
    "lt": operator.lt,
    "in": lambda a, b: a in b,
    "contains": lambda a, b: b in a,
}
_MISSING: Any = object()


class ConditionError(ValueError):
    """A condition is malformed or names an unknown fact or parameter."""


def condition_facts(node: object, keys: tuple[str, ...] = ("fact", "known")) -> list[str]:
    """The facts a (valid) condition names, in order of appearance, without repeats (with
    ``keys=("param",)``: the parameters it reads directly)."""
    found: list[str] = []

    def walk(n: object) -> None:
        if isinstance(n, Mapping):
            for key, value in n.items():
                if key in keys and isinstance(value, str):
                    if value not in found:
                        found.append(value)
                else:
                    walk(value)
        elif isinstance(n, list):
            for item in n:
                walk(item)

    walk(node)
    return found


# Inlined field facts: the exact-type case inline, anything else (absent, a subclass) through the
# fact's own function, so that the result is always the function's.
_INLINE = {
    "text": "({v}.strip() or None) if {v}.__class__ is str else (None if {v} is None else {fn}(ctx))",
    "list": "({v} or None) if {v}.__class__ is list else (None if {v} is None else {fn}(ctx))",
    "number": (
        "{v} if ({v}.__class__ is int or {v}.__class__ is float) else (None if {v} is None else {fn}(ctx))"
    ),
    "bool": "{v} is True",
}


class _Writer:
    """Emits the body of one condition function."""

    def __init__(self, params: Mapping[str, object], where: str) -> None:
        self.params = params
        self.where = where
        self.lines: list[str] = []
        self.names: dict[str, Any] = {"_M": _MISSING, "_OPS": _COMPARATORS}
        self.counter = 0
        self.known: dict[str, str] = {}  # fact -> the local that holds it, once read at the top level

    def temp(self) -> str:
        self.counter += 1
        return f"t{self.counter}"

    def emit(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    def read(self, name: str, target: str, depth: int, where: str) -> None:
        """``target = <the fact's value>``, computed once per assessment and cached. A fact that only
        reads an input field is inlined (the same expression as its function, without the call)."""
        spec = FACTS.get(name)
        if spec is None:
            raise ConditionError(f"{where}: okänt faktum {name!r}")
        known = self.known.get(name)
        if known is not None:  # read before, unconditionally: the local still holds it
            self.emit(depth, f"{target} = {known}")
            return
        self.emit(depth, f"{target} = _c.get({name!r}, _M)")
        self.emit(depth, f"if {target} is _M:")
        fn = f"_f_{name}"
        self.names[fn] = spec.fn
        inline = _INLINE.get(spec.inline or "")
        if inline is not None and spec.field is not None:
            self.emit(depth + 1, f"{target} = _d.get({spec.field!r})")
            self.emit(depth + 1, f"{target} = _c[{name!r}] = " + inline.format(v=target, fn=fn))
        else:
            self.emit(depth + 1, f"{target} = _c[{name!r}] = {fn}(ctx)")
        if depth == 1:  # a statement of the function's top level runs before everything after it
            self.known[name] = target

    def param(self, name: object, where: str) -> str:
        pname = str(name)
        if pname not in self.params:
            raise ConditionError(f"{where}: okänd parameter {pname!r}")
        return f"_p.get({pname!r})"

    def operand(self, node: object, target: str, depth: int, where: str) -> None:
        if isinstance(node, Mapping):
            if set(node) == {"fact"}:
                self.read(str(node["fact"]), target, depth, where)
                return
            if set(node) == {"param"}:
                self.emit(depth, f"{target} = {self.param(node['param'], where)}")
                return
            raise ConditionError(f"{where}: en operand måste vara ett värde, {{fact: …}} eller {{param: …}}")
        literal = f"_lit{self.counter}_{len(self.names)}"
        self.names[literal] = node
        self.emit(depth, f"{target} = {literal}")

    def variant(
        self,
        variants: Sequence[Any],
        targets: tuple[str, str],
        constant: Callable[[Any], object],
        depth: int,
        where: str,
    ) -> None:
        """``targets`` = the first variant (of a reason) whose ``when`` holds (the last has none), and
        its ``constant``."""
        for i, variant in enumerate(variants):
            name = f"_V{self.counter}_{len(self.names)}"
            self.names[name] = variant
            json = f"_J{self.counter}_{len(self.names)}"
            self.names[json] = constant(variant)
            assign = f"{targets[0]}, {targets[1]} = {name}, {json}"
            node = variant.spec_when
            if node is None or i == len(variants) - 1:
                self.emit(depth, assign)
                return
            holds = self.temp()
            self.condition(node, holds, depth, f"{where}[{i}].when")
            self.emit(depth, f"if {holds} is True:")
            self.emit(depth + 1, assign)
            self.emit(depth, "else:")
            depth += 1

    def condition(self, node: object, target: str, depth: int, where: str) -> None:
        """Statements that set ``target`` to True, False or None."""
        if not isinstance(node, Mapping) or not node:
            raise ConditionError(
                f"{where}: ett villkor måste vara en mappning som inte är tom, inte {node!r}"
            )
        keys = set(node)
        if keys == {"all"} or keys == {"any"}:
            key = "all" if "all" in node else "any"
            items = node[key]
            if not isinstance(items, list) or not items:
                raise ConditionError(f"{where}: {key!r} behöver en lista som inte är tom")
            decisive = key == "any"  # the value that ends the evaluation early
            self.emit(depth, f"{target} = {not decisive}")
            part = self.temp()
            for i, item in enumerate(items):
                self.condition(item, part, depth, f"{where}.{key}[{i}]")
                self.emit(depth, f"if {part} is {decisive}:")
                self.emit(depth + 1, f"{target} = {decisive}")
                self.emit(depth, "else:")
                self.emit(depth + 1, f"if {part} is None:")
                self.emit(depth + 2, f"{target} = None")
                depth += 1
            return
        if keys == {"not"}:
            inner = self.temp()
            self.condition(node["not"], inner, depth, f"{where}.not")
            self.emit(depth, f"{target} = None if {inner} is None else not {inner}")
            return
        if keys == {"known"}:
            value = self.temp()
            self.read(str(node["known"]), value, depth, where)
            self.emit(depth, f"{target} = {value} is not None")
            return
        if keys == {"param"}:
            self.emit(depth, f"{target} = bool({self.param(node['param'], where)})")
            return
        if "fact" in keys:
            value = self.temp()
            ops = keys - {"fact"}
            if not ops:
                self.read(str(node["fact"]), value, depth, where)
                self.emit(depth, f"{target} = None if {value} is None else bool({value})")
                return
            if len(ops) != 1 or next(iter(ops)) not in _COMPARATORS:
                expected = sorted(_COMPARATORS)
                raise ConditionError(
                    f"{where}: bredvid 'fact' väntas en jämförelse av {expected}, inte {sorted(ops)}"
                )
            op = next(iter(ops))
            self.read(str(node["fact"]), value, depth, where)
            self.emit(depth, f"if {value} is None:")
            self.emit(depth + 1, f"{target} = None")
            self.emit(depth, "else:")
            right = self.temp()
            self.operand(node[op], right, depth + 1, where)
            self.emit(depth + 1, f"if {right} is None:")
            self.emit(depth + 2, f"{target} = None")
            self.emit(depth + 1, "else:")
            self.emit(depth + 2, "try:")
            self.emit(depth + 3, f"{target} = bool(_OPS[{op!r}]({value}, {right}))")
            self.emit(depth + 2, "except TypeError:")
            self.emit(depth + 3, f"{target} = None")
            return
        raise ConditionError(f"{where}: okända nycklar i villkoret {sorted(keys)}")


_HEADER = ("    _c = ctx.cache", "    _p = ctx.params", "    _d = ctx.data")


def compile_template(
    parts: Sequence[tuple[str, str | None, bool, bool]],
    params: Mapping[str, object],
    display: Callable[..., str],
    where: str,
) -> Callable[[Context], str]:
    """A reason template as one function: each placeholder's fact read in place, a plain Swedish word
    used as it is, any other value through ``display`` (``quote`` for the user's own free text)."""
    writer = _Writer(params, where)
    writer.names["_display"] = display
    pieces: list[str] = []
    for literal, name, is_param, quote in parts:
        if literal:
            pieces.append(repr(literal))
        if name is None:
            continue
        value = writer.temp()
        if is_param:
            writer.emit(1, f"{value} = {writer.param(name, where)}")
        else:
            writer.read(name, value, 1, where)
        if quote:
            pieces.append(f"_display({value}, quote=True)")
        else:
            pieces.append(f"({value} if {value}.__class__ is str else _display({value}))")
    body = " + ".join(pieces) or "''"
    source = "\n".join(["def render(ctx):", *_HEADER, *writer.lines, f"    return {body}"])
    namespace = dict(writer.names)
    exec(compile(source, f"<template {where}>", "exec"), namespace)  # noqa: S102 - our own generated code
    function: Callable[[Context], str] = namespace["render"]
    function.__source__ = source  # type: ignore[attr-defined]
    return function


def compile_condition(node: object, params: Mapping[str, object], where: str) -> Cond:
    """Compile a condition; ``params`` are the version's parameter names (values unused)."""
    writer = _Writer(params, where)
    writer.condition(node, "result", 1, where)
    source = "\n".join(["def condition(ctx):", *_HEADER, *writer.lines, "    return result"])
    namespace = dict(writer.names)
    exec(compile(source, f"<condition {where}>", "exec"), namespace)  # noqa: S102 - our own generated code
    function: Cond = namespace["condition"]
    function.__source__ = source  # type: ignore[attr-defined]
    return function


class PlanRule(Protocol):
    """What a plan needs of a rule (``omvarld.policy.model.Rule`` provides it)."""

    @property
    def id(self) -> str: ...
    @property
    def spec(self) -> Mapping[str, Any]: ...
    @property
    def on_true(self) -> str: ...
    @property
    def on_false(self) -> str: ...
    @property
    def on_unknown(self) -> str: ...
    @property
    def requirements(self) -> tuple[str, ...]: ...
    @property
    def reasons(self) -> Mapping[bool | None, Any]: ...
    @property
    def facts(self) -> tuple[str, ...]: ...
    @property
    def field(self) -> str | None: ...


Plan = Callable[[Context, list[Any], list[str], list[bytes], list[Any]], int]
_NO_FIELD: Any = object()


class _PlanWriter(_Writer):
    """Emits a plan: the rules' conditions, and for each finding its reason, its serialised form and,
    when it needs information, the question and field — everything an assessment is made of."""

    def __init__(self, params: Mapping[str, object], where: str, display: Callable[..., str]) -> None:
        super().__init__(params, where)
        self.names["_display"] = display
        self.names["_NO_FIELD"] = _NO_FIELD
        self.names["_KEYABLE"] = KEYABLE
        self.names["_remember"] = remember

    def constant(self, value: object) -> str:
        name = f"_k{len(self.names)}"
        self.names[name] = value
        return name

    def finding(
        self,
        rule: PlanRule,
        verdict: str,
        variant: Any,
        field: str | None,
        parts: Callable[[Any, str, Any, str | None], tuple[bytes, bytes, bytes | None]],
        depth: int,
        where: str,
    ) -> tuple[str, str, str]:
        """Statements that work out the finding; returns the expressions of its sentence, its JSON and
        its JSON after a comma. ``field`` is the local that holds the field of a finding that needs
        information.

        A sentence with facts in it is memoised by the values of exactly the facts and parameters it
        reads (and the field): the same values give the same bytes."""
        entry = self.temp()
        template = variant.template
        if template.json is not None:
            if field is None:
                head, tail, _ = parts(rule, verdict, variant, None)
                sentence, whole, after_comma = finding_entry(head, tail, template.text)
                return self.constant(sentence), self.constant(whole), self.constant(after_comma)
            values: list[str] = []
        else:
            values = []
            for _, name, is_param, _ in template.parts:
                if name is None:
                    continue
                value = self.temp()
                if is_param:
                    self.emit(depth, f"{value} = {self.param(name, where)}")
                else:
                    self.read(name, value, depth, where)
                values.append(value)
        make = self.constant(_finding_maker(parts, rule, verdict, variant, self.names["_display"]))
        memo = self.constant(new_memo())
        keyed = ([field] if field is not None else []) + values
        key = keyed[0] if len(keyed) == 1 else f"({', '.join(keyed)},)"
        args = ", ".join([field or "None", *values])
        if values:
            keyable = " and ".join(f"{v}.__class__ in _KEYABLE" for v in values)
            self.emit(depth, f"if {keyable}:")
            depth += 1
        self.emit(depth, f"{entry} = {memo}.get({key})")
        self.emit(depth, f"if {entry} is None:")
        self.emit(depth + 1, f"{entry} = _remember({memo}, {key}, {make}({args}))")
        if values:
            self.emit(depth - 1, "else:")
            self.emit(depth, f"{entry} = {make}({args})")
        return f"{entry}[0]", f"{entry}[1]", f"{entry}[2]"

    def root_field(self, fact: str, target: str, depth: int, level: int = 0) -> None:
        """``target`` = the input field of the most basic unknown fact behind the unknown ``fact`` (the
        engine's ``_root_cause``, unrolled: a fact's ``needs`` are known in advance)."""
        spec = FACTS[fact]
        needs = spec.needs if level < 8 else ()
        for dep in needs:
            value = self.temp()
            self.read(dep, value, depth, self.where)
            self.emit(depth, f"if {value} is None:")
            self.root_field(dep, target, depth + 1, level + 1)
            self.emit(depth, "else:")
            depth += 1
        self.emit(depth, f"{target} = {spec.field!r}")

    def asked(
        self, rule: PlanRule, result: bool | None, variant: Any, targets: tuple[str, str], depth: int
    ) -> None:
        """``targets`` = (field, question) of a finding that needs information (``engine.asked``)."""
        from omvarld.policy.interchange import question_for

        field_t, question_t = targets
        if variant.question:
            self.emit(depth, f"{field_t}, {question_t} = None, {variant.question!r}")
            return
        questions = f"_questions{len(self.names)}"
        table: dict[str | None, str | None] = {rule.field: question_for(rule.field)}
        self.emit(depth, f"{field_t} = _NO_FIELD")
        if result is None:
            for fact in rule.facts:
                candidate = self.temp()
                self.emit(depth, f"if {field_t} is _NO_FIELD and _c.get({fact!r}, _M) is None:")
                self.root_field(fact, candidate, depth + 1)
                self.emit(depth + 1, f"if {questions}.get({candidate}):")
                self.emit(depth + 2, f"{field_t} = {candidate}")
                for spec in FACTS.values():
                    table.setdefault(spec.field, question_for(spec.field))
        self.names[questions] = table
        self.emit(depth, f"if {field_t} is _NO_FIELD:")
        self.emit(depth + 1, f"{field_t} = {rule.field!r}")
        self.emit(depth, f"{question_t} = {questions}.get({field_t})")


def _finding_maker(
    parts: Callable[[Any, str, Any, str | None], tuple[bytes, bytes, bytes | None]],
    rule: PlanRule,
    verdict: str,
    variant: Any,
    display: Callable[..., str],
) -> Callable[..., tuple[str, bytes, bytes]]:
    """``make(field, *values)``: the finding worded from its placeholders' values, in the order of the
    template (what ``Template.render`` says), and serialised (``jsonparts.finding_entry``)."""
    template = variant.template
    segments = template.parts

    def make(field: str | None, *values: object) -> tuple[str, bytes, bytes]:
        head, tail, _ = parts(rule, verdict, variant, field)
        if template.json is not None:
            return finding_entry(head, tail, template.text)
        out: list[str] = []
        given = iter(values)
        for literal, name, _, quote in segments:
            out.append(literal)
            if name is None:
                continue
            value = next(given)
            if quote:
                out.append(display(value, quote=True))
            else:
                out.append(value if value.__class__ is str else display(value))
        return finding_entry(head, tail, "".join(out))

    return make


def _emit_outcome(
    writer: _Writer, rule: PlanRule, verdict: str, blocking: bool, reqs: str, depth: int
) -> None:
    """The rule's requirements, and what its verdict does to the outcome."""
    if rule.requirements:
        writer.emit(depth, f"requirements.extend({reqs})")
    if blocking and verdict == "not_fulfilled":
        writer.emit(depth, "outcome = 2")
    elif blocking and verdict == "needs_info":
        writer.emit(depth, "if outcome == 0:")
        writer.emit(depth + 1, "outcome = 1")


def compile_plan(
    rules: Sequence[PlanRule],
    params: Mapping[str, object],
    parts: Callable[[Any, str, Any, str | None], tuple[bytes, bytes, bytes | None]],
    display: Callable[..., str],
    where: str,
    *,
    explain: bool = True,
) -> Plan:
    """One function that evaluates ``rules`` in order on a context, what the engine's loop over the
    rules would do, without a call per condition or per fact that reads an input field.

    For each rule that applies it appends the row ``(rule, verdict, result, variant, reason)`` to
    ``rows`` (``variant`` the wording of the reason that applies, ``reason`` its sentence), the rule's
    requirements to ``requirements``, the finding serialised to ``pieces`` (in pieces: what is the same
    for every engagement is serialised once, by ``parts(rule, verdict, variant, field)``), and for a
    finding that needs information ``(rule, question, field)`` to ``asked``. It returns the outcome: 2
    when a blocking rule is not fulfilled, else 1 when one needs information, else 0.

    Without ``explain`` it only decides: each row is ``(rule, verdict, result, None, None)`` (the
    wording and the sentence are worked out when asked for) and ``pieces`` and ``asked`` stay empty."""
    writer = _PlanWriter(params, where, display)
    writer.emit(1, "outcome = 0")
    for i, rule in enumerate(rules):
        rule_name, reqs_name = f"_R{i}", f"_Q{i}"
        writer.names[rule_name] = rule
        writer.names[reqs_name] = rule.requirements
        depth = 1
        writer.emit(depth, f"# {rule.id!r}")
        applicable = rule.spec.get("applicable_if")
        if applicable is not None:
            flag = writer.temp()
            writer.condition(applicable, flag, depth, f"regel {rule.id!r}.applicable_if")
            writer.emit(depth, f"if {flag} is True:")
            depth += 1
        result = writer.temp()
        writer.condition(rule.spec["require"], result, depth, f"regel {rule.id!r}.require")
        blocking = rule.spec.get("severity") == "blocking"
        for test, verdict, value in (
            (f"if {result} is True:", rule.on_true, True),
            (f"elif {result} is False:", rule.on_false, False),
            ("else:", rule.on_unknown, None),
        ):
            writer.emit(depth, test)
            if verdict == "not_applicable":
                writer.emit(depth + 1, "pass")
                continue
            inner = depth + 1
            if not explain:
                writer.emit(inner, f"rows.append(({rule_name}, {verdict!r}, {value}, None, None))")
                _emit_outcome(writer, rule, verdict, blocking, reqs_name, inner)
                continue
            variants = rule.reasons[value].variants
            for j, variant in enumerate(variants):
                if variant.spec_when is not None and j < len(variants) - 1:
                    holds = writer.temp()
                    writer.condition(variant.spec_when, holds, inner, f"regel {rule.id!r}.reason[{j}].when")
                    writer.emit(inner, f"if {holds} is True:")
                    body = inner + 1
                else:
                    body = inner
                field = None
                if verdict == "needs_info":
                    field, question = writer.temp(), writer.temp()
                    writer.asked(rule, value, variant, (field, question), body)
                    writer.emit(body, f"asked.append(({rule_name}, {question}, {field}))")
                sentence, whole, after_comma = writer.finding(
                    rule, verdict, variant, field, parts, body, f"regel {rule.id!r}.reason"
                )
                row = f"({rule_name}, {verdict!r}, {value}, {writer.constant(variant)}, {sentence})"
                writer.emit(body, f"rows.append({row})")
                # The first finding stands alone, every other after a comma.
                writer.emit(body, f"pieces.append({after_comma} if pieces else {whole})")
                if body != inner:
                    writer.emit(inner, "else:")
                    inner += 1
                else:
                    break
            _emit_outcome(writer, rule, verdict, blocking, reqs_name, depth + 1)
    source = "\n".join(
        ["def plan(ctx, rows, requirements, pieces, asked):", *_HEADER, *writer.lines, "    return outcome"]
    )
    namespace = dict(writer.names)
    exec(compile(source, f"<plan {where}>", "exec"), namespace)  # noqa: S102 - our own generated code
    function: Plan = namespace["plan"]
    function.__source__ = source  # type: ignore[attr-defined]
    return function


def compile_table(
    rows: Sequence[Any], params: Mapping[str, object], first: bool, where: str
) -> Callable[[Context], Any]:
    """A decision table as one function of the context: with ``first``, the first row whose ``when``
    holds (or ``None``); else the list of every row whose ``when`` holds. ``rows`` carry their
    condition as written in ``spec_when``."""
    writer = _Writer(params, where)
    writer.emit(1, "found = None" if first else "found = []")
    for i, row in enumerate(rows):
        name = f"_row{i}"
        writer.names[name] = row
        depth = 1
        if row.spec_when is not None:
            holds = writer.temp()
            writer.condition(row.spec_when, holds, depth, f"{where} row {row.id!r}.when")
            writer.emit(depth, f"if {holds} is True:")
            depth += 1
        writer.emit(depth, f"return {name}" if first else f"found.append({name})")
    source = "\n".join(["def table(ctx):", *_HEADER, *writer.lines, "    return found"])
    namespace = dict(writer.names)
    exec(compile(source, f"<table {where}>", "exec"), namespace)  # noqa: S102 - our own generated code
    function: Callable[[Context], Any] = namespace["table"]
    function.__source__ = source  # type: ignore[attr-defined]
    return function
