"""A change of caseworker (issue 13, core/handover.py): the team's workload, the start (one
citizen, a request, a whole caseload), the outgoing caseworker's note, the incoming
caseworker's acknowledgements, the move of the assignment with the meetings and agreements
asked for, the team lead's list, and every bad input refused with nothing written.

Søren (Team Vest) is Mette's citizen; Jens is her colleague in Team Vest, Tove its team
lead; Sara is in Team Øst."""

from datetime import datetime, time, timedelta

import pytest
from sqlmodel import func, select
from support.roles import team_lead
from support.world import NOW, user_of

from prepdesk.core import access, citizen_file, handover, timeline
from prepdesk.core.handover_dossier import SECTIONS
from prepdesk.data import models as m
from prepdesk.errors import Conflict, UserError

TODAY = NOW.date()
NEXT_WEEK = TODAY + timedelta(days=7)


def _jens(world) -> m.Caseworker:
    with world.sessions() as session:
        return session.exec(select(m.Caseworker).where(m.Caseworker.initials == "JH")).one()


def _lead_of_oest(world):
    with world.sessions() as session:
        row = m.Caseworker(initials="ØL", name="Øst Leder", role="team_lead",
                           email="ol@fjordby.example", phone="72 10 20 40",
                           team_id=world.other.team_id)
        session.add(row)
        session.commit()
        return user_of(row, session.get(m.Team, row.team_id))


def _counts(world) -> tuple[int, ...]:
    with world.sessions() as session:
        return tuple(session.exec(select(func.count()).select_from(t)).one()
                     for t in (m.Handover, m.HandoverAck, m.HandoverRequest,
                               m.CaseworkerAssignment))


def _assigned(world, citizen_id=None) -> list[int]:
    with world.sessions() as session:
        return list(session.exec(select(m.CaseworkerAssignment.caseworker_id).where(
            m.CaseworkerAssignment.citizen_id == (citizen_id or world.citizen.id),
            m.CaseworkerAssignment.ended_at.is_(None))))


def _start(world, to_id=None, effective_on=NEXT_WEEK, **more):
    return handover.start_handover(world.ctx(team_lead(world)), world.citizen.id,
                                   to_id or _jens(world).id, "workload", effective_on, **more)


# --- 1: the workload ------------------------------------------------------------------


def test_the_workload_counts_citizens_meetings_and_handovers_per_caseworker_of_the_team(world):
    lead = team_lead(world)
    view = handover.workload(world.ctx(lead))
    lines = {line.name: line for line in view.lines}
    assert set(lines) == {"Mette Kjær", "Jens Holm", "Tove Lund"}  # active staff of Team Vest
    mette = lines["Mette Kjær"]
    assert (mette.citizens, mette.meetings_ahead, mette.handovers_out) == (1, 3, 0)
    assert handover.workload(world.ctx(lead), weeks=1).lines[1].meetings_ahead == 2
    _start(world)
    lines = {line.name: line for line in handover.workload(world.ctx(lead)).lines}
    assert (lines["Mette Kjær"].handovers_out, lines["Jens Holm"].handovers_in) == (1, 1)
    # A caseworker asking for a handover sees their own team's, read-only; no one another's.
    assert len(handover.workload(world.ctx()).lines) == 3
    with pytest.raises(UserError, match="eget team"):
        handover.workload(world.ctx(lead), team_id=world.other.team_id)
    with pytest.raises(UserError):
        handover.workload(world.ctx(world.admin))


def test_the_earlier_changes_are_counted_with_a_warning_from_the_second_change(world):
    changes = handover.caseworker_changes(world.ctx(), world.citizen.id)
    assert changes.count == 2 and [p.name for p in changes.periods] == [
        "Sara Ørsted", "Jens Holm", "Mette Kjær"]
    assert "3" in changes.warning
    stranger = handover.caseworker_changes(world.ctx(world.other), world.stranger.id)
    assert (stranger.count, stranger.warning) == (0, "")  # a first change: no warning
    view = _start(world)
    assert (view.caseworker_changes, bool(view.changes_warning)) == (2, True)


# --- 2, 3: starting, and the dossier --------------------------------------------------


