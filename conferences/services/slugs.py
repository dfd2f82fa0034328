"""Slugs for addresses: readable, unique, made from a title or a name."""

from django.db import models
from django.utils.text import slugify


def unique_slug(model: type[models.Model], text: str, *, max_length: int = 120, **scope) -> str:
    """Return a slug from ``text`` not yet used by ``model`` (within ``scope``, if given)."""
    base = slugify(text)[: max_length - 4].strip("-") or "eintrag"
    candidate, number = base, 2
    while model._default_manager.filter(slug=candidate, **scope).exists():
        candidate, number = f"{base}-{number}", number + 1
    return candidate
