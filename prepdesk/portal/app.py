"""The citizen's approval page (R-APPR-1..3, R-SEC-6), served by `prepdesk portal`.

The citizen opens the link from the e-mail (GET /g/{token}), proves who they are with
their date of birth, reads the notes with the agreements and next steps first, and
approves them or corrects them point by point. No JavaScript: a correction opens in a
<details> element, and every page is a plain form.

Security, and why:
- The link is checked by core.approval: signed, expiring, locked after five wrong dates
  of birth, answered once. The token sits in the URL, so no page sends a Referer and the
  server logs no request lines (run_portal_cli turns uvicorn's access log off).
- A signed, HttpOnly, SameSite=Strict cookie holds a random visitor id and, once the
  date of birth has matched, the public id of that one request: nothing personal. It
  lasts COOKIE_MINUTES and is renewed by every page with a form.
- Every POST carries a CSRF token in a hidden field: an HMAC of the visitor id, the link
  token and the form's purpose (a signed double submit). It is checked before anything
  else, so a forged POST changes nothing.
- Pages are Jinja2 with autoescape on, and nothing is marked safe: notes and
  corrections are shown as text (R-SEC-6).
- Security headers on every response, a cap on request bodies, and a Danish page for
  any error, which is logged: never a traceback in the browser.

The citizen's words are Danish, in the templates; the sentences about the link come
from core.approval (LinkProblem).
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import logging
import os
import re
import secrets as random_tokens
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

import jinja2
from babel.dates import format_date
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from prepdesk.core.approval import (
    CitizenContext,
    CitizenNotes,
    Link,
    LinkProblem,
    ProposedCorrection,
    answer,
    check_birth_date,
    notes_for_citizen,
    open_link,
)
from prepdesk.core.context import LOCAL_TIMEZONE
from prepdesk.core.labels import agreement_owner
from prepdesk.core.note_content import AgreedAction, NoteContent, agreement_key
from prepdesk.errors import UserError
from prepdesk.i18n import _
from prepdesk.text import strip_controls

if TYPE_CHECKING:
    from prepdesk.config import Settings

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
COOKIE = "prepdesk_portal"
COOKIE_MINUTES = 60  # long enough to write corrections on a phone, short if it is stolen
BODY_LIMIT = 100 * 1024  # the notes are a few kB; corrections to every part fit well within
MAX_FIELDS = 1000  # two per part of the notes, and a few more
_COOKIE_SALT = "prepdesk-portal-visitor"  # never the links' salt: a cookie is no link

_SECURITY_HEADERS = {
    # Only our own stylesheet; no scripts at all; no framing (clickjacking); forms post
    # only to us.
    "Content-Security-Policy": "default-src 'self'; script-src 'none'; object-src 'none'; "
                               "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    # The link token is in the URL: it must never leave in a Referer header.
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
}


# --- The visitor cookie and CSRF tokens ---------------------------------------------------


@dataclass(frozen=True)
class Visitor:
    """What the signed cookie says: a random id, and the public id of the request whose
    date of birth this browser has given ("" until then)."""

    id: str
    verified_for: str = ""

    @classmethod
    def new(cls, verified_for: str = "") -> Visitor:
        return cls(random_tokens.token_urlsafe(16), verified_for)


@dataclass
class Page:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    status: int = 200
    visitor: Visitor | None = None  # set: the page has a form, so the cookie is (re)sent
    redirect: str | None = None


class Portal:
    """The app's state and its pages; each call into core runs in a worker thread.

    The citizen is no staff user: the portal works with a `CitizenContext` (the database,
    the clock, the key), and every core operation it calls checks the link token itself."""

    def __init__(self, citizen: CitizenContext, contact: str) -> None:
        self.citizen = citizen
        key = citizen.key
        self.contact = contact
        self.cookies = URLSafeTimedSerializer(key, salt=_COOKIE_SALT)
        # A key of its own for CSRF tokens, derived so it cannot sign anything else.
        self.csrf_key = hmac.new(key.encode(), b"prepdesk-portal-csrf", hashlib.sha256).digest()
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
            undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        )

    # --- cookies and tokens

    def visitor(self, request: Request) -> Visitor | None:
        raw = request.cookies.get(COOKIE)
        if not raw:
            return None
        try:
            visitor_id, verified_for = self.cookies.loads(raw, max_age=COOKIE_MINUTES * 60)
        except (BadSignature, ValueError, TypeError):  # forged, expired or malformed
            return None
        return Visitor(visitor_id, verified_for)

    def csrf(self, visitor: Visitor, token: str, purpose: str) -> str:
        message = f"{visitor.id}|{token}|{purpose}".encode()
        return hmac.new(self.csrf_key, message, hashlib.sha256).hexdigest()

    def csrf_ok(self, visitor: Visitor | None, token: str, purpose: str, sent: str | None) -> bool:
        return visitor is not None and sent is not None and hmac.compare_digest(
            self.csrf(visitor, token, purpose).encode(), sent.encode())

    # --- responses

    def respond(self, request: Request, page: Page) -> Response:
        root = request.scope.get("root_path", "")
        if page.redirect is not None:
            # An absolute address: some browsers (lynx) refuse a relative Location.
            # base_url holds the scheme, the host and the root path.
            response: Response = RedirectResponse(
                str(request.base_url).rstrip("/") + page.redirect, status_code=303)
        else:
            html = self.templates.get_template(page.template).render(
                root=root, contact=self.contact, **page.context)
            response = HTMLResponse(html, status_code=page.status)
        if page.visitor is not None:
            response.set_cookie(
                COOKIE, self.cookies.dumps([page.visitor.id, page.visitor.verified_for]),
                max_age=COOKIE_MINUTES * 60, path="/", httponly=True, samesite="strict",
                # Served by `prepdesk portal`, the scheme is portal_url's (_PublicAddress):
                # https behind the job centre's TLS proxy; plain http is for tests only.
                secure=request.url.scheme == "https",
            )
        return response

    def problem(self, request: Request, kind: str, status: int) -> Response:
        return self.respond(request, Page("problem.html", {"kind": kind, "message": ""}, status))

    # --- endpoints

    async def show(self, request: Request) -> Response:
        token = request.path_params["token"]
        visitor = self.visitor(request) or Visitor.new()
        return self.respond(request, await run_in_threadpool(self._run, self._show, token, visitor))

    async def give_birth_date(self, request: Request) -> Response:
        token = request.path_params["token"]
        form = await self._form(request)
        visitor = self.visitor(request)
        if not self.csrf_ok(visitor, token, "birth-date", form.get("csrf")):
            return self.problem(request, "csrf", 403)
        entered = {name: form.get(name, "").strip() for name in ("day", "month", "year")}
        return self.respond(request, await run_in_threadpool(self._run, self._check, token, visitor,
                                                             entered))

    async def give_answer(self, request: Request) -> Response:
        token = request.path_params["token"]
        form = await self._form(request)
        visitor = self.visitor(request)
        if not self.csrf_ok(visitor, token, "answer", form.get("csrf")):
            return self.problem(request, "csrf", 403)
        # Only the form's two choices; none chosen is asked for again (_answer).
        if form.get("action") not in (None, "approve", "correct"):
            raise HTTPException(400)
        return self.respond(request, await run_in_threadpool(self._run, self._answer, token, visitor,
                                                             form))

    async def _form(self, request: Request) -> dict[str, str]:
        """The posted form; HTTPException 400 for anything a browser's plain form does not
        send, 413 for a body over BODY_LIMIT (_BodyLimit)."""
        kind = request.headers.get("content-type", "").partition(";")[0].strip().lower()
        if kind != "application/x-www-form-urlencoded":
            raise HTTPException(400)
        body = await request.body()
        try:
            pairs = parse_qsl(body.decode("ascii"), keep_blank_values=True, errors="strict",
                              max_num_fields=MAX_FIELDS)
        except ValueError:  # not ASCII, bad UTF-8 in an escape, or too many fields
            raise HTTPException(400) from None
        return {name: value.replace("\r\n", "\n") for name, value in pairs}

    # --- what happens, in a worker thread

    def _run(self, step: Callable[..., Page], token: str, *args: Any) -> Page:
        """`step(link, token, *args)` for the request behind the link, or the page that
        says why the link cannot be used."""
        try:
            link = self._open(token)
            return step(link, token, *args)
        except _Refused as refused:
            return refused.page
        except LinkProblem as problem:  # locked or answered meanwhile, by another browser
            return Page("problem.html", {"kind": "link", "message": problem.message}, 404)
        except UserError as problem:  # the database away, or a change at the same moment:
            # its sentence is for staff (it names keys); the citizen is asked to try again.
            log.warning("approval page: %s", problem.message)
            return Page("problem.html", {"kind": "error", "message": ""}, 503)

    def _open(self, token: str) -> Link:
        try:
            link = open_link(self.citizen, token)
        except LinkProblem as problem:
            raise _Refused(Page("problem.html", {"kind": "link", "message": problem.message},
                                404)) from None
        if link.answered:
            # core.answer would refuse with this sentence; say it before the date of birth.
            raise _Refused(Page("problem.html", {"kind": "answered", "message": _(
                "You have already answered. Thank you. Call or write to your caseworker if "
                "something else is wrong.")}, 409))
        return link

    def _show(self, link: Link, token: str, visitor: Visitor) -> Page:
        if visitor.verified_for == link.public_id:
            return self._notes_page(notes_for_citizen(self.citizen, token), token, visitor)
        return self._birth_date_page(token, visitor)

    def _check(self, link: Link, token: str, visitor: Visitor, entered: dict[str, str]) -> Page:
        birth_date = _birth_date(**entered)
        if birth_date is None:  # not a date at all: no try is used up
            return self._birth_date_page(token, visitor, error="format", entered=entered)
        if birth_date is _NO_SUCH_DATE:  # 31.02: numbers, but no day of the calendar
            return self._birth_date_page(token, visitor, error="no_such_date", entered=entered)
        guess = check_birth_date(self.citizen, token, birth_date)
        if guess.matches:
            log.info("approval request %s: date of birth given", link.public_id[:4])
            # A new visitor id: forms from before the check are no longer accepted.
            return Page("", redirect=f"/g/{token}", visitor=Visitor.new(link.public_id))
        log.info("approval request %s: wrong date of birth, %s tries left", link.public_id[:4],
                 guess.remaining)
        if guess.locked:  # this was the last try: the page that says the link is locked
            raise LinkProblem(_("The link is locked after too many wrong dates of birth. Call or "
                                "write to your caseworker, who can send you a new one."))
        return self._birth_date_page(token, visitor, error="wrong", entered=entered,
                                     remaining=guess.remaining)

    def _answer(self, link: Link, token: str, visitor: Visitor, form: dict[str, str]) -> Page:
        if visitor.verified_for != link.public_id:  # the check was for another link
            return self._birth_date_page(token, visitor, error="again", status=403)
        shown = notes_for_citizen(self.citizen, token)
        proposals, drafts = _proposals(shown.content, form)
        agreements, agreement_drafts, agreement_error = _agreement_proposals(shown.content, form)
        proposals += agreements
        error = None
        action = form.get("action")  # None: neither "approve" nor "correct" was chosen
        if agreement_error is not None:  # an agreement's date or name that cannot be read
            error = agreement_error
        elif action is None:
            error = "no_choice"
        elif action == "approve" and proposals:
            error = "approve_with_changes"  # never drop what the citizen wrote
        elif action == "correct" and not proposals:
            error = "nothing_changed"
        elif any(not p.proposed_text.strip() for p in proposals):
            error = "empty_text"
        if error is not None:
            return self._notes_page(shown, token, visitor, drafts=drafts, error=error,
                                    agreement_drafts=agreement_drafts, chosen=action)
        try:
            answered = answer(self.citizen, token, proposals)
        except LinkProblem as problem:  # answered meanwhile, or the part is gone
            return Page("problem.html", {"kind": "refused", "message": problem.message}, 409)
        log.info("approval request %s answered with %s correction(s)", link.public_id[:4],
                 answered.corrections)
        return Page("thanks.html", {"corrected": bool(proposals), "caseworker": answered.caseworker})

    def _birth_date_page(self, token: str, visitor: Visitor, *, error: str | None = None,
                         status: int | None = None, remaining: int = 0,
                         entered: dict[str, str] | None = None) -> Page:
        return Page("birth_date.html", {
            "token": token, "csrf": self.csrf(visitor, token, "birth-date"), "error": error,
            "remaining": remaining, "entered": entered or {},
        }, status or (400 if error else 200), visitor)

    def _notes_page(self, shown: CitizenNotes, token: str, visitor: Visitor, *,
                    drafts: dict[str, tuple[str, str]] | None = None,
                    error: str | None = None,
                    agreement_drafts: dict[str, dict[str, str]] | None = None,
                    chosen: str | None = None) -> Page:
        content = shown.content
        drafts = drafts or {}
        agreement_drafts = agreement_drafts or {}
        return Page("notes.html", {
            "token": token, "csrf": self.csrf(visitor, token, "answer"), "error": error,
            "chosen": chosen,  # the answer chosen, when the page is shown again
            "meeting_date": format_date(shown.meeting_starts_at.astimezone(LOCAL_TIMEZONE).date(),
                                        "d. MMMM y", locale="da"),
            "agreements": [_agreement(agreement_key(position), a, agreement_drafts)
                           for position, a in enumerate(content.agreements, start=1)],
            "parts": [
                {"key": key, "title": title, "text": text,
                 "proposed": drafts.get(key, (text, ""))[0],
                 "comment": drafts.get(key, ("", ""))[1], "open": key in drafts}
                for key, title, text in content.citizen_parts()
            ],
            # Corrections the caseworker did not accept, with the reason, on top (R-APPR-3).
            "rejected": [
                {"title": c.section_title, "proposed": c.proposed, "reason": c.reason}
                for c in shown.rejected
            ],
            "caseworker": shown.caseworker,
            # The history, when the notes have changed since the first version (R-APPR-3).
            "current_version": shown.current_version,
            "changes": [
                {"number": v.number, "when": _moment(v.created_at), "author": v.author,
                 "section": v.section_title, "requested": v.at_citizens_request,
                 "requested_at": _moment(v.requested_at) if v.requested_at else "",
                 "accepted_by": v.accepted_by}
                for v in shown.history
            ] if shown.current_version > 1 else [],
        }, 400 if error else 200, visitor)


class _Refused(Exception):
    """The link cannot be used: `page` says why."""

    def __init__(self, page: Page) -> None:
        super().__init__(page.template)
        self.page = page


# --- The notes as the citizen sees them ----------------------------------------------------

_DIGITS = {"day": re.compile(r"\d{1,2}", re.ASCII), "month": re.compile(r"\d{1,2}", re.ASCII),
           "year": re.compile(r"\d{4}", re.ASCII)}


_NO_SUCH_DATE = date.min  # numbers in the right form, but no day of the calendar


def _moment(moment: datetime) -> str:
    """"12. marts 2026 kl. 10.14", as the citizen reads a moment."""
    local = moment.astimezone(LOCAL_TIMEZONE)
    return f"{format_date(local.date(), 'd. MMMM y', locale='da')} kl. {local:%H.%M}"


def _birth_date(day: str, month: str, year: str) -> date | None:
    """The date typed, None when it is not written as numbers (day, month, four-digit
    year), or `_NO_SUCH_DATE` when it is, but the day does not exist (31.02.1990)."""
    parts = {"day": day, "month": month, "year": year}
    if not all(_DIGITS[name].fullmatch(value) for name, value in parts.items()):
        return None
    try:
        return date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        return _NO_SUCH_DATE


def _proposals(content: NoteContent, form: dict[str, str]) -> tuple[
        list[ProposedCorrection], dict[str, tuple[str, str]]]:
    """The corrections in the form: a part whose words were changed (a browser may change
    line breaks and trailing spaces, which is no correction) or that has a comment. Also
    returns them as drafts, to show again when the form must be sent once more."""
    proposals, drafts = [], {}
    for key, _title, text in content.citizen_parts():
        proposed = strip_controls(form.get(f"text:{key}", text))
        comment = strip_controls(form.get(f"comment:{key}", "")).strip()
        if proposed.split() != text.split() or comment:
            proposals.append(ProposedCorrection(key, proposed, comment))
            drafts[key] = (proposed, comment)
    return proposals, drafts


def _agreement(key: str, agreement: AgreedAction,
               drafts: dict[str, dict[str, str]]) -> dict[str, Any]:
    """An agreement as the page shows it, with the fields to correct it: what, who (the
    citizen, the job centre, both, or someone named) and by when (R-APPR-2)."""
    fields = drafts.get(key) or _agreement_fields(agreement)
    return {
        "key": key, "what": agreement.what, "who": agreement.owner(to_citizen=True),
        "due_on": f"{agreement.due_on:%d.%m.%Y}" if agreement.due_on else "",
        "fields": fields, "open": key in drafts,
        "choices": [(code, agreement_owner(code, to_citizen=True)) for code in
                    ("citizen", "caseworker", "both")],
    }


def _agreement_fields(agreement: AgreedAction) -> dict[str, str]:
    return {"what": agreement.what, "who": agreement.who,
            "whoname": agreement.who_name if agreement.who == "other" else "",
            "due": f"{agreement.due_on:%d.%m.%Y}" if agreement.due_on else "", "comment": ""}


_DUE = re.compile(r"(\d{1,2})[.\-/ ](\d{1,2})[.\-/ ](\d{4})", re.ASCII)


def _agreement_proposals(content: NoteContent, form: dict[str, str]) -> tuple[
        list[ProposedCorrection], dict[str, dict[str, str]], str | None]:
    """The corrections of agreements in the form: an agreement whose what, who or by when
    was changed, or that has a comment. Each is proposed as a whole agreement
    (AgreedAction.as_correction_text), so accepting it changes all three. Also returns
    what was typed, to show again, and the problem with it, if any ("agreement_date",
    "agreement_name")."""
    proposals, drafts, problem = [], {}, None
    for position, agreement in enumerate(content.agreements, start=1):
        key = agreement_key(position)
        original = _agreement_fields(agreement)
        fields = {name: strip_controls(form.get(f"{name}:{key}", value))
                  for name, value in original.items()}
        fields["comment"] = fields["comment"].strip()
        who = fields["who"] if fields["who"] in ("citizen", "caseworker", "both", "other") \
            else agreement.who
        name = " ".join(fields["whoname"].split())
        due_text = fields["due"].strip()
        changed = (fields["what"].split() != agreement.what.split() or who != agreement.who
                   or (who == "other" and name != agreement.who_name)
                   or due_text != original["due"])
        if not changed and not fields["comment"]:
            continue
        drafts[key] = fields
        due = None
        if due_text:
            match = _DUE.fullmatch(due_text)
            try:
                due = date(int(match[3]), int(match[2]), int(match[1])) if match else None
            except ValueError:
                due = None
            if due is None:
                problem = problem or "agreement_date"
                continue
        if who == "other" and not name:
            problem = problem or "agreement_name"
            continue
        keep_name = agreement.who_name if who == agreement.who else ""
        proposed = AgreedAction(what=" ".join(fields["what"].split()), who=who,
                                who_name=name if who == "other" else keep_name, due_on=due)
        if not proposed.what:
            problem = problem or "empty_text"
            continue
        proposals.append(ProposedCorrection(key, proposed.as_correction_text(), fields["comment"]))
    return proposals, drafts, problem


# --- The ASGI app -------------------------------------------------------------------------


class _BodyLimit:
    """Refuses a request body over `limit` bytes with HTTP 413, as soon as the endpoint
    has read that much (whatever Content-Length claims).

    Starlette's own limit answers a declared oversize body in plain English; this one
    raises in the endpoint's read, so the Danish error page answers.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise HTTPException(413)
            return message

        await self.app(scope, limited_receive, send)