def test_a_team_lead_starts_a_handover_with_the_dossier_generated_and_stored(world):
    view = _start(world, move_meetings=True)
    assert (view.status, view.from_name, view.to_name, view.reason) == (
        "open", "Mette Kjær", "Jens Holm", "workload")
    assert view.started_by == "Tove Lund" and view.effective_on == NEXT_WEEK
    assert view.dossier.summary.startswith("Søren Møller")
    assert [s.key for s in view.sections] == list(SECTIONS)
    assert not view.sent_on and view.moved_at is None
    # Stored: the case changing later does not change what was handed over.
    with world.sessions() as session:
        session.add(m.Accommodation(citizen_id=world.citizen.id, description="Hæve-sænkebord"))
        session.commit()
    again = handover.handover(world.ctx(), view.id)
    assert again.dossier.accommodations == ("Pauser hver time",)
    # Until it is refreshed (R-HAND-1: generated from the case, never typed).
    refreshed = handover.refresh_dossier(world.ctx(team_lead(world)), view.id, again.version)
    assert refreshed.dossier.accommodations == ("Pauser hver time", "Hæve-sænkebord")
    # The file knows it, and the timeline has it.
    assert citizen_file.open_file(world.ctx(), world.citizen.id).overview.handover_id == view.id
    entry = next(e for e in timeline.timeline(world.ctx(), world.citizen.id) if e.kind == "handover")
    assert entry.title == "Fra Mette Kjær til Jens Holm" and entry.preview == "Arbejdsbyrde"
    document = timeline.open_entry(world.ctx(), "handover", view.id).document
    assert ("Årsag", "Arbejdsbyrde") in document.facts
    # The timeline's filter shows handovers with the journal (no chip of their own).
    assert "handover" in {e.kind for e in timeline.timeline(world.ctx(), world.citizen.id,
                                                            kinds=["journal"])}
    assert "handover" not in {e.kind for e in timeline.timeline(world.ctx(), world.citizen.id,
                                                                kinds=["meeting"])}


def test_a_caseworker_asks_and_the_team_lead_starts_from_the_request_or_declines_it(world):
    request = handover.request_handover(world.ctx(), world.citizen.id, "specialisation",
                                        "Søren har brug for en med viden om psykiatri")
    assert request.status == "open" and request.requested_by == "Mette Kjær"
    with pytest.raises(UserError, match="bedt om"):
        handover.request_handover(world.ctx(), world.citizen.id, "workload")
    lead = team_lead(world)
    assert [r.id for r in handover.handovers_waiting(world.ctx(lead)).requests] == [request.id]
    declined = handover.decline_request(world.ctx(lead), request.id, "Vi venter til januar",
                                        request.version)
    assert declined.status == "declined"
    again = handover.request_handover(world.ctx(), world.citizen.id, "workload")
    started = _start(world)
    with world.sessions() as session:
        row = session.get(m.HandoverRequest, again.id)
        assert (row.status, row.handover_id) == ("started", started.id)
    # Only the citizen's caseworker asks; a colleague of the team does not.
    with pytest.raises(UserError, match="Kun borgerens sagsbehandler"):
        handover.request_handover(world.ctx(user_of(_jens(world))), world.citizen.id, "workload")


def test_a_request_left_open_beside_a_running_handover_is_answered_by_it(world):
    """Data from before a request and a start excluded each other: the team lead answers
    the request with the handover that runs; a citizen in no handover cannot be."""
    request = handover.request_handover(world.ctx(), world.citizen.id, "workload")
    lead = team_lead(world)
    with pytest.raises(UserError, match="ikke i en overdragelse"):
        handover.answer_by_running_handover(world.ctx(lead), request.id, request.version)
    handover.decline_request(world.ctx(lead), request.id, "Ikke nu", request.version)
    view = _start(world)
    assert handover.running_handover(world.ctx(lead), world.citizen.id).id == view.id
    with world.sessions() as session:
        row = m.HandoverRequest(citizen_id=world.citizen.id, requested_by_id=world.me.id,
                                requested_at=NOW, reason="citizen_wish")
        session.add(row)
        session.commit()
        left_open = row.id
    answered = handover.answer_by_running_handover(world.ctx(lead), left_open)
    assert (answered.status, answered.handover_id) == ("started", view.id)
    assert handover.handovers_waiting(world.ctx(lead)).requests == ()
    with pytest.raises(UserError, match="allerede afgjort"):
        handover.answer_by_running_handover(world.ctx(lead), left_open)


