"""Imports every module that registers scenarios; a context's bench module is added here."""

from bench import cases, engine, incidents, scenarios, work  # noqa: F401
