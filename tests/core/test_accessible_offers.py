"""Leichte Sprache and Deutsche Gebärdensprache (BITV NRW, like § 4 BITV 2.0 with Anlage 2).

Both are linked from the header of every page; the Leichte Sprache text is seeded and edited
like the legal pages; the sign-language film is uploaded by staff and served by the site.
"""

import re
import struct

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import LegalPage, SignLanguageFilm
from tests.factories.conferences import EventFactory
from tests.factories.core import UserFactory, add_totp
from tests.factories.sessions import SessionFactory, SessionSpeakerFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

EASY_READ_LINK = '<a class="kern-link" href="/seite/leichte-sprache/">Leichte Sprache</a>'
SIGN_LANGUAGE_LINK = (
    '<a class="kern-link" href="/gebaerdensprache/"><img src="/static/img/gebaerdensprache.svg"'
    ' alt="" width="24" height="24">Gebärdensprache</a>'
)
CAPTIONS = b"WEBVTT\n\n00:00.000 --> 00:04.000\nWillkommen beim Kommunalforum.\n"


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def mp4(seconds: int, *, timescale: int = 1000) -> bytes:
    """A minimal ISO BMFF file: ftyp, a movie header stating the duration, and media data."""
    mvhd = struct.pack(">4sIIII", b"\0\0\0\0", 0, 0, timescale, seconds * timescale) + bytes(80)
    return (
        box(b"ftyp", b"isom\0\0\2\0isomavc1")
        + box(b"moov", box(b"mvhd", mvhd))
        + box(b"mdat", bytes(1000))
    )


def header(html: str) -> str:
    return html[html.index("<header") : html.index("</header>")]


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def staff_client(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    add_totp(staff)
    client.force_login(staff)
    return client


def upload_form(**files) -> dict:
    data = {
        "video": SimpleUploadedFile("dgs.mp4", mp4(245), content_type="video/mp4"),
        "captions_de": SimpleUploadedFile("dgs.vtt", CAPTIONS, content_type="text/vtt"),
    }
    data.update(files)
    return data


# Leichte Sprache


def test_easy_read_page_is_seeded_in_short_headed_parts(client):
    response = client.get("/seite/leichte-sprache/")

    html = response.text
    assert response.status_code == 200
    assert '<h1 class="kern-heading-large">Leichte Sprache</h1>' in html
    assert re.findall(r'<h2 class="kern-heading-medium">(.*?)</h2>', html) == [
        "Willkommen beim Kommunal-Forum",
        "Wer macht diese Internet-Seite?",
        "Was gibt es auf dieser Internet-Seite?",
        "So finden Sie sich auf der Internet-Seite zurecht",
        "Barriere-Freiheit: Was heißt das?",
        "Haben Sie ein Problem mit der Internet-Seite?",
        "Mehr Informationen",
    ]
    assert '<ul class="kern-list kern-list--bullet kern-list--large"><li>Veranstaltungen' in html
    assert "Ein Link ist ein Wort zum Anklicken.<br>" in html
    assert 'href="mailto:barrierefreiheit@kommunalforum.example"' in html


def test_easy_read_page_in_english_is_plain_english(client):
    response = client.get("/en/seite/leichte-sprache/")

    assert '<h1 class="kern-heading-large">Easy Read</h1>' in response.text
    assert '<h2 class="kern-heading-medium">How to find your way on the website</h2>' in (
        response.text
    )
    assert "<li>find events.</li>" in response.text


def test_easy_read_page_edit_by_staff_makes_headings_lists_and_paragraphs(client):
    page = LegalPage.objects.get(kind="leichte-sprache")
    page.body_de = (
        "# Neu hier?\r\n\r\n- Erstens.\r\n- Zweitens.\r\n\r\nEin Satz.\r\nNoch ein Satz."
    )
    page.save()

    html = re.sub(r">\s+<", "><", client.get("/seite/leichte-sprache/").text)

    assert (
        '<h1 class="kern-heading-large">Leichte Sprache</h1>'
        '<h2 class="kern-heading-medium">Neu hier?</h2>'
        '<ul class="kern-list kern-list--bullet kern-list--large">'
        "<li>Erstens.</li><li>Zweitens.</li></ul>"
        '<p class="kern-body kern-body--large">Ein Satz.<br>Noch ein Satz.</p>'
    ) in html


def test_easy_read_page_is_edited_in_the_admin_like_the_legal_pages(staff_client):
    page = LegalPage.objects.get(kind="leichte-sprache")

    response = staff_client.get(f"/admin/core/legalpage/{page.pk}/change/")

    assert response.status_code == 200
    assert "Willkommen beim Kommunal-Forum" in response.text


# Header links on every kind of page


@pytest.fixture
def public_pages():
    event = EventFactory(slug="fachkonferenz")
    session = SessionFactory(event=event, slug="panel")
    SessionSpeakerFactory(session=session, speaker=SpeakerFactory(team=event.team, slug="mara"))


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/veranstaltungen/",
        "/veranstaltungen/archiv/",
        "/veranstaltungen/fachkonferenz/",
        "/veranstaltungen/fachkonferenz/programm/panel/",
        "/referierende/mara/",
        "/konto/login/",
        "/konto/signup/",
        "/seite/impressum/",
        "/seite/leichte-sprache/",
        "/gebaerdensprache/",
        "/ueber-die-daten/",
    ],
)
def test_header_links_easy_read_and_sign_language_on_every_public_page(client, public_pages, path):
    response = client.get(path)

    assert response.status_code == 200
    assert EASY_READ_LINK in header(response.text)
    assert SIGN_LANGUAGE_LINK in header(response.text)


