import pytest

from tests.factories.core import UserFactory, add_totp

pytestmark = pytest.mark.django_db


def test_admin_sends_anonymous_visitors_to_the_allauth_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    login = client.get(response.url)
    assert login.status_code == 302
    assert login.url == "/konto/login/?next=/admin/"


def test_admin_sends_staff_without_second_factor_to_totp_setup(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    login = client.get(response.url)
    assert login.status_code == 302
    assert login.url == "/konto/2fa/totp/activate/"


def test_admin_admits_staff_with_second_factor(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    add_totp(staff)
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Kommunalforum" in response.text


def test_admin_refuses_non_staff_even_with_second_factor(client):
    person = UserFactory()
    add_totp(person)
    client.force_login(person)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
