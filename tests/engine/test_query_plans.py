"""The lookups on every completion stay indexed on SQLite once statistics exist (ANALYZE or
PRAGMA optimize): mostly-NULL parent and caller ids have sparse indexes, an equality filter on
variables is found through the (name, value) index — for text, (name, the value's first 200
characters) — a task by its instance's business key through the instances' index, and the
history's passes and operation log entries through theirs. Plans, not timings."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, event, exists, insert, select, update

from server.db import Database
from server.engine import executions, history_reports, task_history, tasks
from server.engine.cases.models import CaseDefinition, HistoricCaseActivityInstance
from server.engine.models import (
    Deployment,
    Execution,
    HistoricActivityInstance,
    ProcessDefinition,
    ProcessInstance,
    HistoricExternalTaskLog,
    HistoricIdentityLinkLog,
    HistoricJobLog,
    HistoricTaskInstance,
    HistoricVariableInstance,
    HistoricVariableUpdate,
    Task,
    UserOperation,
    Variable,
)
from server.identity.service import Caller
from server.migrate import upgrade

ADMIN = Caller(user_id=1, user_name="admin", token_id=1, tenants=frozenset(), is_admin=True)


def _plan(db: Database, statement) -> str:  # type: ignore[no-untyped-def]
    compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
    with db.engine.connect() as connection:
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
    return " | ".join(str(row[-1]) for row in rows)


def test_completion_lookups_and_variable_equality_use_indexes_after_analyze(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = Database(f"sqlite:///{tmp_path}/plans.db")
    try:
        upgrade(db)
        now = datetime.now(timezone.utc)
        ids = [str(uuid.uuid4()) for _ in range(3000)]

        def seed(tx) -> None:  # type: ignore[no-untyped-def]
            tx.add(Deployment(id="d", name="d", deployment_time=now))
            tx.flush()
            tx.add(ProcessDefinition(id="k:1:x", key="k", version=1, tenant_key="", deployment_id="d",
                                     resource_name="k.bpmn", suspended=False))
            tx.flush()
            tx.execute(insert(ProcessInstance), [
                {"id": i, "process_definition_id": "k:1:x", "process_definition_key": "k", "state": "ACTIVE",
                 "business_key": f"bk-{n}", "start_time": now} for n, i in enumerate(ids)])
            tx.execute(insert(Execution), [
                {"id": i, "process_instance_id": i, "process_definition_id": "k:1:x", "process_definition_key": "k",
                 "activity_id": "Task", "is_scope": True, "is_concurrent": False, "is_active": True,
                 "suspended": False, "start_time": now} for i in ids])
            tx.execute(insert(Variable), [
                {"id": str(uuid.uuid4()), "name": "order", "type": "integer", "scope_id": i, "process_instance_id": i,
                 "long_value": n} for n, i in enumerate(ids)])
            tx.execute(insert(Variable), [
                {"id": str(uuid.uuid4()), "name": "customer", "type": "string", "scope_id": i,
                 "process_instance_id": i, "text_value": f"customer {n} " + "x" * 300} for n, i in enumerate(ids)])
            tx.execute(insert(Task), [
                {"id": f"task-{i}", "task_definition_key": "Task", "priority": 50, "execution_id": i,
                 "process_instance_id": i, "process_definition_id": "k:1:x", "suspended": False, "created": now}
                for i in ids])

        db.run(seed, write=True)
        with db.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()

        children = _plan(db, select(Execution.id).where(Execution.parent_id.in_([ids[0]])))
        assert "USING INDEX ix_executions_parent_id" in children, children
        called = _plan(db, select(ProcessInstance.id).where(
            ProcessInstance.super_execution_id.in_([ids[0]]), ProcessInstance.state.in_(("ACTIVE", "SUSPENDED"))))
        assert "USING INDEX ix_process_instances_super_execution_id" in called, called

        for name, wanted, index in (("order", 17.0, "ix_variables_name_long"),
                                    ("customer", "customer 17 " + "x" * 300, "ix_variables_name_text")):
            query = executions.ExecutionQuery(variables=[executions.VariableFilter(name, "eq", wanted)])
            statement = db.run(lambda tx: executions.query_statement(tx, ADMIN, query, 0, 10, 1000), write=False)
            plan = _plan(db, statement)
            assert index in plan and "SCAN executions" not in plan, plan
            found = db.run(lambda tx: [e.id for e in executions.query_executions(tx, ADMIN, query, 0, 10, 1000)],
                           write=False)
            assert found == [ids[17]], name
            # QueryTasks' process_variables find the tasks through the same index.
            task_query = tasks.TaskQuery(variables={"process_variables": query.variables})
            plan = _plan(db, tasks.query_statement(ADMIN, task_query, 0, 10))
            assert index in plan and "SCAN tasks" not in plan, plan
            found = db.run(lambda tx: [t.id for t in tasks.query_tasks(tx, ADMIN, task_query, 0, 10)], write=False)
            assert found == [f"task-{ids[17]}"], name

        # QueryTasks' business_key finds the instance through its index, then its tasks through theirs.
        task_query = tasks.TaskQuery(equal={"business_key": "bk-17"})
        plan = _plan(db, tasks.query_statement(ADMIN, task_query, 0, 10))
        assert "ix_process_instances_business_key" in plan and "SCAN tasks" not in plan, plan
        found = db.run(lambda tx: [t.id for t in tasks.query_tasks(tx, ADMIN, task_query, 0, 10)], write=False)
        assert found == [f"task-{ids[17]}"]
    finally:
        db.dispose()


def test_history_lookups_use_indexes_after_analyze(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Ending a pass finds it among the open ones; an instance's passes and operation log
    entries are found by the instance."""
    db = Database(f"sqlite:///{tmp_path}/history.db")
    try:
        upgrade(db)
        now = datetime.now(timezone.utc)
        ids = [str(uuid.uuid4()) for _ in range(2000)]

        def seed(tx) -> None:  # type: ignore[no-untyped-def]
            tx.execute(insert(HistoricActivityInstance), [
                {"id": str(uuid.uuid4()), "parent_activity_instance_id": i, "process_instance_id": i,
                 "execution_id": i, "activity_id": activity, "activity_type": "userTask",
                 "process_definition_id": "k:1:x", "process_definition_key": "k", "start_time": now,
                 "end_time": None if activity == "Task" else now, "canceled": False, "complete_scope": False}
                for i in ids for activity in ("Start", "Check", "Task")])
            tx.execute(insert(UserOperation), [
                {"id": str(uuid.uuid4()), "operation_id": str(uuid.uuid4()), "operation_type": "Claim",
                 "entity_type": "Task", "category": "TaskWorker", "user_id": "u", "timestamp": now,
                 "process_instance_id": i if n % 2 else None} for n, i in enumerate(ids)])

        db.run(seed, write=True)
        with db.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()

        Row = HistoricActivityInstance
        ending = _plan(db, select(Row.seq).where(Row.execution_id == ids[7], Row.activity_id == "Task",
                                                 Row.end_time.is_(None)))
        assert "USING INDEX ix_historic_activity_instances_open" in ending, ending
        passes = _plan(db, select(Row.id).where(Row.process_instance_id == ids[7]).order_by(Row.seq))
        assert "ix_historic_activity_instances_instance" in passes and "SCAN" not in passes, passes
        executed = _plan(db, select(ProcessInstance.id).where(ProcessInstance.id == ids[7], exists().where(
            Row.process_instance_id == ProcessInstance.id, Row.activity_id.in_(["Check"]))))
        assert "ix_historic_activity_instances_instance" in executed, executed
        entries = _plan(db, select(UserOperation.id).where(UserOperation.process_instance_id == ids[7]))
        assert "USING INDEX ix_user_operations_process_instance_id" in entries, entries
    finally:
        db.dispose()


