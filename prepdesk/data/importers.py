"""Files → the database: appeals rulings (R-RULE-1) from the format in ruling_file.py.

An import is all or nothing. The first pass reads and validates the whole file without
touching the database; only a file without errors (or with `skip_invalid`) is read again
and written, in batches, in one transaction. Memory stays bounded: between the passes
only each ruling's number, line and content hash are kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from prepdesk.data.models import Ruling, RulingChange
from prepdesk.data.ruling_file import RowError, RulingRow, read_rulings
from prepdesk.errors import UserError
from prepdesk.i18n import _, ngettext

__all__ = ["ImportReport", "RowError", "import_rulings", "run_import_cli"]

Progress = Callable[[str, float], None]
"""A sentence naming the step, and the fraction of the file's bytes read (0.0 to 1.0)."""

BATCH_SIZE = 1000  # rulings per query; well under SQLite's 32,766 parameters
SHOWN_ERRORS = 20  # in the terminal; the report keeps them all


@dataclass
class ImportReport:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.inserted + self.updated + self.unchanged

    @property
    def invalid_lines(self) -> int:
        return len({error.line for error in self.errors})


@dataclass
class _Checked:
    """What the first pass keeps: for each number its first line and, when that row is
    valid, its hash; the lines with errors; and how many rows are to be written."""

    claims: dict[str, tuple[int, str | None]] = field(default_factory=dict)
    valid: int = 0
    bad_lines: set[int] = field(default_factory=set)
    errors: list[RowError] = field(default_factory=list)


def import_rulings(
    session: Session, path: Path, *, skip_invalid: bool = False,
    progress: Progress | None = None, now: datetime,
) -> ImportReport:
    """Insert new rulings from `path`, update changed ones, leave unchanged ones alone.

    The number is the key; a ruling is changed when its content hash differs. Any invalid
    row means nothing is imported and the report lists the errors, unless `skip_invalid`,
    which imports the valid rows. The import commits `session` once at the end and rolls
    it back on failure: pass a fresh session (in the app, core's rulings.import_rulings
    does). `now` (aware) becomes the imported_at of written rows. Raises UserError when
    the file as a whole is unusable.
    """
    if now.tzinfo is None:
        raise ValueError("now must be aware")
    path = Path(path)
    today = now.date()
    checked = _check(path, today, _step(progress, _("Checking {name}").format(name=path.name)))
    report = ImportReport(errors=checked.errors)
    if checked.errors and not skip_invalid:
        return report
    writing = _step(progress, _("Importing {name}").format(name=path.name))
    batch: list[tuple[RulingRow, str]] = []
    written = 0
    try:
        for parsed in read_rulings(path, today=today, progress=writing):
            if parsed.line in checked.bad_lines:
                continue
            digest = parsed.row.content_hash() if parsed.row else None
            if parsed.row is None or checked.claims.get(parsed.row.number) != (parsed.line, digest):
                raise _changed_meanwhile(path)
            batch.append((parsed.row, digest))
            written += 1
            if len(batch) == BATCH_SIZE:
                _write(session, batch, now, report)
                batch.clear()
        _write(session, batch, now, report)
        if written != checked.valid:
            raise _changed_meanwhile(path)
        session.commit()
    except IntegrityError:
        session.rollback()
        raise UserError(_("Someone else imported rulings at the same time. Nothing was "
                          "imported; import the file again.")) from None
    except BaseException:
        session.rollback()
        raise
    return report


def _changed_meanwhile(path: Path) -> UserError:
    return UserError(_("The file {path} changed while it was being imported. Nothing was "
                       "imported; import it again.").format(path=path))


def _step(progress: Progress | None, label: str) -> Callable[[float], None] | None:
    if progress is None:
        return None
    return lambda fraction: progress(label, fraction)


def _check(path: Path, today: date, progress: Callable[[float], None] | None) -> _Checked:
    checked = _Checked()
    for parsed in read_rulings(path, today=today, progress=progress):
        if parsed.number is not None:
            first = checked.claims.get(parsed.number)
            if first is not None:
                parsed.errors.append(RowError(parsed.line, parsed.number_field, _(
                    "The number {number} is already on line {line}.").format(
                        number=parsed.number, line=first[0])))
            else:
                digest = parsed.row.content_hash() if parsed.row else None
                checked.claims[parsed.number] = (parsed.line, digest)
                checked.valid += digest is not None
        if parsed.errors:
            checked.bad_lines.add(parsed.line)
            checked.errors.extend(parsed.errors)
    return checked


