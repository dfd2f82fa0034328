"""Fold place names into the plain form that search compares.

Leaf module: models store the folded name, queries fold the search term the same way, so
"Mülheim", "muelheim" and "MÜLHEIM" all meet in "muelheim".
"""

import re
import unicodedata

_GERMAN_LETTERS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


def fold_for_search(text: str) -> str:
    """Return ``text`` lower-cased, umlauts spelled out, punctuation turned into single spaces.

    NFC comes first because keyboards on some systems send "u" plus a combining diaeresis,
    which the umlaut table would otherwise miss; other accents are dropped after NFKD.
    """
    text = unicodedata.normalize("NFC", text).casefold().translate(_GERMAN_LETTERS)
    text = "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )
    return _NOT_ALPHANUMERIC.sub(" ", text).strip()
