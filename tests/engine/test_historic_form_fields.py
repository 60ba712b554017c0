"""The values submitted with forms, as the history keeps them (HistoricDetail of type formField,
the document's engine's HistoricFormField): what SubmitTaskForm and SubmitStartForm write (each
submitted value with a text form, as text; where and by which operation it was submitted), what
they do not (a refused submission, a case's or a standalone task's form), how
QueryHistoricDetails, CountHistoricDetails and GetHistoricDetail read them beside the variable
updates, and when they go (with their instance's history, the cleanup, a deployment, the
variable history of their instance; not with one historic variable instance)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import grpc
import pytest
from alembic import command
from sqlalchemy import text

from flowkeeper.engine.v1 import deployment_pb2, history_pb2, process_definition_pb2, task_pb2
from tests.engine.batch_support import Batches, quiet, run_jobs  # noqa: F401 (quiet is a fixture)
from tests.engine.case_support import Cases
from tests.engine.form_support import Forms, by_id, constraints, field, form_process
from server.migrate import alembic_config
from tests.conftest import BACKENDS
from tests.engine.history_support import TaskHistory, sorted_by, ts
from tests.support import ServerHandle, expect_error, unique

FORM_FIELD, VARIABLE_UPDATE = "formField", "variableUpdate"
# The start form: every field type, the reference its business key.
START_FIELDS = "".join([
    field("reference", "string", inner=constraints(("required", None))),
    field("days", "long", attributes='defaultValue="1"', inner=constraints(("max", "30"))),
    field("urgent", "boolean"),
    field("from", "date"),
    field("kind", "enum", inner='<camunda:value id="vacation" name="Vacation" /><camunda:value id="sick" name="Sick" />'),
])
# The Review task's form: every field type again (a date in a pattern of its own), and a field
# with a default that is not submitted.
TASK_FIELDS = "".join([
    field("decision", "enum", inner='<camunda:value id="approve" name="Approve" /><camunda:value id="reject" name="Reject" />'),
    field("approved_days", "long", inner=constraints(("min", "1"))),
    field("final", "boolean"),
    field("note", "string", inner=constraints(("maxlength", "20"))),
    field("decided", "date", attributes='datePattern="yyyy-MM-dd HH:mm"'),
    field("escalate", "boolean", attributes='defaultValue="false"'),
])
# What the start form is given: a value of each field type (the long one as a number), and
# variables of no field.
START_VALUES: dict[str, Any] = {
    "reference": "L-17", "days": 5, "urgent": True, "from": "03/06/2025", "kind": "vacation",
    "requester": "ann", "ratio": 0.5,
}
START_TEXTS = {"reference": "L-17", "days": "5", "urgent": "true", "from": "03/06/2025", "kind": "vacation",
               "requester": "ann", "ratio": "0.5"}
# What the task form is given: text for the long and the boolean field, a Date of no field, and
# values without a text form (a null, a Json document, Bytes).
TASK_VALUES: dict[str, Any] = {
    "decision": "approve", "approved_days": ("4", "String"), "final": ("TRUE", "String"), "note": "",
    "decided": "2025-06-02 09:30", "seen": ("2025-06-01T08:00:00", "Date"), "count": (7, "Long"),
    "cleared": None, "payload": ({"a": 1}, "Json"), "blob": ("AAE=", "Bytes"),
}
TASK_TEXTS = {"decision": "approve", "approved_days": "4", "final": "TRUE", "note": "",
              "decided": "2025-06-02 09:30", "seen": "2025-06-01T08:00:00.000+0000", "count": "7"}


class FormHistory(Forms, TaskHistory):
    """The form verbs and the history's queries."""

    def form_fields(self, **filters: Any) -> dict[str, str]:
        """field id -> value of the form field details found (each id once)."""
        found = self.historic_details(form_fields=True, **filters)
        assert len({d.field_id for d in found}) == len(found), found
        return {d.field_id: d.field_value for d in found}

    def deploy_leave(self, *, tenant: str = "", ttl: str = "30") -> tuple[str, str]:
        """(key, definition id) of a process whose start event and Review task have forms."""
        key = unique("leave")
        data = form_process(key, TASK_FIELDS, start_fields=START_FIELDS)
        data = data.replace(b'historyTimeToLive="30"', f'historyTimeToLive="{ttl}"'.encode())
        # The start event's form comes first: its reference field gives the business key.
        data = data.replace(b"<camunda:formData>", b'<camunda:formData businessKey="reference">', 1)
        return key, self.deploy_process(data, key, tenant=tenant)

    def submitted(self, definition_id: str) -> tuple[str, str]:
        """Submits the start form and the Review task's form: (instance id, Review task id)."""
        instance = self.submit_start(by_id(definition_id), START_VALUES).process_instance.id
        [review] = self.tasks_of(instance)
        self.submit(review.id, TASK_VALUES)
        return instance, review.id

    def ended(self, definition_id: str) -> tuple[str, list[str]]:
        """An instance whose forms were submitted, then ended: its id and its details' ids."""
        instance, _ = self.submitted(definition_id)
        [next_task] = self.tasks_of(instance)
        self.complete(next_task.id)
        return instance, [d.id for d in self.historic_details(process_instance_id=instance)]


