"""The one way a screen runs core work (shared/DESIGN.md, "The UI never blocks").

    run_core(self, lambda: agenda.add(self.ctx, self.meeting_id, proposal), self._show)

runs the operation in a thread, then on the app's thread either hands its result to
`done` and clears the screen's problem bar, or shows the operation's `UserError` (a
sentence: no access, a colleague's change, the database away ...) in the problem bar and
calls `failed`. Anything else is a bug: the app ends with it and exits non-zero.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from textual.dom import DOMNode
from textual.worker import Worker

from prepdesk.errors import UserError
from prepdesk.ui.problem import ProblemBar
from prepdesk.ui.screen import PrepDeskScreen

T = TypeVar("T")


def run_core(
    node: DOMNode,
    operation: Callable[[], T],
    done: Callable[[T], object] | None = None,
    *,
    failed: Callable[[UserError], object] | None = None,
    group: str = "core",
    exclusive: bool = False,
) -> Worker[None]:
    """Run `operation` (a call into core) off the app's thread; see the module's text.

    `exclusive` cancels the group's earlier run that has not finished: for reads whose
    newest answer is the only one wanted (a search as the user types)."""

    async def run() -> None:
        try:
            result = await asyncio.to_thread(operation)
        except UserError as problem:
            show_problem(node, problem)
            if failed is not None and shown(node):
                failed(problem)
            return
        if not shown(node):
            return
        clear_problem(node)
        if done is not None:
            done(result)

    return node.run_worker(run(), group=group, exclusive=exclusive, exit_on_error=True)


def shown(node: DOMNode) -> bool:
    """Whether `node` can still show a worker's result: not once its screen has left the stack
    (closing, it leaves at once and its widgets go one by one after), nor while the app
    quits (`exit` detaches every node at once; a shutdown without it, as at the end of a
    test, stops the app running first, then removes the widgets one by one)."""
    return node.is_attached and node.app.is_running and node.screen in node.app.screen_stack


def from_thread(node: DOMNode, callback: Callable[..., object], *args: object) -> None:
    """Call `callback(*args)` on the app's thread from a worker's thread (progress, a
    problem), if `node` can still show it when the call comes round."""
    if shown(node):
        node.app.call_from_thread(lambda: callback(*args) if shown(node) else None)


def show_problem(node: DOMNode, problem: UserError) -> None:
    """Show `problem` in the problem bar of the screen `node` is on, or, on a screen
    without one (a dialog), as a notification."""
    bars = node.screen.query(ProblemBar) if node.is_attached else []
    if bars:
        bars.first().show(problem)
        if isinstance(node.screen, PrepDeskScreen):
            node.screen.show_itself()  # a screen still opening: its problem bar with it
    else:
        node.app.notify(problem.message, severity="error", markup=False)


def clear_problem(node: DOMNode) -> None:
    if node.is_attached:
        for bar in node.screen.query(ProblemBar):
            bar.clear()
