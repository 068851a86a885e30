"""The invitation letter: content and order, versions, preview, send window, queueing
(R-PREP-4, R-LTR-1..5), and two windows or two caseworkers on one letter (R-TEAM-1)."""

from datetime import datetime, timedelta
from functools import partial

import pytest
from sqlmodel import select
from support.concurrent import at_once
from support.people import NOW

from prepdesk.core import agenda, letters
from prepdesk.core.calendar import describe_send_time
from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.core.language import check_text
from prepdesk.core.meetings import Participant, create_meeting, participants
from prepdesk.core.prep import checklist
from prepdesk.data.models import (
    AccessLog,
    Letter,
    OutboxMessage,
    Representative,
    Room,
)
from prepdesk.errors import Conflict, UserError

SENDER = "jobcenter@fjordby.example"
TO = "soeren@example.dk"
MEETING_AT = datetime(2026, 12, 2, 10, 0, tzinfo=LOCAL_TIMEZONE)  # Wednesday
FRIDAY_AFTERNOON = datetime(2026, 11, 27, 14, 0, tzinfo=LOCAL_TIMEZONE)


@pytest.fixture
def room(world):
    room = Room(name="Mødelokale 2", location="Jobcentret, Torvet 1")
    world.session.add(room)
    world.session.commit()
    return room


def _meeting(world, room, *, kind="follow_up", starts_at=MEETING_AT, **fields):
    meeting = create_meeting(world.ctx(), world.citizen.id, kind=kind, starts_at=starts_at,
                             room_id=room.id if kind != "phone" else None, **fields)
    agenda.add_all(world.ctx(), meeting.id, agenda.view(world.ctx(), meeting.id).proposals)
    return meeting


@pytest.fixture
def meeting(world, room):
    return _meeting(world, room)


def _open(world, meeting, user=None, now=NOW):
    """The invitation to `meeting` as the letter screen opens it."""
    return letters.open_invitation(world.ctx(user, now=now), meeting.id)


def _body(world, meeting):
    return _open(world, meeting).body


def _rows(world, model, *where):
    with world.sessions() as session:
        return list(session.exec(select(model).where(*where).order_by(model.id)))


def _paragraphs(body):
    return [p for p in body.split("\n\n") if p.strip()]


def test_the_invitation_says_what_the_meeting_is_for_before_anything_else(world, room):
    meeting = _meeting(world, room, purpose="Vi skal tale om din praktik hos Dyreinternatet.")
    body = _body(world, meeting)
    purpose = body.index("Vi skal tale om din praktik hos Dyreinternatet.")
    date = body.index("Onsdag den 2. december 2026 kl. 10.00.")
    assert body.startswith("Kære Søren\n")
    assert purpose < date < body.index("Ring eller skriv til mig inden mødet, hvis du ikke kan komme.")
    assert purpose < body.index("Hvis du ikke kommer og ikke har givet besked, kan det få betydning for din ydelse.")
    assert "Mødet varer cirka 45 minutter." in body
    assert "Sted: Mødelokale 2, Jobcentret, Torvet 1" in body


def test_the_invitation_carries_the_agenda_the_companion_and_my_direct_contact(world, meeting):
    body = _body(world, meeting)
    for number, item in enumerate(agenda.items(world.session, meeting.id), start=1):
        assert f"{number}. {item.title} ({item.minutes} min.)\n" in body
    assert "Du må gerne tage en person med, som du stoler på." in body
    assert "Birthe Møller er også velkommen." in body  # his companion, by name
    assert "give en anden lov til at tale og handle for dig i din sag" in body  # a representative
    assert "Mette Kjær\n" in body and "Telefon: 72 10 20 30\n" in body
    assert "E-mail: mkj@fjordby.example\n" in body


def test_the_default_follow_up_invitation_has_nothing_to_improve(world, meeting):
    body = _body(world, meeting)
    report = check_text(body, kind="letter")
    assert report.findings == () and report.lix.score <= 40, body


