"""The cycle collector paused while the desktop loads, and given back as it was."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from app import collector


@pytest.fixture(autouse=True)
def collecting_as_before() -> Iterator[None]:
    was = gc.isenabled()
    yield
    collector.resume()
    gc.unfreeze()
    if was:
        gc.enable()
    else:
        gc.disable()


def test_paused_then_resumed_with_the_loaded_objects_frozen() -> None:
    gc.enable()
    gc.unfreeze()
    collector.pause()
    assert not gc.isenabled()
    collector.resume()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0  # what was loaded meanwhile is out of its way
    collector.resume()  # a second resume changes nothing
    assert gc.isenabled()


def test_a_collector_someone_else_turned_off_stays_off() -> None:
    gc.disable()
    collector.pause()
    collector.resume()
    assert not gc.isenabled()
