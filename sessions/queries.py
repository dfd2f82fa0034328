"""Reusable reads of sessions, with the joins their pages need."""
