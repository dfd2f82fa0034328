import pytest

from tests.factories.requests import WorkshopRequestFactory

pytestmark = pytest.mark.django_db


def test_workshop_requests_are_listed_and_read_only_in_the_admin(admin_client):
    request = WorkshopRequestFactory(contact_name="Erika Beispiel")

    listing = admin_client.get("/admin/registrations/workshoprequest/?q=Beispiel")
    detail = admin_client.get(f"/admin/registrations/workshoprequest/{request.pk}/change/")
    add = admin_client.get("/admin/registrations/workshoprequest/add/")

    assert listing.status_code == 200
    assert "Erika Beispiel" in listing.text
    assert detail.status_code == 200
    assert 'name="contact_name"' not in detail.text
    assert add.status_code == 403
