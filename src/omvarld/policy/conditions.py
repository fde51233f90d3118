"""Shallow conditions over named facts, compiled once at load time into closures.

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
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

from omvarld.policy.facts import FACTS, Context

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


class ConditionError(ValueError):
    """A condition is malformed or names an unknown fact or parameter."""


_MISSING: Any = object()


def _fact_reader(name: str, where: str) -> Callable[[Context], Any]:
    if name not in FACTS:
        raise ConditionError(f"{where}: unknown fact {name!r}")
    compute = FACTS[name].fn

    def read(ctx: Context) -> Any:  # Context.get, inlined: this is the engine's hottest path
        cache = ctx.cache
        value = cache.get(name, _MISSING)
        if value is _MISSING:
            value = cache[name] = compute(ctx)
        return value

    return read


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


def _operand(node: object, params: Mapping[str, object], where: str) -> Callable[[Context], Any]:
    if isinstance(node, Mapping):
        if set(node) == {"fact"}:
            return _fact_reader(str(node["fact"]), where)
        if set(node) == {"param"}:
            pname = str(node["param"])
            if pname not in params:
                raise ConditionError(f"{where}: unknown parameter {pname!r}")
            return lambda ctx: ctx.params.get(pname)
        raise ConditionError(f"{where}: an operand must be a literal, {{fact: …}} or {{param: …}}")
    value = node
    return lambda ctx: value


def compile_condition(node: object, params: Mapping[str, object], where: str) -> Cond:
    """Compile a condition; ``params`` are the version's parameter names (values unused)."""
    if not isinstance(node, Mapping) or not node:
        raise ConditionError(f"{where}: a condition must be a non-empty mapping, got {node!r}")
    keys = set(node)
    if keys == {"all"} or keys == {"any"}:
        key = "all" if "all" in node else "any"
        items = node[key]
        if not isinstance(items, list) or not items:
            raise ConditionError(f"{where}: {key!r} needs a non-empty list")
        parts = tuple(compile_condition(c, params, f"{where}.{key}[{i}]") for i, c in enumerate(items))
        if key == "all":

            def all_(ctx: Context) -> bool | None:
                unknown = False
                for part in parts:
                    v = part(ctx)
                    if v is False:
                        return False
                    if v is None:
                        unknown = True
                return None if unknown else True

            return all_

        def any_(ctx: Context) -> bool | None:
            unknown = False
            for part in parts:
                v = part(ctx)
                if v is True:
                    return True
                if v is None:
                    unknown = True
            return None if unknown else False

        return any_
    if keys == {"not"}:
        inner = compile_condition(node["not"], params, f"{where}.not")

        def not_(ctx: Context) -> bool | None:
            v = inner(ctx)
            return None if v is None else not v

        return not_
    if keys == {"known"}:
        read = _fact_reader(str(node["known"]), where)
        return lambda ctx: read(ctx) is not None
    if keys == {"param"}:
        pname = str(node["param"])
        if pname not in params:
            raise ConditionError(f"{where}: unknown parameter {pname!r}")
        return lambda ctx: bool(ctx.params.get(pname))
    if "fact" in keys:
        read = _fact_reader(str(node["fact"]), where)
        ops = keys - {"fact"}
        if not ops:

            def truthy(ctx: Context) -> bool | None:
                v = read(ctx)
                return None if v is None else bool(v)

            return truthy
        if len(ops) != 1 or next(iter(ops)) not in _COMPARATORS:
            raise ConditionError(
                f"{where}: expected one comparison of {sorted(_COMPARATORS)} beside 'fact', got {sorted(ops)}"
            )
        op_name = next(iter(ops))
        compare = _COMPARATORS[op_name]
        right = _operand(node[op_name], params, where)

        def comparison(ctx: Context) -> bool | None:
            a = read(ctx)
            if a is None:
                return None
            b = right(ctx)
            if b is None:
                return None
            try:
                return bool(compare(a, b))
            except TypeError:
                return None

        return comparison
    raise ConditionError(f"{where}: unknown condition keys {sorted(keys)}")