def test_the_law_comes_last(world, meeting):
    body = _body(world, meeting)
    *before, last = _paragraphs(body)
    assert last.startswith("Lovgrundlag\n") and "§ 8" in last
    assert not any("§" in paragraph or "loven" in paragraph for paragraph in before)


@pytest.mark.parametrize("kind", ["follow_up", "first", "phone", "round_table", "handover"])
def test_every_kind_of_invitation_is_plain_danish(world, room, kind):
    extra = {}
    if kind == "first":
        extra = {"job_goal": "Arbejde med dyr",
                 "participants": [Participant("employer_consultant", "Kim Vestergaard", "Jobcenter Fjordby")]}
    if kind == "round_table":
        extra = {"participants": [Participant("other", "Lise Holm", "Socialpsykiatrien")]}
    letter = _open(world, _meeting(world, room, kind=kind, **extra))
    [version] = letters.versions(world.ctx(), letter.letter_id)
    report = check_text(version.body, kind="letter")
    assert report.lix.score <= 40, version.body
    # A numbered agenda of more than six items counts as a long paragraph: a list, not prose.
    assert [f for f in report.findings if not (f.kind == "long_paragraph" and f.text.startswith("1. "))] == []
    assert version.lix == report.lix.score
    assert version.subject.endswith("onsdag den 2. december kl. 10.00")


def test_a_first_meeting_names_the_job_goal_and_the_employer_consultant(world, room):
    meeting = _meeting(world, room, kind="first", job_goal="Arbejde med dyr",
                       participants=[Participant("employer_consultant", "Kim Vestergaard", "Jobcenter Fjordby")])
    body = _body(world, meeting)
    assert "Indtil nu har vi skrevet: Arbejde med dyr" in body
    assert "Kim Vestergaard er virksomhedskonsulent og er også med." in body
    assert body.index("Kim Vestergaard") < body.index("Onsdag den 2. december")
    assert "Mødet varer cirka 60 minutter." in body


def test_a_phone_meeting_says_who_calls_whom(world, room):
    body = _body(world, _meeting(world, room, kind="phone"))
    assert "Jeg vil gerne tale med dig i telefonen." in body
    assert "hvilket nummer jeg skal ringe til" in body  # we have no number for Søren
    assert "Sted:" not in body


def test_control_characters_from_data_never_reach_the_letter(world, room):
    meeting = _meeting(world, room, purpose="Om din praktik\x1b[2J\x07.")
    body = _body(world, meeting)
    assert "Om din praktik[2J." in body and "\x1b" not in body and "\x07" not in body


def test_no_invitation_without_an_agenda_or_access(world, room):
    bare = create_meeting(world.ctx(), world.citizen.id, kind="follow_up", starts_at=MEETING_AT,
                          room_id=room.id)
    with pytest.raises(UserError, match="Dagsordenen er tom"):
        _open(world, bare)
    agenda.add(world.ctx(), bare.id, agenda.Proposal("Økonomi", "both", 5, "manual"))
    with pytest.raises(UserError, match="adgang"):
        _open(world, bare, world.other)
    assert _rows(world, Letter) == []


def test_opening_the_letter_is_logged_and_reuses_the_draft(world, meeting):
    first = _open(world, meeting)
    again = _open(world, meeting)
    assert (again.letter_id, again.version, again.number) == (first.letter_id, first.version, 1)
    looks = _rows(world, AccessLog, AccessLog.action == "letter")
    assert [(a.caseworker_id, a.citizen_id) for a in looks] == [(world.me.id, world.citizen.id)] * 2


def test_reading_versions_and_the_preview_writes_only_their_looks(world, meeting):
    # Reading changes nothing a colleague could conflict on; each is a look (R-SEC-1,
    # issue 12 item 3), and the preview shown anew for another address is not a new one.
    letter = _open(world, meeting)
    before = (len(_rows(world, AccessLog)), _rows(world, Letter)[0].version)
    letters.versions(world.ctx(), letter.letter_id)
    letters.preview(world.ctx(), letter.letter_id)
    letters.preview(world.ctx(), letter.letter_id, again=True)
    assert (len(_rows(world, AccessLog)), _rows(world, Letter)[0].version) == (before[0] + 2,
                                                                              before[1])
    assert [a.action for a in _rows(world, AccessLog)][-2:] == ["letter", "letter_preview"]