@pytest.fixture
def h(api) -> FormHistory:  # type: ignore[no-untyped-def]
    return FormHistory(api)


def _plain(detail: history_pb2.HistoricDetail) -> dict[str, Any]:
    """The detail's fields that are set, but its id and time."""
    return {f.name: v for f, v in detail.ListFields() if f.name not in ("id", "time")}


# -- what a submission writes -------------------------------------------------------------------


def test_a_task_form_keeps_each_submitted_value_with_a_text_form_as_text(h: FormHistory) -> None:
    key, definition = h.deploy_leave()
    instance, review = h.submitted(definition)
    [review_pass] = h.passes_at(instance, "Review")
    [complete] = h.entries(task_id=review, operation_type="Complete")
    details = h.historic_details(task_id=review, form_fields=True)
    assert {d.field_id: d.field_value for d in details} == TASK_TEXTS
    owner = {"type": FORM_FIELD, "process_definition_key": key, "process_definition_id": definition,
             "process_instance_id": instance, "execution_id": review_pass.execution_id,
             "activity_instance_id": review_pass.id, "task_id": review, "user_operation_id": complete.operation_id}
    for detail in details:
        assert _plain(detail) == {**owner, "field_id": detail.field_id,
                                  **({"field_value": detail.field_value} if detail.field_value else {})}
        assert detail.time.ToDatetime() == review_pass.end_time.ToDatetime()
    # The variables it set, the default of the field left out (escalate) among them, are
    # variable updates of the same operation; the field left out has no form field detail.
    updates = h.historic_details(user_operation_id=complete.operation_id, variable_updates=True)
    assert {d.variable_name for d in updates} == {*TASK_VALUES, "escalate"}
    assert h.variables(instance)["final"] == (True, "Boolean")


def test_a_start_form_keeps_its_values_naming_the_instance_and_no_task(h: FormHistory) -> None:
    key, definition = h.deploy_leave()
    answer = h.submit_start(by_id(definition), START_VALUES)
    instance = answer.process_instance.id
    assert answer.process_instance.business_key == "L-17"
    details = h.historic_details(process_instance_id=instance, form_fields=True)
    assert {d.field_id: d.field_value for d in details} == START_TEXTS
    for detail in details:  # the instance's own place; starting writes no operation log entry
        assert _plain(detail) == {"type": FORM_FIELD, "process_definition_key": key,
                                  "process_definition_id": definition, "process_instance_id": instance,
                                  "execution_id": instance, "activity_instance_id": instance,
                                  "field_id": detail.field_id, "field_value": detail.field_value}
    # Before the variables it set, which came with the start; the day's default is no field's.
    updates = h.historic_details(process_instance_id=instance, variable_updates=True)
    assert {d.variable_name for d in updates} == {*START_VALUES}
    assert all(d.initial for d in updates)
    assert max(int(d.id) for d in details) < min(int(d.id) for d in updates)


def test_a_form_without_fields_keeps_what_was_submitted(h: FormHistory) -> None:
    data = form_process("__KEY__", task_attributes=' camunda:formKey="embedded:app:forms/review.html"')
    _, task = h.start_at_review(data)
    h.submit(task, {"remark": "fine", "score": 3})
    assert h.form_fields(task_id=task) == {"remark": "fine", "score": "3"}
    # Without a start form, SubmitStartForm keeps what it was given just the same.
    key = unique("plain")
    started = h.submit_start(by_id(h.deploy_process(form_process(key), key)), {"origin": "web"}).process_instance.id
    assert h.form_fields(process_instance_id=started) == {"origin": "web"}


