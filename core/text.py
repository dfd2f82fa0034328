"""Names and titles shown to others: without invisible characters that change how text reads.

Bidirectional controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates) let a
name display reversed or out of order ("Trojan Source"): an event title could pretend to be
another, a registrant's name could hide in a list or an export. Zero-width characters
(U+200B–U+200D, U+2060, U+FEFF) make two names that look the same compare different, so a
duplicate or an impostor passes unnoticed. Both are removed; the remaining text is what a
reader sees.

The zero-width joiner (U+200D) is removed too, although emoji sequences such as a family
or a profession use it: in a name or a title such an emoji then shows as its parts, which
still reads correctly, while keeping the joiner only inside emoji would need a full emoji
grammar for little gain. Right-to-left scripts need none of these characters to display.
"""

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_REMOVED = dict.fromkeys(map(ord, BIDI_CONTROLS + ZERO_WIDTH))


def clean_display_text(value: str) -> str:
    """Return ``value`` without bidirectional controls and zero-width characters."""
    return value.translate(_REMOVED)