def test_saving_adds_a_version_and_never_overwrites(world, meeting):
    ctx = world.ctx()
    letter = _open(world, meeting)
    same = letters.save_text(ctx, letter.letter_id, letter.version, letter.subject, letter.body)
    assert (same.number, same.version) == (1, letter.version)  # nothing changed, nothing added
    second = letters.save_text(ctx, letter.letter_id, letter.version, "Vi ses på onsdag",
                               letter.body + "\nPS: Tag gerne kaffe med.")
    assert (second.number, second.subject) == (2, "Vi ses på onsdag")
    assert second.version == letter.version + 1
    saved = letters.versions(ctx, letter.letter_id)
    assert [(v.number, v.subject, v.current) for v in saved] == [
        (1, letter.subject, False), (2, "Vi ses på onsdag", True)]
    assert saved[0].body == letter.body
    assert saved[1].lix == check_text(saved[1].body, kind="letter").lix.score
    letters.queue(ctx, letter.letter_id, second.version)
    with pytest.raises(Conflict, match="udbakken") as refused:  # a queued letter no longer changes
        letters.save_text(ctx, letter.letter_id, second.version + 1, "Ændret", "Ændret")
    assert "gemt som version 3" in refused.value.message  # ...but the text typed is not lost
    saved = letters.versions(ctx, letter.letter_id)
    assert [(v.number, v.current) for v in saved] == [(1, False), (2, True), (3, False)]
    assert [m.body for m in _rows(world, OutboxMessage)] == [second.body]


def test_the_preview_is_the_letter_as_the_citizen_reads_it_and_says_how_it_goes(world, meeting):
    letter = _open(world, meeting)
    shown = letters.preview(world.ctx(), letter.letter_id)
    title, body = shown.text.split("\n\n", 1)
    assert title == "Møde på jobcentret onsdag den 2. december kl. 10.00"
    assert body == letter.body
    assert "From:" not in shown.text and "To:" not in shown.text  # no e-mail headers
    assert (shown.channel, shown.channel_label) == ("digital_post", "Digital Post")
    assert shown.reason == "Brevet går med Digital Post: det kan indeholde helbredsoplysninger."
    assert shown.when == "Brevet sendes i dag kl. 09.00."
    assert letter.route == letters.letter_route(world.citizen)


def test_an_invitation_needs_no_e_mail_address(world, meeting):
    world.citizen.email = None
    world.session.add(world.citizen)
    world.session.commit()
    letter = _open(world, meeting)
    queued = letters.queue(world.ctx(), letter.letter_id, letter.version)
    [message] = _rows(world, OutboxMessage)
    assert (message.channel, message.to_address, message.id) == ("digital_post", "", queued.message_id)


def test_queueing_holds_the_letter_for_the_send_window_and_invites_the_participants(world, meeting):
    letter = _open(world, meeting)
    queued = letters.queue(world.ctx(), letter.letter_id, letter.version)
    assert queued.not_before == datetime(2026, 11, 23, 9, 0, tzinfo=LOCAL_TIMEZONE)
    assert queued.sentence == ("Indkaldelsen ligger i udbakken og går med Digital Post. Brevet "
                               "sendes i dag kl. 09.00.")
    [message] = _rows(world, OutboxMessage)
    assert (message.id, message.status, message.channel, message.to_address, message.letter_id,
            message.citizen_id) == (queued.message_id, "queued", "digital_post", "",
                                    letter.letter_id, world.citizen.id)
    assert (message.subject, message.body) == (letter.subject, letter.body)
    assert message.message_id.endswith("@fjordby.example>")
    assert _rows(world, Letter)[0].status == "queued"
    world.session.expire_all()
    invited = {p.role: p.invited_at for p in participants(world.session, meeting.id)}
    assert invited == {"citizen": NOW, "caseworker": None, "companion": NOW}
    with pytest.raises(UserError, match="udbakken"):
        letters.queue(world.ctx(), letter.letter_id, letter.version)
    assert len(_rows(world, OutboxMessage)) == 1
    items = {i.key: i for i in checklist(world.ctx(), meeting.id).items}
    assert items["invitation"].done and items["representative"].done