def test_a_refused_submission_writes_nothing(h: FormHistory) -> None:
    tenant = unique("refused")
    _, definition = h.deploy_leave(tenant=tenant)
    expect_error(lambda: h.submit_start(by_id(definition), {**START_VALUES, "days": 45}),
                 grpc.StatusCode.INVALID_ARGUMENT, "FORM_FIELD_VALIDATION_FAILED")
    assert h.count_historic_details(tenant_id_in=[tenant]) == 0
    instance = h.submit_start(by_id(definition), START_VALUES).process_instance.id
    before = [d.id for d in h.historic_details(process_instance_id=instance)]
    [review] = h.tasks_of(instance)
    expect_error(lambda: h.submit(review.id, {**TASK_VALUES, "approved_days": 0, "note": "x" * 21}),
                 grpc.StatusCode.INVALID_ARGUMENT, "FORM_FIELD_VALIDATION_FAILED")
    assert [d.id for d in h.historic_details(process_instance_id=instance)] == before
    assert h.count_historic_details(task_id=review.id) == 0
    assert h.count(task_id=review.id, operation_type="Complete") == 0


def test_a_case_s_and_a_standalone_task_s_form_keep_no_values(api, h: FormHistory) -> None:  # type: ignore[no-untyped-def]
    cases = Cases(api)
    case = cases.deploy_and_create("case_three_items.cmmn", key=unique("case"), variables={"a": 1})
    [human] = [t for t in cases.case_tasks(case.id) if t.task_definition_key == "HumanTask_Check"]
    h.submit(human.id, {"checked": "yes"})
    assert h.count_historic_details(task_id=human.id) == 0
    [checked] = [d for d in h.historic_details(case_instance_id=case.id) if d.variable_name == "checked"]
    assert checked.type == VARIABLE_UPDATE
    standalone = h.tasks.CreateTask(task_pb2.CreateTaskRequest(name=unique("standalone"))).task.id
    h.submit(standalone, {"done": "yes"})
    assert h.count_historic_details(task_id=standalone) == 1
    assert h.historic_details(task_id=standalone)[0].type == VARIABLE_UPDATE
    h.tasks.DeleteTask(task_pb2.DeleteTaskRequest(id=standalone, cascade=True))
    assert h.count_historic_details(task_id=standalone) == 0


# -- reading them -------------------------------------------------------------------------------


def test_the_flags_keep_one_kind_and_neither_or_both_every_kind(h: FormHistory) -> None:
    _, definition = h.deploy_leave()
    instance, _ = h.submitted(definition)
    every = h.historic_details(process_instance_id=instance)
    forms = [d for d in every if d.type == FORM_FIELD]
    updates = [d for d in every if d.type == VARIABLE_UPDATE]
    assert len(forms) == len(START_TEXTS) + len(TASK_TEXTS) and updates and len(forms) + len(updates) == len(every)
    for flags, expected in (({}, every), ({"form_fields": True, "variable_updates": True}, every),
                            ({"form_fields": True}, forms), ({"variable_updates": True}, updates)):
        assert h.historic_details(process_instance_id=instance, **flags) == expected, flags
        assert h.count_historic_details(process_instance_id=instance, **flags) == len(expected), flags
    # Without sorting, as they occurred; a page reads every kind alike.
    assert [int(d.id) for d in every] == sorted(int(d.id) for d in every)
    assert h.historic_details(process_instance_id=instance, page={"first_result": 2, "max_results": 5}) == every[2:7]


