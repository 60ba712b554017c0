"""Rows of the engine context. Runtime state only: parsed definitions stay in immutable specs.

Ids are UUID strings, as in the document's engine; a process definition id is
``key:version:uuid``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
    literal_column,
    select,
    text,
    true,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import BigInteger

from server.db import Base, JsonDocument, UtcDateTime, sparse_index

ID = String(64)
# BigInteger is 64-bit on PostgreSQL; SQLite integers are 64-bit already and must stay INTEGER for
# rowid aliasing where used as primary key.
Long = BigInteger().with_variant(Integer(), "sqlite")
# The id column of activity instance history: a scope activity's id is ``<activity id>:<scope
# execution id>`` (as GetActivityInstanceTree names it), and activity ids hold 255 characters.
ACTIVITY_INSTANCE_ID = String(320)
# Table options of a table whose ``seq`` is also its rows' public id: SQLite would give a new row
# the key of the newest row deleted (max(rowid) + 1); AUTOINCREMENT never hands a key out twice,
# as PostgreSQL's sequences never do.
NEVER_REUSED = {"sqlite_autoincrement": True}


class Deployment(Base):
    __tablename__ = "deployments"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str | None] = mapped_column(String(255))
    source: Mapped[str | None] = mapped_column(String(255))
    tenant_id: Mapped[str | None] = mapped_column(String(64), index=True)
    deployment_time: Mapped[datetime] = mapped_column(UtcDateTime)


class DeploymentResource(Base):
    __tablename__ = "deployment_resources"
    __table_args__ = (UniqueConstraint("deployment_id", "name"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    deployment_id: Mapped[str] = mapped_column(ForeignKey("deployments.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    content_hash: Mapped[str] = mapped_column(String(64))


class ProcessDefinition(Base):
    __tablename__ = "process_definitions"
    __table_args__ = (UniqueConstraint("key", "tenant_key", "version"),)

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), index=True)
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str | None] = mapped_column(String(255))
    version_tag: Mapped[str | None] = mapped_column(String(255))
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    # tenant_id or "" — NULLs are never equal, so uniqueness of versions needs a non-null key.
    tenant_key: Mapped[str] = mapped_column(String(64))
    deployment_id: Mapped[str] = mapped_column(ForeignKey("deployments.id", ondelete="CASCADE"), index=True)
    resource_name: Mapped[str] = mapped_column(String(255))
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    # Days the history of an ended instance is kept (camunda:historyTimeToLive); None: until the
    # deployment is deleted. See server.engine.history.
    history_time_to_live: Mapped[int | None] = mapped_column(Integer)
    # camunda:isStartableInTasklist (true unless the model says false): for task lists only.
    startable_in_tasklist: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # The image of its deployment that is its diagram (server.engine.diagrams); None: none.
    diagram_resource_name: Mapped[str | None] = mapped_column(String(255))


class ProcessDefinitionStarter(Base):
    """A candidate starter of a process definition (camunda:candidateStarterUsers and
    camunda:candidateStarterGroups), one row each, as the model writes it: the document's
    engine's identity links of a definition, for ListProcessDefinitions' startable_by."""

    __tablename__ = "process_definition_starters"
    __table_args__ = (Index("ix_process_definition_starters_kind_value", "kind", "value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Named: the naming convention's name would be longer than PostgreSQL's 63 characters.
    process_definition_id: Mapped[str] = mapped_column(
        ForeignKey("process_definitions.id", ondelete="CASCADE", name="fk_process_definition_starters_definition"),
        index=True)
    kind: Mapped[str] = mapped_column(String(8))  # user | group
    value: Mapped[str] = mapped_column(String(255))


class ProcessInstance(Base):
    """The durable record of a process instance; its root execution has the same id and exists
    only while the instance runs."""

    __tablename__ = "process_instances"
    __table_args__ = (
        sparse_index("process_instances", "super_process_instance_id"),
        sparse_index("process_instances", "super_execution_id"),
        sparse_index("process_instances", "super_case_execution_id"),
        # The history cleanup reads ended instances oldest first.
        sparse_index("process_instances", "end_time"),
        # MetricsService's root-process-instance-start counts instances by their start (migration metrics_0001).
        Index("ix_process_instances_start_time", "start_time"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    process_definition_id: Mapped[str] = mapped_column(ForeignKey("process_definitions.id"), index=True)
    process_definition_key: Mapped[str] = mapped_column(String(255), index=True)
    business_key: Mapped[str | None] = mapped_column(String(255), index=True)
    tenant_id: Mapped[str | None] = mapped_column(String(64), index=True)
    # ACTIVE, SUSPENDED, COMPLETED, EXTERNALLY_TERMINATED, INTERNALLY_TERMINATED
    state: Mapped[str] = mapped_column(String(32), index=True)
    start_time: Mapped[datetime] = mapped_column(UtcDateTime)
    end_time: Mapped[datetime | None] = mapped_column(UtcDateTime)
    delete_reason: Mapped[str | None] = mapped_column(Text)
    super_process_instance_id: Mapped[str | None] = mapped_column(ID)
    super_execution_id: Mapped[str | None] = mapped_column(ID)
    super_case_execution_id: Mapped[str | None] = mapped_column(ID)
    case_instance_id: Mapped[str | None] = mapped_column(ID)
    # The user whose call started it (Runtime.start_user_id); None for a timer's start.
    start_user_id: Mapped[str | None] = mapped_column(String(255))
    # The ended instance RestartProcessInstances started it from (server.engine.restart).
    restarted_process_instance_id: Mapped[str | None] = mapped_column(ID)


class Execution(Base):
    """A node of a running instance's execution tree.

    The root (id = process instance id) is the instance. A scope execution stands for the
    instance, an embedded subprocess, a multi-instance body (its instances are its concurrent
    children) or an activity with boundary events (``scope_activity_id``).
    While a scope has a single path of execution, the scope execution itself is at the current
    activity; a parallel fork turns that path into concurrent child executions and leaves the
    scope execution without an activity."""

    __tablename__ = "executions"
    __table_args__ = (
        Index("ix_executions_pi_activity", "process_instance_id", "activity_id"),
        Index("ix_executions_definition_id", "process_definition_id", "id"),
        sparse_index("executions", "parent_id"),
        sparse_index("executions", "super_execution_id"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    process_instance_id: Mapped[str] = mapped_column(ID)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("executions.id"))
    process_definition_id: Mapped[str] = mapped_column(String(255))
    process_definition_key: Mapped[str] = mapped_column(String(255), index=True)
    business_key: Mapped[str | None] = mapped_column(String(255), index=True)
    tenant_id: Mapped[str | None] = mapped_column(String(64), index=True)
    activity_id: Mapped[str | None] = mapped_column(String(255), index=True)
    # The activity whose scope this execution is (subprocess / activity with boundary events).
    scope_activity_id: Mapped[str | None] = mapped_column(String(255))
    is_scope: Mapped[bool] = mapped_column(Boolean, default=False)
    is_concurrent: Mapped[bool] = mapped_column(Boolean, default=False)
    # False while waiting at a joining gateway or while it only holds children.
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    suspended: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    super_execution_id: Mapped[str | None] = mapped_column(ID)
    start_time: Mapped[datetime] = mapped_column(UtcDateTime)


# Text variables are indexed by name and the first TEXT_PREFIX characters of the value, not the
# whole value: a String variable may be far longer than a PostgreSQL btree entry (about 2.7 kB),
# and 200 characters (at most 800 bytes) plus a name of 255 stay under it. Equality filters
# compare the prefix as well as the value, so they find their rows through the index.
TEXT_PREFIX = 200
TEXT_PREFIX_SQL = f"substr(text_value, 1, {TEXT_PREFIX})"


def text_prefix(column: ColumnElement[str | None]) -> ColumnElement[str | None]:
    """The indexed prefix of a text value, spelled as the index spells it (literal bounds: an
    expression index serves a query only when the expressions match to the constant)."""
    return func.substr(column, literal_column("1"), literal_column(str(TEXT_PREFIX)))


class Variable(Base):
    """A typed variable. ``scope_id`` is the execution, case execution or task that owns it;
    process variables live on the process instance (root execution). Values sit in typed columns
    so filters and sorting use indexes."""

    __tablename__ = "variables"
    __table_args__ = (
        UniqueConstraint("scope_id", "name"),
        Index("ix_variables_name_text", "name", text(TEXT_PREFIX_SQL), sqlite_where=text("text_value IS NOT NULL"),
              postgresql_where=text("text_value IS NOT NULL")),
        sparse_index("variables", "long_value", leading=("name",), name="ix_variables_name_long"),
        sparse_index("variables", "double_value", leading=("name",), name="ix_variables_name_double"),
        sparse_index("variables", "case_instance_id"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    # boolean, short, integer, long, double, string, date, json, bytes, file, object, null
    type: Mapped[str] = mapped_column(String(16))
    scope_id: Mapped[str] = mapped_column(ID)
    process_instance_id: Mapped[str | None] = mapped_column(ID, index=True)
    case_instance_id: Mapped[str | None] = mapped_column(ID)
    text_value: Mapped[str | None] = mapped_column(Text)
    long_value: Mapped[int | None] = mapped_column(Long)
    double_value: Mapped[float | None] = mapped_column(Float)
    bytes_value: Mapped[bytes | None] = mapped_column(LargeBinary)
    value_info: Mapped[dict | None] = mapped_column(JsonDocument)
    # 0 when created; each update adds one (the revision its history detail names).
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))


class EventSubscription(Base):
    """An execution waiting for a message, signal, timer or condition; or, without an execution,
    a definition's message (or conditional) start event; or a scope execution's record of a
    completed activity to compensate, or a running compensation (server.engine.compensation)."""

    __tablename__ = "event_subscriptions"
    __table_args__ = (Index("ix_event_subscriptions_type_name", "event_type", "event_name"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    event_type: Mapped[str] = mapped_column(String(16))  # message, signal, timer, conditional, compensate
    event_name: Mapped[str | None] = mapped_column(String(255))
    execution_id: Mapped[str | None] = mapped_column(ForeignKey("executions.id"), index=True)
    process_instance_id: Mapped[str | None] = mapped_column(ID, index=True)
    process_definition_id: Mapped[str | None] = mapped_column(String(255), index=True)
    activity_id: Mapped[str] = mapped_column(String(255))
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    configuration: Mapped[str | None] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(UtcDateTime)


class Task(Base):
    """A user task waiting for a person."""

    __tablename__ = "tasks"
    __table_args__ = (sparse_index("tasks", "case_execution_id"), sparse_index("tasks", "case_instance_id"),
                      sparse_index("tasks", "owner"), sparse_index("tasks", "parent_task_id"))

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str | None] = mapped_column(String(255))
    task_definition_key: Mapped[str] = mapped_column(String(255))
    assignee: Mapped[str | None] = mapped_column(String(255), index=True)
    priority: Mapped[int] = mapped_column(Integer, default=50)
    due_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    form_key: Mapped[str | None] = mapped_column(String(255))
    execution_id: Mapped[str | None] = mapped_column(ForeignKey("executions.id"), index=True)
    process_instance_id: Mapped[str | None] = mapped_column(ID, index=True)
    process_definition_id: Mapped[str | None] = mapped_column(String(255))
    case_execution_id: Mapped[str | None] = mapped_column(ID)
    case_instance_id: Mapped[str | None] = mapped_column(ID)
    case_definition_id: Mapped[str | None] = mapped_column(String(255))
    tenant_id: Mapped[str | None] = mapped_column(String(64), index=True)
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    created: Mapped[datetime] = mapped_column(UtcDateTime)
    description: Mapped[str | None] = mapped_column(Text)
    follow_up_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Who is responsible for the task: who delegated it (DelegateTask), or as set.
    owner: Mapped[str | None] = mapped_column(String(255))
    # PENDING while delegated (the assignee works on it for the owner), RESOLVED once the
    # assignee resolved it (the owner is the assignee again); None: never delegated.
    delegation_state: Mapped[str | None] = mapped_column(String(16))
    # A subtask's parent task (CreateTask), which it ends with; None: not a subtask.
    parent_task_id: Mapped[str | None] = mapped_column(ID)


class TaskCandidate(Base):
    """Candidate users and groups of a task, one row each, for the task query."""

    __tablename__ = "task_candidates"
    __table_args__ = (Index("ix_task_candidates_kind_value", "kind", "value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    task_id: Mapped[str] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # user | group
    value: Mapped[str] = mapped_column(String(255))


class ExternalTask(Base):
    """Work for a worker: a service, send or business-rule task with camunda:type="external".

    Fetchable (server.engine.external_tasks.fetchable) = not suspended, retries NULL or > 0, and
    lock_expiration NULL or <= now. A worker holds the task while worker_id is its id and
    lock_expiration > now. A failure clears worker_id and sets lock_expiration to the end of
    the retry timeout (NULL: fetchable at once), so lock_expiration doubles as "not before".
    Making a task fetchable again at once (RestartFailedStep, Unlock): retries NULL or > 0,
    lock_expiration NULL, worker_id NULL."""

    __tablename__ = "external_tasks"
    __table_args__ = (Index("ix_external_tasks_fetch", "topic", "suspended", "priority"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    topic: Mapped[str] = mapped_column(String(255))
    # The worker that locked the task last (cleared by a failure or an unlock).
    worker_id: Mapped[str | None] = mapped_column(String(255), index=True)
    lock_expiration: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # None until a worker reports a failure with a retry count; 0 means an incident is open.
    retries: Mapped[int | None] = mapped_column(Integer)
    error_message: Mapped[str | None] = mapped_column(Text)
    error_details: Mapped[str | None] = mapped_column(Text)
    priority: Mapped[int] = mapped_column(Long, default=0)
    execution_id: Mapped[str] = mapped_column(ForeignKey("executions.id"), index=True)
    process_instance_id: Mapped[str] = mapped_column(ID, index=True)
    process_definition_id: Mapped[str] = mapped_column(String(255))
    process_definition_key: Mapped[str] = mapped_column(String(255))
    activity_id: Mapped[str] = mapped_column(String(255))
    business_key: Mapped[str | None] = mapped_column(String(255))
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    created: Mapped[datetime] = mapped_column(UtcDateTime)
    # The pass of its path through the activity (HistoricActivityInstance.id), for its log.
    activity_instance_id: Mapped[str | None] = mapped_column(ACTIVITY_INSTANCE_ID)
    # Its definition's camunda:versionTag (not stored: migration moves tasks to another
    # definition, and the tag is the definition's). Read when first used, or with the row where
    # a query asks for it (``undefer``): the paths that never show it do not read definitions.
    process_definition_version_tag: Mapped[str | None] = column_property(
        select(ProcessDefinition.version_tag)
        .where(ProcessDefinition.id == process_definition_id)
        .correlate_except(ProcessDefinition)
        .scalar_subquery(),
        deferred=True,
    )


class JobDefinition(Base):
    """What kind of job an activity of a definition produces (timer, async continuation)."""

    __tablename__ = "job_definitions"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    process_definition_id: Mapped[str] = mapped_column(
        ForeignKey("process_definitions.id", ondelete="CASCADE"), index=True
    )
    process_definition_key: Mapped[str] = mapped_column(String(255))
    activity_id: Mapped[str] = mapped_column(String(255))
    job_type: Mapped[str] = mapped_column(String(32))  # timer, async-before, async-after
    configuration: Mapped[str | None] = mapped_column(Text)
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    # New jobs of a suspended job definition are suspended (server.engine.job_definitions).
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    # The priority new jobs get instead of the model's (SetJobDefinitionPriority); None: the model's.
    overriding_job_priority: Mapped[int | None] = mapped_column(Long)
    # Its process definition's deployment, read with the row.
    deployment_id: Mapped[str] = column_property(
        select(ProcessDefinition.deployment_id)
        .where(ProcessDefinition.id == process_definition_id)
        .correlate_except(ProcessDefinition)
        .scalar_subquery()
    )


class Job(Base):
    """A timer or an asynchronous continuation, run by the job executor when due.

    Acquirable (server.engine.jobs.acquirable) = not suspended, retries > 0, due_date NULL or
    <= now, and lock_expiration NULL or <= now. The executor sets lock_owner/lock_expiration
    while it holds a job and deletes the row when the job's work commits. A failure clears the
    lock, stores exception_message/details, lowers retries and sets due_date to the retry time
    (failedJobRetryTimeCycle; at once without one). Running a failed job again (RestartFailedStep,
    SetJobRetries): retries > 0, due_date NULL or now, lock_owner and lock_expiration NULL."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_acquire", "suspended", "due_date"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    # timer-intermediate, timer-boundary, timer-start, timer-event-gateway,
    # timer-start-event-subprocess, async-before, async-after, suspend-process-definition,
    # activate-process-definition
    handler_type: Mapped[str] = mapped_column(String(32))
    handler_configuration: Mapped[dict | None] = mapped_column(JsonDocument)
    due_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Repetition for timer cycles ("R3/PT10M"), consumed one firing at a time.
    repeat: Mapped[str | None] = mapped_column(String(255))
    retries: Mapped[int] = mapped_column(Integer, default=3)
    lock_owner: Mapped[str | None] = mapped_column(String(255))
    lock_expiration: Mapped[datetime | None] = mapped_column(UtcDateTime)
    exception_message: Mapped[str | None] = mapped_column(Text)
    exception_details: Mapped[str | None] = mapped_column(Text)
    execution_id: Mapped[str | None] = mapped_column(ForeignKey("executions.id"), index=True)
    process_instance_id: Mapped[str | None] = mapped_column(ID, index=True)
    process_definition_id: Mapped[str | None] = mapped_column(String(255), index=True)
    process_definition_key: Mapped[str | None] = mapped_column(String(255))
    activity_id: Mapped[str | None] = mapped_column(String(255))
    job_definition_id: Mapped[str | None] = mapped_column(ID, index=True)
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    priority: Mapped[int] = mapped_column(Long, default=0)
    created: Mapped[datetime] = mapped_column(UtcDateTime)