def test_variable_history_lookups_use_indexes_after_analyze(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An instance's (or a case's) historic variables and details are found by the instance,
    the details in the order they occurred; deleting one variable's details goes through its
    instance."""
    db = Database(f"sqlite:///{tmp_path}/variables.db")
    try:
        upgrade(db)
        now = datetime.now(timezone.utc)
        ids = [str(uuid.uuid4()) for _ in range(2000)]
        owners = [{"process_instance_id": i, "case_instance_id": None} if n % 4 else
                  {"process_instance_id": None, "case_instance_id": i} for n, i in enumerate(ids)]
        value = {"type": "integer", "long_value": 1, "revision": 0}

        def seed(tx) -> None:  # type: ignore[no-untyped-def]
            tx.execute(insert(HistoricVariableInstance), [
                {"id": f"{owner['process_instance_id'] or owner['case_instance_id']}-{name}", "name": name,
                 **value, "state": "CREATED", "create_time": now, **owner}
                for owner in owners for name in ("a", "b")])
            tx.execute(insert(HistoricVariableUpdate), [
                {"variable_instance_id": f"{owner['process_instance_id'] or owner['case_instance_id']}-{name}",
                 "name": name, **value, "event": "create", "initial": True, "time": now, **owner}
                for owner in owners for name in ("a", "b")])

        db.run(seed, write=True)
        with db.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()

        I, D = HistoricVariableInstance, HistoricVariableUpdate
        variables = _plan(db, select(I.id).where(I.process_instance_id == ids[7]).order_by(I.id))
        assert "ix_historic_variable_instances_instance" in variables and "SCAN" not in variables, variables
        of_case = _plan(db, select(I.id).where(I.case_instance_id == ids[8]))
        assert "USING INDEX ix_historic_variable_instances_case_instance_id" in of_case, of_case
        details = _plan(db, select(D.seq).where(D.process_instance_id == ids[7]).order_by(D.seq))
        assert "ix_historic_variable_updates_instance" in details and "SCAN" not in details, details
        one = _plan(db, delete(D).where(D.process_instance_id == ids[7], D.variable_instance_id == f"{ids[7]}-a"))
        assert "ix_historic_variable_updates_instance" in one, one
        of_case = _plan(db, select(D.name).where(D.case_instance_id == ids[8]))
        assert "USING INDEX ix_historic_variable_updates_case_instance_id" in of_case, of_case
    finally:
        db.dispose()


def test_task_history_lookups_use_indexes_after_analyze(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An instance's (or a case's) historic tasks are found by the instance; a task's by its id;
    the variables the query's variable filters look at by the task or the instance."""
    db = Database(f"sqlite:///{tmp_path}/tasks.db")
    try:
        upgrade(db)
        now = datetime.now(timezone.utc)
        ids = [str(uuid.uuid4()) for _ in range(2000)]

        def seed(tx) -> None:  # type: ignore[no-untyped-def]
            tx.execute(insert(HistoricTaskInstance), [
                {"id": f"{i}-{n}", "task_definition_key": "Review", "priority": 50, "start_time": now,
                 "process_instance_id": i if k % 4 else None, "case_instance_id": None if k % 4 else i}
                for k, i in enumerate(ids) for n in range(2)])
            tx.execute(insert(HistoricVariableInstance), [
                {"id": f"v-{i}-{n}", "name": "amount", "type": "integer", "long_value": k, "revision": 0,
                 "state": "CREATED", "create_time": now, "process_instance_id": i, "execution_id": i,
                 "task_id": f"{i}-{n}" if n else None} for k, i in enumerate(ids) for n in range(2)])

        db.run(seed, write=True)
        with db.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()

        T = HistoricTaskInstance
        of_instance = _plan(db, select(T.id).where(T.process_instance_id == ids[7]))
        assert "ix_historic_task_instances_instance" in of_instance, of_instance
        of_case = _plan(db, select(T.name).where(T.case_instance_id == ids[8]))
        assert "USING INDEX ix_historic_task_instances_case_instance_id" in of_case, of_case
        moved = _plan(db, update(T).where(T.id.in_(select(Task.id).where(Task.execution_id == ids[7])))
                      .values(execution_id=ids[7]))
        assert "SCAN historic_task_instances" not in moved, moved
        for scope, index in (("task_variables", "ix_historic_variable_instances_task_id"),
                             ("process_variables", "ix_historic_variable_instances_instance")):
            q = task_history.HistoricTaskQuery(variables={scope: [executions.VariableFilter("amount", "eq", 7)]})
            plan = db.run(lambda tx: _plan(db, task_history.query_statement(tx, ADMIN, q, 0, 10)), write=False)
            assert index in plan and "SCAN historic_variable_instances" not in plan, plan
            found = db.run(lambda tx: sorted(t.id for t in task_history.query(tx, ADMIN, q, 0, 10)), write=False)
            # ids[7]'s tasks are a process instance's: both see its variable, one has its own.
            assert found == ([f"{ids[7]}-1"] if scope == "task_variables" else [f"{ids[7]}-0", f"{ids[7]}-1"]), scope
    finally:
        db.dispose()