def test_to_another_team_it_waits_for_that_teams_lead_and_then_the_incoming_may_read(world):
    oest_lead = _lead_of_oest(world)
    sara = world.other
    assert not _may_see(world, sara) and not _may_see(world, oest_lead)
    view = _start(world, to_id=sara.id)
    assert view.status == "awaiting_approval"
    assert not _may_see(world, sara)  # not before it is approved
    assert _may_see(world, oest_lead)  # the receiving team lead decides with the file open
    with pytest.raises(UserError, match="modtagende team"):
        handover.approve_handover(world.ctx(team_lead(world)), view.id)
    approved = handover.approve_handover(world.ctx(oest_lead), view.id, view.version)
    assert approved.status == "open" and approved.approved_by == "Øst Leder"
    assert _may_see(world, sara) and not _may_see(world, oest_lead)
    assert world.citizen.id in _visible(world, sara)
    # The move: Søren goes to Team Øst with Sara, and Jens's Team Vest no longer has him.
    handover.apply_due_moves(world.ctx(sara, now=NOW + timedelta(days=7)))
    assert _assigned(world) == [sara.id]
    assert _may_see(world, oest_lead) and not _may_see(world, team_lead(world))


def _may_see(world, user) -> bool:
    with world.sessions() as session:
        return access.may_see(session, user, world.citizen.id, now=NOW)


def _visible(world, user) -> set[int]:
    with world.sessions() as session:
        return set(session.exec(select(m.Citizen.id).where(access.visible_citizens(user))))


def test_a_declined_handover_lets_no_one_in_and_frees_the_citizen(world):
    view = _start(world, to_id=world.other.id)
    oest_lead = _lead_of_oest(world)
    with pytest.raises(UserError, match="hvorfor"):
        handover.decline_handover(world.ctx(oest_lead), view.id, " ")
    declined = handover.decline_handover(world.ctx(oest_lead), view.id, "Vi har ikke plads",
                                         view.version)
    assert declined.status == "declined"
    assert not _may_see(world, oest_lead)
    assert _start(world).status == "open"  # the citizen is free for another handover


# --- 4, 5: the note, the acknowledgements, the move -------------------------------------


def test_the_incoming_acknowledges_each_section_once_the_note_is_written_then_it_is_complete(world):
    view = _start(world)
    jens = world.ctx(user_of(_jens(world)))
    with pytest.raises(UserError, match="ikke skrevet"):
        handover.acknowledge(jens, view.id, "summary")
    with pytest.raises(UserError, match="udgående"):
        handover.write_note(jens, view.id, "Hej", {}, view.version)
    with pytest.raises(UserError, match="ingen del"):
        handover.write_note(world.ctx(), view.id, "Hej", {"hobbies": "fisk"}, view.version)
    with pytest.raises(UserError, match="Skriv"):
        handover.write_note(world.ctx(), view.id, "  ", {"goals": " "}, view.version)
    noted = handover.write_note(world.ctx(), view.id, "Han foretrækker opkald før kl. 10.",
                                {"statements": "Lægeerklæringen er omstridt."}, view.version)
    assert noted.sent_on and not noted.note_skipped
    assert {s.key: s.note for s in noted.sections}["statements"] == "Lægeerklæringen er omstridt."
    with pytest.raises(Conflict):  # an edit on the view from before the note
        handover.write_note(world.ctx(), view.id, "Igen", {}, view.version)
    with pytest.raises(UserError, match="indgående"):
        handover.acknowledge(world.ctx(), view.id, "summary")
    missing = noted.missing
    assert "summary" in missing and "representatives" in missing
    empty = {s.key for s in noted.sections if s.empty}
    assert "rulings" in empty and not set(missing) & empty
    last = noted
    for section in missing:
        assert last.status == "open"
        last = handover.acknowledge(jens, view.id, section)
    assert last.status == "complete" and last.completed_at == NOW and last.missing == ()
    with pytest.raises(UserError, match="slut"):
        handover.acknowledge(jens, view.id, "summary")
    with pytest.raises(UserError):
        handover.refresh_dossier(world.ctx(team_lead(world)), view.id)