def test_on_friday_afternoon_the_letter_waits_for_monday_morning(world, meeting):
    letter = _open(world, meeting)
    queued = letters.queue(world.ctx(now=FRIDAY_AFTERNOON), letter.letter_id, letter.version)
    assert queued.not_before == datetime(2026, 11, 30, 9, 0, tzinfo=LOCAL_TIMEZONE)
    assert queued.sentence.endswith("Brevet sendes mandag kl. 09.00.")


def test_before_christmas_the_letter_waits_for_the_first_working_day(world, room):
    meeting = _meeting(world, room, starts_at=datetime(2027, 1, 6, 10, 0, tzinfo=LOCAL_TIMEZONE))
    letter = _open(world, meeting)
    afternoon_before = datetime(2026, 12, 23, 13, 0, tzinfo=LOCAL_TIMEZONE)  # Christmas Eve is closed
    queued = letters.queue(world.ctx(now=afternoon_before), letter.letter_id, letter.version)
    assert queued.not_before == datetime(2026, 12, 28, 9, 0, tzinfo=LOCAL_TIMEZONE)  # Monday


def test_the_send_time_is_said_plainly():
    monday = datetime(2026, 11, 30, 9, 0, tzinfo=LOCAL_TIMEZONE)
    assert describe_send_time(monday, monday) == "Brevet sendes nu."
    assert describe_send_time(monday, monday - timedelta(hours=12)) == "Brevet sendes i morgen kl. 09.00."
    assert describe_send_time(monday, monday - timedelta(days=10)) == \
        "Brevet sendes mandag den 30. november kl. 09.00."


def test_a_letter_that_would_arrive_after_the_meeting_is_refused(world, room):
    monday_early = datetime(2026, 11, 30, 8, 30, tzinfo=LOCAL_TIMEZONE)
    letter = _open(world, _meeting(world, room, starts_at=monday_early))
    with pytest.raises(UserError, match="mandag kl. 09.00"):
        letters.queue(world.ctx(now=FRIDAY_AFTERNOON), letter.letter_id, letter.version)
    assert _rows(world, OutboxMessage) == []


def test_a_representative_with_an_e_mail_gets_a_notice_without_the_letter(world, room):
    world.session.add_all([
        Representative(citizen_id=world.citizen.id, kind="representative", name="Advokat Ib Lund",
                       email="ib@lund-advokater.example"),
        Representative(citizen_id=world.citizen.id, kind="representative", name="Kaj Faglig"),
    ])
    world.session.commit()
    meeting = _meeting(world, room)
    letter = _open(world, meeting)
    body = letter.body
    assert "Advokat Ib Lund må tale og handle for dig i din sag og får besked om mødet." in body
    assert "Kaj Faglig må tale og handle for dig i din sag." in body
    queued = letters.queue(world.ctx(), letter.letter_id, letter.version)
    assert queued.messages == 2
    messages = _rows(world, OutboxMessage)
    assert [(m.channel, m.to_address) for m in messages] == [
        ("digital_post", ""), ("email", "ib@lund-advokater.example")]
    notice = messages[1]
    assert notice.subject == "Møde med Søren onsdag den 2. december 2026"
    assert notice.body.startswith(
        "Du får denne besked, fordi du er partsrepræsentant for Søren Møller.\n\n"
        "Søren er indkaldt til et møde på jobcentret onsdag den 2. december 2026 kl. 10.00.\n\n"
        "Indkaldelsen med dagsordenen er sendt til Søren med Digital Post.")
    assert "Telefon: " in notice.body and "E-mail: mkj@fjordby.example" in notice.body  # R-LTR-2
    # Nothing of the letter's own text: no agenda item, no purpose.
    for item in agenda.view(world.ctx(), meeting.id).items:
        assert item.title not in notice.body
    assert "Det skal vi tale om" not in notice.body
    assert notice.message_id != messages[0].message_id and notice.letter_id == letter.letter_id
    world.session.expire_all()
    invited = {p.name: p.invited_at for p in participants(world.session, meeting.id)}
    assert invited["Advokat Ib Lund"] == NOW and invited["Kaj Faglig"] is None  # no address: call him
    items = {i.key: i for i in checklist(world.ctx(), meeting.id).items}
    assert not items["representative"].done and "Kaj Faglig" in items["representative"].detail


