from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/profile.html")


def about_data(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/about_data.html")
