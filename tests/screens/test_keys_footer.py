"""My day's footer is built again only when the keys it shows change
(ui/footer.py, issue 17): Textual's footer built its keys five times while my day
loaded, the same keys each time."""

from __future__ import annotations

from support.apps import make_app
from support.desk import desk
from support.people import SIZE
from support.pilot import footer, on_my_day, settled
from textual.widgets import OptionList
from textual.widgets._footer import FooterKey

from prepdesk.ui.footer import Footer


async def test_my_days_footer_is_built_once_for_the_same_keys(db_url: str, monkeypatch) -> None:
    builds: list[str] = []
    recompose = Footer.recompose

    async def counted(self: Footer) -> None:
        builds.append(type(self.screen).__name__)
        await recompose(self)

    monkeypatch.setattr(Footer, "recompose", counted)
    async with make_app(desk(db_url).workspace).run_test(size=SIZE) as pilot:
        screen = await on_my_day(pilot)
        await settled(pilot)
        assert 1 <= builds.count("MyDayScreen") <= 2  # Textual's footer: 5
        day_list = screen.query_one(OptionList)
        options = [day_list.get_option_at_index(n) for n in range(day_list.option_count)]
        meeting = next(n for n, option in enumerate(options) if str(option.id).startswith("meeting"))
        other = next(n for n, option in enumerate(options)
                     if str(option.id).startswith("inquiry-"))  # an overdue inquiry
        seen = []
        for row in (meeting, other, meeting):
            day_list.highlighted = row
            await settled(pilot)
            seen.append([(text, key.has_class("-disabled"))
                         for text, key in zip(footer(screen), screen.query(FooterKey), strict=True)])
    # p and m go with a meeting: the footer follows the row, and comes back the same.
    assert seen[0] != seen[1] and seen[0] == seen[2]
    assert ("p Forbered", False) in seen[0]
