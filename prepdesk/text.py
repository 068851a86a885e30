"""Text from data without what a terminal would act on (R-SEC-6).

Control characters are removed before display because Textual passes terminal escape
sequences such as `\\x1b]0;title\\x07` or `\\x1b[2J` straight to the terminal
(shared/DESIGN.md, "Known pitfalls"). Plain Python: the data layer and core use it too;
the screens show data through `prepdesk.ui.safe.safe`, which builds on it.
"""

import re

# C0 controls except tab and newline, DEL, and C1 controls (0x80-0x9F): the
# characters that start or end terminal escape sequences or move the cursor.
_CONTROLS = dict.fromkeys(
    [code for code in range(0x20) if chr(code) not in "\t\n"]
    + [0x7F]
    + list(range(0x80, 0xA0))
    # Direction overrides and isolates: they can show a name or a number reversed.
    + list(range(0x202A, 0x202F))
    + list(range(0x2066, 0x206A))
)


def strip_controls(text: str) -> str:
    """`text` without the control characters a terminal would act on."""
    return text.translate(_CONTROLS)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def displayable(text: str) -> str:
    """`text` as a terminal may show it: without control characters (`strip_controls`),
    and a lone surrogate, which no terminal can show, as U+FFFD. The screens use it through
    `prepdesk.ui.safe`."""
    return _LONE_SURROGATE.sub("\ufffd", strip_controls(text))


def storable(text: str) -> str:
    """`text` as a database can hold it: a lone surrogate (half of a character, which UTF-8
    cannot encode) becomes U+FFFD and NUL (which PostgreSQL refuses) is dropped. Everything
    else is kept as typed; control characters are removed only for display."""
    return _LONE_SURROGATE.sub("\ufffd", text).replace("\x00", "")
