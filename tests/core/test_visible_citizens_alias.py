"""My day's lists share their access condition's aliases (the handovers, the incoming caseworker)
(core/access.py `visible_citizens`): a new alias per list adapted its columns again at
each use, a quarter of my day's time in Python (issue 17, item 3)."""

from __future__ import annotations

from sqlalchemy.sql import visitors
from sqlalchemy.sql.selectable import Alias

from prepdesk.core.access import visible_citizens
from prepdesk.core.context import CurrentUser


def aliases(condition: object) -> set[Alias]:
    return {element for element in visitors.iterate(condition)  # type: ignore[arg-type]
            if isinstance(element, Alias)}


def test_each_list_uses_the_same_handover_alias() -> None:
    me = CurrentUser(1, "Mette", "caseworker", 1, "Team Nord", "m@example.org", "")
    other = CurrentUser(2, "Jens", "team_lead", 2, "Team Syd", "j@example.org", "")
    first, second = aliases(visible_citizens(me)), aliases(visible_citizens(other))
    assert len(first) == 2  # the handovers, and the caseworker a handover goes to
    assert first == second
