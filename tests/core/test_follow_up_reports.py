"""Follow-up reports (R-LEAD-3, issue 14 item 6): complaints per quarter and appeals per
half-year on a small built case with a known answer, for the team lead's team and for the
whole job centre (SQLite and PostgreSQL); the tables the screen and the PDF show, and the
PDF read back."""

from __future__ import annotations

from datetime import date, datetime

import platformdirs
import pytest
from pypdf import PdfReader
from support.roles import team_lead

from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.core.follow_up_reports import NO_DECISION, follow_up_report, report_tables
from prepdesk.data import models as m
from prepdesk.errors import UserError
from prepdesk.export.follow_up_pdf import write_report


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LOCAL_TIMEZONE)


@pytest.fixture
def cases(world):
    """Søren (Team Vest) and Åse (Team Øst): complaints and appeals over 2025-2026."""
    soeren, aase = world.citizen.id, world.stranger.id
    with world.sessions() as session:
        def decision(citizen_id: int, law: str) -> int:
            row = m.Decision(citizen_id=citizen_id, decided_at=at(2025, 11, 1), subject="Afgørelse",
                             outcome="refused", law=law, section="§ 1")
            session.add(row)
            session.flush()
            return row.id

        def ruling(number: str, outcome: str) -> int:
            row = m.Ruling(number=number, title="Titel", decided_on=date(2026, 5, 1), outcome=outcome)
            session.add(row)
            session.flush()
            return row.id

        sick, social = decision(soeren, "Lov om sygedagpenge"), decision(soeren, "Lov om aktiv socialpolitik")
        sick_appeal = decision(soeren, "Lov om sygedagpenge")
        r1, r2, r3 = ruling("1-26", "sent_back"), ruling("2-26", "changed"), ruling("3-26", "confirmed")
        complaint = dict(kind="complaint", summary="Klage")
        session.add_all([
            # Decided in 2026's first quarter, received in 2025's last.
            m.Complaint(citizen_id=soeren, received_at=at(2025, 12, 15), status="decided",
                        outcome="confirmed", decided_at=at(2026, 1, 10), **complaint),
            # Half past midnight on New Year's Day, Danish time: 2026, though 2025 in UTC.
            m.Complaint(citizen_id=soeren, received_at=at(2026, 1, 1, 0, 30), status="decided",
                        outcome="upheld", decided_at=at(2026, 2, 1), **complaint),
            m.Complaint(citizen_id=soeren, decision_id=sick, received_at=at(2026, 2, 10),
                        status="decided", outcome="upheld", decided_at=at(2026, 4, 5), **complaint),
            m.Complaint(citizen_id=soeren, received_at=at(2026, 5, 1), status="withdrawn", **complaint),
            m.Complaint(citizen_id=soeren, received_at=at(2026, 7, 15), **complaint),
            m.Complaint(citizen_id=aase, received_at=at(2026, 10, 1), status="decided",
                        outcome="confirmed", decided_at=at(2026, 10, 20), **complaint),
            m.Complaint(citizen_id=soeren, decision_id=social, kind="appeal", received_at=at(2026, 2, 1),
                        status="decided", outcome="sent_back", decided_at=at(2026, 5, 20), ruling_id=r1),
            m.Complaint(citizen_id=soeren, decision_id=sick_appeal, kind="appeal",
                        received_at=at(2026, 3, 1), status="decided", outcome="changed",
                        decided_at=at(2026, 8, 1), ruling_id=r2),
            m.Complaint(citizen_id=soeren, decision_id=social, kind="appeal",
                        received_at=at(2026, 9, 1), status="forwarded"),
            m.Complaint(citizen_id=aase, kind="appeal", received_at=at(2026, 1, 15), status="decided",
                        outcome="confirmed", decided_at=at(2026, 3, 1), ruling_id=r3),
            m.PracticeChange(ruling_id=r1, team_id=None, title="Ny praksis: partshøring",
                             published_by_id=world.me.id, published_at=at(2026, 6, 10)),
            m.PracticeChange(ruling_id=r2, team_id=world.stranger.team_id, title="Ny praksis: Øst",
                             published_by_id=world.other.id, published_at=at(2026, 9, 1)),
        ])
        session.commit()
    return world


def figures(periods, *names):
    return [tuple(getattr(p, name) if not name.startswith("=") else p.count(name[1:])
                  for p in periods) for name in names]


def test_a_team_leads_team_complaints_per_quarter(cases):
    report = follow_up_report(cases.ctx(team_lead(cases)), 2026)
    assert (report.year, report.scope, report.scope_name, report.first_year) == (
        2026, "team", "Team Vest", 2025)
    assert [p.period.label for p in report.quarters] == [
        "1. kvt.", "2. kvt.", "3. kvt.", "4. kvt.", "Hele året"]
    assert figures(report.quarters, "received", "decided", "=upheld", "=confirmed",
                   "open_at_end") == [
        (2, 1, 1, 0, 4), (2, 1, 0, 0, 3), (1, 1, 0, 0, 2), (1, 0, 0, 0, 1), (1, 0, 1, 1, 1)]
    assert [o.outcome for o in report.quarters[0].outcomes] == ["upheld", "confirmed"]
    assert report.quarters[3].period.counted_until == date(2026, 11, 23)  # the running quarter
    assert [(a.area, a.counts) for a in report.complaint_areas] == [
        (NO_DECISION, (1, 1, 1, 0, 3)), ("Lov om sygedagpenge", (1, 0, 0, 0, 1))]


