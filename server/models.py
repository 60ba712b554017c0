"""Every table of every context, imported so that Base.metadata is complete (Alembic, tests)."""

from server.db import Base
from server.identity import models as _identity  # noqa: F401
from server.ops import models as _ops  # noqa: F401
from server.engine import models as _engine  # noqa: F401
from server.engine.cases import models as _cases  # noqa: F401
from server.engine.dmn import models as _decisions  # noqa: F401
from server.engine import failure_models as _engine_failure  # noqa: F401
from server.engine import comment_models as _engine_comments  # noqa: F401
from server.engine import filter_models as _engine_filters  # noqa: F401
from server.engine import group_models as _engine_groups  # noqa: F401
from server.engine import tenant_models as _engine_tenants  # noqa: F401
from server.engine import authorization_models as _engine_authorizations  # noqa: F401
from server import ratelimit as _ratelimit  # noqa: F401

metadata = Base.metadata
