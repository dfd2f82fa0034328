"""Second-factor secrets are stored encrypted, keys rotate, and login with a code still works."""

import io
import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from cryptography.fernet import Fernet
from django.core.management import call_command

from core.demo_users import ORGANISER, seed_demo_users
from tests.factories.core import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def _one_step_tolerance(settings):
    settings.MFA_TOTP_TOLERANCE = 1


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in_with_code(client, user, secret: str) -> bool:
    """Log in with password and TOTP code; return whether the session is logged in."""
    client.post("/konto/login/", {"login": user.email, "password": PASSWORD})
    client.post("/konto/2fa/authenticate/", {"code": current_code(secret)})
    return client.session.get("_auth_user_id") == str(user.pk)


def stored(user, kind=Authenticator.Type.TOTP) -> dict:
    return Authenticator.objects.get(user=user, type=kind).data


def test_totp_secret_is_stored_encrypted_and_login_works(client, settings):
    settings.MFA_ENCRYPTION_KEYS = [OLD_KEY]
    user = UserFactory()
    TOTP.activate(user, SECRET)

    value = stored(user)["secret"]

    assert SECRET not in value
    assert Fernet(OLD_KEY.encode()).decrypt(value.encode()).decode() == SECRET
    assert log_in_with_code(client, user, SECRET)


def test_recovery_code_seed_is_stored_encrypted(settings):
    settings.MFA_ENCRYPTION_KEYS = [OLD_KEY]
    user = UserFactory()
    TOTP.activate(user, SECRET)
    codes = RecoveryCodes.activate(user).generate_codes()

    seed = stored(user, Authenticator.Type.RECOVERY_CODES)["seed"]

    assert len(codes) == 10
    assert seed.startswith("gAAAAA")
    assert len(Fernet(OLD_KEY.encode()).decrypt(seed.encode()).decode()) == 80


def test_totp_key_rotation_keeps_logins_working(client, settings):
    settings.MFA_ENCRYPTION_KEYS = [OLD_KEY]
    user = UserFactory()
    TOTP.activate(user, SECRET)
    before = stored(user)["secret"]

    settings.MFA_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    out = io.StringIO()
    call_command("rotate_mfa_keys", stdout=out)
    settings.MFA_ENCRYPTION_KEYS = [NEW_KEY]

    after = stored(user)["secret"]
    assert out.getvalue() == "Re-encrypted the secrets of 1 authenticators.\n"
    assert after != before
    assert Fernet(NEW_KEY.encode()).decrypt(after.encode()).decode() == SECRET
    assert log_in_with_code(client, user, SECRET)


def test_totp_secret_stored_in_clear_still_works_and_gets_encrypted(client, settings):
    """Secrets written before encryption existed keep working until the command encrypts them."""
    settings.MFA_ENCRYPTION_KEYS = [OLD_KEY]
    user = UserFactory()
    TOTP.activate(user, SECRET)
    Authenticator.objects.filter(user=user).update(data={"secret": SECRET})

    assert log_in_with_code(client, user, SECRET)
    call_command("rotate_mfa_keys", stdout=io.StringIO())

    assert Fernet(OLD_KEY.encode()).decrypt(stored(user)["secret"].encode()).decode() == SECRET


def test_totp_secret_under_an_unknown_key_fails_loudly(settings):
    settings.MFA_ENCRYPTION_KEYS = [OLD_KEY]
    user = UserFactory()
    TOTP.activate(user, SECRET)
    settings.MFA_ENCRYPTION_KEYS = [NEW_KEY]

    from cryptography.fernet import InvalidToken

    with pytest.raises(InvalidToken):
        TOTP(Authenticator.objects.get(user=user)).validate_code(current_code(SECRET))


def test_demo_organiser_secret_is_encrypted_and_its_printed_code_logs_in(client):
    seed_demo_users(lambda line: None)
    out = io.StringIO()
    call_command("demo_logins", stdout=out)

    organiser = Authenticator.objects.get(
        user__email=ORGANISER.email, type=Authenticator.Type.TOTP
    )
    assert ORGANISER.totp_secret not in organiser.data["secret"]
    assert f"TOTP secret: {ORGANISER.totp_secret}" in out.getvalue()
    section = out.getvalue().split(f"  {ORGANISER.email}\n")[1]
    code = re.search(r"code now: (\d{6})", section).group(1)
    client.post("/konto/login/", {"login": ORGANISER.email, "password": "kommunalforum-demo"})
    client.post("/konto/2fa/authenticate/", {"code": code})
    assert client.session["_auth_user_id"] == str(organiser.user_id)


def test_demo_seeding_encrypts_a_demo_secret_stored_in_clear():
    seed_demo_users(lambda line: None)
    Authenticator.objects.filter(user__email=ORGANISER.email, type=Authenticator.Type.TOTP).update(
        data={"secret": ORGANISER.totp_secret}
    )

    seed_demo_users(lambda line: None)

    value = Authenticator.objects.get(
        user__email=ORGANISER.email, type=Authenticator.Type.TOTP
    ).data["secret"]
    assert value.startswith("gAAAAA")
    assert TOTP(
        Authenticator.objects.get(user__email=ORGANISER.email, type=Authenticator.Type.TOTP)
    ).validate_code(current_code(ORGANISER.totp_secret))
