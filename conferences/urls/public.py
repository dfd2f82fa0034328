from django.urls import path

from conferences.views import public

urlpatterns = [
    path("", public.home, name="home"),
]
