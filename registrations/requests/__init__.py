"""Requests for municipal workshops and consulting: models, services, queries, forms, views."""
