"""For screen tests whose workspace has no database behind it (the start, the shell, keys)."""

from __future__ import annotations

from datetime import date

import pytest

from prepdesk.core.citizen_search import CitizenIndex, CitizenIndexCache
from prepdesk.core.my_day import MyDay
from prepdesk.core.ruling_library import RulingLibrary


def without_a_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty day, no aktindsigt requests, no handovers (and none due to move at the
    start), an empty citizen index, no ruling index to build in the background and an
    outbox with nothing to send."""
    monkeypatch.setattr("prepdesk.screens.my_day.my_day",
                        lambda *args: MyDay(date(2026, 11, 23), [], [], [], [], [], []))
    monkeypatch.setattr("prepdesk.screens.my_day.open_requests", lambda ctx: ())
    monkeypatch.setattr("prepdesk.screens.my_day._handovers_in_words", lambda ctx: [])
    monkeypatch.setattr("prepdesk.core.handover.apply_due_moves", lambda ctx: None)
    monkeypatch.setattr(CitizenIndex, "load", classmethod(lambda cls, session: cls()))
    monkeypatch.setattr(CitizenIndexCache, "get", lambda self: CitizenIndex())
    monkeypatch.setattr(RulingLibrary, "warm", lambda self, ctx: None)
    monkeypatch.setattr("prepdesk.delivery.outbox.run_sender_forever", lambda *args, **kwargs: None)
