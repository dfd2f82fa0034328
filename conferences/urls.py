from django.urls import path

from conferences import views

urlpatterns = [
    path("", views.home, name="home"),
    path("veranstalten/", views.organiser_dashboard, name="organiser_dashboard"),
]
