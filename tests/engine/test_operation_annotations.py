"""Annotations of the operation log (the document's engine's UserOperationLogEntry annotation):
SetUserOperationAnnotation and ClearUserOperationAnnotation give or take an operation's annotation
on every entry of it, and write an entry of their own (SetAnnotation / ClearAnnotation, entity
OperationLog, property operationId); ModifyProcessInstance and its many-instance calls carry their
request's annotation on the entries they write; migration history_0019 moves the annotations the
modification entries kept as a property before. Every error, admin only, tenants.

The tests share the session's server (but the migration's, which has one of its own): each
annotates operations of its own."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from alembic import command
from sqlalchemy import text

from flowkeeper.engine.v1 import history_pb2, task_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from server.migrate import alembic_config
from tests.conftest import BACKENDS
from tests.engine.batch_support import quiet, run_jobs  # noqa: F401 (quiet is a fixture)
from tests.engine.migration_support import Migrations, line
from tests.engine.restart_support import Restarts, before, cancel
from tests.engine.support import typed
from tests.support import ServerHandle, expect_error, unique


@pytest.fixture
def engine(api) -> Restarts:  # type: ignore[no-untyped-def]
    return Restarts(api)


def _set(engine: Restarts, operation_id: str, annotation: str) -> None:
    engine.history.SetUserOperationAnnotation(history_pb2.SetUserOperationAnnotationRequest(
        operation_id=operation_id, annotation=annotation))


def _clear(engine: Restarts, operation_id: str) -> None:
    engine.history.ClearUserOperationAnnotation(history_pb2.ClearUserOperationAnnotationRequest(
        operation_id=operation_id))


def _annotations(engine: Restarts, operation_id: str) -> list[str]:
    return [e.annotation for e in engine.entries(operation_id=operation_id)]


def _modified_many(engine: Restarts, tenant: str = "", annotation: str = "") -> tuple[str, list[str], str]:
    """(definition, its two instances, the operation id of the ModifyProcessInstances call that
    moved them from Review to Approve: two entries, nrOfInstances and async)."""
    definition = engine.definition(tenant)
    ids = engine.started(definition, 2)
    engine.modify_many(definition, ids, cancel("Review"), before("Approve"), annotation=annotation)
    [operation] = {e.operation_id for e in engine.entries(operation_type="ModifyProcessInstance",
                                                          process_definition_id=definition)}
    return definition, ids, operation


def _own_entries(engine: Restarts, tenant: str, operation_type: str) -> list[history_pb2.UserOperation]:
    """The SetAnnotation or ClearAnnotation entries of the tenant's operations."""
    return engine.entries(entity_type="OperationLog", operation_type=operation_type, tenant_id_in=[tenant])


# -- setting and clearing ----------------------------------------------------------------------------


def test_an_annotation_goes_on_every_entry_of_the_operation_and_is_logged(server: ServerHandle,
                                                                          engine: Restarts) -> None:
    tenant = unique("tenant")
    definition, ids, operation = _modified_many(engine, tenant)
    assert _annotations(engine, operation) == ["", ""]
    other_definition, _, other = _modified_many(engine, tenant)
    admin = unique("admin")
    as_admin = Restarts(server.api(server.token(admin, admin=True)))
    _set(as_admin, operation, "the vendor asked for it")
    assert _annotations(engine, operation) == ["the vendor asked for it"] * 2
    assert _annotations(engine, other) == ["", ""]  # another operation keeps its own
    _set(as_admin, operation, "approved by phone")  # a second annotation replaces the first
    assert _annotations(engine, operation) == ["approved by phone"] * 2
    # Each call writes an entry of its own, as the document's engine does.
    entries = _own_entries(engine, tenant, "SetAnnotation")
    assert [(e.operation_type, e.entity_type, e.category, e.property, e.org_value, e.new_value, e.user_id,
             e.tenant_id, e.annotation) for e in entries] == [
        ("SetAnnotation", "OperationLog", "Operator", "operationId", "", operation, admin, tenant, "")] * 2
    assert all(e.process_instance_id == e.process_definition_id == e.batch_id == "" for e in entries)
    assert len({e.operation_id for e in entries} | {operation}) == 3
    # Its details are what QueryUserOperations' filters find.
    assert as_admin.count(operation_type="SetAnnotation", entity_type="OperationLog", tenant_id_in=[tenant]) == 2
    assert engine.count(process_definition_id=definition) == 2  # the entries annotated, no more

    _clear(as_admin, operation)
    assert _annotations(engine, operation) == ["", ""]
    _clear(as_admin, operation)  # nothing to clear: logged all the same
    cleared = _own_entries(engine, tenant, "ClearAnnotation")
    assert [(e.entity_type, e.category, e.property, e.new_value, e.user_id) for e in cleared] == [
        ("OperationLog", "Operator", "operationId", operation, admin)] * 2
    _set(as_admin, other, "x" * 4000)  # the longest there is
    assert _annotations(engine, other) == ["x" * 4000] * 2
    assert engine.count(process_definition_id=other_definition) == 2


