import pytest

from core.models import User
from directory.models import Municipality
from tests.factories.core import add_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = User.objects.create_superuser("admin@kommunalforum.example", None)
    add_totp(admin)
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/admin/directory/region/", "Düsseldorf"),
        ("/admin/directory/district/?type__exact=Kreis&q=05974", "Kreis Soest"),
        ("/admin/directory/municipality/?q=59494", "05974040"),
        ("/admin/directory/municipality/?q=muelheim", "Mülheim an der Ruhr"),
        ("/admin/directory/municipality/?type__exact=kreisfreie+Stadt", "22 Kommunen"),
        ("/admin/directory/modelregion/", "Iserlohn, Lippstadt"),
        ("/admin/directory/organisation/", "0 Organisationen"),
        ("/admin/directory/profile/", "0 Profile"),
    ],
)
def test_admin_lists_search_and_filter_the_directory(admin_client, reference_data, path, expected):
    response = admin_client.get(path)

    assert response.status_code == 200
    assert expected in response.text


def test_admin_edits_a_municipality(admin_client, reference_data):
    soest = Municipality.objects.get(ags="05974040")

    response = admin_client.get(f"/admin/directory/municipality/{soest.pk}/change/")

    assert response.status_code == 200
    assert 'value="05974040"' in response.text
