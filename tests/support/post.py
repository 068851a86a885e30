"""An invitation waiting in the outbox as Digital Post (or remote print), for the delivery
tests of issue 16: the real letter text core writes for a meeting with an agenda, stored as
the outbox row core stores for those channels (`letter_id`, `citizen_id`, the subject and
the plain text; no e-mail address)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import make_msgid

from prepdesk.config import Settings
from prepdesk.core import agenda, letters
from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.core.meetings import create_meeting
from prepdesk.data import models as m

CVR = "29189838"
JOB_CENTRE = "Jobcenter Fjordby"
MEETING_AT = datetime(2026, 12, 2, 10, 0, tzinfo=LOCAL_TIMEZONE)  # Wednesday
SEND_AT = datetime(2026, 11, 23, 10, 0, tzinfo=LOCAL_TIMEZONE)  # Monday, inside the window
ROOM = ("Mødelokale 2", "Jobcentret, Torvet 1")


@dataclass(frozen=True)
class Queued:
    outbox_id: int
    message_id: str
    letter_id: int
    meeting_id: int
    subject: str
    body: str
    agenda: tuple[str, ...]  # the agenda items' titles


def post_settings(tmp_path, **more) -> Settings:
    return Settings(outbox_transport="file", outbox_dir=tmp_path / "outbox",
                    sender_address="jobcenter@fjordby.example", municipality_cvr=CVR, **more)


def queue_invitation(world, *, channel: str = "digital_post") -> Queued:
    """Søren's invitation to a meeting on Wednesday 2 December at 10.00 in Mødelokale 2,
    with the proposed agenda, in the outbox as `channel`."""
    session = world.session
    room = m.Room(name=ROOM[0], location=ROOM[1])
    session.add(room)
    team = session.get(m.Team, world.citizen.team_id)
    team.job_centre = JOB_CENTRE
    citizen = session.get(m.Citizen, world.citizen.id)
    citizen.address, citizen.postcode, citizen.city = "Havnegade 4, 2. th.", "7100", "Vejle"
    session.commit()
    ctx = world.ctx()
    meeting = create_meeting(ctx, world.citizen.id, kind="follow_up", starts_at=MEETING_AT,
                             room_id=room.id)
    agenda.add_all(ctx, meeting.id, agenda.view(ctx, meeting.id).proposals)
    letter = letters.open_invitation(ctx, meeting.id)
    titles = tuple(item.title for item in agenda.view(ctx, meeting.id).items)
    with world.sessions() as other:
        row = m.OutboxMessage(
            message_id=make_msgid(domain="fjordby.example"), letter_id=letter.letter_id,
            citizen_id=world.citizen.id, to_address="", subject=letter.subject,
            body=letter.body, created_at=SEND_AT, not_before=SEND_AT, channel=channel)
        other.add(row)
        other.get(m.Letter, letter.letter_id).status = "queued"
        other.commit()
        return Queued(row.id, row.message_id, letter.letter_id, meeting.id, letter.subject,
                      letter.body, titles)


def make_certificate(name: str, *, not_before: datetime, not_after: datetime,
                     ip: str | None = None) -> tuple[bytes, bytes]:
    """A self-signed certificate and its private key (EC: quick to make), as PEM."""
    from ipaddress import IPv4Address

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(not_before).not_valid_after(not_after))
    if ip is not None:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(IPv4Address(ip))]), critical=False)
    certificate = builder.sign(key, hashes.SHA256())
    return (certificate.public_bytes(serialization.Encoding.PEM),
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()))


def outbox_row(world, outbox_id: int) -> m.OutboxMessage:
    with world.sessions() as session:
        return session.get(m.OutboxMessage, outbox_id)