def test_any_operation_may_be_annotated_one_of_a_task_too(engine: Restarts) -> None:
    definition = engine.definition()
    [instance] = engine.started(definition, 1)
    [review] = engine.tasks_of(instance)
    engine.tasks.SetTaskVariable(task_pb2.SetTaskVariableRequest(task_id=review.id, name="checked", value=typed(True)))
    engine.complete(review.id)
    set_variable, complete = engine.entries(process_instance_id=instance)
    _set(engine, set_variable.operation_id, "checked by hand")
    assert [(e.operation_type, e.annotation) for e in engine.entries(process_instance_id=instance)] == [
        ("SetVariable", "checked by hand"), ("Complete", "")]
    # An entry without a tenant: the annotation's entry has none either.
    [own] = [e for e in engine.entries(entity_type="OperationLog", operation_type="SetAnnotation",
                                       without_tenant_id=True) if e.new_value == set_variable.operation_id]
    assert own.tenant_id == "" and complete.operation_id != set_variable.operation_id


# -- errors ---------------------------------------------------------------------------------------------


def test_the_annotation_calls_refuse_what_they_cannot_do_and_leave_nothing(server: ServerHandle,
                                                                           engine: Restarts) -> None:
    tenant = unique("tenant")
    _, _, operation = _modified_many(engine, tenant)
    missing = expect_error(lambda: _set(engine, "", "why"), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert missing.fields == ["operation_id"]
    missing = expect_error(lambda: _clear(engine, ""), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert missing.fields == ["operation_id"]
    missing = expect_error(lambda: _set(engine, operation, ""), grpc.StatusCode.INVALID_ARGUMENT,
                           "MISSING_REQUIRED_FIELD")
    assert missing.fields == ["annotation"]
    long = expect_error(lambda: _set(engine, operation, "x" * 4001), grpc.StatusCode.INVALID_ARGUMENT,
                        "INVALID_FIELD")
    assert (long.fields, long.info.metadata["max_length"]) == (["annotation"], "4000")
    unknown = unique("no-such-operation")
    for call in (lambda: _set(engine, unknown, "why"), lambda: _clear(engine, unknown)):
        failed = expect_error(call, grpc.StatusCode.NOT_FOUND, "OPERATION_NOT_FOUND")
        assert (failed.info.metadata["id"], failed.info.metadata["field_name"]) == (unknown, "operation_id")
    # Admin only: a token of the operation's tenant is not enough.
    member = Restarts(server.api(server.token(unique("member"), tenants=(tenant,))))
    for call in (lambda: _set(member, operation, "why"), lambda: _clear(member, operation)):
        expect_error(call, grpc.StatusCode.PERMISSION_DENIED, "ADMIN_REQUIRED")
    assert _annotations(engine, operation) == ["", ""]
    assert engine.count(entity_type="OperationLog", tenant_id_in=[tenant]) == 0


def test_a_token_sees_the_annotations_of_its_tenants_only(server: ServerHandle, engine: Restarts) -> None:
    tenant, stranger_tenant = unique("tenant"), unique("tenant")
    definition, _, operation = _modified_many(engine, tenant)
    _set(engine, operation, "mine")
    member = Restarts(server.api(server.token(unique("member"), tenants=(tenant,))))
    stranger = Restarts(server.api(server.token(unique("stranger"), tenants=(stranger_tenant,))))
    assert [e.annotation for e in member.entries(operation_id=operation)] == ["mine", "mine"]
    assert member.count(entity_type="OperationLog", tenant_id_in=[tenant]) == 1
    assert stranger.entries(operation_id=operation) == []
    assert stranger.count(entity_type="OperationLog", tenant_id_in=[tenant]) == 0
    assert engine.count(process_definition_id=definition) == 2


# -- the calls that carry an annotation -----------------------------------------------------------------


def test_a_modification_s_entries_carry_its_annotation(engine: Restarts) -> None:
    definition = engine.definition()
    first, second = engine.started(definition, 2)
    engine.instances.ModifyProcessInstance(pi.ModifyProcessInstanceRequest(
        process_instance_id=first, instructions=[before("Approve")], annotation="customer called"))
    engine.instances.ModifyProcessInstance(pi.ModifyProcessInstanceRequest(
        process_instance_id=second, instructions=[before("Approve")]))
    assert [(e.operation_type, e.property, e.annotation) for e in engine.entries(process_instance_id=first)] == [
        ("ModifyProcessInstance", "", "customer called")]
    assert [(e.operation_type, e.property, e.annotation) for e in engine.entries(process_instance_id=second)] == [
        ("ModifyProcessInstance", "", "")]
    # Cancelling everything: the annotation is the delete reason too.
    engine.instances.ModifyProcessInstance(pi.ModifyProcessInstanceRequest(
        process_instance_id=first, instructions=[cancel("Review"), cancel("Approve")], annotation="withdrawn"))
    assert [e.annotation for e in engine.entries(process_instance_id=first)] == ["customer called", "withdrawn"]
    assert engine.instance(first).delete_reason == "withdrawn"


def test_the_many_instance_modifications_carry_it_on_each_entry(quiet: ServerHandle) -> None:  # noqa: F811
    engine = Restarts(quiet.api())
    definition, ids, operation = _modified_many(engine, annotation="all at once")
    assert [(e.property, e.annotation) for e in engine.entries(operation_id=operation)] == [
        ("nrOfInstances", "all at once"), ("async", "all at once")]
    batch = engine.modify_many_async(definition, ids, before("Review"), annotation="in the background")
    [entries_of_batch] = [engine.entries(batch_id=batch.id)]
    assert [(e.property, e.annotation) for e in entries_of_batch] == [
        ("nrOfInstances", "in the background"), ("async", "in the background")]
    run_jobs(quiet)
    assert [engine.tasks_at(i) for i in ids] == [["Approve", "Review"]] * 2
    assert engine.entries(process_instance_id=ids[0]) == []  # the batch's jobs write none
    _clear(engine, entries_of_batch[0].operation_id)
    assert [e.annotation for e in engine.entries(batch_id=batch.id)] == ["", ""]


def test_migration_and_restart_carry_none_and_are_annotated_afterwards(engine: Restarts, api) -> None:  # type: ignore[no-untyped-def]
    """As in the document's engine, their requests have no annotation: the operator annotates
    their operation later."""
    migrations = Migrations(api)
    source, target = migrations.versions(line('<bpmn:userTask id="Review" />'), line('<bpmn:userTask id="Review" />'))
    migrations.migrate(migrations.generate(source, target), [migrations.start_id(source)])
    [migrate] = {e.operation_id for e in engine.entries(operation_type="Migrate", process_definition_id=source)}
    definition = engine.definition()
    engine.restart(definition, engine.cancelled(definition, 1), before("Review"))
    [restart] = {e.operation_id for e in engine.entries(operation_type="RestartProcessInstance",
                                                        process_definition_id=definition)}
    assert set(_annotations(engine, migrate)) == set(_annotations(engine, restart)) == {""}
    _set(engine, migrate, "moved to v2 for the tax change")
    _set(engine, restart, "restarted after the wrong turn")
    assert set(_annotations(engine, migrate)) == {"moved to v2 for the tax change"}
    assert set(_annotations(engine, restart)) == {"restarted after the wrong turn"}


# -- the migration -----------------------------------------------------------------------------------------


def _migrate(handle: ServerHandle, action: Any, revision: str) -> None:
    with handle.db.engine.connect() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        action(config, revision)
        connection.commit()


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_the_migration_moves_the_annotation_properties_and_back(fresh_server, backend: str) -> None:  # type: ignore[no-untyped-def]
    handle = fresh_server(backend, background=False)
    engine = Restarts(handle.api())
    definition = engine.definition()
    one, two, three = engine.started(definition, 3)
    engine.instances.ModifyProcessInstance(pi.ModifyProcessInstanceRequest(
        process_instance_id=one, instructions=[before("Approve")], annotation="single"))
    engine.instances.ModifyProcessInstance(pi.ModifyProcessInstanceRequest(
        process_instance_id=two, instructions=[before("Approve")]))
    engine.modify_many(definition, [three], before("Approve"), annotation="many")
    engine.modify_many_async(definition, [three], before("Review"), annotation="batched")
    [single] = engine.entries(process_instance_id=one)
    _set(engine, engine.entries(process_instance_id=two)[0].operation_id, "set later")
    before_round_trip = engine.entries(operation_type="ModifyProcessInstance")

    _migrate(handle, command.downgrade, "history_0018")

    def old_rows(tx: Any) -> list[tuple[str | None, str | None]]:
        return [tuple(row) for row in tx.execute(text(
            "SELECT property, new_value FROM user_operations WHERE operation_type = 'ModifyProcessInstance'"
            " ORDER BY seq"))]

    # The annotations are properties again, as they were written before history_0019.
    assert handle.db.run(old_rows, write=False) == [
        ("annotation", "single"), ("annotation", "set later"), ("nrOfInstances", "1"), ("async", "false"),
        ("nrOfInstances", "1"), ("async", "true"), ("annotation", "many"), ("annotation", "batched")]

    _migrate(handle, command.upgrade, "heads")
    assert engine.entries(operation_type="ModifyProcessInstance") == before_round_trip
    assert [(e.property, e.annotation) for e in before_round_trip] == [
        ("", "single"), ("", "set later"), ("nrOfInstances", "many"), ("async", "many"),
        ("nrOfInstances", "batched"), ("async", "batched")]
    assert single.annotation == "single" and single.property == ""
