from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from core import urls as core_urls

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # Only the configured provider's tracking webhook, and only with a webhook secret.
    path("anymail/", include("mailing.urls")),
    path("", include("core.urls")),
]

# German pages live at the root, English ones under /en/, so each language has its own
# bookmarkable address; machine endpoints above stay language-neutral.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("konto/", include("allauth.urls")),
    path("", include(core_urls.page_urlpatterns)),
    path("", include("directory.urls")),
    path("veranstalten/", include("conferences.urls.organiser")),
    path("veranstalten/", include("sessions.urls.organiser")),
    path("veranstalten/", include("registrations.urls.organiser")),
    path("", include("registrations.requests.urls")),
    path("", include("registrations.urls.public")),
    path("", include("conferences.urls.public")),
    path("", include("sessions.urls.public")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
