from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("kommunen/suche/", views.municipality_search, name="municipality_search"),
    path("ueber-die-daten/", views.about_data, name="about_data"),
]