class _SecurityHeaders:
    """Adds the security headers to every response, error pages included, and forbids
    caching of everything but the stylesheet: the pages hold the citizen's notes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].removeprefix(scope.get("root_path", "")).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _SECURITY_HEADERS.items():
                    headers[name] = value
                headers["Cache-Control"] = "public, max-age=3600" if static else "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(citizen: CitizenContext, *, contact: str = "") -> ASGIApp:
    """The portal as an ASGI app, working with `citizen` (workspace.open_portal_context:
    the database, the clock and the key that signs the links); `contact` is how to reach
    the job centre, shown on pages that know nobody's name."""
    portal = Portal(citizen, contact)

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 400
        kind = {404: "not_found", 405: "not_found", 413: "too_large"}.get(status, "bad_request")
        return portal.problem(request, kind, status)

    async def server_error(request: Request, exc: Exception) -> Response:
        log.error("error on the approval page", exc_info=exc)
        return portal.problem(request, "error", 500)

    app = Starlette(
        routes=[
            Route("/g/{token}", portal.show, methods=["GET"]),
            Route("/g/{token}/birth-date", portal.give_birth_date, methods=["POST"]),
            Route("/g/{token}/answer", portal.give_answer, methods=["POST"]),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ],
        middleware=[Middleware(_BodyLimit, limit=BODY_LIMIT)],
        exception_handlers={HTTPException: http_error, Exception: server_error},
    )
    return _SecurityHeaders(app)