@pytest.mark.parametrize("subject", ["Hej=?UTF-8?Q?=0A?=Bcc: x@y.dk", "Hej\nBcc: x@y.dk", "Hej\rBcc: x@y.dk",
                                     "Hej\u2028Bcc: x@y.dk"])
def test_a_subject_that_could_add_a_header_is_refused_before_anything_is_stored(world, meeting, subject):
    letter = _open(world, meeting)
    saved = letters.save_text(world.ctx(), letter.letter_id, letter.version, subject, letter.body)
    with pytest.raises(UserError, match="Emnet"):
        letters.preview(world.ctx(), letter.letter_id)
    with pytest.raises(UserError, match="Emnet"):
        letters.queue(world.ctx(), letter.letter_id, saved.version)
    assert _rows(world, OutboxMessage) == []
    world.session.expire_all()
    assert all(p.invited_at is None for p in participants(world.session, meeting.id))


def test_the_draft_is_redrafted_with_the_agenda_as_it_is_now(world, meeting):
    letter = _open(world, meeting)
    agenda.add(world.ctx(), meeting.id, agenda.Proposal("Bolig", "both", 5, "manual"))
    assert "Bolig" not in letter.body
    again = letters.redraft(world.ctx(), letter.letter_id, letter.version)
    assert again.number == 2 and "Bolig" in again.body
    assert [v.number for v in letters.versions(world.ctx(), letter.letter_id)] == [1, 2]
    with pytest.raises(Conflict, match="Mette Kjær|andet vindue"):
        letters.redraft(world.ctx(), letter.letter_id, letter.version)  # the view before


# --- two windows, two caseworkers (R-TEAM-1) ---------------------------------------------------


def _texts(world, letter_id):
    return {(v.subject, v.body): v for v in letters.versions(world.ctx(world.admin), letter_id)}


def test_a_save_on_a_stale_view_is_refused_by_name_and_its_text_is_kept(world, meeting):
    """Mette and the administrator open the draft; the administrator saves first. Mette's
    save names who changed it, keeps her text as a version that is not current, and she
    finds it in the view after reloading; saved on top, it becomes current."""
    mine = _open(world, meeting)
    theirs = _open(world, meeting, world.admin)
    letters.save_text(world.ctx(world.admin), theirs.letter_id, theirs.version, "Deres emne", "Deres tekst")
    with pytest.raises(Conflict) as refused:
        letters.save_text(world.ctx(), mine.letter_id, mine.version, "Mit emne", "Min tekst")
    assert "Admin ændrede brevet" in refused.value.message
    assert "version 3" in refused.value.message and "r" in refused.value.message
    texts = _texts(world, mine.letter_id)
    assert texts[("Deres emne", "Deres tekst")].current
    assert not texts[("Mit emne", "Min tekst")].current and texts[("Mit emne", "Min tekst")].number == 3
    reloaded = _open(world, meeting)
    assert (reloaded.subject, reloaded.body) == ("Deres emne", "Deres tekst")
    assert [(k.number, k.body) for k in reloaded.kept] == [(3, "Min tekst")]
    on_top = letters.save_text(world.ctx(), mine.letter_id, reloaded.version, "Mit emne", "Min tekst")
    assert (on_top.number, on_top.body, on_top.kept) == (4, "Min tekst", ())


