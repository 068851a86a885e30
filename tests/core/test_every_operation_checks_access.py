"""Every public core operation is proved to refuse a user without access to the citizen.

A public core operation is a function defined in a prepdesk.core module, not starting with an
underscore, whose first parameter is the context (`ctx`). Each area's
tests/core/test_access_<area>.py lists its operations in `CASES` and calls each with a
caseworker of another team. An operation about no one citizen is listed instead where its own
test proves what it does: `OPEN` (the rulings library, open to every user and showing no
citizen), `NOT_ABOUT_ONE_CITIZEN` (my day, the citizen search: only citizens the user may see)
or `CITIZEN_CASES` (the citizen's own page: the link is the credential), and the management of
users and teams in `ADMIN_ONLY` (refused to everyone but an administrator). This test fails for
an operation that no list names, so a new operation cannot slip past the access check
(R-SEC-3, shared/DESIGN.md "One use-case boundary").
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import pkgutil
from pathlib import Path

import prepdesk.core

HERE = Path(__file__).parent
LISTS = ("CASES", "OPEN", "NOT_ABOUT_ONE_CITIZEN", "CITIZEN_CASES", "ADMIN_ONLY")


def public_operations() -> set[str]:
    found = set()
    for info in pkgutil.iter_modules(prepdesk.core.__path__, "prepdesk.core."):
        if info.name == "prepdesk.core.transaction":  # the boundary itself, not an operation
            continue
        module = importlib.import_module(info.name)
        for name, function in vars(module).items():
            if (name.startswith("_") or not inspect.isfunction(function)
                    or function.__module__ != module.__name__):
                continue
            parameters = list(inspect.signature(function).parameters)
            if parameters[:1] == ["ctx"]:
                found.add(f"{module.__name__}.{name}")
    return found


def operations_with_a_case() -> set[str]:
    covered = set()
    for path in sorted(HERE.glob("test_access_*.py")):
        spec = importlib.util.spec_from_file_location(f"access_cases_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for name in LISTS:
            for case in getattr(module, name, ()):
                operation = case.values[0] if hasattr(case, "values") else case
                covered.add(f"{operation.__module__}.{operation.__qualname__}")
    return covered


def test_every_public_core_operation_has_an_access_case() -> None:
    assert public_operations() - operations_with_a_case() == set()


def test_the_operations_and_their_cases_are_found() -> None:
    # Guards the test above: empty sets would pass it without proving anything.
    operations = public_operations()
    assert {"prepdesk.core.access.reveal_cpr", "prepdesk.core.agenda.add",
            "prepdesk.core.letters.save_text", "prepdesk.core.notes.accept_correction"} <= operations
    assert len(operations_with_a_case()) >= len(operations)


def test_every_case_is_also_tried_as_administrator_and_team_lead() -> None:
    """Each area's CASES go through `support.roles.check_roles` too: an administrator without
    a reason is refused, a team lead of the citizen's team is let in (R-SEC-3)."""
    with_cases = [path for path in sorted(HERE.glob("test_access_*.py"))
                  if "\nCASES = [" in path.read_text(encoding="utf-8")]
    assert len(with_cases) >= 7
    for path in with_cases:
        source = path.read_text(encoding="utf-8")
        assert "from support.roles import check_roles" in source, path.name
        assert "check_roles(world, operation," in source, path.name
