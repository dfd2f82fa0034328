import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand

from core.demo_users import DEMO_LOGINS, DEMO_PASSWORD
from core.models import User


class Command(BaseCommand):
    help = (
        "Print the demo logins, their roles and, for accounts with a second factor, the TOTP "
        "secret and the code valid right now."
    )

    def handle(self, *args: object, **options: object) -> None:
        existing = {
            user.email: user
            for user in User.objects.filter(email__in=[login.email for login in DEMO_LOGINS])
        }
        with_totp = set(
            Authenticator.objects.filter(
                user__in=existing.values(), type=Authenticator.Type.TOTP
            ).values_list("user__email", flat=True)
        )
        now = time.time()
        period = mfa_settings.TOTP_PERIOD
        seconds_left = int(period - now % period)
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        for login in DEMO_LOGINS:
            user = existing.get(login.email)
            self.stdout.write(f"  {login.email}")
            self.stdout.write(f"    role: {login.role}")
            if user is None:
                self.stdout.write("    not created yet: run 'manage.py seed_demo'")
                continue
            if not login.totp_secret:
                self.stdout.write("    second factor: none")
                continue
            if login.email not in with_totp:
                self.stdout.write("    TOTP not active: run 'manage.py seed_demo'")
                continue
            code = format_hotp_value(hotp_value(login.totp_secret, int(now) // period))
            self.stdout.write(f"    TOTP secret: {login.totp_secret}")
            self.stdout.write(f"    code now: {code} (valid for {seconds_left} s more)")
            self.stdout.write(
                f"    otpauth URL: {get_mfa_adapter().build_totp_url(user, login.totp_secret)}"
            )
        self.stdout.write(
            "\nTo add a secret to an authenticator app (e.g. FreeOTP, Aegis, Google or Microsoft "
            "Authenticator),\nchoose 'enter a setup key' (manual entry), type the secret above, "
            f"and pick 'time-based'\n({mfa_settings.TOTP_DIGITS} digits, {period} seconds). "
            "Or run 'manage.py demo_logins' again for a fresh code;\n"
            "each code is accepted only once."
        )