def test_external_task_log_lookups_use_indexes_after_analyze(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An instance's entries are found by the instance, in the order they occurred; a task's by
    the task."""
    db = Database(f"sqlite:///{tmp_path}/log.db")
    try:
        upgrade(db)
        now = datetime.now(timezone.utc)
        ids = [str(uuid.uuid4()) for _ in range(2000)]

        def seed(tx) -> None:  # type: ignore[no-untyped-def]
            tx.execute(insert(HistoricExternalTaskLog), [
                {"timestamp": now, "state": state, "external_task_id": f"{i}-task", "topic_name": "t", "priority": 0,
                 "activity_id": "Work", "execution_id": i, "process_instance_id": i,
                 "process_definition_id": "k:1:x", "process_definition_key": "k"}
                for i in ids for state in ("created", "succeeded")])

        db.run(seed, write=True)
        with db.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()

        L = HistoricExternalTaskLog
        of_instance = _plan(db, select(L.seq).where(L.process_instance_id == ids[7]).order_by(L.seq))
        assert "ix_historic_external_task_logs_instance" in of_instance and "SCAN" not in of_instance, of_instance
        of_task = _plan(db, select(L.state).where(L.external_task_id == f"{ids[7]}-task"))
        assert "USING INDEX ix_historic_external_task_logs_task" in of_task, of_task
    finally:
        db.dispose()


def test_job_log_lookups_use_indexes_after_analyze(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An instance's entries are found by the instance, a job's by the job, and a deployment's
    start timers' (no instance) by their definitions."""
    db = Database(f"sqlite:///{tmp_path}/jobs.db")
    try:
        upgrade(db)
        now = datetime.now(timezone.utc)
        ids = [str(uuid.uuid4()) for _ in range(2000)]

        def seed(tx) -> None:  # type: ignore[no-untyped-def]
            tx.execute(insert(HistoricJobLog), [
                {"timestamp": now, "state": state, "job_id": f"{i}-job", "job_type": "async-before", "job_retries": 3,
                 "job_priority": 0, "process_instance_id": i if n % 50 else None,
                 "process_definition_id": f"k:{n % 50}:x"}
                for n, i in enumerate(ids) for state in ("created", "succeeded")])

        db.run(seed, write=True)
        with db.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()

        J = HistoricJobLog
        of_instance = _plan(db, select(J.seq).where(J.process_instance_id == ids[7]).order_by(J.seq))
        assert "ix_historic_job_logs_instance" in of_instance and "SCAN" not in of_instance, of_instance
        of_job = _plan(db, select(J.state).where(J.job_id == f"{ids[7]}-job"))
        assert "USING INDEX ix_historic_job_logs_job" in of_job, of_job
        start_timers = _plan(db, delete(J).where(J.process_instance_id.is_(None), J.process_definition_id.in_(["k:0:x"])))
        assert "ix_historic_job_logs_instance" in start_timers and "SCAN" not in start_timers, start_timers
    finally:
        db.dispose()


def test_identity_link_log_lookups_use_indexes_after_analyze(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A task's entries are found by the task; a process instance's and a case instance's (as
    their history goes) by the instance."""
    db = Database(f"sqlite:///{tmp_path}/links.db")
    try:
        upgrade(db)
        now = datetime.now(timezone.utc)
        ids = [str(uuid.uuid4()) for _ in range(2000)]

        def seed(tx) -> None:  # type: ignore[no-untyped-def]
            tx.execute(insert(HistoricIdentityLinkLog), [
                {"timestamp": now, "type": "candidate", "operation_type": "add", "user_id": user,
                 "task_id": f"{i}-task", "process_instance_id": None if n % 10 == 0 else i,
                 "case_instance_id": i if n % 10 == 0 else None}
                for n, i in enumerate(ids) for user in ("alice", "bob")])

        db.run(seed, write=True)
        with db.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()

        L = HistoricIdentityLinkLog
        of_task = _plan(db, select(L.user_id).where(L.task_id == f"{ids[7]}-task"))
        assert "USING INDEX ix_historic_identity_link_logs_task" in of_task, of_task
        of_instance = _plan(db, delete(L).where(L.process_instance_id.in_([ids[7]])))
        assert "ix_historic_identity_link_logs_instance" in of_instance and "SCAN" not in of_instance, of_instance
        of_case = _plan(db, delete(L).where(L.case_instance_id.in_([ids[10]])))
        assert "ix_historic_identity_link_logs_case_instance_id" in of_case and "SCAN" not in of_case, of_case
    finally:
        db.dispose()


def _plans_of(db: Database, read) -> list[str]:  # type: ignore[no-untyped-def]
    """The plans of the SELECTs ``read(tx)`` runs, as it runs them (statement and parameters)."""
    ran: list[tuple[str, object]] = []

    def remember(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):
            ran.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        db.run(read, write=False)
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    with db.engine.connect() as connection:
        return [" | ".join(str(row[-1]) for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}",
                                                                             parameters))
                for statement, parameters in ran]


def test_history_reports_read_through_indexes_after_analyze(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """QueryHistoricActivityStatistics and QueryHistoricCaseActivityStatistics read one
    definition's rows through its index, the task reports the tasks ended in their window
    through the end time's (migration history_0017): none scans its table."""
    db = Database(f"sqlite:///{tmp_path}/reports.db")
    try:
        upgrade(db)
        now = datetime.now(timezone.utc)
        definitions = [f"k:{n}:x" for n in range(40)]
        ids = [str(uuid.uuid4()) for _ in range(2000)]

        def seed(tx) -> None:  # type: ignore[no-untyped-def]
            tx.add(Deployment(id="d", name="d", deployment_time=now))
            tx.flush()
            tx.add_all([ProcessDefinition(id=d, key="k", version=n + 1, tenant_key="", deployment_id="d",
                                          resource_name="k.bpmn", suspended=False) for n, d in enumerate(definitions)])
            tx.add_all([CaseDefinition(id=f"c{d}", key="c", version=n + 1, tenant_key="", deployment_id="d",
                                       resource_name="c.cmmn") for n, d in enumerate(definitions)])
            tx.flush()
            tx.execute(insert(HistoricActivityInstance), [
                {"id": str(uuid.uuid4()), "parent_activity_instance_id": i, "process_instance_id": i,
                 "execution_id": i, "activity_id": activity, "activity_type": "userTask",
                 "process_definition_id": definitions[k % 40], "process_definition_key": "k", "start_time": now,
                 "end_time": None if activity == "Task" else now, "canceled": False, "complete_scope": False}
                for k, i in enumerate(ids) for activity in ("Start", "Task")])
            tx.execute(insert(HistoricCaseActivityInstance), [
                {"id": str(uuid.uuid4()), "parent_id": i, "case_instance_id": i, "case_definition_id": f"c{definitions[k % 40]}",
                 "activity_id": "Review", "activity_type": "humanTask", "state": "COMPLETED", "required": False,
                 "position": 0, "create_time": now} for k, i in enumerate(ids)])
            tx.execute(insert(HistoricTaskInstance), [
                {"id": i, "task_definition_key": "Review", "priority": 50, "start_time": now - timedelta(days=k),
                 "end_time": now - timedelta(days=k) if k % 3 else None, "process_instance_id": i,
                 "process_definition_key": "k", "name": "Review"} for k, i in enumerate(ids)])

        db.run(seed, write=True)
        with db.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()

        statistics = _plans_of(db, lambda tx: history_reports.activity_statistics(
            tx, ADMIN, history_reports.ActivityStatisticsQuery(process_definition_id="k:7:x", finished=True)))
        assert any("ix_historic_activity_instances_definition" in p for p in statistics), statistics
        assert not any("SCAN historic_activity_instances" in p for p in statistics), statistics
        cases = _plans_of(db, lambda tx: history_reports.case_activity_statistics(tx, ADMIN, "ck:7:x"))
        assert any("ix_historic_case_activity_instances_definition" in p for p in cases), cases
        assert not any("SCAN historic_case_activity_instances" in p for p in cases), cases
        week = now - timedelta(days=7)
        for report in (lambda tx: history_reports.task_durations(tx, ADMIN, "month", week, None),
                       lambda tx: history_reports.task_counts(tx, ADMIN, "processDefinition", week, None)):
            plans = _plans_of(db, report)
            assert any("ix_historic_task_instances_end_time" in p for p in plans), plans
            assert not any("SCAN historic_task_instances" in p for p in plans), plans
    finally:
        db.dispose()
