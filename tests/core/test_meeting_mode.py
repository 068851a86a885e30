"""core.meeting_mode and sending notes for approval: the parts the screens rely on."""

from datetime import date, timedelta

import pytest
from sqlmodel import select
from support.people import NOW

from prepdesk.core import meeting_mode, notes
from prepdesk.core.approval import send_for_approval
from prepdesk.core.meeting_mode import AgreementProblem, Person, agreement_line, parse_agreement
from prepdesk.core.note_content import AgreedAction
from prepdesk.core.note_page import note_page
from prepdesk.data.models import (
    AccessLog,
    AgendaItem,
    ApprovalRequest,
    Citizen,
    Note,
    OutboxMessage,
)
from prepdesk.errors import UserError

KEY = "test-signing-key-not-secret"
PEOPLE = [Person("citizen", "Søren Møller"), Person("caseworker", "Mette Kjær"),
          Person("companion", "Birthe Møller")]


@pytest.fixture
def meeting(world):
    world.session.add(AgendaItem(meeting_id=world.next_meeting.id, position=1, title="Sygemelding"))
    world.session.commit()
    return world.next_meeting


def test_opening_meeting_mode_logs_the_look_and_offers_the_draft(world, meeting):
    start = meeting_mode.start(world.ctx(), meeting.id)
    assert start.draft is None and start.finished_note_id is None and start.draft_version is None
    assert [s.title for s in start.content.sections] == ["Sygemelding"]
    assert {s.title for s in start.statements} == {"Lægeerklæring", "Psykologudtalelse"}
    assert "10 timer om ugen" in next(s.conclusion for s in start.statements if s.title == "Psykologudtalelse")
    notes.save_draft(world.ctx(), meeting.id, start.content.model_copy(update={"facts": "Kladde"}),
                     seen_version=None)
    again = meeting_mode.start(world.ctx(now=NOW + timedelta(minutes=5)), meeting.id)
    assert again.draft.facts == "Kladde" and again.draft_saved_at == NOW
    looks = world.session.exec(select(AccessLog.action).where(
        AccessLog.caseworker_id == world.me.id)).all()
    assert looks == ["notes", "notes"]
    with pytest.raises(UserError):
        meeting_mode.start(world.ctx(world.other), meeting.id)



class _Slots(dict):
    def __missing__(self, key: str) -> str:
        return "gartner" if key == "job" else key


def test_a_conclusion_in_sentences_gets_its_hours_as_one_more_sentence(world, meeting):
    """ "… som gartner., 15 timer om ugen" was shown for a demo statement: a conclusion
    ends with a full stop, so the hours it recommends are one more sentence. Every
    conclusion the demo writes with hours, as meeting mode shows it."""
    from prepdesk.data.models import Statement
    from prepdesk.demo.text import PROFILES

    statement = world.session.exec(select(Statement).where(
        Statement.citizen_id == world.citizen.id, Statement.title == "Psykologudtalelse")).one()
    written = {(text.format_map(_Slots()), hours)
               for profile in PROFILES for text, hours in profile.capacity if hours}
    written |= {("Bør ikke vende tilbage til arbejdet som gartner.", 15.0), ("10 timer", 10.0),
                ("", 20.0), ("Kan arbejde praktisk 20 timer om ugen med mentor.", 20.0)}
    shown = {}
    for capacity, hours in sorted(written, key=str):
        statement.work_capacity, statement.hours_per_week = capacity, hours
        world.session.commit()
        start = meeting_mode.start(world.ctx(), meeting.id, again=True)
        shown[capacity] = next(s.conclusion for s in start.statements if s.id == statement.id)
    assert shown["Bør ikke vende tilbage til arbejdet som gartner."] == \
        "Bør ikke vende tilbage til arbejdet som gartner. 15 timer om ugen."
    assert shown["10 timer"] == "10 timer, 10 timer om ugen"
    assert shown[""] == "20 timer om ugen"
    assert shown["Kan arbejde praktisk 20 timer om ugen med mentor."] == \
        "Kan arbejde praktisk 20 timer om ugen med mentor."  # not "… 20 timer om ugen." again
    for capacity, conclusion in shown.items():
        assert ". ," not in conclusion and "., " not in conclusion, conclusion
        assert conclusion.startswith(capacity)


