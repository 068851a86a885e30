"""What `pip install .` and `pip install -e .` give: the themes live at the repository's top
level (themes/, shared/DESIGN.md "Layers") and must still reach an installed copy.

Builds a real wheel with pip (as a user's `pip install .` would; pip fetches the build
backend from the package index like any install) and installs it and an editable copy
into temporary places, then asks a fresh interpreter what PrepDesk finds there.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# Everything the build reads; copied so that the build leaves nothing in the work tree.
SOURCES = ["pyproject.toml", "README.md", "prepdesk", "themes"]

# The wheel is built once; its tests stay on one pytest-xdist worker.
pytestmark = pytest.mark.xdist_group("packaging")

PROBE = """
import json, sys
import prepdesk
from prepdesk.app import PrepDeskApp
from prepdesk.theme_files import THEME_DIR

app = PrepDeskApp(open_workspace=lambda progress: None, theme_name="prepdesk-high-contrast")
print(json.dumps({"package": prepdesk.__file__, "themes": str(THEME_DIR),
                  "registered": sorted(app.available_themes), "theme": app.theme}))
"""


def _pip(*args: str, cwd: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
                            cwd=cwd, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"pip {' '.join(args)} failed:\n{result.stdout}{result.stderr}"


def _probe(python: str, cwd: Path, pythonpath: Path | None = None) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    result = subprocess.run([python, "-c", PROBE], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("source")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, copy / name, ignore=ignore)
        else:
            shutil.copy2(REPO / name, copy / name)
    return copy


@pytest.fixture(scope="module")
def wheel(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _pip("wheel", str(source), "--no-deps", "--wheel-dir", str(out), cwd=out)
    (built,) = out.glob("prepdesk-*.whl")
    return built


def test_the_wheel_ships_the_themes_and_every_module(wheel: Path) -> None:
    files = set(zipfile.ZipFile(wheel).namelist())
    themes = sorted(path.name for path in (REPO / "themes").glob("*.toml"))
    assert themes, "no theme files in themes/"
    for name in themes:
        assert f"prepdesk/themes/{name}" in files
    # pyproject.toml lists the packages: one left out would be missing from the wheel.
    modules = {path.relative_to(REPO).as_posix() for path in (REPO / "prepdesk").rglob("*.py")}
    assert modules - files == set()
    for data in ["prepdesk/app.tcss", "prepdesk/locale/da/LC_MESSAGES/prepdesk.mo",
                 "prepdesk/data/migrations/env.py", "prepdesk/data/migrations/script.py.mako",
                 "prepdesk/fonts/DejaVuSans.ttf", "prepdesk/templates/aktindsigt.html.j2"]:
        assert data in files


def test_an_installed_wheel_finds_and_uses_its_themes(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    _pip("install", "--no-deps", "--no-compile", "--target", str(target), str(wheel),
         cwd=tmp_path)
    found = _probe(sys.executable, cwd=tmp_path, pythonpath=target)
    assert Path(found["package"]).is_relative_to(target)
    assert Path(found["themes"]) == target / "prepdesk" / "themes"
    assert {"prepdesk-light", "prepdesk-dark", "prepdesk-high-contrast"} <= set(found["registered"])
    assert found["theme"] == "prepdesk-high-contrast"


def test_an_editable_install_finds_the_themes_at_the_top_level(source: Path, tmp_path: Path) -> None:
    # A virtual environment that sees this one's libraries (Textual ...), with PrepDesk
    # installed from `source` in editable mode, as the README's quick start does.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
                   check=True, capture_output=True, timeout=120)
    python = str(venv / "bin" / "python")
    subprocess.run([python, "-m", "pip", "--disable-pip-version-check", "install", "--no-deps",
                    "-e", str(source)], check=True, capture_output=True, timeout=600)
    found = _probe(python, cwd=tmp_path)
    assert Path(found["package"]) == source / "prepdesk" / "__init__.py"
    assert Path(found["themes"]) == source / "themes"
    assert found["theme"] == "prepdesk-high-contrast"
