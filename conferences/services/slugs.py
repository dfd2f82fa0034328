"""Slugs for addresses: readable, unique, made from a title or a name."""

from typing import cast

from django.db import models
from django.utils.text import slugify


def unique_slug(
    model: type[models.Model], text: str, *, max_length: int | None = None, **scope
) -> str:
    """Return a slug from ``text`` not yet used by ``model`` (within ``scope``, if given).

    The slug fits the model's ``slug`` column: SQLite ignores a column's length, PostgreSQL
    refuses a longer value, so a long title must be cut here and not by the database. The
    numbered suffix that keeps it unique is counted into the length, too.
    """
    # ``slug`` is a concrete column on every model that asks, not a reverse relation.
    slug_field = cast(models.Field, model._meta.get_field("slug"))
    limit = max_length or slug_field.max_length or 50
    base = slugify(text).strip("-") or "eintrag"
    candidate, number = base[:limit].strip("-"), 2
    while model._default_manager.filter(slug=candidate, **scope).exists():
        suffix = f"-{number}"
        candidate, number = f"{base[: limit - len(suffix)].strip('-')}{suffix}", number + 1
    return candidate
