"""Which way a message to a citizen goes: Digital Post, a paper letter, or e-mail (R-LTR-6,
issue 16).

One function, `route`, decides from what the message carries and from the citizen, and
says why in the caseworker's words. Every queueing in core asks it (core/letters.py: the
invitation and the handover letter; core/approval.py: the notes' approval e-mail) and
stores the answer in OutboxMessage.channel; the sender (prepdesk/delivery/) picks the
transport by that column and never decides again.

What a message carries (`carries`):
- "letter": a letter that may hold sensitive content: every invitation (it carries the
  agenda, R-PREP-4, and agendas name doctors, medicine and diagnoses), the handover
  letter (it introduces the new caseworker and carries the joint meeting's agenda), and
  the notes themselves. Never e-mail, whatever the citizen prefers: a preference for
  e-mail does not make e-mail a safe channel for health details.
  * Digital Post (MeMo through KOMBIT) to every citizen who can receive it;
  * a paper letter through remote print (fjernprint) to a citizen exempt from Digital
    Post (fritaget), whom the file records as preferring "letter".
- "notice": a message without case content: the approval e-mail (the citizen's first
  name, the link and the caseworker's contact; the notes themselves are behind the link
  and the date of birth), and the representative's notice that an invitation went to the
  citizen. E-mail, as before.

Citizen.preferred_channel ("digital_post" | "email" | "sms" | "letter") maps so:
"letter" means exempt from Digital Post, so a letter goes on paper; "digital_post",
"email" and "sms" mean Digital Post (SMS carries no letters, and e-mail no health details).

At send time KOMBIT answers whether the citizen can receive Digital Post (the sender's
transport, delivery/post.py). A citizen KOMBIT reports exempt or not registered, though the
file does not say so, is never sent an e-mail instead: the message fails honestly, for good
(no retry can help), with a Danish sentence on the caseworker's outbox ("The citizen is
exempt from Digital Post. Send the letter on paper instead, ..."). Once the file says so
(preferred channel "letter", from the case system), the invitation opened again is a new
letter, and it goes on paper. The sender never switches a stored message to remote print
by itself: the channel is decided here, once, where the caseworker sees it in the preview.

The notes themselves are not sent by Digital Post when they go for approval: the citizen
reads and answers them on the approval page, point by point (R-APPR-2), and an accepted
correction makes a new version there (R-APPR-3); a copy in Digital Post could not be
answered and would go stale. Only the content-free e-mail with the link goes.

Representatives (partsrepræsentanter) have no CPR number or postal address in the file,
so neither Digital Post nor remote print can reach them: instead of a copy of the letter
they get a content-free notice by e-mail (the meeting's time, no agenda) that asks them to
get the letter from the citizen or the caseworker (templates/representative_notice.txt.j2).
"""

from __future__ import annotations

from dataclasses import dataclass

from prepdesk.i18n import _

EMAIL, DIGITAL_POST, REMOTE_PRINT = "email", "digital_post", "remote_print"
CHANNELS = (EMAIL, DIGITAL_POST, REMOTE_PRINT)
LETTER, NOTICE = "letter", "notice"  # what a message carries (module text)
EXEMPT = "letter"  # Citizen.preferred_channel of a citizen exempt from Digital Post


@dataclass(frozen=True)
class Route:
    """The channel a message takes and the sentence that says why, for the caseworker."""

    channel: str  # email | digital_post | remote_print
    reason: str

    @property
    def label(self) -> str:
        return channel_label(self.channel)


def route(carries: str, preferred_channel: str | None) -> Route:
    """The channel for a message that `carries` "letter" (may hold sensitive content) or
    "notice" (content-free), to a citizen whose file says `preferred_channel`."""
    if carries == NOTICE:
        return Route(EMAIL, _("It goes by e-mail: it holds only a link and your contact "
                              "details, nothing about the case."))
    if carries != LETTER:
        raise ValueError(f"unknown content {carries!r}")
    if preferred_channel == EXEMPT:
        return Route(REMOTE_PRINT, _("The letter goes as a paper letter by post: the citizen is "
                                     "exempt from Digital Post, and the letter may contain "
                                     "health details."))
    if preferred_channel in (EMAIL, "sms"):
        return Route(DIGITAL_POST, _("The letter goes by Digital Post: it may contain health "
                                     "details, so it never goes by e-mail, even though the "
                                     "citizen prefers {channel}.").format(
            channel=_("e-mail") if preferred_channel == EMAIL else _("SMS")))
    return Route(DIGITAL_POST, _("The letter goes by Digital Post: it may contain health "
                                 "details."))


def channel_label(channel: str) -> str:
    """"Digital Post", "Paper letter", "E-mail": how the outbox names a message's channel."""
    return {EMAIL: _("E-mail"), DIGITAL_POST: _("Digital Post"),
            REMOTE_PRINT: _("Paper letter")}.get(channel, channel)