def test_a_refresh_asks_again_for_the_sections_that_changed(world):
    view = _start(world)
    handover.skip_note(world.ctx(), view.id, view.version)
    jens = world.ctx(user_of(_jens(world)))
    handover.acknowledge(jens, view.id, "accommodations")
    handover.acknowledge(jens, view.id, "goals")
    with world.sessions() as session:
        session.add(m.Accommodation(citizen_id=world.citizen.id, description="Hæve-sænkebord"))
        session.commit()
    refreshed = handover.refresh_dossier(jens, view.id)
    acknowledged = {s.key for s in refreshed.sections if s.acknowledged_at}
    assert acknowledged == {"goals"}


def test_the_team_lead_may_skip_the_note_for_a_caseworker_who_left_a_colleague_may_not(world):
    view = _start(world)
    with pytest.raises(UserError, match="udgående"):
        handover.skip_note(world.ctx(user_of(_jens(world))), view.id)
    skipped = handover.skip_note(world.ctx(team_lead(world)), view.id, view.version)
    assert skipped.note_skipped and skipped.sent_on
    with pytest.raises(UserError, match="allerede"):
        handover.skip_note(world.ctx(), view.id)


def test_the_assignment_moves_on_the_effective_day_once_with_meetings_and_agreements_as_asked(world):
    view = _start(world, move_meetings=True, move_agreements=False)
    jens = _jens(world)
    me = world.me
    assert _assigned(world) == [me.id]
    assert handover.apply_due_moves(world.ctx(team_lead(world))).handovers == 0  # not yet
    later = NOW + timedelta(days=7, hours=1)
    assert handover.apply_due_moves(world.ctx(team_lead(world), now=later)).handovers == 1
    assert handover.apply_due_moves(world.ctx(team_lead(world), now=later)).handovers == 0
    assert _assigned(world) == [jens.id]
    with world.sessions() as session:
        meetings = dict(session.exec(select(m.Meeting.starts_at, m.Meeting.caseworker_id)
                                     .where(m.Meeting.citizen_id == world.citizen.id)).all())
        agreement = session.exec(select(m.Agreement.who).where(
            m.Agreement.what == "Søge tre job")).one()
    # The meeting a week after the move's moment moved; those before it (held or past) stayed.
    assert meetings[NOW + timedelta(days=8)] == jens.id
    assert meetings[NOW + timedelta(days=4)] == me.id
    assert agreement == "citizen"  # the citizen's own agreement is nobody's to move
    moved = handover.handover(world.ctx(user_of(jens)), view.id)
    assert moved.moved_at == later and moved.caseworker_changes == 2
    assert citizen_file.open_file(world.ctx(), world.citizen.id).overview.caseworker_changes == 3


def test_agreements_of_the_caseworker_stay_with_the_outgoing_by_name_unless_moved(world):
    with world.sessions() as session:
        session.add_all([
            m.Agreement(citizen_id=world.citizen.id, what="Ringe til lægen", who="caseworker"),
            m.Agreement(citizen_id=world.citizen.id, what="Sende skema", who="caseworker")])
        session.commit()
    view = _start(world, effective_on=TODAY)  # today: moves at once
    assert view.moved_at == NOW and _assigned(world) == [_jens(world).id]
    with world.sessions() as session:
        whos = set(session.exec(select(m.Agreement.who).where(
            m.Agreement.what.in_(["Ringe til lægen", "Sende skema"]))))
    assert whos == {"caseworker:Mette Kjær"}


def test_agreements_of_the_caseworker_move_when_asked(world):
    with world.sessions() as session:
        session.add_all([
            m.Agreement(citizen_id=world.citizen.id, what="Ringe til lægen", who="caseworker"),
            m.Agreement(citizen_id=world.citizen.id, what="Sende skema",
                        who="caseworker:Mette Kjær")])
        session.commit()
    _start(world, effective_on=TODAY, move_agreements=True)
    with world.sessions() as session:
        whos = set(session.exec(select(m.Agreement.who).where(
            m.Agreement.what.in_(["Ringe til lægen", "Sende skema"]))))
    assert whos == {"caseworker"}  # the citizen's caseworker's: now Jens's


def test_set_moves_changes_what_moves_until_the_move(world):
    view = _start(world)
    changed = handover.set_moves(world.ctx(team_lead(world)), view.id, True, True, view.version)
    assert (changed.move_meetings, changed.move_agreements) == (True, True)
    with pytest.raises(UserError):
        handover.set_moves(world.ctx(), view.id, False, False)  # a caseworker does not decide


# --- 6: what the team lead sees waiting --------------------------------------------------


