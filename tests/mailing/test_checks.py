from mailing.checks import check_webhook_secret


def test_deploy_check_warns_when_anymail_webhooks_have_no_secret(settings):
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.postmark.EmailBackend"}}
    settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "token"}

    assert [message.id for message in check_webhook_secret()] == ["mailing.W001"]


def test_deploy_check_is_quiet_with_a_secret_or_without_anymail(settings):
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.postmark.EmailBackend"}}
    settings.ANYMAIL = {"WEBHOOK_SECRET": "kommunalforum:geheim"}
    with_secret = check_webhook_secret()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}}
    settings.ANYMAIL = {}

    assert (with_secret, check_webhook_secret()) == ([], [])
