"""What the user reads for each code stored in the database (kinds, statuses, outcomes).

The database keeps short English codes; this is the one place that names them.
"""

from functools import cache

from prepdesk.i18n import _, current_language


def label(group: str, code: str | None) -> str:
    """The label of `code` in `group`; an unknown code is shown as it is."""
    if code is None:
        return ""
    return _translated(group, current_language()).get(code, code)


def agreement_owner(who: str | None, name: str = "", *, to_citizen: bool = False) -> str:
    """Whose task an agreement is, as every reader sees it (the draft, the notes, the file,
    the overview, letters and the approval page): the person's name when the agreement
    names one, else "the citizen", "the caseworker", "both".

    `who` is a code (citizen | caseworker | both | other) or, as the Agreement row keeps
    it, the code and the name together (note_content.stored_who: "other:Birthe Møller").
    `to_citizen`: as the citizen reads it on the approval page ("you", "you and the job
    centre"), where the citizen's own name would be odd."""
    code, _sep, stored_name = (who or "").partition(":")
    name = (name or stored_name).strip()
    if to_citizen and code in ("citizen", "both"):
        return _("You") if code == "citizen" else _("You and the job centre")
    if name:
        return name
    if to_citizen and code == "caseworker":
        return _("The job centre")
    return label("agreement_owner", code or None)


@cache
def _translated(group: str, language: str) -> dict[str, str]:
    # Built once per language: a timeline labels thousands of rows.
    return _GROUPS[group]()


_GROUPS = {
    "timeline": lambda: {
        "journal": _("Journal"), "meeting": _("Meeting"), "statement": _("Statement"),
        "letter": _("Letter"), "activity": _("Activity"), "benefit": _("Benefit"),
        "decision": _("Decision"), "complaint": _("Complaint"), "handover": _("Handover"),
    },
    "journal": lambda: {
        "meeting": _("meeting"), "phone": _("phone"), "email": _("e-mail"), "sms": _("SMS"),
        "letter": _("letter"), "note": _("note"), "decision": _("decision"),
        "complaint": _("complaint"),
    },
    "meeting_kind": lambda: {
        "first": _("First meeting"), "follow_up": _("Follow-up meeting"),
        "round_table": _("Round-table meeting"), "handover": _("Handover meeting"),
        "phone": _("Phone meeting"),
    },
    "meeting_status": lambda: {"planned": _("planned"), "held": _("held"), "cancelled": _("cancelled")},
    "activity_status": lambda: {
        "planned": _("planned"), "running": _("running"), "completed": _("completed"),
        "stopped": _("stopped"),
    },
    "decision_outcome": lambda: {
        "granted": _("granted"), "refused": _("refused"), "partly_granted": _("partly granted"),
        "stopped": _("stopped"),
    },
    "complaint_kind": lambda: {"complaint": _("Complaint"), "appeal": _("Appeal")},
    "complaint_status": lambda: {
        "open": _("open"), "forwarded": _("forwarded to Ankestyrelsen"), "decided": _("decided"),
        "withdrawn": _("withdrawn"),
    },
    "ruling_outcome": lambda: {
        "upheld": _("upheld for the citizen"), "confirmed": _("confirmed"), "changed": _("changed"),
        "sent_back": _("sent back"), "rejected": _("rejected"),
    },
    # A complaint the job centre answers itself: its decision is kept, not "confirmed" by a
    # board (the follow-up report, core/follow_up_reports.py).
    "complaint_outcome": lambda: {
        "upheld": _("upheld for the citizen"), "confirmed": _("kept by the job centre"),
        "changed": _("changed"), "sent_back": _("sent back"), "rejected": _("rejected"),
    },
    "letter_status": lambda: {"draft": _("draft"), "queued": _("waiting to be sent"), "sent": _("sent"),
                              "outdated": _("out of date: the meeting was moved")},
    "role": lambda: {"caseworker": _("caseworker"), "team_lead": _("team lead"), "admin": _("administrator")},
    "goal_kind": lambda: {"goal": _("Goal"), "wish": _("Wish"), "resource": _("Resource")},
    "representative_kind": lambda: {"companion": _("companion"), "representative": _("representative")},
    "statement_kind": lambda: {
        "medical": _("medical statement"), "specialist": _("specialist statement"),
        "psychologist": _("psychologist's statement"), "other": _("statement"),
    },
    "access_action": lambda: {
        "open_file": _("opened the file"), "reveal_cpr": _("showed the CPR number"),
        "export": _("exported the file"), "open_statement": _("opened a statement"),
        "admin_reason": _("opened the file as administrator, with a reason"),
        # The rulings area (core/rulings.py, practice.py, similar_rulings.py).
        "rulings": _("looked for rulings for a meeting"), "ruling": _("read a ruling for a meeting"),
        "attach_ruling": _("attached a ruling to a meeting"),
        "similar_rulings": _("looked at similar rulings"),
    },
    "participant_role": lambda: {
        "citizen": _("citizen"), "caseworker": _("caseworker"),
        "representative": _("representative"), "companion": _("companion"),
        "employer_consultant": _("employer consultant"), "other": _("participant"),
    },
    "agreement_owner": lambda: {
        "citizen": _("the citizen"), "caseworker": _("the caseworker"), "both": _("both"),
        "other": _("someone else"),
    },
    "handover_reason": lambda: {
        "leaves": _("The caseworker leaves"), "specialisation": _("Specialisation"),
        "citizen_wish": _("The citizen's wish"), "workload": _("Workload"),
    },
    "handover_status": lambda: {
        "awaiting_approval": _("waiting for the receiving team lead's approval"),
        "open": _("in progress"), "complete": _("complete"), "declined": _("declined"),
    },
    "channel": lambda: {
        "phone": _("phone"), "email": _("e-mail"), "sms": _("SMS"), "letter": _("letter"),
        "digital_post": _("Digital Post"),
    },
    # How something reached the citizen: notes (core/notes_given.py, approval requests'
    # `channel`) and an aktindsigt export (core/aktindsigt.py, `answered_how`).
    "handed_over": lambda: {
        "email": _("by e-mail"), "post": _("by post"), "digital_post": _("by Digital Post"),
        "handed": _("handed over in person"),
    },
}


def handed_over(how: str) -> str:
    """How notes or an export reached the citizen, in words ("by post"): the one map for
    both."""
    return label("handed_over", how)


def ways_given() -> str:
    """The ways notes reach the citizen without the e-mail (core/notes_given.py's GIVEN),
    in the words `handed_over` uses: "handed over in person, by post or by Digital Post"."""
    return _("{handed}, {post} or {digital_post}").format(
        handed=handed_over("handed"), post=handed_over("post"),
        digital_post=handed_over("digital_post"))