def test_the_team_lead_sees_what_each_handover_waits_for_and_how_long(world):
    lead = team_lead(world)
    view = _start(world)
    later = NOW + timedelta(days=2)
    waiting = handover.handovers_waiting(world.ctx(lead, now=later))
    assert [(line.id, line.waits_for, line.waited) for line in waiting.handovers] == [
        (view.id, "note", timedelta(days=2))]
    handover.skip_note(world.ctx(now=later), view.id)
    line = handover.handovers_waiting(world.ctx(lead, now=later + timedelta(hours=5))).handovers[0]
    assert (line.waits_for, line.waited) == ("acknowledgements", timedelta(hours=5))
    assert line.missing_sections == len([s for s in view.sections if not s.empty])
    assert [h.id for h in handover.my_handovers(world.ctx())] == [view.id]
    with pytest.raises(UserError, match="teamleder"):
        handover.handovers_waiting(world.ctx())


def test_a_complete_handover_is_shown_until_the_move_and_a_week_after_it_ended(world):
    lead, jens = team_lead(world), world.ctx(user_of(_jens(world)))
    view = _start(world)  # effective next week
    handover.skip_note(world.ctx(), view.id)
    for section in handover.handover(jens, view.id).missing:
        handover.acknowledge(jens, view.id, section)

    def shown(now):  # (the lead's list, Mette's, Jens's): each its line's (waits for, moved)
        return tuple([(line.waits_for, line.moved) for line in lines] for lines in (
            handover.handovers_waiting(world.ctx(lead, now=now)).handovers,
            handover.my_handovers(world.ctx(now=now)),
            handover.my_handovers(world.ctx(user_of(_jens(world)), now=now))))

    assert shown(NOW + timedelta(days=6)) == ([("", False)],) * 3  # complete, not moved yet
    moved_at = datetime.combine(NEXT_WEEK, time(8), tzinfo=NOW.tzinfo)
    handover.apply_due_moves(world.ctx(lead, now=moved_at))
    assert shown(moved_at)[0] == [("", True)]  # moved, completed 7 days ago: still shown
    assert shown(moved_at + timedelta(days=1)) == ([], [], [])


# --- 8: bad input, each a sentence and nothing written ---------------------------------


def _inactive(world) -> int:
    with world.sessions() as session:
        row = m.Caseworker(initials="GK", name="Gammel Kollega", email="gk@x.example", phone="1",
                           team_id=world.me.team_id, active=False)
        session.add(row)
        session.commit()
        return row.id


def _away(world) -> int:
    with world.sessions() as session:
        row = session.get(m.Caseworker, _jens(world).id)
        session.commit()
    handover.set_away(world.ctx(team_lead(world)), row.id, NEXT_WEEK + timedelta(days=3))
    return row.id


@pytest.mark.parametrize(("case", "words"), [
    ("oneself", "allerede"),
    ("inactive", "ikke længere aktiv"),
    ("admin", "administrator"),
    ("away", "væk til"),
    ("in_handover", "allerede ved at blive overdraget"),
    ("past", "før i dag"),
    ("reason", "årsagen"),
    ("caseworker_starts", "teamlederen"),
])
def test_bad_input_is_a_sentence_and_nothing_is_written(world, case, words):
    lead = team_lead(world)
    if case == "in_handover":
        _start(world)
    target = {"oneself": world.me.id, "inactive": _inactive(world) if case == "inactive" else 0,
              "admin": world.admin.id, "away": _away(world) if case == "away" else 0}.get(
        case, _jens(world).id)
    user = world.me if case == "caseworker_starts" else lead
    before = _counts(world)
    with pytest.raises(UserError, match=words):
        handover.start_handover(world.ctx(user), world.citizen.id, target,
                                "nonsense" if case == "reason" else "leaves",
                                TODAY - timedelta(days=1) if case == "past" else NEXT_WEEK)
    assert _counts(world) == before


def test_away_is_set_by_oneself_or_the_team_lead_and_ends_after_its_day(world):
    jens = _jens(world)
    with pytest.raises(UserError):
        handover.set_away(world.ctx(), jens.id, NEXT_WEEK)  # a colleague
    assert handover.set_away(world.ctx(user_of(jens)), jens.id, NEXT_WEEK).away_until == NEXT_WEEK
    with pytest.raises(UserError, match="væk"):
        _start(world, effective_on=NEXT_WEEK)
    assert _start(world, effective_on=NEXT_WEEK + timedelta(days=1)).status == "open"


