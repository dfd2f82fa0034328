from django.urls import path

from core import views

# Machine endpoints: one address whatever the language.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]

# Pages for people, mounted inside i18n_patterns (German at /, English at /en/).
page_urlpatterns = [
    path("seite/<slug:kind>/", views.legal_page, name="legal_page"),
    path("gebaerdensprache/", views.sign_language, name="sign_language"),
]