class _PublicAddress:
    """Gives every request the scheme and host of the setting portal_url, whatever the
    Host header or X-Forwarded-Proto say: absolute addresses (the redirect after the date of
    birth) always point at the public page, and the cookie is Secure when that is https.
    The path prefix of portal_url is uvicorn's root_path (run_portal_cli)."""

    def __init__(self, app: ASGIApp, public_url: str) -> None:
        parts = urlsplit(public_url)
        self.app = app
        self.scheme = parts.scheme or "http"
        self.host = parts.netloc.encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope = {**scope, "scheme": self.scheme, "headers": [
                *((name, value) for name, value in scope["headers"] if name != b"host"),
                (b"host", self.host)]}
        await self.app(scope, receive, send)


def serving_app(citizen: CitizenContext, settings: Settings) -> ASGIApp:
    """The portal as `prepdesk portal` serves it: at the public address of portal_url, with
    the job centre's address as contact (UserError when it has none that can receive mail),
    and behind the proxies of portal_trusted_proxies, whose X-Forwarded-For gives the
    client's address. Forwarded headers from anyone else are ignored."""
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    from prepdesk.config import trusted_proxies
    from prepdesk.core.outbox import sender_address

    # The contact on every page that knows no caseworker yet: never an address that cannot
    # receive mail (the built-in default is none, on purpose). UserError: it does not start.
    app = _PublicAddress(create_app(citizen, contact=sender_address(settings.sender_address)),
                         settings.portal_url)
    proxies = trusted_proxies(settings.portal_trusted_proxies)
    if proxies:
        app = ProxyHeadersMiddleware(app, trusted_hosts=proxies)  # type: ignore[arg-type]
    return app


