"""The timeline filtered by actor: states by any spelling, people by name, several as any-of; an actor no
event names is an error that says so."""

from __future__ import annotations

import pytest

from rightsdesk.errors import InputError
from rightsdesk.situation.timeline import actors, all_events, timeline


def test_actors_are_counted_from_the_events() -> None:
    counted = dict(actors())
    assert counted["CHN"] == sum(1 for e in all_events() if "CHN" in e.actors)
    assert counted["Elizabeth Salmón"] >= 1


def test_filtering_by_actor_keeps_the_events_naming_it() -> None:
    china = timeline("PRK", actor="China")
    assert china and all("CHN" in e.actors for e in china)
    assert len(china) == dict(actors())["CHN"]
    either = timeline("PRK", actor=["CHN", "RUS"])
    assert {id(e) for e in china} <= {id(e) for e in either} or len(either) >= len(china)
    assert all({"CHN", "RUS"} & set(e.actors) for e in either)
    assert timeline("PRK", actor="elizabeth salmón") == timeline("PRK", actor="Elizabeth Salmón")
    assert len(timeline("PRK", actor="CHN", mechanism="SC")) < len(china)


def test_an_actor_no_event_names_is_an_error() -> None:
    with pytest.raises(InputError, match="no event names the actor 'Nobody Atall'"):
        timeline("PRK", actor="Nobody Atall")