def test_a_whole_caseload_is_distributed_in_one_pass_or_not_at_all(world):
    with world.sessions() as session:
        from support.people import citizen as make_citizen
        team = session.get(m.Team, world.me.team_id)
        ib = make_citizen(session, "Ib", "Holm", "010101-1111", team)
        session.add(m.CaseworkerAssignment(citizen_id=ib.id, caseworker_id=world.me.id,
                                           started_at=NOW - timedelta(days=50)))
        session.commit()
        ib_id = ib.id
    lead = team_lead(world)
    jens = _jens(world)
    _away(world)  # Jens is away next week: Ib cannot go to him, so nothing goes at all
    before = _counts(world)
    with pytest.raises(UserError, match="Ib Holm: Jens Holm er væk"):
        handover.distribute_caseload(world.ctx(lead), world.me.id,
                                     {world.citizen.id: lead.id, ib_id: jens.id}, "leaves",
                                     NEXT_WEEK)
    assert _counts(world) == before
    views = handover.distribute_caseload(world.ctx(lead), world.me.id,
                                         {world.citizen.id: lead.id, ib_id: lead.id}, "leaves",
                                         TODAY)
    assert [(v.citizen_name, v.to_name, v.status) for v in views] == [
        ("Søren Møller", "Tove Lund", "open"), ("Ib Holm", "Tove Lund", "open")]
    assert _assigned(world) == [lead.id] and _assigned(world, ib_id) == [lead.id]
    with pytest.raises(UserError):
        handover.distribute_caseload(world.ctx(lead), world.me.id, {}, "leaves", TODAY)


def test_two_team_leads_starting_a_handover_of_one_citizen_at_once_start_one(world, monkeypatch):
    """Both pass the check that the citizen is in no handover before either has written:
    the second to write is refused with a sentence (the citizen's version), none crashes."""
    lead = team_lead(world)
    with world.sessions() as session:
        row = m.Caseworker(initials="AL", name="Anden Leder", role="team_lead",
                           email="al@x.example", phone="2", team_id=world.me.team_id)
        session.add(row)
        session.commit()
        second_lead = user_of(row)
    jens_id = _jens(world).id
    check = handover._check_not_in_handover
    raced = []

    def check_then_the_other_starts(session, citizen):
        check(session, citizen)
        if not raced:  # the other team lead starts and commits meanwhile
            raced.append(second_lead)
            handover.start_handover(world.ctx(second_lead), citizen.id, jens_id, "workload",
                                    NEXT_WEEK)

    monkeypatch.setattr(handover, "_check_not_in_handover", check_then_the_other_starts)
    with pytest.raises(Conflict) as refused:
        handover.start_handover(world.ctx(lead), world.citizen.id, jens_id, "leaves",
                                NEXT_WEEK)
    assert raced and _counts(world)[0] == 1
    with world.sessions() as session:
        assert session.exec(select(m.Handover.reason)).all() == ["workload"]
    # Who started it, not "a colleague": and how to see it.
    assert "startet af Anden Leder" in refused.value.message, refused.value.message
    assert "Ctrl+R" in refused.value.message


def _meanwhile(monkeypatch, other, check: str = "_check_not_in_handover") -> list:
    """The operation's `check` passes; then `other` runs and commits before the operation
    writes anything: the other app, at the same moment."""
    checked, raced = getattr(handover, check), []

    def check_then_the_other(*args):
        found = checked(*args)
        if not raced:  # once: the other's own check does not race again
            raced.append(True)
            other()
        return found

    monkeypatch.setattr(handover, check, check_then_the_other)
    return raced


def test_one_team_lead_starting_in_two_windows_at_once_is_told_it_was_the_other_window(
        world, monkeypatch):
    raced = _meanwhile(monkeypatch, lambda: _start(world))
    with pytest.raises(Conflict) as refused:
        _start(world, effective_on=NEXT_WEEK + timedelta(days=1))
    assert raced and _counts(world)[0] == 1
    assert ("Søren Møller til Jens Holm blev startet af dig i et andet vindue"
            in refused.value.message), refused.value.message


