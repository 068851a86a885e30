"""The dossier generated at a handover's start (R-HAND-1), section by section, against a
case whose every row the test knows: Søren's world (tests/support/world.py) with two held
meetings and their notes, a correction rejected and one waiting, notes waiting for his
approval, a statement discussed with a deviation, a ruling attached, an open inquiry and an
open aktindsigt request, beside what was answered or closed long ago."""

from datetime import date, timedelta

from sqlmodel import select
from support.roles import team_lead
from support.world import NOW, ago

from prepdesk.core import handover
from prepdesk.core.handover_dossier import (
    SECTIONS,
    AgreementInDossier,
    CaseworkerInDossier,
    GoalInDossier,
    HandoverDossier,
    RepresentativeInDossier,
)
from prepdesk.core.note_content import NoteContent
from prepdesk.data import models as m


def _notes(session, world, meeting: m.Meeting, citizen_view: str, status: str) -> m.Note:
    note = m.Note(meeting_id=meeting.id, citizen_id=world.citizen.id, author_id=world.me.id,
                  status=status)
    session.add(note)
    session.flush()
    content = NoteContent(participants=("Søren Møller", "Mette Kjær"), citizen_view=citizen_view,
                          facts="Søren kom til tiden.")
    session.add(m.NoteVersion(note_id=note.id, number=1, created_at=meeting.starts_at,
                              created_by_id=world.me.id, content=content.to_stored()))
    return note


def _request(session, note: m.Note, key: str, status: str) -> m.ApprovalRequest:
    request = m.ApprovalRequest(note_id=note.id, note_version=1, public_id=f"p-{key}",
                                nonce=f"n-{key}", sent_at=ago(6), expires_at=NOW + timedelta(days=8),
                                status=status)
    session.add(request)
    session.flush()
    return request


def _built_case(world) -> None:
    session = world.session
    earlier = m.Meeting(citizen_id=world.citizen.id, caseworker_id=world.me.id, kind="first",
                        starts_at=ago(60), status="held", purpose="Første møde")
    session.add(earlier)
    session.flush()
    first = _notes(session, world, earlier, "Jeg har ondt i ryggen og sover dårligt.", "corrected")
    latest = _notes(session, world, world.last_meeting, "Jeg vil gerne arbejde med dyr.", "sent")
    answered = _request(session, first, "first", "corrected")
    waiting = _request(session, latest, "latest", "pending")
    session.add_all([
        m.Correction(approval_request_id=answered.id, note_id=first.id, section="facts",
                     original_text="Søren kom til tiden.", proposed_text="Jeg kom for sent.",
                     received_at=ago(50), status="rejected", rejection_reason="Mødet startede 9.00",
                     decided_by_id=world.me.id, decided_at=ago(49)),
        m.Correction(approval_request_id=waiting.id, note_id=latest.id, section="citizen_view",
                     original_text="Jeg vil gerne arbejde med dyr.",
                     proposed_text="Jeg vil gerne arbejde med heste.", received_at=ago(1)),
        m.StatementDiscussion(meeting_id=world.last_meeting.id, statement_id=world.old_statement.id,
                              deviates=True, deviation_reason="Søren har fået det bedre"),
        m.Ruling(id=900, number="12-3456-78", title="Ressourceforløb og helbred",
                 decided_on=date(2024, 3, 1)),
        m.Inquiry(citizen_id=world.citizen.id, caseworker_id=world.me.id, channel="phone",
                  received_at=ago(1), due_at=NOW + timedelta(hours=8), summary="Vil flytte mødet"),
        m.Inquiry(citizen_id=world.citizen.id, caseworker_id=world.me.id, channel="email",
                  received_at=ago(30), due_at=ago(29), summary="Besvaret for længe siden",
                  answered_at=ago(29)),
        m.AccessRequest(citizen_id=world.citizen.id, received_at=ago(2), due_on=date(2026, 12, 1),
                        what_asked="Alt om min sag"),
        m.Representative(citizen_id=world.citizen.id, kind="representative", name="Gammel Advokat",
                         active=False),
    ])
    session.flush()
    session.add(m.MeetingRuling(meeting_id=world.next_meeting.id, ruling_id=900,
                                attached_by_id=world.me.id, attached_at=ago(1)))
    session.commit()