class HistoryCleanup(Base):
    """The schedule of the automatic history cleanup (server.engine.history), one row that the
    replicas share: a round locks it, so replicas take turns."""

    __tablename__ = "history_cleanup"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    due_time: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_run_time: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_removed_process_instances: Mapped[int] = mapped_column(Integer, default=0)
    last_removed_case_instances: Mapped[int] = mapped_column(Integer, default=0)
    last_removed_batches: Mapped[int] = mapped_column(Integer, default=0)
    last_removed_decision_instances: Mapped[int] = mapped_column(Integer, default=0)



class HistoricActivityInstance(Base):
    """One pass of a process instance through an activity: started when a path entered it (for
    an async-before activity: when its job ran), ended when the path left it (completed), or
    when it was removed (canceled). Written by server.engine.activity_log; the history cleanup
    and a deployment's deletion remove the rows with their instance.

    ``seq`` orders the rows of an instance as they occurred: each unit of work holds its
    instance, so the rows of one instance take increasing values."""

    __tablename__ = "historic_activity_instances"
    __table_args__ = (
        Index("ix_historic_activity_instances_instance", "process_instance_id", "seq"),
        # Ending a pass finds it by its path and activity, among the open ones only.
        Index("ix_historic_activity_instances_open", "execution_id", "activity_id",
              sqlite_where=text("end_time IS NULL"), postgresql_where=text("end_time IS NULL")),
        # QueryHistoricActivityStatistics counts a definition's passes per activity; the
        # definition filter of QueryHistoricActivityInstances (migration history_0017).
        Index("ix_historic_activity_instances_definition", "process_definition_id", "activity_id"),
        # MetricsService counts passes by their start and the ended ones by their end (migration metrics_0001).
        Index("ix_historic_activity_instances_start_time", "start_time"),
        sparse_index("historic_activity_instances", "end_time"),
    )

    seq: Mapped[int] = mapped_column(Long, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(ACTIVITY_INSTANCE_ID, unique=True)
    # The subprocess instance around it (its id as above), else the process instance id.
    parent_activity_instance_id: Mapped[str] = mapped_column(ACTIVITY_INSTANCE_ID)
    process_instance_id: Mapped[str] = mapped_column(ID)
    execution_id: Mapped[str] = mapped_column(ID)
    activity_id: Mapped[str] = mapped_column(String(255))
    activity_name: Mapped[str | None] = mapped_column(Text)
    # As GetActivityInstanceTree: userTask, serviceTask, boundaryTimer, noneEndEvent, … (spec.activity_type).
    activity_type: Mapped[str] = mapped_column(String(64))
    process_definition_id: Mapped[str] = mapped_column(String(255))
    process_definition_key: Mapped[str] = mapped_column(String(255))
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    task_id: Mapped[str | None] = mapped_column(ID)
    # The user task's assignee, followed while the pass runs (server.engine.tasks).
    assignee: Mapped[str | None] = mapped_column(String(255))
    called_process_instance_id: Mapped[str | None] = mapped_column(ID)
    start_time: Mapped[datetime] = mapped_column(UtcDateTime)
    end_time: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Ended by a removal (an interrupting event, a cancellation, a deletion), not by its path
    # leaving it.
    canceled: Mapped[bool] = mapped_column(Boolean, default=False)
    # An end event that completed its scope (the process instance or a subprocess).
    complete_scope: Mapped[bool] = mapped_column(Boolean, default=False)


class StoredValueColumns:
    """A typed value as the variables table holds it (server.engine.variables.to_columns and
    from_columns): the history's copies of values use the same columns."""

    type: Mapped[str] = mapped_column(String(16))
    text_value: Mapped[str | None] = mapped_column(Text)
    long_value: Mapped[int | None] = mapped_column(Long)
    double_value: Mapped[float | None] = mapped_column(Float)
    bytes_value: Mapped[bytes | None] = mapped_column(LargeBinary)
    value_info: Mapped[dict | None] = mapped_column(JsonDocument)


class _HistoricVariableColumns(StoredValueColumns):
    """The columns of both variable history tables: the value, typed as the variables table
    holds it, and whose variable it was: the execution (a process's own variables: the
    instance), the task, or the case execution (a case's own: the case instance)."""

    name: Mapped[str] = mapped_column(String(255))
    revision: Mapped[int] = mapped_column(Integer)
    process_instance_id: Mapped[str | None] = mapped_column(ID)
    process_definition_id: Mapped[str | None] = mapped_column(String(255))
    process_definition_key: Mapped[str | None] = mapped_column(String(255))
    execution_id: Mapped[str | None] = mapped_column(ID)
    activity_instance_id: Mapped[str | None] = mapped_column(ACTIVITY_INSTANCE_ID)
    task_id: Mapped[str | None] = mapped_column(ID)
    case_instance_id: Mapped[str | None] = mapped_column(ID)
    case_definition_id: Mapped[str | None] = mapped_column(String(255))
    case_definition_key: Mapped[str | None] = mapped_column(String(255))
    case_execution_id: Mapped[str | None] = mapped_column(ID)
    case_activity_id: Mapped[str | None] = mapped_column(String(255))
    tenant_id: Mapped[str | None] = mapped_column(String(64))


class HistoricVariableInstance(_HistoricVariableColumns, Base):
    """A variable as the history keeps it (server.engine.variable_log): its latest value, and
    DELETED once a call deleted it. The row outlives its scope: when the execution, task or case
    that owned the variable ends, the row stays CREATED with the last value. ``id`` is the
    variable's. The history cleanup and a deployment's deletion remove it with its instance."""

    __tablename__ = "historic_variable_instances"
    __table_args__ = (
        Index("ix_historic_variable_instances_instance", "process_instance_id"),
        sparse_index("historic_variable_instances", "case_instance_id"),
        # The historic task query's task_variables.
        sparse_index("historic_variable_instances", "task_id"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    state: Mapped[str] = mapped_column(String(16))  # CREATED, DELETED
    create_time: Mapped[datetime] = mapped_column(UtcDateTime)


class HistoricVariableUpdate(_HistoricVariableColumns, Base):
    """A detail of the history (the document's engine's HistoricDetail), of one of two kinds
    (``detail_type``). A variableUpdate is one change of a variable: its creation, an update, or
    its deletion, with the value it then had and the variable's revision. A formField is one
    value submitted with a form (server.engine.variable_log.form_submitted): ``name`` is the
    submitted variable's, the value its text (type string), and the variable's own columns
    (variable_instance_id, revision, event) are empty. ``seq`` is also the public id, and
    orders the details as they occurred."""

    __tablename__ = "historic_variable_updates"
    __table_args__ = (
        Index("ix_historic_variable_updates_instance", "process_instance_id", "seq"),
        sparse_index("historic_variable_updates", "case_instance_id"),
        NEVER_REUSED,
    )

    seq: Mapped[int] = mapped_column(Long, primary_key=True, autoincrement=True)
    # variableUpdate or formField (migration history_0018).
    detail_type: Mapped[str] = mapped_column(String(16), server_default="variableUpdate")
    variable_instance_id: Mapped[str | None] = mapped_column(ID)
    revision: Mapped[int | None] = mapped_column(Integer)  # type: ignore[assignment]
    event: Mapped[str | None] = mapped_column(String(8))  # create, update, delete
    # Set when the variable came with the start of its process or case instance.
    initial: Mapped[bool] = mapped_column(Boolean)
    time: Mapped[datetime] = mapped_column(UtcDateTime)
    # The operation log entry of the call that made the change, when it wrote one.
    user_operation_id: Mapped[str | None] = mapped_column(ID)


class HistoricTaskInstance(Base):
    """A user task of a process or a human task of a case, as the history keeps it
    (server.engine.task_log): created with the task (same id), following its assignee and the
    fields UpdateTask sets, ended when the task is (``delete_reason`` completed or deleted). The
    history cleanup and a deployment's deletion remove it with its instance."""

    __tablename__ = "historic_task_instances"
    __table_args__ = (
        Index("ix_historic_task_instances_instance", "process_instance_id"),
        # The task reports read ended tasks by when they ended (migration history_0017).
        Index("ix_historic_task_instances_end_time", "end_time"),
        sparse_index("historic_task_instances", "case_instance_id"),
        sparse_index("historic_task_instances", "owner"),
        sparse_index("historic_task_instances", "parent_task_id"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    task_definition_key: Mapped[str] = mapped_column(String(255))
    name: Mapped[str | None] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    assignee: Mapped[str | None] = mapped_column(String(255))
    owner: Mapped[str | None] = mapped_column(String(255))
    priority: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    follow_up_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    start_time: Mapped[datetime] = mapped_column(UtcDateTime)
    end_time: Mapped[datetime | None] = mapped_column(UtcDateTime)
    delete_reason: Mapped[str | None] = mapped_column(String(64))
    process_instance_id: Mapped[str | None] = mapped_column(ID)
    process_definition_id: Mapped[str | None] = mapped_column(String(255))
    process_definition_key: Mapped[str | None] = mapped_column(String(255))
    execution_id: Mapped[str | None] = mapped_column(ID)
    activity_instance_id: Mapped[str | None] = mapped_column(ACTIVITY_INSTANCE_ID)
    case_instance_id: Mapped[str | None] = mapped_column(ID)
    case_definition_id: Mapped[str | None] = mapped_column(String(255))
    case_definition_key: Mapped[str | None] = mapped_column(String(255))
    case_execution_id: Mapped[str | None] = mapped_column(ID)
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    parent_task_id: Mapped[str | None] = mapped_column(ID)


class HistoricExternalTaskLog(Base):
    """One event of an external task's life (server.engine.external_task_log): created, failed
    (a worker reported a failure, or a BPMN error nothing caught), succeeded (completed, or a
    BPMN error that was caught) or deleted (its path was removed). ``seq`` is also the public
    id, and orders the events as they occurred. Rows go with their process instance."""

    __tablename__ = "historic_external_task_logs"
    __table_args__ = (
        Index("ix_historic_external_task_logs_instance", "process_instance_id", "seq"),
        Index("ix_historic_external_task_logs_task", "external_task_id"),
        NEVER_REUSED,
    )

    seq: Mapped[int] = mapped_column(Long, primary_key=True, autoincrement=True)
    timestamp: Mapped[datetime] = mapped_column(UtcDateTime)
    state: Mapped[str] = mapped_column(String(16))  # created, failed, succeeded, deleted
    external_task_id: Mapped[str] = mapped_column(ID)
    topic_name: Mapped[str] = mapped_column(String(255))
    worker_id: Mapped[str | None] = mapped_column(String(255))
    priority: Mapped[int] = mapped_column(Long)
    retries: Mapped[int | None] = mapped_column(Integer)
    error_message: Mapped[str | None] = mapped_column(Text)
    error_details: Mapped[str | None] = mapped_column(Text)
    activity_id: Mapped[str] = mapped_column(String(255))
    activity_instance_id: Mapped[str | None] = mapped_column(ACTIVITY_INSTANCE_ID)
    execution_id: Mapped[str] = mapped_column(ID)
    process_instance_id: Mapped[str] = mapped_column(ID)
    process_definition_id: Mapped[str] = mapped_column(String(255))
    process_definition_key: Mapped[str] = mapped_column(String(255))
    tenant_id: Mapped[str | None] = mapped_column(String(64))


class HistoricJobLog(Base):
    """One event of a job's life (server.engine.job_log): created, failed (its run raised: the
    retries left, the exception), succeeded (it ran) or deleted (its path was removed, or a new
    version replaced its start timer). ``seq`` is also the public id, and orders the events as
    they occurred. Rows go with their process instance; a start timer's (no instance) with its
    deployment."""

    __tablename__ = "historic_job_logs"
    __table_args__ = (
        # Also finds the start timers' entries (no instance: IS NULL), which go with their deployment.
        Index("ix_historic_job_logs_instance", "process_instance_id", "seq"),
        Index("ix_historic_job_logs_job", "job_id"),
        # MetricsService's job-successful and job-failed (migration metrics_0001).
        Index("ix_historic_job_logs_state_timestamp", "state", "timestamp"),
        NEVER_REUSED,
    )

    seq: Mapped[int] = mapped_column(Long, primary_key=True, autoincrement=True)
    timestamp: Mapped[datetime] = mapped_column(UtcDateTime)
    state: Mapped[str] = mapped_column(String(16))  # created, failed, succeeded, deleted
    job_id: Mapped[str] = mapped_column(ID)
    # As Job.handler_type: timer-intermediate, timer-boundary, timer-start, async-before, …
    job_type: Mapped[str] = mapped_column(String(32))
    job_due_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    job_retries: Mapped[int] = mapped_column(Integer)
    job_priority: Mapped[int] = mapped_column(Long)
    job_exception_message: Mapped[str | None] = mapped_column(Text)
    job_exception_details: Mapped[str | None] = mapped_column(Text)
    job_definition_id: Mapped[str | None] = mapped_column(ID)
    activity_id: Mapped[str | None] = mapped_column(String(255))
    execution_id: Mapped[str | None] = mapped_column(ID)
    process_instance_id: Mapped[str | None] = mapped_column(ID)
    process_definition_id: Mapped[str | None] = mapped_column(String(255))
    process_definition_key: Mapped[str | None] = mapped_column(String(255))
    tenant_id: Mapped[str | None] = mapped_column(String(64))


class HistoricIdentityLinkLog(Base):
    """One change of a task's identity links (server.engine.identity_link_log): a user or group
    added to or deleted from a task as its assignee, owner or candidate, by whom (``assigner_id``;
    none when the engine created the task). ``seq`` is also the public id and orders the changes
    as they happened. Rows go with their process instance or case instance."""

    __tablename__ = "historic_identity_link_logs"
    __table_args__ = (
        Index("ix_historic_identity_link_logs_instance", "process_instance_id"),
        sparse_index("historic_identity_link_logs", "case_instance_id"),
        Index("ix_historic_identity_link_logs_task", "task_id"),
        # MetricsService's unique-task-workers: the assignees added in a window (migration metrics_0001).
        Index("ix_historic_identity_link_logs_type_timestamp", "type", "operation_type", "timestamp"),
        NEVER_REUSED,
    )

    seq: Mapped[int] = mapped_column(Long, primary_key=True, autoincrement=True)
    timestamp: Mapped[datetime] = mapped_column(UtcDateTime)
    type: Mapped[str] = mapped_column(String(16))  # assignee, owner, candidate
    operation_type: Mapped[str] = mapped_column(String(8))  # add, delete
    user_id: Mapped[str | None] = mapped_column(String(255))
    group_id: Mapped[str | None] = mapped_column(String(255))
    assigner_id: Mapped[str | None] = mapped_column(String(255))
    task_id: Mapped[str] = mapped_column(ID)
    process_instance_id: Mapped[str | None] = mapped_column(ID)
    process_definition_id: Mapped[str | None] = mapped_column(String(255))
    process_definition_key: Mapped[str | None] = mapped_column(String(255))
    case_instance_id: Mapped[str | None] = mapped_column(ID)
    tenant_id: Mapped[str | None] = mapped_column(String(64))


class UserOperation(Base):
    """One entry of the operation log (server.engine.operation_log): who did what, when, to
    which subject; one per property an operation changed. ``seq`` orders entries as written."""

    __tablename__ = "user_operations"
    __table_args__ = (
        sparse_index("user_operations", "process_instance_id"),
        sparse_index("user_operations", "task_id"),
        sparse_index("user_operations", "case_instance_id"),
        Index("ix_user_operations_timestamp", "timestamp"),
        sparse_index("user_operations", "batch_id"),
        Index("ix_user_operations_operation_id", "operation_id"),
    )

    seq: Mapped[int] = mapped_column(Long, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(ID, unique=True)
    operation_id: Mapped[str] = mapped_column(ID)
    operation_type: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(255))
    timestamp: Mapped[datetime] = mapped_column(UtcDateTime)
    property: Mapped[str | None] = mapped_column(String(255))
    org_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    process_definition_id: Mapped[str | None] = mapped_column(String(255))
    process_definition_key: Mapped[str | None] = mapped_column(String(255))
    process_instance_id: Mapped[str | None] = mapped_column(ID)
    execution_id: Mapped[str | None] = mapped_column(ID)
    job_id: Mapped[str | None] = mapped_column(ID)
    job_definition_id: Mapped[str | None] = mapped_column(ID)
    incident_id: Mapped[str | None] = mapped_column(ID)
    external_task_id: Mapped[str | None] = mapped_column(ID)
    process_step_id: Mapped[str | None] = mapped_column(ID)
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    task_id: Mapped[str | None] = mapped_column(ID)
    deployment_id: Mapped[str | None] = mapped_column(ID)
    case_definition_id: Mapped[str | None] = mapped_column(String(255))
    case_instance_id: Mapped[str | None] = mapped_column(ID)
    case_execution_id: Mapped[str | None] = mapped_column(ID)
    # The batch the operation started or acted on (server.engine.batches).
    batch_id: Mapped[str | None] = mapped_column(ID)
    # Why the operation was done: the same on each entry of the operation (given with the call,
    # or set later by SetUserOperationAnnotation).
    annotation: Mapped[str | None] = mapped_column(Text)


class Batch(Base):
    """A running batch (server.engine.batches): an operation on many items done by jobs. Its
    items are rows of BatchItem; its seed, monitor and batch jobs carry its three job definition
    ids in Job.job_definition_id. The row goes when the batch ends or is deleted; its
    HistoricBatch stays."""

    __tablename__ = "batches"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    # instance-deletion, instance-update-suspension-state, set-variables, set-job-retries,
    # set-external-task-retries, historic-instance-deletion, correlate-message,
    # instance-modification, instance-restart, instance-migration, decision-instance-deletion
    # (server.engine.batches.TYPES)
    type: Mapped[str] = mapped_column(String(32), index=True)
    total_items: Mapped[int] = mapped_column(Integer)
    total_jobs: Mapped[int] = mapped_column(Integer)
    jobs_created: Mapped[int] = mapped_column(Integer, default=0)
    batch_jobs_per_seed: Mapped[int] = mapped_column(Integer)
    invocations_per_batch_job: Mapped[int] = mapped_column(Integer)
    seed_job_definition_id: Mapped[str] = mapped_column(ID)
    monitor_job_definition_id: Mapped[str] = mapped_column(ID)
    batch_job_definition_id: Mapped[str] = mapped_column(ID)
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    tenant_id: Mapped[str | None] = mapped_column(String(64), index=True)
    # The creator: the items are done as this user, with the tenants its token had.
    create_user_id: Mapped[str] = mapped_column(String(255))
    creator_user_id: Mapped[int] = mapped_column(Long)
    creator_tenants: Mapped[list] = mapped_column(JsonDocument)
    creator_admin: Mapped[bool] = mapped_column(Boolean)
    # What each item gets (the delete reason, the retries, the variables, …).
    configuration: Mapped[dict] = mapped_column(JsonDocument)
    start_time: Mapped[datetime] = mapped_column(UtcDateTime)
    execution_start_time: Mapped[datetime | None] = mapped_column(UtcDateTime)


class BatchItem(Base):
    """One item of a running batch (a process instance, job or external task id) at its
    position: batch job k does the positions [k * invocations, (k + 1) * invocations) and
    removes them with its work."""

    __tablename__ = "batch_items"

    batch_id: Mapped[str] = mapped_column(ID, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[str] = mapped_column(ID)


class HistoricBatch(Base):
    """A batch as the history keeps it: written with the batch, ended (``end_time``) when the
    batch ends or is deleted; removed by DeleteHistoricBatch, DeleteBatch with cascade, or the
    history cleanup (by ``end_time``)."""

    __tablename__ = "historic_batches"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    type: Mapped[str] = mapped_column(String(32))
    total_jobs: Mapped[int] = mapped_column(Integer)
    batch_jobs_per_seed: Mapped[int] = mapped_column(Integer)
    invocations_per_batch_job: Mapped[int] = mapped_column(Integer)
    seed_job_definition_id: Mapped[str] = mapped_column(ID)
    monitor_job_definition_id: Mapped[str] = mapped_column(ID)
    batch_job_definition_id: Mapped[str] = mapped_column(ID)
    tenant_id: Mapped[str | None] = mapped_column(String(64), index=True)
    create_user_id: Mapped[str] = mapped_column(String(255))
    start_time: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    execution_start_time: Mapped[datetime | None] = mapped_column(UtcDateTime)
    end_time: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
