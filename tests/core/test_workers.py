"""A bulk job's batch runs with the cyclic garbage collector paused, and leaves it as it found it."""

from __future__ import annotations

import gc

import pytest

from omvarld.core.workers import cyclic_gc_paused


@pytest.fixture
def collector_enabled():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.usefixtures("collector_enabled")
def test_the_collector_is_paused_during_the_batch_and_resumes_after_it():
    with cyclic_gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_enabled")
def test_the_collector_resumes_when_the_batch_fails():
    with pytest.raises(ValueError, match="a row"), cyclic_gc_paused():
        raise ValueError("a row")
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_enabled")
def test_a_nested_pause_leaves_the_outer_one_in_force():
    with cyclic_gc_paused():
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_enabled")
def test_a_collector_paused_by_the_caller_stays_paused():
    gc.disable()
    with cyclic_gc_paused():
        pass
    assert not gc.isenabled()


@pytest.mark.usefixtures("collector_enabled")
def test_cycles_made_during_the_batch_are_collected_once_it_resumes():
    class Node:
        pass

    # The collector's switch is the process's: a thread left running by another test in this process that
    # ends a pause of its own, or collects, turns it on under this one. Such a try says nothing; a pause
    # that does not hold fails every try.
    collections: list[str] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        collections.append(phase)

    for _try in range(5):
        collections.clear()
        gc.callbacks.append(seen)
        try:
            with cyclic_gc_paused():
                node = Node()
                node.self = node  # a cycle: reference counting alone never frees it
                del node
                # Enough new objects that a running collector would start at least once.
                batch = [[] for _ in range(5 * gc.get_threshold()[0])]
                alive = sum(isinstance(o, Node) for o in gc.get_objects())
                del batch
        finally:
            gc.callbacks.pop()
        if not collections:
            break
        gc.collect()
    assert not collections, "the collector ran during every pause"
    assert alive == 1
    gc.collect()
    assert not any(isinstance(o, Node) for o in gc.get_objects())