def test_two_windows_on_one_draft_keep_both_texts(world, meeting):
    """One caseworker, two windows: the second save says it was changed in another window."""
    first, second = _open(world, meeting), _open(world, meeting)
    for round_ in range(20):
        a = letters.save_text(world.ctx(), first.letter_id, first.version, "Emne", f"Vindue 1, runde {round_}")
        with pytest.raises(Conflict, match="et andet vindue"):
            letters.save_text(world.ctx(), second.letter_id, second.version, "Emne", f"Vindue 2, runde {round_}")
        first = second = a
    texts = _texts(world, first.letter_id)
    for round_ in range(20):
        assert ("Emne", f"Vindue 1, runde {round_}") in texts
        assert ("Emne", f"Vindue 2, runde {round_}") in texts
    assert texts[("Emne", "Vindue 1, runde 19")].current


def test_two_saves_at_the_same_moment_keep_both_texts(world, meeting):
    letter = _open(world, meeting)
    for round_ in range(5):
        mine, theirs = f"Mette, runde {round_}", f"Admin, runde {round_}"
        results = at_once(
            partial(letters.save_text, world.ctx(), letter.letter_id, letter.version, "Emne", mine),
            partial(letters.save_text, world.ctx(world.admin), letter.letter_id, letter.version, "Emne", theirs),
        )
        saved = [r for r in results if isinstance(r, letters.InvitationView)]
        refused = [r for r in results if isinstance(r, Exception)]
        assert len(saved) == 1 and len(refused) == 1, results
        assert isinstance(refused[0], Conflict) and "version" in refused[0].message
        texts = _texts(world, letter.letter_id)
        assert texts[("Emne", saved[0].body)].current
        assert ("Emne", mine) in texts and ("Emne", theirs) in texts  # nothing lost
        letter = saved[0]


def test_a_letter_queued_twice_at_the_same_moment_is_stored_once(world, meeting):
    for round_ in range(4):
        letter = _open(world, meeting)
        results = at_once(
            partial(letters.queue, world.ctx(), letter.letter_id, letter.version),
            partial(letters.queue, world.ctx(world.admin), letter.letter_id, letter.version),
        )
        queued = [r for r in results if isinstance(r, letters.Queued)]
        refused = [r for r in results if isinstance(r, Exception)]
        assert len(queued) == 1 and len(refused) == 1, results
        assert isinstance(refused[0], Conflict)
        assert "lagde dette brev i udbakken" in refused[0].message
        assert len(_rows(world, OutboxMessage, OutboxMessage.letter_id == letter.letter_id)) == 1
        assert len(_rows(world, OutboxMessage)) == round_ + 1


def test_a_letter_changed_after_the_preview_is_not_sent(world, meeting):
    seen = _open(world, meeting)
    letters.save_text(world.ctx(world.admin), seen.letter_id, seen.version, "Nyt emne", "Ny tekst")
    with pytest.raises(Conflict, match="Admin ændrede brevet"):
        letters.queue(world.ctx(), seen.letter_id, seen.version)
    assert _rows(world, OutboxMessage) == []
    assert _rows(world, Letter)[0].status == "draft"


def test_two_windows_opening_a_meeting_at_the_same_moment_find_one_draft(world, room):
    for round_ in range(4):  # one room, so one meeting an hour (R-PREP-1)
        meeting = _meeting(world, room, starts_at=MEETING_AT + timedelta(hours=round_))
        opened = at_once(partial(_open, world, meeting), partial(_open, world, meeting, world.admin))
        assert all(isinstance(view, letters.InvitationView) for view in opened), opened
        assert opened[0].letter_id == opened[1].letter_id
        assert len(_rows(world, Letter, Letter.meeting_id == meeting.id)) == 1