def worker_app() -> ASGIApp:
    """One worker process of `prepdesk portal --workers N` (uvicorn imports this in each):
    the same settings, database and signing key as the first process, which has upgraded
    the database already. Nothing the pages need lives in a process's memory: the visitor
    cookie and the CSRF tokens are signed with the signing key, and the tries of the date of
    birth are counted in the database, so any worker answers any request."""
    from prepdesk.workspace import open_portal_context

    citizen, settings = open_portal_context()
    _configure_logging()  # after the database check, as in the first process: no alembic lines
    return serving_app(citizen, settings)


def run_portal_cli(host: str = "127.0.0.1", port: int = 8080, *, workers: int = 1,
                   trusted_proxies: str | None = None, demo: str | None = None) -> int:
    """`prepdesk portal [--host] [--port] [--workers N] [--forwarded-allow-ips ...]`: serve
    the approval page until stopped.

    Put it behind the job centre's TLS proxy; the signing key must be the one the
    caseworkers' PrepDesk signs links with (the keyring's, or the credential file
    signing-key on a server). `trusted_proxies` replaces the setting portal_trusted_proxies.
    """
    import uvicorn

    from prepdesk.config import Option
    from prepdesk.workspace import open_portal_context

    if workers > 1 and demo:
        raise UserError(_("The demo's approval page runs in one process. Leave out --workers."))
    overrides = {} if trusted_proxies is None else {
        "portal_trusted_proxies": Option(trusted_proxies, "--forwarded-allow-ips")}
    # Once, before any worker starts: the database is upgraded, the key and contact checked.
    citizen, settings = open_portal_context(overrides)
    app = serving_app(citizen, settings)
    _check_address(host, port)
    _configure_logging()
    options: dict[str, Any] = {
        "host": host, "port": port,
        # No access log: every request line would carry the citizen's link token.
        "access_log": False, "server_header": False, "log_level": "info",
        # Forwarded headers are believed from portal_trusted_proxies only (serving_app), never
        # from uvicorn's default of any local address.
        "proxy_headers": False,
        "root_path": urlsplit(settings.portal_url).path.rstrip("/"),
    }
    if workers == 1:
        uvicorn.Server(uvicorn.Config(app, **options)).run()
        return 0
    if trusted_proxies is not None:  # the workers read the settings anew
        os.environ["PREPDESK_PORTAL_TRUSTED_PROXIES"] = trusted_proxies
    uvicorn.run(f"{__name__}:worker_app", factory=True, workers=workers, **options)
    return 0


def _check_address(host: str, port: int) -> None:
    """Refuse, in a sentence, an address this machine cannot listen on: uvicorn would say it
    in English in its log and end."""
    try:
        family, kind, protocol, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM)[0]
    except (socket.gaierror, UnicodeError):
        raise UserError(_("The address {host} is not known on this machine. Give --host as one "
                          "of its IP addresses, such as 127.0.0.1.").format(host=host)) from None
    with socket.socket(family, kind, protocol) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise UserError(_("Port {port} on {host} is in use by another program (perhaps "
                                  "another approval page). Stop it, or choose another --port.")
                                .format(port=port, host=host)) from None
            if error.errno == errno.EACCES:
                raise UserError(_("Only an administrator may listen on port {port}. Choose a "
                                  "port from 1024 up, behind the job centre's proxy.")
                                .format(port=port)) from None
            raise UserError(_("This machine cannot listen on {host}, port {port}. Give --host "
                              "as one of its IP addresses, such as 127.0.0.1.")
                            .format(host=host, port=port)) from None


def _configure_logging() -> None:
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
