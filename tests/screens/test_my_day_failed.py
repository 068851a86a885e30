"""A letter the outbox could not send is on my day with the sentence why (issue 16, item 5),
and s sends it again once the cause is mended."""

from __future__ import annotations

from datetime import timedelta

from support.apps import make_app
from support.desk import desk
from support.people import NOW, SIZE
from support.pilot import footer, on_my_day, rendered, settled, shown, until
from textual.widgets import OptionList

from prepdesk.data import models as m
from prepdesk.ui.dialogs import QuestionDialog

WHY = ("Borgeren er fritaget for Digital Post. Send brevet på papir i stedet: skriv det i "
       "borgerens sag, og åbn indkaldelsen igen.")


async def test_a_letter_that_did_not_go_out_says_why_and_s_sends_it_again(db_url) -> None:
    the_desk = desk(db_url)
    ctx = the_desk.workspace
    with ctx.sessions() as session:
        letter = m.Letter(citizen_id=the_desk.ids["soeren"], kind="invitation",
                          author_id=ctx.user.id, created_at=NOW, status="queued")
        session.add(letter)
        session.flush()
        message = m.OutboxMessage(
            message_id="<failed@x>", letter_id=letter.id, citizen_id=the_desk.ids["soeren"],
            to_address="", channel="digital_post", subject="Indkaldelse til samtale",
            body="Kom", created_at=NOW - timedelta(hours=1), not_before=NOW - timedelta(hours=1),
            status="failed", attempts=1, last_error=WHY)
        session.add(message)
        session.commit()
        message_id = message.id
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_my_day(pilot)
        day_list = screen.query_one(OptionList)
        text = rendered(day_list)
        assert "Breve, der ikke kom af sted (1)" in text
        line = next(line for line in text.splitlines() if "Indkaldelse til samtale" in line)
        assert "Søren Møller" in line and "Digital Post" in line and "venter på dig" in line
        day_list.highlighted = day_list.get_option_index(f"failed-{message_id}")
        await settled(pilot)
        assert "s Send igen" in footer(screen)
        await pilot.press("enter")  # the whole sentence, and the question
        await until(pilot, lambda: isinstance(app.screen, QuestionDialog))
        await settled(pilot)
        assert WHY in " ".join(shown(app.screen).split())
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        await pilot.press("s")
        await until(pilot, lambda: "Breve, der ikke kom af sted" not in rendered(day_list))
    with ctx.sessions() as session:
        assert session.get(m.OutboxMessage, message_id).status == "queued"