def test_the_filters_apply_to_form_fields_as_in_the_document_s_engine(server, h: FormHistory) -> None:  # type: ignore[no-untyped-def]
    tenant = unique("filters")
    _, definition = h.deploy_leave(tenant=tenant)
    instance = h.submit_start(by_id(definition), START_VALUES).process_instance.id
    [review] = h.tasks_of(instance)
    server.clock.advance(timedelta(minutes=1))
    h.submit(review.id, TASK_VALUES)
    [review_pass] = h.passes_at(instance, "Review")
    [complete] = h.entries(task_id=review.id, operation_type="Complete")
    submitted_at = review_pass.end_time.ToDatetime()

    def found(**filters: Any) -> set[str]:
        return set(h.form_fields(process_instance_id=instance, **filters))

    every, of_task, of_start = {*START_TEXTS, *TASK_TEXTS}, set(TASK_TEXTS), set(START_TEXTS)
    assert found() == every
    assert found(process_instance_id_in=[instance, "other"]) == every
    assert found(task_id=review.id) == of_task
    assert found(exclude_task_details=True) == of_start
    # With a task id the exclusion is ignored, as in the document's engine: the task's are found.
    assert found(task_id=review.id, exclude_task_details=True) == of_task
    assert h.count_historic_details(process_instance_id=instance, form_fields=True, task_id=review.id,
                                    exclude_task_details=True) == len(of_task)
    assert review_pass.execution_id == instance  # a path of its own would be of the task's alone
    assert found(execution_id=instance) == every
    assert found(execution_id="other") == set()
    assert found(activity_instance_id=review_pass.id) == of_task
    assert found(activity_instance_id=instance) == of_start
    assert found(user_operation_id=complete.operation_id) == of_task
    assert found(occurred_after=ts(submitted_at)) == of_task
    assert found(occurred_before=ts(submitted_at - timedelta(seconds=1))) == of_start
    assert found(occurred_after=ts(submitted_at), occurred_before=ts(submitted_at)) == of_task
    assert found(tenant_id_in=[tenant]) == every
    assert found(tenant_id_in=["another"]) == set()
    assert found(without_tenant_id=True) == set()
    # The filters of a variable keep variable updates only, and so do the case filters.
    kept = h.historic_details(process_instance_id=instance, variable_updates=True)[0]
    for filters in ({"variable_instance_id": kept.variable_instance_id}, {"variable_type_in": ["String"]},
                    {"initial": True}, {"case_instance_id": "any"}, {"case_execution_id": "any"}):
        assert found(**filters) == set(), filters
        assert h.count_historic_details(process_instance_id=instance, form_fields=True, **filters) == 0, filters
    assert h.count_historic_details(process_instance_id=instance, variable_type_in=["String"]) > 0
    # A tenant's token sees its tenant's; another's none.
    assert set(FormHistory(server.api(server.token(tenants=(tenant,)))).form_fields(
        process_instance_id=instance)) == every
    other = FormHistory(server.api(server.token(tenants=(unique("other"),))))
    assert other.count_historic_details(process_instance_id=instance, form_fields=True) == 0


def test_form_fields_sort_by_their_id_time_and_occurrence(server, h: FormHistory) -> None:  # type: ignore[no-untyped-def]
    _, definition = h.deploy_leave()
    instance = h.submit_start(by_id(definition), START_VALUES).process_instance.id
    [review] = h.tasks_of(instance)
    server.clock.advance(timedelta(minutes=1))
    h.submit(review.id, TASK_VALUES)

    def ids(*pairs: tuple[str, str]) -> list[str]:
        return [d.field_id for d in h.historic_details(process_instance_id=instance, form_fields=True,
                                                       sorting=sorted_by(*pairs))]

    by_name = sorted([*START_TEXTS, *TASK_TEXTS])
    assert ids(("formPropertyId", "asc")) == by_name == ids(("variableName", "asc"))
    assert ids(("formPropertyId", "desc")) == by_name[::-1]
    assert ids(("time", "asc"), ("formPropertyId", "asc")) == sorted(START_TEXTS) + sorted(TASK_TEXTS)
    assert ids(("time", "desc"), ("formPropertyId", "asc")) == sorted(TASK_TEXTS) + sorted(START_TEXTS)
    assert ids(("occurrence", "desc")) == ids()[::-1]
    # Every kind at once, by name: a form field beside the variable update of its variable.
    both = h.historic_details(process_instance_id=instance, sorting=sorted_by(("variableName", "asc"),
                                                                              ("occurrence", "asc")))
    names = [d.field_id or d.variable_name for d in both]
    assert names == sorted(names)
    assert [d.type for d in both if (d.field_id or d.variable_name) == "reference"] == [FORM_FIELD, VARIABLE_UPDATE]


def test_get_returns_either_kind(h: FormHistory) -> None:
    _, definition = h.deploy_leave()
    instance, review = h.submitted(definition)
    for detail in h.historic_details(process_instance_id=instance):
        assert h.historic_detail(detail.id) == detail
    [note] = [d for d in h.historic_details(task_id=review, form_fields=True) if d.field_id == "note"]
    assert (note.type, note.field_value, note.variable_name, note.HasField("value")) == (FORM_FIELD, "", "", False)
    expect_error(lambda: h.historic_detail(str(int(note.id) + 10**9)), grpc.StatusCode.NOT_FOUND,
                 "HISTORIC_DETAIL_NOT_FOUND")


# -- when they go -------------------------------------------------------------------------------


def _gone(h: FormHistory, instance: str, details: list[str]) -> None:
    assert h.count_historic_details(process_instance_id=instance) == 0
    for detail in details:
        expect_error(lambda: h.historic_detail(detail), grpc.StatusCode.NOT_FOUND, "HISTORIC_DETAIL_NOT_FOUND")


