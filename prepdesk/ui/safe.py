"""Text from data, made safe to display (R-SEC-6): the one way every screen shows it.

- `safe(text)` gives Content for everything that shows text: Static, Label, Option
  prompts, Select prompts, Button labels, tab labels, border titles and subtitles, table
  cells. Content is never parsed as markup, so `[bold]`, `[/]` or `[@click=app.quit]`
  stay literal (a str there would be parsed: "[/" crashes the screen).
- `plain(text)` gives a str for the few places that take only a str and never parse it:
  an Input's value, a TextArea's text, a notification (the app shows every notification
  without markup, app.py). Never put its result where a str is parsed as markup.

Both remove what a terminal would act on (prepdesk/text.py): control characters, among
them ESC and the C1 controls that start an escape sequence (what follows them, such as
"]0;title", is left as harmless text), and direction overrides; a lone surrogate (half a
character, which no terminal can show) becomes U+FFFD.
"""

from textual.content import Content

from prepdesk.text import displayable


def plain(text: str) -> str:
    """`text` as a str to show or edit literally: no control characters, no escapes."""
    return displayable(text)


def safe(text: str) -> Content:
    """`text` as displayable Content: literal, never markup, without control characters."""
    return Content(displayable(text))
