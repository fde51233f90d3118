"""Shallow conditions over named facts, compiled once at load time into closures.

Grammar (YAML)::

    {fact: NAME}                         truthiness of the fact (unknown stays unknown)
    {fact: NAME, eq: V} / ne / in / contains / ge / gt / le / lt
                                         V is a literal, {fact: OTHER} or {param: NAME}
    {known: NAME}                        true when the fact is known (never unknown)
    {param: NAME}                        truthiness of a parameter
    {all: [C, ...]} / {any: [C, ...]} / {not: C}

Evaluation is three-valued (Kleene): ``True``, ``False`` or ``None`` (unknown). ``all`` is false if
any part is false, else unknown if any is unknown; ``any`` dually; ``not`` keeps unknown. Every fact
read is appended to the trace as ``(name, value)``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

from omvarld.policy.facts import FACTS, Context

Trace = list[tuple[str, Any]]
Cond = Callable[[Context, Trace], bool | None]

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


def _fact_reader(name: str, where: str) -> Callable[[Context, Trace], Any]:
    if name not in FACTS:
        raise ConditionError(f"{where}: unknown fact {name!r}")

    def read(ctx: Context, trace: Trace) -> Any:
        value = ctx.get(name)
        trace.append((name, value))
        return value

    return read


def _operand(node: object, params: Mapping[str, object], where: str) -> Callable[[Context, Trace], Any]:
    if isinstance(node, Mapping):
        if set(node) == {"fact"}:
            return _fact_reader(str(node["fact"]), where)
        if set(node) == {"param"}:
            pname = str(node["param"])
            if pname not in params:
                raise ConditionError(f"{where}: unknown parameter {pname!r}")
            return lambda ctx, trace: ctx.params[pname]
        raise ConditionError(f"{where}: an operand must be a literal, {{fact: …}} or {{param: …}}")
    value = node
    return lambda ctx, trace: value


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

            def all_(ctx: Context, trace: Trace) -> bool | None:
                unknown = False
                for part in parts:
                    v = part(ctx, trace)
                    if v is False:
                        return False
                    if v is None:
                        unknown = True
                return None if unknown else True

            return all_

        def any_(ctx: Context, trace: Trace) -> bool | None:
            unknown = False
            for part in parts:
                v = part(ctx, trace)
                if v is True:
                    return True
                if v is None:
                    unknown = True
            return None if unknown else False

        return any_
    if keys == {"not"}:
        inner = compile_condition(node["not"], params, f"{where}.not")

        def not_(ctx: Context, trace: Trace) -> bool | None:
            v = inner(ctx, trace)
            return None if v is None else not v

        return not_
    if keys == {"known"}:
        read = _fact_reader(str(node["known"]), where)
        return lambda ctx, trace: read(ctx, trace) is not None
    if keys == {"param"}:
        pname = str(node["param"])
        if pname not in params:
            raise ConditionError(f"{where}: unknown parameter {pname!r}")
        return lambda ctx, trace: bool(ctx.params[pname])
    if "fact" in keys:
        read = _fact_reader(str(node["fact"]), where)
        ops = keys - {"fact"}
        if not ops:

            def truthy(ctx: Context, trace: Trace) -> bool | None:
                v = read(ctx, trace)
                return None if v is None else bool(v)

            return truthy
        if len(ops) != 1 or next(iter(ops)) not in _COMPARATORS:
            raise ConditionError(
                f"{where}: expected one comparison of {sorted(_COMPARATORS)} beside 'fact', got {sorted(ops)}"
            )
        op_name = next(iter(ops))
        compare = _COMPARATORS[op_name]
        right = _operand(node[op_name], params, where)

        def comparison(ctx: Context, trace: Trace) -> bool | None:
            a = read(ctx, trace)
            if a is None:
                return None
            b = right(ctx, trace)
            if b is None:
                return None
            try:
                return bool(compare(a, b))
            except TypeError:
                return None

        return comparison
    raise ConditionError(f"{where}: unknown condition keys {sorted(keys)}")
