from django.urls import path

from core import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("seite/<slug:kind>/", views.legal_page, name="legal_page"),
]
