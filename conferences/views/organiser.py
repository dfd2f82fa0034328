from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from conferences.rules import is_organiser
from core.access import second_factor_required


@second_factor_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not is_organiser(request.user):
        raise PermissionDenied
    return render(request, "conferences/organiser/dashboard.html")
