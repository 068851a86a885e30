"""A configuration PrepDesk cannot use, as one sentence in the user's language: where the
wrong value is (the file and the setting in it, the variable or the command-line option it
came from) and what to write instead.

The libraries' own words are never shown: pydantic, tomllib and the codecs speak English, so
each error becomes our phrase, chosen by its kind, with its position or limits.
"""

from __future__ import annotations

import errno
import os
import re
import tomllib
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from prepdesk.i18n import _

if TYPE_CHECKING:
    from pydantic import ValidationError
    from pydantic.fields import FieldInfo
    from pydantic_core import ErrorDetails

ENV_PREFIX = "PREPDESK_"
# tomllib ends its message with where it stopped: "(at line 3, column 9)".
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)$")


def environment_variable(setting: str) -> str | None:
    """The variable that sets `setting`, spelt as it is, when one is set (pydantic-settings
    reads PREPDESK_* in any case)."""
    wanted = f"{ENV_PREFIX}{setting}".casefold()
    return next((name for name in os.environ if name.casefold() == wanted), None)


def unreadable(path: Path, error: OSError) -> str:
    if isinstance(error, PermissionError):
        return _("The config file {path} cannot be read: you are not allowed to read it. "
                 "Give yourself permission to read it and try again.").format(path=path)
    if isinstance(error, IsADirectoryError):
        return _("The config file {path} is a folder, not a file. Set PREPDESK_CONFIG to a "
                 "file or remove the folder, and try again.").format(path=path)
    return _("The config file {path} cannot be read (error {code}). Check the file and the "
             "disk, and try again.").format(
        path=path, code=errno.errorcode.get(error.errno or 0, error.errno))


def not_utf8(path: Path, content: bytes, error: UnicodeDecodeError) -> str:
    return _("The config file {path} is not UTF-8 text: line {line} has a character that "
             "cannot be read. Save the file as UTF-8 and try again.").format(
        path=path, line=content.count(b"\n", 0, error.start) + 1)


def not_toml(path: Path, text: str, error: tomllib.TOMLDecodeError) -> str:
    found = _TOML_POSITION.search(str(error))
    if found:
        line, column = int(found[1]), int(found[2])
    else:  # "(at end of document)": the last character
        line, column = text.count("\n") + 1, len(text) - text.rfind("\n")
    return _("The config file {path} is not valid TOML: there is a mistake in line {line} at "
             "character {column}. Correct it there (text is written in quotes, such as "
             'theme = "prepdesk-dark") and try again.').format(path=path, line=line, column=column)


def wrong_value(error: ValidationError, path: Path, options: Mapping[str, str],
                fields: Mapping[str, FieldInfo]) -> str:
    """The sentence for the first wrong setting. `options`: the settings given as
    command-line options, by the option's name."""
    detail = error.errors(include_url=False)[0]
    setting, *inner = (str(part) for part in detail["loc"])
    problem = _problem(detail, setting, fields[setting])
    key = ".".join(inner)
    if setting in options:
        return _("The option {option} has a wrong value: {problem} Correct it and try "
                 "again.").format(option=options[setting], problem=problem)
    variable = environment_variable(setting)
    if variable and key:
        return _("The variable {variable} has a wrong value for “{key}”: {problem} Correct "
                 "it or remove it, and try again.").format(
            variable=variable, key=key, problem=problem)
    if variable:
        return _("The variable {variable} has a wrong value: {problem} Correct it or remove "
                 "it, and try again.").format(variable=variable, problem=problem)
    if key:
        return _("The table [{name}] in {path} has a wrong value for “{key}”: {problem} "
                 "Correct it in the file and try again.").format(
            name=setting, path=path, key=key, problem=problem)
    return _("The setting {name} in {path} has a wrong value: {problem} Correct it in the "
             "file and try again.").format(name=setting, path=path, problem=problem)


def not_json(variable: str) -> str:
    return _("The variable {variable} is not a table in JSON, such as "
             '{{"app.help": "f5"}}. Correct it or remove it, and try again.').format(
        variable=variable)


def _problem(detail: ErrorDetails, setting: str, field: FieldInfo) -> str:
    context = detail.get("ctx", {})
    match detail["type"]:
        case "literal_error":
            values = ", ".join(f'"{value}"' for value in typing.get_args(field.annotation))
            return _("it must be one of {values}.").format(values=values)
        case "int_type" | "int_parsing" | "int_from_float":
            return _("it must be a whole number.")
        case "greater_than_equal":
            return _("it must be {limit} or more.").format(limit=context["ge"])
        case "less_than_equal":
            return _("it must be {limit} or less.").format(limit=context["le"])
        case "bool_type" | "bool_parsing":
            return _("it must be true or false.")
        case "string_type":
            return _("it must be text in quotes.")
        case "path_type":
            return _("it must be a folder, in quotes.")
        case kind if kind.startswith("datetime"):
            return _("it must be a date and time, such as 2026-11-27T14:05.")
        case "dict_type":
            return _("it must be a table: [{name}] on a line of its own, its entries on the "
                     "lines below.").format(name=setting)
        case "value_error":  # our validators' own sentences, already translated
            return str(context["error"])
    return _("PrepDesk cannot use it; the README's section Configuration says what it may be.")
