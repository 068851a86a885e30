"""A line that starts with a mark and wraps under its text, not under the mark:

    ✗  Note the citizen's needs for accommodations
       None noted: ask the citizen, and note them (or that
       there is no need for any)

Textual's Content wraps every line from the left edge; a checklist whose details wrap
there is hard to scan, so this Visual pads the text and writes the mark into the pad.
"""

from __future__ import annotations

from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Spacing
from textual.strip import Strip
from textual.style import Style
from textual.visual import Padding, RenderOptions, Visual


class Hanging(Visual):
    def __init__(self, mark: Content, text: Content) -> None:
        self._mark = mark
        self._indent = mark.cell_length
        self._text = Padding(text, Spacing(0, 0, 0, self._indent))

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self._text.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self._text.get_height(rules, width)

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        strips = self._text.render_strips(width, height, style, options)
        if not strips or width <= self._indent:
            return strips
        mark = self._mark.render_strips(self._indent, 1, style, options)[0]
        first = Strip.join([mark, strips[0].crop(self._indent)])
        return [first, *strips[1:]]
