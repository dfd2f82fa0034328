from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from directory.forms import ProfileForm
from directory.queries import (
    SEARCH_TERM_MAX_LENGTH,
    profile_of,
    reference_data_summary,
    search_municipalities,
)
from directory.services import update_profile


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    current = profile_of(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, user=request.user, profile=current)
        if form.is_valid():
            update_profile(request.user, **form.cleaned_data)
            messages.success(request, _("Ihr Profil ist gespeichert."))
            return redirect("directory:profile")
    else:
        form = ProfileForm(user=request.user, profile=current)
    return render(request, "directory/profile.html", {"form": form})


@require_GET
def municipality_search(request: HttpRequest) -> HttpResponse:
    """Answer the municipality picker with at most ten options as an HTML fragment."""
    term = request.GET.get("q", "")[:SEARCH_TERM_MAX_LENGTH]
    return render(
        request,
        "directory/municipality_options.html",
        {"municipalities": search_municipalities(term)},
    )


def about_data(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/about_data.html", {"summary": reference_data_summary()})