def test_header_links_both_offers_for_logged_in_people_and_in_english(client):
    client.force_login(UserFactory())

    german = client.get("/meine-anmeldungen/")
    english = client.get("/en/")

    assert EASY_READ_LINK in header(german.text)
    assert SIGN_LANGUAGE_LINK in header(german.text)
    assert '<a class="kern-link" href="/en/seite/leichte-sprache/">Easy Read</a>' in header(
        english.text
    )
    assert 'alt="" width="24" height="24">Sign language</a>' in header(english.text)


# Gebärdensprache


def test_sign_language_page_without_film_says_it_is_in_preparation_and_how_to_ask(client):
    html = client.get("/gebaerdensprache/").text

    assert '<h1 class="kern-heading-large">Gebärdensprache</h1>' in html
    assert 'src="/static/img/gebaerdensprache.svg" alt="" width="64" height="64"' in html
    assert "Der Film in Gebärdensprache ist in Vorbereitung." in html
    assert (
        '<a class="kern-link" href="mailto:barrierefreiheit@kommunalforum.example">'
        "barrierefreiheit@kommunalforum.example</a>"
    ) in html
    assert "<video" not in html


def test_sign_language_page_shows_the_film_with_captions_size_and_duration(client, media_root):
    film = SignLanguageFilm.objects.create(
        video=SimpleUploadedFile("dgs.mp4", mp4(245)),
        captions_de=SimpleUploadedFile("dgs.vtt", CAPTIONS),
    )

    html = client.get("/gebaerdensprache/").text

    video, captions = film.video.url, film.captions_de.url
    assert video.startswith("/media/gebaerdensprache/dgs")
    assert f'<source src="{video}" type="video/mp4">' in html
    assert f'<track kind="captions" src="{captions}" srclang="de" label="Deutsch" default>' in html
    assert (
        f'<a class="kern-link" href="{video}" download>'
        "Film herunterladen (MP4, 1,1\xa0KB, Dauer 4:05 Minuten)</a>"
    ) in html
    assert "in Vorbereitung" not in html
    assert (media_root / video.removeprefix("/media/")).read_bytes() == mp4(245)


def test_sign_language_page_in_english_defaults_to_english_captions(client, media_root):
    film = SignLanguageFilm.objects.create(
        video=SimpleUploadedFile("dgs.mp4", mp4(65)),
        captions_de=SimpleUploadedFile("de.vtt", CAPTIONS),
        captions_en=SimpleUploadedFile("en.vtt", b"WEBVTT\n"),
    )

    html = client.get("/en/gebaerdensprache/").text

    assert '<h1 class="kern-heading-large">Sign language</h1>' in html
    assert f'src="{film.captions_de.url}" srclang="de" label="Deutsch">' in html
    assert f'src="{film.captions_en.url}" srclang="en" label="English" default>' in html
    assert "Download the film (MP4, 1.1\xa0KB, 1:05 minutes)" in html


# Upload in the admin


def test_staff_upload_a_film_and_its_duration_and_size_are_read(staff_client, media_root):
    response = staff_client.post("/admin/core/signlanguagefilm/add/", upload_form())

    assert response.status_code == 302
    film = SignLanguageFilm.objects.get()
    assert (film.duration.total_seconds(), film.size) == (245, len(mp4(245)))


@pytest.mark.parametrize(
    ("files", "error"),
    [
        (
            {"video": SimpleUploadedFile("dgs.mp4", b"<html>kein Film</html>")},
            "Bitte laden Sie den Film als MP4-Datei (H.264) hoch.",
        ),
        (
            {"video": SimpleUploadedFile("dgs.webm", mp4(245))},
            "Dateiendung „webm“ ist nicht erlaubt.",
        ),
        (
            {"video": SimpleUploadedFile("dgs.mp4", box(b"ftyp", b"isom\0\0\2\0") + bytes(99))},
            "Die Dauer des Films ließ sich nicht lesen. Ist die Datei vollständig?",
        ),
        (
            {"captions_de": SimpleUploadedFile("dgs.vtt", b"1\n00:00:00,000 --> 00:00:04,000\n")},
            "Untertitel bitte als WebVTT-Datei (.vtt, UTF-8) hochladen.",
        ),
        (
            {"captions_de": SimpleUploadedFile("dgs.srt", CAPTIONS)},
            "Dateiendung „srt“ ist nicht erlaubt.",
        ),
    ],
    ids=["not-mp4", "wrong-extension", "no-duration", "not-webvtt", "srt-extension"],
)
def test_film_upload_refuses_files_of_the_wrong_type(staff_client, media_root, files, error):
    response = staff_client.post("/admin/core/signlanguagefilm/add/", upload_form(**files))

    assert response.status_code == 200
    assert error in response.text
    assert SignLanguageFilm.objects.count() == 0


def test_film_upload_refuses_a_film_over_the_size_limit(staff_client, media_root, settings):
    settings.SIGN_LANGUAGE_FILM_MAX_BYTES = 1024

    response = staff_client.post("/admin/core/signlanguagefilm/add/", upload_form())

    assert "Der Film ist zu groß (höchstens 1,0\xa0KB)." in response.text
    assert SignLanguageFilm.objects.count() == 0


def test_admin_file_pickers_offer_only_mp4_and_webvtt(staff_client):
    html = staff_client.get("/admin/core/signlanguagefilm/add/").text

    assert re.search(r'<input type="file" name="video"[^>]* accept="video/mp4,.mp4"', html)
    assert re.search(r'<input type="file" name="captions_de"[^>]* accept="text/vtt,.vtt"', html)


def test_admin_offers_no_second_film(staff_client, media_root):
    staff_client.post("/admin/core/signlanguagefilm/add/", upload_form())

    assert staff_client.get("/admin/core/signlanguagefilm/add/").status_code == 403
