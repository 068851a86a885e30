"""The team lead's review (issue 14, items 1, 3 and 7; R-LEAD-1): each figure on a small
June 2026 of Team Vest with a known answer, per caseworker and for the team, over a week,
a month and by week; the rows behind each number are the rows it counts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select
from support.people import citizen
from support.roles import team_lead

from prepdesk.core import review_figures as rf
from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.core.review_figures import Period
from prepdesk.data import models as m

JUNE = Period.month(date(2026, 6, 1))


def at(day: int, hour: int, minute: int = 0, month: int = 6) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LOCAL_TIMEZONE)


def build_june(world):  # type: ignore[no-untyped-def]
    """Mette (world.me) and Jens (Team Vest) in June 2026, with Tove their team lead."""
    lead = team_lead(world)
    s = world.session
    mette, soeren = world.me.id, world.citizen.id
    jens = s.exec(select(m.Caseworker).where(m.Caseworker.initials == "JH")).one().id
    karen = citizen(s, "Karen", "Bech", "030303-3333", s.get(m.Team, world.me.team_id)).id
    s.add_all([
        m.CaseworkerAssignment(citizen_id=karen, caseworker_id=jens, started_at=at(1, 9, month=5),
                               ended_at=at(15, 9)),
        m.CaseworkerAssignment(citizen_id=karen, caseworker_id=mette, started_at=at(15, 9)),
    ])
    # Meetings: m1 prepared the day before; m2 never; m3 after it began; m4 cancelled; Jens's
    # m5 prepared.
    meetings = [
        m.Meeting(citizen_id=soeren, caseworker_id=mette, kind="follow_up", starts_at=at(2, 10),
                  status="held", prepared_at=at(1, 15)),
        m.Meeting(citizen_id=soeren, caseworker_id=mette, kind="follow_up", starts_at=at(3, 10),
                  status="held"),
        m.Meeting(citizen_id=soeren, caseworker_id=mette, kind="phone", starts_at=at(4, 10),
                  status="held", prepared_at=at(4, 11)),
        m.Meeting(citizen_id=soeren, caseworker_id=mette, kind="phone", starts_at=at(5, 10),
                  status="cancelled", prepared_at=at(4, 9)),
        m.Meeting(citizen_id=karen, caseworker_id=jens, kind="first", starts_at=at(10, 10),
                  status="held", prepared_at=at(9, 9)),
    ]
    s.add_all(meetings)
    s.flush()
    m1, m2, _m3, _m4, m5 = meetings

    def notes(meeting, author, sent, status):  # type: ignore[no-untyped-def]
        note = m.Note(meeting_id=meeting.id, citizen_id=meeting.citizen_id, author_id=author)
        s.add(note)
        s.flush()
        request = m.ApprovalRequest(note_id=note.id, note_version=1, public_id=f"p{note.id}",
                                    nonce=f"n{note.id}", sent_at=sent, expires_at=sent + timedelta(days=30),
                                    status=status)
        s.add(request)
        s.flush()
        return note, request

    notes(m1, mette, at(2, 15), "approved")  # in time: the same working day
    note2, request2 = notes(m2, mette, at(4, 9), "corrected")  # the day after: late
    notes(m5, jens, at(10, 15, 30), "pending")  # in time
    for status in ("accepted", "rejected", "pending"):
        s.add(m.Correction(approval_request_id=request2.id, note_id=note2.id, section="facts",
                           received_at=at(5, 9), status=status))
    # Statements: before m1, s1 read and s2 not; s3 between m1 and m2, read in time and
    # discussed at m2; s4 late in June, never discussed (Søren meets again in November).
    statements = [m.Statement(citizen_id=soeren, kind="medical", author_name="Dr. A",
                              author_profession="læge", written_on=date(2026, 5, 1),
                              received_at=received, title=title)
                  for received, title in ((at(20, 9, month=5), "S1"), (at(25, 9, month=5), "S2"),
                                          (at(2, 14), "S3"), (at(20, 9), "S4"))]
    s.add_all(statements)
    s.flush()
    s1, _s2, s3, _s4 = statements
    s.add_all([
        m.StatementRead(statement_id=s1.id, caseworker_id=mette, read_at=at(30, 9, month=5)),
        m.StatementRead(statement_id=s3.id, caseworker_id=mette, read_at=at(3, 9)),
        m.StatementDiscussion(meeting_id=m2.id, statement_id=s3.id),
    ])
    # Inquiries: one acknowledged in time, one answered after its deadline.
    s.add_all([
        m.Inquiry(citizen_id=soeren, caseworker_id=mette, channel="phone", received_at=at(2, 9),
                  due_at=at(3, 9), acknowledged_at=at(2, 12)),
        m.Inquiry(citizen_id=soeren, caseworker_id=mette, channel="email", received_at=at(5, 14),
                  due_at=at(8, 14), answered_at=at(9, 10)),
    ])
    # Letters sent in June: Mette's LIX 30, 50, 36 (median 36); Jens's 44 and 20 (32). Not
    # counted: a letter waiting to be sent, one without a LIX, one sent in July.
    for author, lix, status, when in ((mette, 30, "sent", at(2, 9)), (mette, 50, "sent", at(8, 9)),
                                      (mette, 36, "sent", at(9, 9)), (mette, 10, "queued", at(9, 9)),
                                      (mette, None, "sent", at(9, 9)), (jens, 44, "sent", at(11, 9)),
                                      (jens, 20, "sent", at(12, 9)), (jens, 90, "sent", at(1, 9, month=7))):
        letter = m.Letter(citizen_id=soeren, kind="other", author_id=author, created_at=when,
                          status=status)
        s.add(letter)
        s.flush()
        s.add(m.LetterVersion(letter_id=letter.id, number=1, created_at=when, subject="Brev", lix=lix))
    # A practice change for Team Vest by the team lead: Mette acknowledges it after 2 days.
    ruling = m.Ruling(number="9-26", decided_on=date(2026, 5, 1))
    s.add(ruling)
    s.flush()
    change = m.PracticeChange(ruling_id=ruling.id, team_id=world.me.team_id, title="Ny praksis",
                              published_by_id=lead.id, published_at=at(3, 12))
    s.add(change)
    s.flush()
    s.add(m.PracticeChangeAck(practice_change_id=change.id, caseworker_id=mette,
                              acknowledged_at=at(5, 12)))
    # Handovers to Mette: Karen's completed after 3 days, another still open.
    s.add_all([
        m.Handover(citizen_id=karen, from_caseworker_id=jens, to_caseworker_id=mette,
                   created_at=at(15, 9), completed_at=at(18, 9)),
        m.Handover(citizen_id=soeren, from_caseworker_id=jens, to_caseworker_id=mette,
                   created_at=at(20, 9)),
    ])
    s.commit()
    return lead, jens


# figure: (Mette, Jens, team) as (numerator, denominator, value)
EXPECTED = {
    "meetings_prepared": ((1, 3, 1 / 3), (1, 1, 1.0), (2, 4, 0.5)),
    "notes_on_time": ((1, 3, 1 / 3), (1, 1, 1.0), (2, 4, 0.5)),
    "approval_rate": ((1, 2, 0.5), (0, 1, 0.0), (1, 3, 1 / 3)),
    "correction_rate": ((1, 2, 0.5), (0, 1, 0.0), (1, 3, 1 / 3)),
    "corrections_accepted": ((1, 2, 0.5), (0, 0, None), (1, 2, 0.5)),
    "corrections_rejected": ((1, 2, 0.5), (0, 0, None), (1, 2, 0.5)),
    "statements_unread": ((1, 3, 1 / 3), (0, 0, None), (1, 3, 1 / 3)),
    "statements_not_discussed": ((1, 2, 0.5), (0, 0, None), (1, 2, 0.5)),
    "inquiries_on_time": ((1, 2, 0.5), (0, 0, None), (1, 2, 0.5)),
    "letters_lix": ((None, 3, 36.0), (None, 2, 32.0), (None, 5, 36.0)),
    "caseworker_changes": ((0, 2, 0.0), (1, 1, 1.0), (1, 2, 0.5)),
    "practice_acknowledged": ((1, 1, 1.0), (0, 1, 0.0), (1, 2, 0.5)),
    "practice_ack_days": ((2, 1, 2.0), (0, 0, None), (2, 1, 2.0)),
    "handovers_completed": ((1, 2, 0.5), (0, 0, None), (1, 2, 0.5)),
    "handover_wait_days": ((3, 1, 3.0), (0, 0, None), (3, 1, 3.0)),
}


def _triple(figure: rf.Figure) -> tuple:
    return (figure.numerator, figure.denominator,
            None if figure.value is None else pytest.approx(figure.value))


def _expected(numbers: tuple) -> tuple:
    top, bottom, value = numbers
    return (None if top is None else pytest.approx(top), bottom, value)


def test_each_figure_of_june_per_caseworker_and_team(world):
    lead, jens = build_june(world)
    review = rf.review(world.ctx(lead), JUNE)
    assert set(EXPECTED) == set(rf.FIGURE_KEYS) == {d.key for d in review.definitions}
    rows = {row.caseworker_id: row for row in review.caseworkers}
    assert set(rows) == {world.me.id, jens, lead.id}
    for key, (mine, his, team) in EXPECTED.items():
        assert _triple(rows[world.me.id].figure(key)) == _expected(mine), key
        assert _triple(rows[jens].figure(key)) == _expected(his), key
        assert _triple(review.team.figure(key)) == _expected(team), key
    assert review.viewer_is_lead and review.team_name == "Team Vest"
    # Measured openly: every figure says what it counts.
    assert all(d.definition and d.title for d in review.definitions) and review.measured_openly


def test_a_caseworker_sees_their_own_figures_as_the_lead_does_and_the_teams(world):
    lead, _jens = build_june(world)
    as_lead = rf.review(world.ctx(lead), JUNE)
    mine = rf.review(world.ctx(world.me), JUNE)
    assert [row.caseworker_id for row in mine.caseworkers] == [world.me.id]
    lead_row = next(r for r in as_lead.caseworkers if r.caseworker_id == world.me.id)
    assert mine.caseworkers[0] == lead_row
    assert mine.team == as_lead.team
    assert not mine.viewer_is_lead


def test_a_week_and_the_weeks_of_june(world):
    lead, _jens = build_june(world)
    week = rf.review(world.ctx(lead), Period.week(date(2026, 6, 3)))
    assert week.period.first == date(2026, 6, 1) and week.period.last == date(2026, 6, 7)
    assert _triple(week.team.figure("meetings_prepared")) == (1, 3, pytest.approx(1 / 3))
    series = rf.series(world.ctx(lead), JUNE, "week")
    points = series.line("meetings_prepared").points
    assert [p.period.first for p in points] == [date(2026, 6, d) for d in (1, 8, 15, 22, 29)]
    assert [p.figure.value for p in points] == [pytest.approx(1 / 3), 1.0, None, None, None]
    # Whole weeks: the last one holds 1 July, and Jens's letter of that day.
    assert [p.figure.denominator for p in series.line("letters_lix").points] == [1, 4, 0, 0, 1]


def test_the_rows_behind_each_number_are_the_rows_it_counts(world):
    lead, _jens = build_june(world)
    review = rf.review(world.ctx(lead), JUNE)
    for key in rf.FIGURE_KEYS:
        drill = rf.drill_down(world.ctx(lead), JUNE, key)
        figure = review.team.figure(key)
        assert drill.figure == figure, key
        counted = [row for row in drill.rows if row.counted]
        if key == "caseworker_changes":  # its denominator is citizens
            assert len({row.citizen_id for row in drill.rows}) == figure.denominator
            assert len(counted) == figure.numerator
        elif key == "letters_lix":  # a median: every row has its LIX
            assert len(drill.rows) == len(counted) == figure.denominator
        elif key.endswith("_days"):  # a mean over the rows with a value
            assert len(counted) == figure.denominator
            assert sum(row.value for row in counted) == pytest.approx(figure.numerator)
        else:
            assert (len(counted), len(drill.rows)) == (figure.numerator, figure.denominator), key
    unprepared = rf.drill_down(world.ctx(lead), JUNE, "meetings_prepared", caseworker_id=world.me.id)
    late = [row for row in unprepared.rows if not row.counted]
    assert [row.at.astimezone(LOCAL_TIMEZONE) for row in late] == [at(4, 10), at(3, 10)]
    assert {row.meeting_id for row in late} == {row.id for row in late}
    assert {row.citizen_name for row in late} == {"Søren Møller"}
    lix = rf.drill_down(world.ctx(world.me), JUNE, "letters_lix", caseworker_id=world.me.id)
    assert sorted(row.value for row in lix.rows) == [30, 36, 50]


def test_the_notes_deadline_is_a_setting(world):
    lead, _jens = build_june(world)
    ctx = world.ctx(lead)
    later = replace(ctx, settings=ctx.settings.model_copy(update={"notes_deadline_working_days": 1}))
    figure = rf.review(later, JUNE).team.figure("notes_on_time")
    assert (figure.numerator, figure.denominator) == (3, 4)  # m2's notes came the next day
    assert "1" in rf.review(later, JUNE).definitions[1].definition


def test_periods():
    assert Period.quarter(date(2026, 11, 23)) == Period("quarter", date(2026, 10, 1), date(2026, 12, 31))
    assert Period.month(date(2026, 2, 14)).last == date(2026, 2, 28)
    assert Period.week(date(2026, 11, 29)).first == date(2026, 11, 23)
    assert Period.quarter(date(2026, 1, 5)).previous() == Period.quarter(date(2025, 12, 1))
    assert Period.month(date(2026, 12, 5)).following() == Period.month(date(2027, 1, 1))
    span = Period.between(date(2026, 6, 1), date(2026, 6, 10))
    assert span.previous() == Period.between(date(2026, 5, 22), date(2026, 5, 31))
    assert [p.first for p in Period.quarter(date(2026, 4, 1)).steps("month")] == [
        date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1)]
    # Midnight to midnight, Danish time, across the change to summer time.
    march = Period.month(date(2026, 3, 1))
    assert march.end.astimezone(UTC) - march.start.astimezone(UTC) == timedelta(days=31, hours=-1)
    with pytest.raises(Exception, match="."):
        Period.between(date(2026, 6, 2), date(2026, 6, 1))
    assert Period.quarter(date(2026, 11, 1)).label() and Period.week(date(2026, 6, 1)).label()
