from django.contrib.admin.apps import AdminConfig


class SecondFactorAdminConfig(AdminConfig):
    """The admin app with a site that demands a second factor (see core.admin_site)."""

    default_site = "core.admin_site.SecondFactorAdminSite"
