"""Imports every module that registers scenarios; a context's bench module is added here."""

from bench import incidents, scenarios  # noqa: F401  (the floor and the directory; the incident desk)
