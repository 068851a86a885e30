"""The rulings file: one appeals ruling per JSON line or CSV row (docs/rulings-format.md).

`read_rulings` streams a file and yields each row validated, or with the errors that
name its line and field (as the file names it: a CSV column's header, a JSON key).
Problems with the file as a whole (not an ordinary file, too big, not UTF-8, no header we
know, empty) raise a UserError. Lines may end in LF, CRLF or CR alone (old Mac
spreadsheets). Text is kept as given, escapes and markup included:
screens make it safe to display (R-SEC-6); only NUL, which no text column can hold, is
refused.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any, BinaryIO

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from prepdesk.errors import UserError
from prepdesk.i18n import _

MAX_TEXT = 200_000  # characters in one of the long texts; real rulings are a few thousand
MAX_LINE_BYTES = 8 * 1024 * 1024  # room for five full texts, even JSON-escaped
MAX_LIST = 100  # keywords, replaced rulings
MAX_FILE_BYTES = 1 << 30  # 1 GB: all of Ankestyrelsen's rulings in full fit many times over
_CHUNK = 1 << 16  # bytes read at a time when lines are cut by hand (CR line ends, past a long line)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv", ".tsv")
CSV_DELIMITERS = (",", ";", "\t")

OUTCOMES = {
    "confirmed": "confirmed", "stadfæstet": "confirmed", "stadfæstelse": "confirmed",
    "changed": "changed", "ændret": "changed", "ændring": "changed",
    "sent_back": "sent_back", "hjemvist": "sent_back", "hjemvisning": "sent_back",
    "rejected": "rejected", "afvist": "rejected", "afvisning": "rejected",
}
# Keyboards without æ: "stadfaestet", "aendret".
OUTCOMES |= {word.replace("æ", "ae"): code for word, code in OUTCOMES.items()}

# CSV headers in Danish, as a job centre's own spreadsheet would name the columns.
DANISH_HEADERS = {
    "nummer": "number", "nr": "number", "principafgørelse": "is_principle",
    "titel": "title", "dato": "decided_on", "afgørelsesdato": "decided_on", "lov": "law",
    "paragraf": "section", "bestemmelse": "section", "målgruppe": "target_group",
    "nøgleord": "keywords", "emneord": "keywords", "resumé": "summary", "resume": "summary",
    "udfald": "outcome", "resultat": "outcome", "sagsfremstilling": "facts",
    "afgørelse": "decision_text", "begrundelse": "reasoning", "erstatter": "replaces",
}
# "12-22", "D-15-07"; older numbers as Sociale Meddelelser printed them: "SM C-25-05",
# "SM D-15-07", "SM C 25-05" (stored as C-25-05, D-15-07).
_NUMBER = re.compile(r"(?:SM\.?[ -]?)?(?:([A-Z])[ -])?0*([1-9][0-9]{0,3})-([0-9]{2})")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DANISH_DATE = re.compile(r"([0-9]{1,2})[-./]([0-9]{1,2})[-./]([0-9]{4})")  # 30-05-2013
_EDGES = " \t\r\n"  # str.strip() would also eat \x1c-\x1f, which are text as given
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-"})
_YES = {"ja": True, "nej": False}
_LISTS = ("keywords", "replaces")


@dataclass(frozen=True, slots=True)
class RowError:
    line: int  # 1-based; a CSV file's header is line 1
    field: str  # "" when the problem is the line as a whole
    message: str


# --- the row -----------------------------------------------------------------------


def _problem(kind: str, **context: Any) -> PydanticCustomError:
    # The English template is never shown: `_row_error` words every kind through _().
    return PydanticCustomError(f"ruling_{kind}", kind, context)


def parse_number(value: object) -> str:
    """'d-15-07' -> 'D-15-07', '01–22' -> '1-22', 'SM C-25-05' -> 'C-25-05'; raises for
    anything else."""
    if not isinstance(value, str):
        raise _problem("number", value=value)
    match = _NUMBER.fullmatch(value.strip(_EDGES).translate(_DASHES).upper())
    if match is None:
        raise _problem("number", value=value)
    letter, serial, year = match.groups()
    return f"{letter}-{serial}-{year}" if letter else f"{serial}-{year}"


# JSON exporters write null for "none".
def _null_as_text(value: object) -> object:
    return "" if value is None else value


def _null_as_list(value: object) -> object:
    return [] if value is None else value


def _clean_text(value: str) -> str:
    if "\x00" in value:
        raise _problem("nul")
    try:
        value.encode("utf-8")  # JSON can write a lone surrogate, "\\ud800"; no database stores it
    except UnicodeEncodeError:
        raise _problem("surrogate") from None
    return value.strip(_EDGES)


def _required(value: str) -> str:
    if not value:
        raise _problem("empty")
    return value


def _clean_list(values: list[str]) -> list[str]:
    return [cleaned for cleaned in map(_clean_text, values) if cleaned]


def _text(max_chars: int) -> Any:
    return Annotated[
        str, BeforeValidator(_null_as_text), Field(max_length=max_chars),
        AfterValidator(_clean_text),
    ]


Short = _text(200)
Long = _text(MAX_TEXT)
Number = Annotated[str, BeforeValidator(parse_number)]


class RulingRow(BaseModel):
    """One ruling as the file gives it, normalised; the fields are Ruling's columns."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    number: Number
    is_principle: bool = True
    title: Annotated[_text(1000), AfterValidator(_required)]
    decided_on: date
    law: Short = ""
    section: Short = ""
    target_group: Short = ""
    keywords: Annotated[
        list[Annotated[str, Field(max_length=200)]], BeforeValidator(_null_as_list),
        Field(max_length=MAX_LIST), AfterValidator(_clean_list),
    ] = []
    summary: Long = ""
    outcome: str = ""
    facts: Long = ""
    decision_text: Long = ""
    reasoning: Long = ""
    replaces: Annotated[
        list[Number], BeforeValidator(_null_as_list), Field(max_length=MAX_LIST)
    ] = []

    @field_validator("replaces")
    @classmethod
    def _not_itself(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if info.data.get("number") in value:
            raise _problem("replaces_itself", value=info.data["number"])
        return value

    @field_validator("is_principle", mode="before")
    @classmethod
    def _danish_yes_no(cls, value: object) -> object:
        if isinstance(value, str):
            return _YES.get(value.strip(_EDGES).casefold(), value)
        return value

    @field_validator("decided_on", mode="before")
    @classmethod
    def _iso_date(cls, value: object, info: ValidationInfo) -> date:
        if value is None or value == "":
            raise _problem("empty")
        if not isinstance(value, str):
            raise _problem("date", value=value)
        written = value.strip(_EDGES)
        danish = _DANISH_DATE.fullmatch(written)
        if not (danish or _ISO_DATE.fullmatch(written)):
            raise _problem("date", value=value)
        try:
            # 2013-05-30, or as Danish documents write it: 30-05-2013, 30.05.2013, 30/5/2013.
            day = (date(*map(int, reversed(danish.groups()))) if danish
                   else date.fromisoformat(written))
        except ValueError:
            raise _problem("date", value=value) from None
        today = (info.context or {}).get("today")
        if today is not None and day > today:
            raise _problem("future", value=value)
        return day

    @field_validator("outcome", mode="before")
    @classmethod
    def _outcome_code(cls, value: object) -> str:
        if value is None or value == "":
            return ""
        code = OUTCOMES.get(value.strip(_EDGES).casefold()) if isinstance(value, str) else None
        if code is None:
            raise _problem("outcome", value=value)
        return code

    def content_hash(self) -> str:
        """Equal for equal rulings however the file spelled them: decides re-imports."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()


def _number_or_none(value: object) -> str | None:
    try:
        return parse_number(value)
    except PydanticCustomError:
        return None


def _row_error(line: int, detail: ErrorDetails, names: dict[str, str]) -> RowError:
    name = str(detail["loc"][0]) if detail["loc"] else ""
    kind = detail["type"]
    if kind == "too_long" and len(detail["loc"]) == 1 and name in _LISTS:
        kind = "list_too_long"  # pydantic says "too_long" of text and lists alike
    message = _message(kind, detail.get("ctx", {}))
    if len(detail["loc"]) == 2 and isinstance(detail["loc"][1], int):  # one entry of a list
        message = _("entry {number}: {problem}").format(number=detail["loc"][1] + 1,
                                                         problem=message)
    return RowError(line, _shown(names.get(name, name)), message)


def _message(kind: str, context: dict[str, Any]) -> str:
    value = _shown(context.get("value"))
    match kind:
        case "missing":
            return _("This field is required.")
        case "ruling_empty":
            return _("This field must not be empty.")
        case "extra_forbidden":
            return _("There is no such field. Check the spelling against docs/rulings-format.md.")
        case "string_type":
            return _("This must be text.")
        case "list_type":
            return _("This must be a list of texts.")
        case "string_too_long":
            return _("at most {limit} characters. Shorten it.").format(
                limit=context["max_length"])
        case "list_too_long":
            return _("at most {limit} entries (the list has {count}). Remove some.").format(
                limit=context["max_length"], count=context.get("actual_length", "?"))
        case "too_long":  # a text field: its limit is checked after the validators
            return _("at most {limit} characters (the text has {count}). Shorten it.").format(
                limit=context["max_length"], count=context.get("actual_length", "?"))
        case "bool_type" | "bool_parsing":
            return _("This must be true or false (or ja or nej).")
        case "ruling_nul":
            return _("The text contains a NUL character, which text cannot hold.")
        case "ruling_surrogate":
            return _("The text contains a character that is not valid Unicode.")
        case "ruling_number":
            return _("'{value}' is not a ruling number. Write it like 1-22 or D-15-07.").format(
                value=value)
        case "ruling_date":
            return _("'{value}' is not a date. Write it as YYYY-MM-DD, e.g. 2022-03-01.").format(
                value=value)
        case "ruling_future":
            return _("The date {value} is in the future.").format(value=value)
        case "ruling_replaces_itself":
            return _("A ruling cannot replace itself: remove {value} from the list.").format(
                value=value)
        case "ruling_outcome":
            return _("'{value}' is not an outcome. Write stadfæstet, ændret, hjemvist or afvist "
                     "(or confirmed, changed, sent_back, rejected).").format(value=value)
    return _("This value is not valid.")


def _shown(value: object, width: int = 40) -> str:
    """A value from the file, short enough to quote in a message."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 1] + "…"


# --- the file ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParsedRow:
    line: int
    number: str | None  # the row's number when that field is valid, even if others are not
    row: RulingRow | None  # None when the row has errors
    errors: list[RowError] = field(default_factory=list)
    number_field: str = "number"  # what the file calls the number: a CSV header may say "nummer"


def read_rulings(
    path: Path, *, today: date | None = None, progress: Callable[[float], None] | None = None
) -> Iterator[ParsedRow]:
    """Each row of the .jsonl or .csv file at `path`, in file order.

    `today` refuses rulings dated later; `progress` receives the fraction of bytes read.
    Raises UserError when the file as a whole cannot be read as rulings.
    """
    is_jsonl = _is_jsonl(path)
    file, size = _open(path)
    context = {"today": today}
    names: dict[str, str] = {}  # field -> what the file calls it, where that differs
    rows = 0
    with file:
        lines = _lines(_Capped(file, path), size, path, progress)
        for line, raw in _jsonl_records(lines) if is_jsonl else _csv_records(lines, path, names):
            rows += 1
            yield _parse(line, raw, context, names)
    if rows == 0:
        raise UserError(_("The file {path} holds no rulings.").format(path=path))


def _open(path: Path) -> tuple[BinaryIO, int]:
    """The file opened for reading, and its size; a UserError unless it is an ordinary file.

    A named pipe would block the open (and the app's quit) until someone writes to it, and a
    device such as /dev/zero never ends: both are refused before reading, by stat before
    the open (a device is never opened) and by fstat after it (the path may have been
    swapped meanwhile), the open being non-blocking so that a pipe cannot hang it.
    """
    try:
        _require_ordinary(path, os.stat(path).st_mode)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise UserError(_("There is no file {path}. Check the spelling, or write the whole "
                          "path, for example /home/mette/rulings.jsonl.").format(
                              path=path)) from None
    except PermissionError:
        raise UserError(_("You may not read the file {path}. Ask whoever owns it to let you, "
                          "or copy it to a folder of your own.").format(path=path)) from None
    except OSError as error:
        raise UserError(_("The file {path} cannot be read ({problem}).").format(
            path=path, problem=error.strerror or error)) from None
    try:
        status = os.fstat(fd)
        _require_ordinary(path, status.st_mode)
        if status.st_size > MAX_FILE_BYTES:
            raise _too_big(path)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb"), status.st_size
    except BaseException:
        os.close(fd)
        raise


def _require_ordinary(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        kind = _("a folder")
    elif stat.S_ISFIFO(mode):
        kind = _("a named pipe")
    elif stat.S_ISSOCK(mode):
        kind = _("a socket")
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = _("a device")
    else:
        kind = _("something else")
    raise UserError(_("{path} is {kind}, not a file. PrepDesk imports rulings only from an "
                      "ordinary .jsonl or .csv file: save them as one and import that.").format(
                          path=path, kind=kind))


def _too_big(path: Path) -> UserError:
    return UserError(_("The file {path} is larger than {limit} GB. Split it into smaller "
                       "files and import them one by one.").format(
                           path=path, limit=MAX_FILE_BYTES // 2**30))


class _Capped:
    """Reads of a file that stop with a UserError past MAX_FILE_BYTES, should an ordinary
    file grow while it is read (or a file system say one thing and give another)."""

    def __init__(self, file: BinaryIO, path: Path) -> None:
        self._file, self._path, self._read = file, path, 0

    def _count(self, data: bytes) -> bytes:
        self._read += len(data)
        if self._read > MAX_FILE_BYTES:
            raise _too_big(self._path)
        return data

    def read(self, size: int) -> bytes:
        try:
            return self._count(self._file.read(size))
        except OSError as error:  # a disk or network share failing half way
            raise self._failed(error) from None

    def readline(self, size: int) -> bytes:
        try:
            return self._count(self._file.readline(size))
        except OSError as error:
            raise self._failed(error) from None

    def _failed(self, error: OSError) -> UserError:
        return UserError(_("The file {path} could not be read to the end ({problem}). Nothing "
                           "was imported; try again.").format(
                               path=self._path, problem=error.strerror or error))


def _is_jsonl(path: Path) -> bool:
    suffix = path.suffix.casefold()
    if suffix not in JSONL_SUFFIXES + CSV_SUFFIXES:
        raise UserError(_("PrepDesk imports rulings from .jsonl and .csv files; {path} is "
                          "neither. See docs/rulings-format.md.").format(path=path))
    return suffix in JSONL_SUFFIXES


def _parse(
    line: int, raw: dict[str, Any] | RowError, context: dict[str, Any], names: dict[str, str]
) -> ParsedRow:
    number_field = names.get("number", "number")
    if isinstance(raw, RowError):
        return ParsedRow(line, None, None, [raw], number_field)
    try:
        row = RulingRow.model_validate(raw, context=context)
    except ValidationError as error:
        # One error per field: a list of 10,000 bad keywords is one problem to fix.
        errors = {}
        for detail in error.errors(include_url=False, include_input=False):
            problem = _row_error(line, detail, names)
            errors.setdefault(problem.field, problem)
        return ParsedRow(line, _number_or_none(raw.get("number")), None, list(errors.values()),
                         number_field)
    return ParsedRow(line, row.number, row, [], number_field)


def _lines(
    file: _Capped, size: int, path: Path, progress: Callable[[float], None] | None
) -> Iterator[tuple[int, str | None]]:
    """(line number, text with its line end) for each line; the text is None for a line
    longer than MAX_LINE_BYTES, which is skipped in chunks so that it never sits in memory
    whole."""
    size = max(size, 1)
    step = max(size // 200, 1)
    offset = reported = 0
    for number, (chunk, length) in enumerate(_raw_lines(file), start=1):
        start = offset
        offset += length
        if chunk is None:
            yield number, None
        else:
            if number == 1 and chunk.startswith(codecs.BOM_UTF8):
                chunk, start = chunk[len(codecs.BOM_UTF8):], start + len(codecs.BOM_UTF8)
            yield number, _decode(chunk, path, number, start)
        if progress is not None and offset - reported >= step:
            reported = offset
            progress(min(offset / size, 1.0))
    if progress is not None and reported < offset:
        progress(1.0)


def _raw_lines(file: _Capped) -> Iterator[tuple[bytes | None, int]]:
    """(bytes of the line with its end, or None when too long; bytes it took in the file).

    Lines end in LF (or CRLF); a file whose first line ends in CR alone is read as a file
    of CR line ends, as spreadsheets on old Macs write them.
    """
    first = file.readline(MAX_LINE_BYTES + 1)
    if first.endswith(b"\r") and len(first) > MAX_LINE_BYTES:
        first += file.read(1)  # cut after a CR: an LF may follow
    cr = first.find(b"\r")
    if cr >= 0 and first[cr + 1:cr + 2] != b"\n":
        yield from _split(first, file, b"\r")
    elif first.endswith(b"\n") or len(first) <= MAX_LINE_BYTES:
        yield from _lf_lines(first, file)
    else:  # a first line too long to tell how lines end: skip it, then tell by its end
        length = len(first)
        while chunk := file.read(_CHUNK):
            ends = [at for at in (chunk.find(b"\r"), chunk.find(b"\n")) if at >= 0]
            if not ends:
                length += len(chunk)
                continue
            end = min(ends)
            if end + 1 == len(chunk):
                chunk += file.read(1)
            lone_cr = chunk[end:end + 1] == b"\r" and chunk[end + 1:end + 2] != b"\n"
            separator = b"\r" if lone_cr else b"\n"
            cut = chunk.index(separator, end) + 1
            yield None, length + cut
            yield from _split(chunk[cut:], file, separator)
            return
        yield None, length


def _lf_lines(first: bytes, file: _Capped) -> Iterator[tuple[bytes | None, int]]:
    """The lines of a file whose lines end in LF, `first` being its first line."""
    chunk = first
    while chunk:
        if chunk.endswith(b"\n") or len(chunk) <= MAX_LINE_BYTES:  # whole, or the last line
            too_long = len(chunk.removesuffix(b"\n")) > MAX_LINE_BYTES
            yield (None if too_long else chunk), len(chunk)
        else:  # too long: skip to its end, never holding it whole
            length = len(chunk)
            while chunk and not chunk.endswith(b"\n"):
                chunk = file.readline(1 << 20)
                length += len(chunk)
            yield None, length
        chunk = file.readline(MAX_LINE_BYTES + 1)


def _split(start_with: bytes, file: _Capped, separator: bytes) -> Iterator[tuple[bytes | None, int]]:
    """The lines ending in `separator` of `start_with` and then the rest of `file`."""
    buffer, start, scanned, ended = bytearray(start_with), 0, 0, False
    while True:
        end = buffer.find(separator, scanned)
        if end >= 0 and end - start <= MAX_LINE_BYTES:
            yield bytes(buffer[start:end + 1]), end + 1 - start
            start = scanned = end + 1
            continue
        if end >= 0:  # a line too long, whole in the buffer
            yield None, end + 1 - start
            start = scanned = end + 1
            continue
        if len(buffer) - start > MAX_LINE_BYTES:  # too long: skip to its end, chunk by chunk
            length = len(buffer) - start
            buffer.clear()
            start = scanned = 0
            while not ended:
                chunk = file.read(_CHUNK)
                ended = not chunk
                end = chunk.find(separator)
                if end >= 0:
                    length += end + 1
                    buffer += chunk[end + 1:]
                    break
                length += len(chunk)
            yield None, length
            continue
        if ended:
            if start < len(buffer):
                yield bytes(buffer[start:]), len(buffer) - start
            return
        del buffer[:start]
        start, scanned = 0, len(buffer)
        chunk = file.read(_CHUNK)
        ended = not chunk
        buffer += chunk


def _decode(chunk: bytes, path: Path, line: int, start: int) -> str:
    try:
        return chunk.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UserError(
            _("The file {path} is not UTF-8 text: byte {offset} (line {line}) is 0x{byte}. "
              "Save the file as UTF-8 (in Excel: \"CSV UTF-8\") and import it again.").format(
                path=path, offset=start + error.start, line=line,
                byte=chunk[error.start:error.start + 1].hex())
        ) from None


def _too_long(line: int) -> RowError:
    return RowError(line, "", _("The line is longer than {limit} MB.").format(
        limit=MAX_LINE_BYTES // 2**20))


def _jsonl_records(
    lines: Iterator[tuple[int, str | None]],
) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    for number, text in lines:
        if text is None:
            yield number, _too_long(number)
        elif text.strip():
            yield number, _json_object(number, text)


def _json_object(line: int, text: str) -> dict[str, Any] | RowError:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        return RowError(line, "", _("The line is not valid JSON (column {column}).").format(
            column=error.colno))
    except RecursionError:  # valid JSON nested thousands deep: no ruling looks like that
        value = None
    except ValueError:  # Python reads no whole number of more than 4,300 digits
        return RowError(line, "", _("The line holds a number thousands of digits long. No "
                                    "field of a ruling is such a number: check the line."))
    if not isinstance(value, dict):
        return RowError(line, "", _("The line must be one JSON object, in curly brackets."))
    return value


def _csv_records(
    lines: Iterator[tuple[int, str | None]], path: Path, names: dict[str, str]
) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    """The rows; `names` is filled with what the header calls each field."""
    texts = _csv_texts(lines, path)
    first = next(texts, None)
    if first is None or not first.strip():
        raise UserError(_("The file {path} is empty. Its first line must name the columns; "
                          "see docs/rulings-format.md.").format(path=path))
    delimiter = max(CSV_DELIMITERS, key=lambda candidate: _known_columns(first, candidate))
    # A quoted field may be a whole ruling's text; a line is capped already.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_LINE_BYTES))
    reader = csv.reader(_chain(first, texts), delimiter=delimiter)
    try:
        header = next(reader)
        columns = _columns(header, path)
        names.update((column, _shown(name.strip(_EDGES)))
                     for name, column in zip(header, columns, strict=False) if column)
        previous = reader.line_num
        for record in reader:
            line, previous = previous + 1, reader.line_num
            if any(cell.strip(_EDGES) for cell in record):  # Excel ends with empty rows
                yield line, _csv_row(line, columns, record)
    except csv.Error:
        raise UserError(_("Line {line} of {path} is not valid CSV. Check the quotation marks "
                          "on that line.").format(line=reader.line_num, path=path)) from None


def _csv_texts(lines: Iterator[tuple[int, str | None]], path: Path) -> Iterator[str]:
    for number, text in lines:
        if text is None:
            # A record may go on over several lines: there is no next row to go on from.
            raise UserError(_("Line {line} of {path} is longer than {limit} MB. Nothing was "
                              "imported.").format(line=number, path=path,
                                                  limit=MAX_LINE_BYTES // 2**20))
        yield text


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _column_name(header: str) -> str:
    name = header.strip(_EDGES).casefold().replace(" ", "_").replace("-", "_")
    return DANISH_HEADERS.get(name, name)


def _known_columns(header_line: str, delimiter: str) -> int:
    try:
        names = next(csv.reader([header_line], delimiter=delimiter), [])
    except csv.Error:  # a quoted header going on over lines: not this delimiter's doing
        return 0
    return sum(_column_name(name) in RulingRow.model_fields for name in names)


def _columns(header: list[str], path: Path) -> list[str | None]:
    """The field for each column; None for a column without a name (Excel adds them)."""
    columns = [_column_name(name) or None for name in header]
    unknown = [name for name, column in zip(header, columns, strict=True)
               if column and column not in RulingRow.model_fields]
    named = [column for column in columns if column]
    missing = [name for name, spec in RulingRow.model_fields.items()
               if spec.is_required() and name not in named]
    if missing:
        raise UserError(_("The file {path} has no column {columns}. The first line must name "
                          "the columns, separated by commas, semicolons or tabs; see "
                          "docs/rulings-format.md.").format(path=path, columns=", ".join(missing)))
    if unknown:
        raise UserError(_("The file {path} has columns PrepDesk does not know: {columns}. "
                          "Correct or remove them; see docs/rulings-format.md.").format(
                              path=path, columns=", ".join(map(_shown, unknown))))
    twice = {column for column in named if named.count(column) > 1}
    if twice:  # named as the file names them: "nummer", or "number" and "nummer"
        written = dict.fromkeys(_shown(name.strip(_EDGES))
                                for name, column in zip(header, columns, strict=True)
                                if column in twice)
        raise UserError(_("The file {path} has the column {columns} more than once.").format(
            path=path, columns=", ".join(written)))
    return columns


def _csv_row(line: int, columns: list[str | None], record: list[str]) -> dict[str, Any] | RowError:
    extra = record[len(columns):]
    if len(record) < len(columns) or any(cell.strip(_EDGES) for cell in extra):
        return RowError(line, "", _("The line has {values} values, but the header names "
                                    "{columns} columns.").format(values=len(record),
                                                                 columns=len(columns)))
    values: dict[str, Any] = {
        column: cell for column, cell in zip(columns, record, strict=False) if column
    }
    for name in ("keywords", "replaces"):
        if name in values:
            values[name] = [part for part in values[name].split(";") if part.strip(_EDGES)]
    if not values.get("is_principle", "x").strip(_EDGES):
        del values["is_principle"]  # an empty cell means the default
    return values
