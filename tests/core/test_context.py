"""A request's memo: what a page reads several times is read once per request, never across requests."""

from __future__ import annotations

from collections.abc import Callable

from omvarld.core.context import once_per_request, request_scope


def counter() -> tuple[list[int], Callable[[], int]]:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    return calls, compute


def test_inside_a_request_the_value_is_worked_out_once() -> None:
    calls, compute = counter()
    with request_scope():
        assert once_per_request("k", compute) == 1
        assert once_per_request("k", compute) == 1
    assert len(calls) == 1


def test_each_request_works_it_out_again() -> None:
    _, compute = counter()
    with request_scope():
        once_per_request("k", compute)
    with request_scope():
        assert once_per_request("k", compute) == 2


def test_outside_a_request_every_call_works_it_out() -> None:
    calls, compute = counter()
    once_per_request("k", compute)
    once_per_request("k", compute)
    assert len(calls) == 2


def test_keys_are_kept_apart() -> None:
    with request_scope():
        assert once_per_request("a", lambda: "A") == "A"
        assert once_per_request("b", lambda: "B") == "B"
