"""PrepDesk's themes, read from the TOML files in the repository's top-level themes/.

Themes are data, not code: a file names the theme, says whether it is dark, gives the
ten theme colours and optionally Textual CSS variables to override. The wheel ships the
folder as the package `prepdesk.themes` (prepdesk/themes/), and an editable install maps
that package to themes/ (pyproject.toml), so the import system finds them either way.

Imported before the first paint: only the standard library and Textual.
"""

from __future__ import annotations

import tomllib
from importlib.util import find_spec
from pathlib import Path

from textual.theme import Theme

from prepdesk.i18n import _

DEFAULT_THEME = "prepdesk-light"
COLOURS = ("primary", "secondary", "accent", "foreground", "background", "surface", "panel",
           "success", "warning", "error")


class ThemeFileError(ValueError):
    """A theme file that is not a theme: a bug in the package, so plain English."""


def _theme_dir() -> Path:
    # A package of data files: its folder, wherever PrepDesk was installed from.
    spec = find_spec("prepdesk.themes")
    if spec is None or not spec.submodule_search_locations:
        raise ThemeFileError("the package prepdesk.themes is missing: reinstall PrepDesk")
    return Path(next(iter(spec.submodule_search_locations)))


THEME_DIR = _theme_dir()


def load_themes(directory: Path = THEME_DIR) -> list[Theme]:
    """Every theme in `directory`: the default first, then by file name."""
    themes = [read_theme(path) for path in sorted(directory.glob("*.toml"))]
    return sorted(themes, key=lambda theme: theme.name != DEFAULT_THEME)


def read_theme(path: Path) -> Theme:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    expected = {"name", "dark", "variables", *COLOURS}
    if unknown := set(data) - expected:
        raise ThemeFileError(f"{path}: unknown keys {sorted(unknown)}")
    if missing := expected - {"variables"} - set(data):
        raise ThemeFileError(f"{path}: missing keys {sorted(missing)}")
    if not isinstance(data["dark"], bool):
        raise ThemeFileError(f"{path}: 'dark' must be true or false")
    variables = data.get("variables", {})
    values = [data[key] for key in ("name", *COLOURS)] + [*variables, *variables.values()]
    if not all(isinstance(value, str) for value in values):
        raise ThemeFileError(f"{path}: the name, colours and variables must be strings")
    return Theme(dark=data["dark"], variables=dict(variables),
                 **{key: data[key] for key in ("name", *COLOURS)})


def theme_title(name: str) -> str:
    """What the user calls a theme; themes without a Danish name keep their own."""
    titles = {
        "prepdesk-light": _("Light"),
        "prepdesk-dark": _("Dark"),
        "prepdesk-high-contrast": _("High contrast"),
    }
    return titles.get(name, name)
