"""Text from data, made safe to display (R-SEC-6).

Every screen shows data through `safe()`: the text is never parsed as markup, so
`[bold]`, `[/]` or `[@click=app.quit]` stay literal, and control characters are removed
(prepdesk/text.py).
"""

from textual.content import Content

from prepdesk.text import strip_controls


def safe(text: str) -> Content:
    """`text` as displayable Content: literal, never markup, without control characters."""
    return Content(strip_controls(text))