def test_a_request_at_the_same_moment_as_the_team_leads_start_is_refused_naming_it(
        world, monkeypatch):
    """Both pass the checks before either has written (tried with two apps on one
    database): the request, second to write, is refused, and only the handover is left."""
    raced = _meanwhile(monkeypatch, lambda: _start(world))
    with pytest.raises(Conflict) as refused:
        handover.request_handover(world.ctx(), world.citizen.id, "citizen_wish",
                                  "Søren ønsker en anden")
    assert raced and _counts(world)[:3] == (1, 0, 0)
    sentence = refused.value.message
    assert "Søren Møller til Jens Holm blev startet af Tove Lund" in sentence, sentence
    assert "din dag" in sentence  # where she finds it


def test_a_start_at_the_same_moment_as_the_caseworkers_request_is_refused_then_answers_it(
        world, monkeypatch):
    """The start, second to write, is refused naming the request; Ctrl+S again starts it,
    and the request is started by it: never an open request beside a running handover."""
    raced = _meanwhile(monkeypatch, lambda: handover.request_handover(
        world.ctx(), world.citizen.id, "citizen_wish", "Søren ønsker en anden"))
    with pytest.raises(Conflict) as refused:
        _start(world)
    assert raced and _counts(world)[:3] == (0, 0, 1)
    sentence = refused.value.message
    assert "overdrage Søren Møller blev sendt af Mette Kjær" in sentence, sentence
    assert "Ctrl+S igen" in sentence
    view = _start(world)  # Ctrl+S again
    with world.sessions() as session:
        request = session.exec(select(m.HandoverRequest)).one()
    assert (request.status, request.handover_id) == ("started", view.id)


def test_two_requests_from_two_windows_at_once_leave_one(world, monkeypatch):
    raced = _meanwhile(monkeypatch, lambda: handover.request_handover(
        world.ctx(), world.citizen.id, "workload"), "_open_request")
    with pytest.raises(Conflict, match="sendt af dig i et andet vindue"):
        handover.request_handover(world.ctx(), world.citizen.id, "citizen_wish")
    assert raced and _counts(world)[:3] == (0, 0, 1)


def test_two_apps_applying_the_move_at_once_move_the_citizen_once(world, monkeypatch):
    _start(world)
    later = NOW + timedelta(days=7, hours=1)
    move = handover._move
    raced = []

    def the_other_app_moves_first(session, row, now):
        if not raced:  # the other app (Jens's) finds the same handover due and moves it
            raced.append(True)
            assert handover.apply_due_moves(world.ctx(user_of(_jens(world)), now=now)).handovers == 1
        return move(session, row, now)

    monkeypatch.setattr(handover, "_move", the_other_app_moves_first)
    assert handover.apply_due_moves(world.ctx(now=later)).handovers == 0
    assert raced and _assigned(world) == [_jens(world).id]
    with world.sessions() as session:
        assert session.exec(select(func.count()).select_from(m.CaseworkerAssignment).where(
            m.CaseworkerAssignment.citizen_id == world.citizen.id)).one() == 4


def test_may_see_and_the_lists_condition_agree_in_every_state_of_a_handover(world):
    """access.may_see (one citizen) and access.visible_citizens (lists: my day) are one rule,
    at every step of a handover to another team (R-SEC-3)."""
    oest_lead, lead = _lead_of_oest(world), team_lead(world)
    # (An administrator's lists show no citizen, by design: they open one with a reason.)
    people = [world.me, user_of(_jens(world)), world.other, lead, oest_lead]
    seen = []

    def both_agree() -> None:
        for user in people:
            assert _may_see(world, user) == (world.citizen.id in _visible(world, user)), user.name
        seen.append(tuple(_may_see(world, user) for user in people))

    both_agree()
    view = _start(world, to_id=world.other.id)
    both_agree()  # awaiting approval
    view = handover.approve_handover(world.ctx(oest_lead), view.id, view.version)
    both_agree()  # open
    sara = world.ctx(world.other)
    view = handover.skip_note(world.ctx(), view.id, view.version)
    for section in view.missing:
        view = handover.acknowledge(sara, view.id, section)
    assert view.status == "complete"
    both_agree()  # complete, not moved yet
    handover.apply_due_moves(world.ctx(world.other, now=NOW + timedelta(days=7)))
    both_agree()  # moved
    # Mette, Jens, Sara, Tove (Vest's lead), the Øst lead.
    assert seen == [(True, True, False, True, False),
                    (True, True, False, True, True),
                    (True, True, True, True, False),
                    (True, True, True, True, False),
                    (False, False, True, False, True)]
