"""The migrations make the schema the models declare: every table, column, index and constraint
of ``server`` models, on both databases (a model changed without its migration fails here)."""

from __future__ import annotations

import warnings

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from server.db import Base


def test_the_migrations_make_the_schema_the_models_declare(server) -> None:  # type: ignore[no-untyped-def]
    def differences(tx):  # type: ignore[no-untyped-def]
        with warnings.catch_warnings():
            # Expression indexes (variables' text prefix) cannot be reflected: alembic skips them.
            warnings.simplefilter("ignore")
            return compare_metadata(MigrationContext.configure(tx.connection()), Base.metadata)

    assert server.db.run(differences, write=False) == []
