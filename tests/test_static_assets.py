"""Static files that are committed in a derived form must match their source."""

import gzip
from pathlib import Path

from django.conf import settings

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor" / "kern"


def test_precompressed_kern_css_matches_the_css_it_stands_for():
    # whitenoise serves the .gz to every browser that accepts gzip: a stale one would
    # give visitors an older design than the file beside it.
    source = (VENDOR / "kern.min.css").read_bytes()

    assert gzip.decompress((VENDOR / "kern.min.css.gz").read_bytes()) == source


def test_font_faces_are_subset_and_declare_their_range():
    css = (VENDOR / "fonts" / "fira-sans.css").read_text()
    faces = sorted((VENDOR / "fonts" / "fira-sans").glob("FiraSans-*.woff2"))
    declared = [face for face in faces if f"./fira-sans/{face.name}" in css]

    assert len(declared) == 10
    assert css.count("unicode-range: U+0000-00FF, U+0100-017F, U+2000-206F") == 10
    assert max(face.stat().st_size for face in declared) < 30_000
