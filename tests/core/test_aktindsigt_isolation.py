"""The aktindsigt export of one citizen holds nothing about any other (issue 12 item 4,
R-SEC-4: "a citizen was handed papers that concerned someone else").

A database of many citizens, each with a distinctive name, CPR number, address, e-mail and
phone and a history that names them (journal entries, meetings and agendas, notes, letters
as sent, statements, agreements, access-log rows), many of them in citizen A's team, with
A's caseworker, on the same days. A's export is written as the caseworker writes it; the
PDF's text (pypdf) and the JSON file are searched for every other citizen's details.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta

from pypdf import PdfReader
from support.people import NOW

from prepdesk.data import models as m
from prepdesk.export.aktindsigt import write_export

OTHERS = 30


def _details(number: int) -> dict[str, str]:
    return {
        "first_name": f"Quintus{number:02d}",
        "last_name": f"Zebrafjord{number:02d}",
        "cpr": f"{number % 28 + 1:02d}0{number % 9 + 1}7{number % 10}-{4000 + number}",
        "address": f"Pilekvisten {700 + number}",
        "postcode": f"9{number:03d}",
        "city": f"Kragstrup{number:02d}by",
        "email": f"quintus{number:02d}@borgerpost.example",
        "phone": f"6{number:07d}",
    }


def _history(session, citizen: m.Citizen, caseworker_id: int, day: datetime, text: str) -> None:
    """A history that names the citizen in every kind of row the export reads."""
    meeting = m.Meeting(citizen_id=citizen.id, caseworker_id=caseworker_id, kind="follow_up",
                        starts_at=day, status="held", purpose=f"Opfølgning med {text}",
                        place=f"Lokale hos {text}")
    session.add(meeting)
    session.flush()
    note = m.Note(meeting_id=meeting.id, citizen_id=citizen.id, author_id=caseworker_id)
    letter = m.Letter(citizen_id=citizen.id, meeting_id=meeting.id, kind="invitation",
                      author_id=caseworker_id, created_at=day, status="sent")
    session.add_all([note, letter])
    session.flush()
    session.add_all([
        m.AgendaItem(meeting_id=meeting.id, position=1, title=f"Praktik for {text}"),
        m.JournalEntry(citizen_id=citizen.id, author_id=caseworker_id, kind="phone",
                       occurred_at=day, title=f"Opkald fra {text}", body=f"{text} ringede."),
        m.Agreement(citizen_id=citizen.id, meeting_id=meeting.id, what=f"{text} søger job"),
        m.NoteVersion(note_id=note.id, number=1, created_at=day,
                      content={"facts": f"{text} deltog", "participants": [text]}),
        m.Statement(citizen_id=citizen.id, kind="medical", author_name="Dr. Lund",
                    author_profession="læge", written_on=day.date(), received_at=day,
                    title=f"Lægeerklæring om {text}", body=f"{text} kan arbejde."),
        m.OutboxMessage(message_id=f"<{citizen.id}@x>", citizen_id=citizen.id,
                        to_address=citizen.email or "", subject=f"Indkaldelse til {text}",
                        body=f"Kære {text}", created_at=day, not_before=day, status="sent",
                        sent_at=day),
        m.LetterVersion(letter_id=letter.id, number=1, created_at=day,
                        subject=f"Brev til {text}", body=f"Kære {text}"),
        m.Decision(citizen_id=citizen.id, decided_at=day, subject=f"Ressourceforløb for {text}",
                   outcome="granted"),
        m.AccessLog(at=day, caseworker_id=caseworker_id, citizen_id=citizen.id,
                    action="open_file", detail=text),
    ])


def test_the_export_of_one_citizen_holds_nothing_about_any_other(world, tmp_path):
    session = world.session
    a = world.citizen
    a.address, a.postcode, a.city = "Solsikkevej 3", "7100", "Vejle"
    a.email, a.phone = "soeren.moeller@borgerpost.example", "30303030"
    session.add(a)
    day = NOW - timedelta(days=3)
    others = []
    for number in range(OTHERS):
        details = _details(number)
        # Most in A's team with A's caseworker; some in the other team.
        team_id = world.me.team_id if number % 3 else world.other.team_id
        other = m.Citizen(search_name=f"{details['first_name']} {details['last_name']}".lower(),
                          team_id=team_id, assessment=f"Vurdering af {details['last_name']}",
                          **details)
        session.add(other)
        session.flush()
        worker = world.me.id if number % 3 else world.other.id
        session.add(m.CaseworkerAssignment(citizen_id=other.id, caseworker_id=worker,
                                           started_at=day - timedelta(days=100)))
        everything = " ".join(details.values())
        _history(session, other, worker, day + timedelta(minutes=number), everything)
        others.append((other.id, details))
    _history(session, a, world.me.id, day, "Søren Møller")
    session.commit()

    written = write_export(world.ctx(), a.id, tmp_path)

    pdf_text = "".join(page.extract_text() for page in PdfReader(written.pdf).pages)
    json_text = written.json.read_text(encoding="utf-8")
    assert PdfReader(written.pdf).trailer["/Root"]["/Lang"] == "da"
    texts = {"pdf": _squeezed(pdf_text), "json": _squeezed(json_text)}
    # The search finds what is there: A's own details are in both files.
    for own in ("Søren Møller", "120587-1234", "Solsikkevej 3", "7100", "Vejle",
                "soeren.moeller@borgerpost.example", "30303030", "Mette Kjær"):
        for name, text in texts.items():
            assert _squeezed(own) in text, (own, name)
    for _other_id, details in others:
        for field, value in details.items():
            for name, text in texts.items():
                assert _squeezed(value) not in text, (field, value, name)
    # No id of another citizen: the JSON's only citizen id is A's; the files' names hold A's.
    ids = [value for key, value in _pairs(json.loads(json_text)) if key.endswith("id")]
    assert ids == [a.id]
    assert {int(n) for n in re.findall(r"aktindsigt-(\d+)-", written.pdf.name)} == {a.id}


def _squeezed(text: str) -> str:
    """Without white space or hyphenation: a name broken over two lines is still found."""
    return re.sub(r"\s+", "", text).casefold()


def _pairs(value, key: str = ""):
    if isinstance(value, dict):
        for inner_key, inner in value.items():
            yield from _pairs(inner, inner_key)
    elif isinstance(value, list):
        for inner in value:
            yield from _pairs(inner, key)
    else:
        yield key, value


def test_a_name_in_any_alphabet_comes_out_as_written(world, tmp_path):
    """The PDF's font has the letters of the citizens' names (not only Latin-1)."""
    world.citizen.first_name, world.citizen.last_name = "Łukasz Ayşe", "Čapek-Øberg"
    world.session.add(world.citizen)
    world.session.commit()
    written = write_export(world.ctx(), world.citizen.id, tmp_path)
    text = "".join(page.extract_text() for page in PdfReader(written.pdf).pages)
    assert "Łukasz Ayşe Čapek-Øberg" in text
    assert date(2026, 11, 23).strftime("%d.%m.%Y") in text  # made on the world's Monday
    assert written.pdf.stat().st_mode & 0o077 == 0  # personal data: the user's only


def test_text_from_data_is_text_in_the_pdf_never_html(world, tmp_path):
    """A tag, an entity or a control character in the data is printed as written (or
    left out, for controls): it never styles, hides or ends anything in the PDF."""
    hostile = "<b>Ole</b> &amp; </p><h1>Slut</h1><br>\x1b[2J [bold]x[/]"
    world.session.add(m.JournalEntry(citizen_id=world.citizen.id, author_id=world.me.id,
                                     kind="note", occurred_at=NOW, title=hostile, body=hostile))
    world.session.commit()
    written = write_export(world.ctx(), world.citizen.id, tmp_path)
    text = "".join(page.extract_text() for page in PdfReader(written.pdf).pages)
    assert _squeezed("<b>Ole</b> &amp; </p><h1>Slut</h1><br>[2J [bold]x[/]") in _squeezed(text)
    assert "\x1b" not in text
