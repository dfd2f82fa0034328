from django.urls import path

from mailing import views

app_name = "mailing"
urlpatterns = [
    path("<slug:esp>/tracking/", views.tracking_webhook, name="tracking_webhook"),
]
