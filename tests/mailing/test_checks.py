from mailing.checks import check_webhook_secret
from tests.config.test_settings import PRODUCTION_ENV, run_python

SECRET = "kommunalforum:geheim"


def check_ids() -> list[str]:
    return [message.id for message in check_webhook_secret()]


def test_deploy_check_fails_when_an_anymail_provider_has_no_webhook_secret(settings):
    settings.MAIL_PROVIDER = "postmark"
    settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "token"}

    [error] = check_webhook_secret()

    assert (error.id, error.is_serious()) == ("mailing.E001", True)


def test_deploy_check_is_quiet_with_a_secret_or_without_anymail(settings):
    settings.MAIL_PROVIDER = "postmark"
    settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "token", "WEBHOOK_SECRET": SECRET}
    with_secret = check_ids()
    settings.MAIL_PROVIDER = "smtp"
    settings.ANYMAIL = {}
    smtp = check_ids()
    settings.MAIL_PROVIDER = "console"

    assert (with_secret, smtp, check_ids()) == ([], [], [])


def test_deploy_check_fails_when_the_providers_webhook_lacks_its_signing_key(settings):
    """Such a webhook would answer every call of the provider with a 500."""
    settings.MAIL_PROVIDER = "postal"
    settings.ANYMAIL = {"POSTAL_API_KEY": "key", "WEBHOOK_SECRET": SECRET}
    without_key = check_webhook_secret()
    settings.ANYMAIL["POSTAL_WEBHOOK_KEY"] = "cHVibGljIGtleQ=="

    assert [message.id for message in without_key] == ["mailing.E002"]
    assert "POSTAL_WEBHOOK_KEY" in without_key[0].msg
    assert check_ids() == []


def test_deploy_check_finds_a_signing_key_that_is_read_only_when_a_post_arrives(settings):
    settings.MAIL_PROVIDER = "mandrill"
    settings.ANYMAIL = {"MANDRILL_API_KEY": "key", "WEBHOOK_SECRET": SECRET}
    without_key = check_ids()
    settings.ANYMAIL["MANDRILL_WEBHOOK_KEY"] = "webhook-key"

    assert (without_key, check_ids()) == (["mailing.E002"], [])


def test_deploy_check_names_a_missing_package_of_the_provider(settings):
    """Amazon SES needs boto3, which the lock file does not pin."""
    settings.MAIL_PROVIDER = "amazon_ses"
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}

    [error] = check_webhook_secret()

    assert error.id == "mailing.E002"
    assert "boto3" in error.msg


def test_deploy_check_warns_about_a_provider_without_a_tracking_webhook(settings):
    settings.MAIL_PROVIDER = "scaleway"
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}

    assert check_ids() == ["mailing.W002"]


def test_check_deploy_in_production_passes_with_a_webhook_secret_and_fails_without():
    """The command CI runs (Makefile), with Postmark configured."""
    postmark = {
        **PRODUCTION_ENV,
        "MAIL_PROVIDER": "postmark",
        "ANYMAIL_POSTMARK_SERVER_TOKEN": "server-token",
    }
    command = ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]

    with_secret = run_python(*command, env={**postmark, "ANYMAIL_WEBHOOK_SECRET": SECRET})
    without = run_python(*command, env=postmark)

    assert (with_secret.returncode, with_secret.stdout.strip()) == (
        0,
        "System check identified no issues (0 silenced).",
    )
    assert without.returncode == 1
    assert "(mailing.E001) Mail goes through anymail (postmark)" in without.stderr