def test_an_agreement_is_typed_on_one_line():
    today = date(2026, 11, 23)
    # "borger" is the citizen, by name: the name stays with the agreement (issue 11, item 3).
    assert parse_agreement("Søren ringer til lægen / borger / 7.12", today=today, people=PEOPLE) == \
        AgreedAction(what="Søren ringer til lægen", who="citizen", who_name="Søren Møller",
                     due_on=date(2026, 12, 7))
    assert parse_agreement("Ring / borger", today=today, people=PEOPLE[1:]) == \
        AgreedAction(what="Ring", who="citizen")  # no citizen among the participants
    mette = parse_agreement("Ring / Mette", today=today, people=PEOPLE)
    assert (mette.who, mette.who_name) == ("caseworker", "Mette Kjær")
    birthe = parse_agreement("Kører Søren / Birthe", today=today, people=PEOPLE)
    assert (birthe.who, birthe.who_name, birthe.due_on) == ("other", "Birthe Møller", None)
    assert parse_agreement("Ring / begge / 7.1", today=today, people=PEOPLE).due_on == date(2027, 1, 7)
    assert agreement_line(parse_agreement("Ring / borger / 7.12.2026", today=today, people=PEOPLE)) \
        == "Ring / Søren Møller / 07.12.2026"
    with pytest.raises(AgreementProblem):
        parse_agreement("Ring / Jens", today=today, people=PEOPLE)


def test_without_an_e_mail_address_nothing_is_marked_as_sent(world, meeting):
    content = meeting_mode.start(world.ctx(), meeting.id).content
    note_id = notes.finish(world.ctx(), meeting.id, content).note_id
    with pytest.raises(UserError, match="ingen e-mailadresse"):
        send_for_approval(world.ctx(), note_id, key=KEY)
    assert world.session.exec(select(ApprovalRequest)).first() is None
    world.session.get(Citizen, world.citizen.id).email = "soeren@example.org"
    world.session.commit()
    sent = send_for_approval(world.ctx(), note_id, key=KEY)
    message = world.session.exec(select(OutboxMessage)).one()
    assert message.approval_request_id == sent.request_id and sent.link in message.body
    assert sent.link.startswith("http") and "/g/" in sent.link
    page = note_page(world.ctx(), note_id)
    assert page.status == "sent" and [v.number for v in page.history] == [1]


def test_a_colleague_may_not_send_someone_elses_notes(world, meeting):
    content = meeting_mode.start(world.ctx(world.admin), meeting.id).content
    note_id = notes.finish(world.ctx(world.admin), meeting.id, content).note_id
    world.session.get(Citizen, world.citizen.id).email = "soeren@example.org"
    world.session.commit()
    with pytest.raises(UserError, match="har skrevet referatet"):
        send_for_approval(world.ctx(), note_id, key=KEY)
    world.session.expire_all()
    assert world.session.get(Note, note_id).status == "final"


def test_sending_on_a_stale_view_is_refused(world, meeting):
    content = meeting_mode.start(world.ctx(), meeting.id).content
    note_id = notes.finish(world.ctx(), meeting.id, content).note_id
    world.session.get(Citizen, world.citizen.id).email = "soeren@example.org"
    world.session.commit()
    seen = note_page(world.ctx(), note_id).version
    send_for_approval(world.ctx(), note_id, seen_version=seen, key=KEY)
    with pytest.raises(UserError, match="ændret af dig"):
        send_for_approval(world.ctx(), note_id, seen_version=seen, key=KEY)
    assert len(world.session.exec(select(ApprovalRequest)).all()) == 1