def _dossier(world) -> HandoverDossier:
    _built_case(world)
    with world.sessions() as session:
        jens = session.exec(select(m.Caseworker.id).where(m.Caseworker.initials == "JH")).one()
    view = handover.start_handover(world.ctx(team_lead(world)), world.citizen.id, jens,
                                   "citizen_wish", NOW.date() + timedelta(days=7))
    # What is shown is what was stored.
    with world.sessions() as session:
        stored = session.get(m.Handover, view.id).dossier
    assert HandoverDossier.from_stored(stored) == view.dossier
    return view.dossier


def test_the_citizen_in_their_own_words_goals_what_they_told_in_every_meeting(world):
    dossier = _dossier(world)
    assert dossier.goals == (GoalInDossier(text="Jeg vil gerne arbejde med dyr.", kind="goal",
                                           recorded_at=ago(30)),)
    # The citizen's own view from every meeting with notes, the newest first.
    assert [(told.text, told.meeting_at) for told in dossier.already_told] == [
        ("Jeg vil gerne arbejde med dyr.", ago(7)),
        ("Jeg har ondt i ryggen og sover dårligt.", ago(60))]
    assert [n.meeting_at for n in dossier.notes] == [ago(7), ago(60)]
    assert dossier.notes[1].rejected[0].proposed == "Jeg kom for sent."


def test_the_summary_accommodations_representatives_agreements_and_history(world):
    dossier = _dossier(world)
    assert dossier.summary.splitlines() == [
        "Søren Møller", "Målgruppe: Aktivitetsparat kontanthjælp", "Ydelse: Kontanthjælp",
        f"Seneste møde holdt: {ago(7):%d.%m.%Y}",
        "Sagsbehandlerens vurdering: Vurderes at kunne arbejde 10 timer om ugen."]
    assert dossier.accommodations == ("Pauser hver time",)
    assert dossier.representatives == (RepresentativeInDossier(
        name="Birthe Møller", kind="companion", relation="mor", phone="20 20 20 20"),)
    assert dossier.open_agreements == (AgreementInDossier(what="Søge tre job", who="borgeren",
                                                          due_on=date(2026, 11, 1)),)
    assert dossier.caseworkers == (
        CaseworkerInDossier(name="Sara Ørsted", started_at=ago(900), ended_at=ago(600)),
        CaseworkerInDossier(name="Jens Holm", started_at=ago(600), ended_at=ago(200)),
        CaseworkerInDossier(name="Mette Kjær", started_at=ago(200)))


def test_what_waits_rejected_corrections_on_top_then_corrections_then_approvals(world):
    dossier = _dossier(world)
    assert [(p.kind, p.text, p.reason) for p in dossier.pending] == [
        ("rejected", "Jeg kom for sent.", "Mødet startede 9.00"),
        ("correction", "Jeg vil gerne arbejde med heste.", ""),
        ("approval", f"Referatet fra mødet {ago(7):%d.%m.%Y} venter på borgerens godkendelse.", "")]


def test_statements_rulings_meetings_and_open_matters(world):
    dossier = _dossier(world)
    assert [(s.title, s.conclusion, s.discussed, s.deviation) for s in dossier.statements] == [
        ("Psykologudtalelse", "10 timer", False, ""),
        ("Lægeerklæring", "", True, "Søren har fået det bedre")]
    assert dossier.statements[1].author == "Dr. Lund, praktiserende læge"
    assert [(r.number, r.title) for r in dossier.rulings] == [
        ("12-3456-78", "Ressourceforløb og helbred")]
    assert [(mt.starts_at, mt.kind, mt.caseworker) for mt in dossier.upcoming_meetings] == [
        (NOW + timedelta(hours=2), "follow_up", "Mette Kjær"),
        (NOW + timedelta(days=4), "phone", "Mette Kjær"),
        (NOW + timedelta(days=8), "phone", "Mette Kjær")]
    assert [(o.kind, o.text) for o in dossier.open_matters] == [
        ("access_request", "Alt om min sag"), ("inquiry", "Vil flytte mødet")]
    assert dossier.open_matters[0].due_on == date(2026, 12, 1)
    # Every section has content in this case: all must be acknowledged.
    assert [key for key in SECTIONS if dossier.is_empty(key)] == []
