"""Reusable reads of conferences, with the joins their pages need."""