def _write(
    session: Session, batch: list[tuple[RulingRow, str]], now: datetime, report: ImportReport
) -> None:
    if not batch:
        return
    table = Ruling.__table__
    existing = {
        number: (row_id, digest)
        for row_id, number, digest in session.execute(
            select(table.c.id, table.c.number, table.c.content_hash).where(
                table.c.number.in_([row.number for row, _ in batch]))
        )
    }
    new, changed = [], []
    for row, digest in batch:
        values = row.model_dump() | {"content_hash": digest, "imported_at": now}
        found = existing.get(row.number)
        if found is None:
            new.append(values)
        elif found[1] == digest:
            report.unchanged += 1
        else:
            changed.append(values | {"row_id": found[0]})
    if new:
        session.execute(insert(table), new)
        report.inserted += len(new)
    if changed:
        _record_changes(session, changed, now)
        # Core executemany: the SET clause is every column named in the values.
        session.execute(update(table).where(table.c.id == bindparam("row_id")), changed)
        report.updated += len(changed)


def _record_changes(session: Session, changed: list[dict], now: datetime) -> None:
    """A RulingChange per changed ruling naming the fields whose content differs from the
    stored version (issue 15, item 5): read before the update, a batch at a time."""
    table = Ruling.__table__
    fields = [name for name in RulingRow.model_fields if name != "number"]
    stored = {row.id: row for row in session.execute(
        select(table.c.id, *(table.c[name] for name in fields))
        .where(table.c.id.in_([values["row_id"] for values in changed])))}
    rows = []
    for values in changed:
        before = stored[values["row_id"]]
        differ = [name for name in fields if getattr(before, name) != values[name]]
        if differ:  # a hash of an older importer may differ with the content the same
            rows.append({"ruling_id": values["row_id"], "changed_at": now, "fields": differ})
    if rows:
        session.execute(insert(RulingChange.__table__), rows)


# --- the command ---------------------------------------------------------------------


def run_import_cli(path: str, skip_invalid: bool) -> int:
    """`prepdesk import rulings FILE [--skip-invalid]`: 0 when imported, 2 when not."""
    from rich.console import Console
    from rich.progress import BarColumn, TaskProgressColumn, TextColumn
    from rich.progress import Progress as ProgressBar

    from prepdesk.config import load_settings
    from prepdesk.data import db
    from prepdesk.text import strip_controls

    # Messages quote the file, so they are printed as plain text without controls (R-SEC-6).
    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        if not path.strip():
            raise UserError(_("Name the file to import: prepdesk import rulings FILE."))
        engine = db.open_engine(load_settings().resolved_database_url())
        try:
            db.upgrade(engine)
            with ProgressBar(TextColumn("{task.description}", markup=False), BarColumn(),
                          TaskProgressColumn(), console=err, transient=True,
                             disable=not err.is_terminal) as bar:
                task = bar.add_task("", total=1.0)
                with db.session_factory(engine)() as session:
                    report = import_rulings(
                        session, Path(path), skip_invalid=skip_invalid,
                        now=datetime.now().astimezone(),  # local: 'not in the future' is today here
                        progress=lambda label, done: bar.update(
                            task, description=strip_controls(label), completed=done))
        finally:
            engine.dispose()
    except UserError as error:
        err.print(strip_controls(error.message), markup=False)
        return 2
    for error in report.errors[:SHOWN_ERRORS]:
        err.print(strip_controls(_("Line {line}, {field}: {message}").format(
            line=error.line, field=error.field or "-", message=error.message)), markup=False)
    if len(report.errors) > SHOWN_ERRORS:
        more = len(report.errors) - SHOWN_ERRORS
        err.print(ngettext("… and {count} more error.", "… and {count} more errors.",
                           more).format(count=more), markup=False)
    if report.errors and not (skip_invalid and report.imported):
        err.print(ngettext(
            "Nothing was imported: {count} line has errors. Correct it, or import the valid "
            "rulings with --skip-invalid.",
            "Nothing was imported: {count} lines have errors. Correct them, or import the valid "
            "rulings with --skip-invalid.", report.invalid_lines).format(
                count=report.invalid_lines), markup=False)
        return 2
    out.print(_("Rulings imported: {inserted} new, {updated} changed, {unchanged} unchanged.")
              .format(inserted=report.inserted, updated=report.updated,
                      unchanged=report.unchanged), markup=False)
    if report.errors:
        out.print(ngettext("{count} line with errors was skipped.",
                           "{count} lines with errors were skipped.", report.invalid_lines)
                  .format(count=report.invalid_lines), markup=False)
    return 0
