from django.urls import path

from conferences.views import organiser

urlpatterns = [
    path("", organiser.dashboard, name="organiser_dashboard"),
]
