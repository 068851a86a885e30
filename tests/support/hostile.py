"""Text no screen may choke on (R-SEC-6): markup, terminal escapes, control characters,
direction overrides, huge lines and nothing at all. Reuse it in any screen test: put each
string where data is shown, run with `notifications=True`, and expect it literally
(`prepdesk.text.strip_controls(text)`)."""

LONG_LINE = "ordet " * 20_000  # 120,000 characters, no newline

HOSTILE = [
    "[bold]fed[/bold] og [/] og [/",
    "[@click=app.quit]Klik her[/]",
    "[link=https://x.example]et link[/link]",
    "[BOLD]skjult?[/BOLD] [red]rød[/red] $accent :smile:",
    "skærm\x1b[2Jryddet",
    "titel\x1b]0;falsk titel\x07slut",
    "C1\x9b31mrød\x85næste\x90dcs",
    "\u202eomvendt tekst\u202c slut",
    "{count} {0} %s %(name)s",
    "tab\tog\nny linje\r\nog CRLF",
    "bred 你好 🙂 tekst",
    LONG_LINE,
    "",
]
