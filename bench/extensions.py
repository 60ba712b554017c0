"""Imports every module that registers scenarios; a context's bench module is added here."""

from bench import engine, incidents, scenarios  # noqa: F401  (floor and directory, incident desk, engine)
from bench import cases  # noqa: F401  (CMMN cases)