def test_a_team_leads_team_appeals_per_half_year_and_the_practice_changes_that_followed(cases):
    report = follow_up_report(cases.ctx(team_lead(cases)), 2026, "team")
    assert [p.period.label for p in report.halves] == ["1. halvår", "2. halvår", "Hele året"]
    assert figures(report.halves, "received", "decided", "=confirmed", "=changed", "=sent_back",
                   "=rejected", "open_at_end", "against_us", "followed") == [
        (2, 1, 3), (1, 1, 2), (0, 0, 0), (0, 1, 1), (1, 0, 1), (0, 0, 0), (1, 1, 1), (1, 1, 2),
        (1, 0, 1)]
    assert report.halves[2].against_us_share == 1.0
    assert [(a.area, a.counts, a.against_us) for a in report.appeal_areas] == [
        ("Lov om aktiv socialpolitik", (1, 0, 1), (1, 0, 1)),
        ("Lov om sygedagpenge", (0, 1, 1), (0, 1, 1))]
    # Team Øst's own practice change after 2-26 is not Team Vest's.
    [change] = report.practice_changes
    assert (change.title, change.ruling_number, change.published_on, change.whole_job_centre,
            change.appeals) == ("Ny praksis: partshøring", "1-26", date(2026, 6, 10), True, (1, 0, 1))


def test_the_whole_job_centre_counts_every_team(cases):
    report = follow_up_report(cases.ctx(team_lead(cases)), 2026, "job_centre")
    assert report.scope_name == report.job_centre == "Jobcentret"
    assert figures(report.quarters, "received", "decided", "=confirmed") == [
        (2, 1, 1, 1, 5), (2, 1, 0, 1, 4), (1, 0, 0, 1, 2)]
    assert figures(report.halves, "received", "decided", "=confirmed", "followed") == [
        (3, 1, 4), (2, 1, 3), (1, 0, 1), (1, 1, 2)]
    assert [(a.area, a.counts) for a in report.appeal_areas][-1] == (NO_DECISION, (1, 0, 1))
    assert [(c.ruling_number, c.whole_job_centre, c.appeals) for c in report.practice_changes] == [
        ("1-26", True, (1, 0, 1)), ("2-26", False, (0, 1, 1))]
    assert [c.team for c in report.practice_changes] == ["", "Team Øst"]


def test_another_year_and_a_year_ahead(cases):
    lead = cases.ctx(team_lead(cases))
    last_year = follow_up_report(lead, 2025)
    # The complaint of 15 December was open when 2025 ended; the New Year's one is 2026's.
    assert figures(last_year.quarters[3:], "received", "decided", "open_at_end") == [(1, 1), (0, 0), (1, 1)]
    ahead = follow_up_report(lead, 2027)
    assert not any(p.period.begun for p in ahead.quarters)
    assert sum(p.received + p.decided + p.open_at_end for p in ahead.quarters + ahead.halves) == 0
    with pytest.raises(UserError):
        follow_up_report(lead, 2029)


def test_only_a_team_lead_sees_the_reports(cases):
    for user in (cases.me, cases.other, cases.admin):
        with pytest.raises(UserError, match="teamleder"):
            follow_up_report(cases.ctx(user), 2026, "job_centre")


def test_the_tables_say_what_the_figures_are(cases):
    tables = report_tables(follow_up_report(cases.ctx(team_lead(cases)), 2026))
    assert [t.title for t in tables] == [
        "Klager pr. kvartal", "Modtagne klager fordelt på område",
        "Ankesager om jobcentrets afgørelser pr. halvår", "Afgjorte ankesager fordelt på område",
        "Praksisændringer efter de afgjorte ankesager (antal ankesager pr. halvår)"]
    assert tables[2].rows[-3:] == (("Andel ændret eller hjemvist", "100 %", "100 %", "100 %"),
                                   ("  heraf fulgt af en praksisændring", "1", "0", "1"),
                                   ("Åbne ved halvårets udgang", "1", "1", "1"))
    assert tables[4].rows == (("Ny praksis: partshøring", "1-26", "10.06.2026", "hele jobcentret",
                               "1", "0"),)
    ahead = report_tables(follow_up_report(cases.ctx(team_lead(cases)), 2027))
    assert ahead[0].rows[0] == ("Modtaget", "–", "–", "–", "–", "–")  # no figures yet


def test_the_pdf_for_the_committee(cases, tmp_path, monkeypatch):
    monkeypatch.setattr(platformdirs, "user_documents_path", lambda: tmp_path)
    lead = cases.ctx(team_lead(cases))
    written = write_report(lead, 2026, "team")  # no export_dir set: the documents folder
    assert written.pdf.parent == tmp_path / "PrepDesk rapporter"
    assert written.pdf.stat().st_mode & 0o077 == 0  # the user's only
    assert written.sentence == f"Rapporten til udvalget er gemt som {written.pdf}."
    reader = PdfReader(written.pdf)
    assert reader.trailer["/Root"]["/Lang"] == "da"
    assert reader.metadata.title == "Opfølgning på klager og ankesager 2026: Team Vest"
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for expected in (
            "Opfølgning på klager og ankesager 2026 Team Vest Jobcentret "
            "Perioden 01.01.2026 til 31.12.2026 (opgjort til og med 23.11.2026) "
            "Udarbejdet 23.11.2026 kl. 08.00 Klager pr. kvartal",
            "Modtaget 2 1 1 0 4", "Åbne ved kvartalets udgang 1 0 1 1 1",
            "Sagsbehandlingen (ingen afgørelse) 1 1 1 0 3",
            "Afgjort af Ankestyrelsen 1 1 2", "Lov om aktiv socialpolitik 1 0 1 1",
            "Ny praksis: partshøring 1-26 10.06.2026 hele jobcentret 1 0",
            "Sådan er tallene opgjort", "Rapporten nævner ingen borger og ingen sagsbehandler."):
        assert expected in text, expected
    for name in ("Søren", "Møller", "Åse", "120587", "Mette"):  # no citizen, no caseworker
        assert name not in text
