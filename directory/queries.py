"""Reusable reads of directory, with the joins their pages need."""