def test_deleting_an_instance_s_history_deletes_its_form_fields(h: FormHistory) -> None:
    _, definition = h.deploy_leave()
    instance, details = h.ended(definition)
    other, _ = h.submitted(definition)
    assert {h.historic_detail(d).type for d in details} == {FORM_FIELD, VARIABLE_UPDATE}
    h.history.DeleteHistoricProcessInstance(history_pb2.DeleteHistoricProcessInstanceRequest(id=instance))
    _gone(h, instance, details)
    assert h.count_historic_details(process_instance_id=other, form_fields=True) == len(START_TEXTS) + len(TASK_TEXTS)


def test_the_variable_history_of_an_instance_takes_its_form_fields_one_variable_does_not(h: FormHistory) -> None:
    _, definition = h.deploy_leave()
    instance, _ = h.submitted(definition)
    reference = h.named("reference", process_instance_id=instance)
    h.delete_variable(reference.id)
    assert h.count_historic_details(variable_instance_id=reference.id) == 0
    assert h.form_fields(process_instance_id=instance)["reference"] == "L-17"

    details = [d.id for d in h.historic_details(process_instance_id=instance)]
    assert h.delete_variables_of(instance) == len({*START_VALUES, *TASK_VALUES, "escalate"}) - 1  # reference went
    _gone(h, instance, details)


def test_the_cleanup_and_a_deployment_s_deletion_remove_form_fields(server, h: FormHistory) -> None:  # type: ignore[no-untyped-def]
    _, short = h.deploy_leave(ttl="0")
    _, long = h.deploy_leave()
    due, due_details = h.ended(short)
    kept, _ = h.ended(long)
    server.clock.advance(timedelta(seconds=1))
    assert h.history.CleanUpHistory(history_pb2.CleanUpHistoryRequest(batch_size=10_000)).removed_process_instances >= 1
    _gone(h, due, due_details)
    assert h.count_historic_details(process_instance_id=kept, form_fields=True) == len(START_TEXTS) + len(TASK_TEXTS)

    # DeleteDeployment with cascade: the ended instance's and the running one's go.
    _, cascade = h.deploy_leave()
    ended, ended_details = h.ended(cascade)
    running, _ = h.submitted(cascade)
    running_details = [d.id for d in h.historic_details(process_instance_id=running)]
    deployment = h.definitions.GetProcessDefinition(
        process_definition_pb2.GetProcessDefinitionRequest(id=cascade)).process_definition.deployment_id
    h.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=deployment, cascade=True))
    _gone(h, ended, ended_details)
    _gone(h, running, running_details)
    assert h.count_historic_details(process_instance_id=kept, form_fields=True) == len(START_TEXTS) + len(TASK_TEXTS)


def test_deleting_historic_instances_in_a_batch_deletes_their_form_fields(quiet: ServerHandle) -> None:  # noqa: F811
    h, batches = FormHistory(quiet.api()), Batches(quiet.api())
    _, definition = h.deploy_leave()
    instance, details = h.ended(definition)
    batches.history_delete_async([instance])
    run_jobs(quiet)
    _gone(h, instance, details)


# -- the migration ------------------------------------------------------------------------------


def _migrate(handle: ServerHandle, action: Any, revision: str) -> None:
    with handle.db.engine.connect() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        action(config, revision)
        connection.commit()


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_the_downgrade_removes_form_fields_and_keeps_variable_updates(fresh_server, backend: str) -> None:  # type: ignore[no-untyped-def]
    handle = fresh_server(backend)
    h = FormHistory(handle.api())
    _, definition = h.deploy_leave()
    instance, _ = h.submitted(definition)
    updates = h.historic_details(process_instance_id=instance, variable_updates=True)
    count = "SELECT count(*) FROM historic_variable_updates WHERE process_instance_id = :instance"

    def rows(tx: Any) -> int:
        return int(tx.execute(text(count), {"instance": instance}).scalar())

    _migrate(handle, command.downgrade, "history_0017")
    assert handle.db.run(rows, write=False) == len(updates)
    _migrate(handle, command.upgrade, "heads")
    assert h.historic_details(process_instance_id=instance) == updates
    [next_task] = h.tasks_of(instance)
    h.submit(next_task.id, {"closing": "done"})
    assert h.form_fields(process_instance_id=instance) == {"closing": "done"}
    assert [int(d.id) for d in h.historic_details(process_instance_id=instance)] == sorted(
        int(d.id) for d in h.historic_details(process_instance_id=instance))
