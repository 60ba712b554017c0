"""Generated task forms (camunda:formData on user tasks): GetTaskForm (the form key, the fields
with their types, enum values, labels and defaults evaluated, properties and constraints),
GetTaskFormVariables, SubmitTaskForm (conversion, each constraint kept and broken, read-only
fields, extra variables, defaults; the task completes and the process moves on), tasks without
a generated form, and what the deployment refuses."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import process_instance_pb2, task_pb2
from server.engine.bpmn.parser import parse_bpmn
from server.engine.form_fields import date_pattern
from tests.engine.case_support import Cases
from tests.engine.form_support import Forms, by_id, constraints, field, fields_of, form_process
from tests.engine.support import typed, typed_map
from tests.support import expect_error, unique

KEY = "__KEY__"
INVALID = grpc.StatusCode.INVALID_ARGUMENT
FAILED = "FORM_FIELD_VALIDATION_FAILED"


@pytest.fixture
def engine(api) -> Forms:  # type: ignore[no-untyped-def]
    return Forms(api)


EVERY_TYPE = "".join([
    field("name", "string", attributes='label="Name" defaultValue="Ann"',
          inner='<camunda:properties><camunda:property id="placeholder" value="Your name" />'
                '<camunda:property value="no id: left out" /></camunda:properties>'
                + constraints(("required", None), ("maxlength", "10"))),
    field("amount", "long", attributes='label="Amount of ${currency}" defaultValue="${base * 2}"',
          inner=constraints(("min", "1"), ("max", "1000"))),
    field("approved", "boolean", attributes='defaultValue="true"'),
    field("due", "date", attributes='defaultValue="05/01/2024"'),
    field("shipped", "date", attributes='datePattern="yyyy-MM-dd HH:mm"'),
    field("size", "enum", attributes='defaultValue="m"',
          inner='<camunda:value id="s" name="Small" /><camunda:value id="m" name="Medium" />'),
])


def test_a_task_form_has_its_key_and_fields_with_labels_and_defaults_evaluated(engine: Forms) -> None:
    _, task_id = engine.start_at_review(form_process(KEY, EVERY_TYPE, task_attributes=' camunda:formKey="app:review.html"'),
                                        {"currency": "EUR", "base": 21})
    form = engine.task_form(task_id)
    assert form.key == "app:review.html" and not form.HasField("camunda_form_ref")
    assert [f.id for f in form.fields] == ["name", "amount", "approved", "due", "shipped", "size"]
    fields = fields_of(form)
    assert fields["name"] == {
        "id": "name", "label": "Name", "type": "string", "default_value": {"value": "Ann", "type": "String"},
        "properties": {"placeholder": "Your name"},
        "validation_constraints": [{"name": "required"}, {"name": "maxlength", "config": "10"}],
    }
    assert fields["amount"]["label"] == "Amount of EUR"
    assert fields["amount"]["default_value"] == {"value": 42.0, "type": "Long"}
    assert fields["amount"]["validation_constraints"] == [{"name": "min", "config": "1"},
                                                         {"name": "max", "config": "1000"}]
    assert fields["approved"]["default_value"] == {"value": True, "type": "Boolean"}
    assert fields["due"]["date_pattern"] == "dd/MM/yyyy"  # the document's engine's default
    assert fields["due"]["default_value"] == {"value": "2024-01-05T00:00:00.000+0000", "type": "Date"}
    assert fields["shipped"] == {"id": "shipped", "type": "date", "date_pattern": "yyyy-MM-dd HH:mm"}
    assert fields["size"]["enum_values"] == [{"id": "s", "name": "Small"}, {"id": "m", "name": "Medium"}]
    assert fields["size"]["default_value"] == {"value": "m", "type": "String"}


def test_a_form_reference_is_returned_as_written(engine: Forms) -> None:
    attributes = ' camunda:formRef="invoice-form" camunda:formRefBinding="version" camunda:formRefVersion="3"'
    _, task_id = engine.start_at_review(form_process(KEY, task_attributes=attributes))
    form = engine.task_form(task_id)
    assert (form.key, form.camunda_form_ref.key, form.camunda_form_ref.binding, form.camunda_form_ref.version) == (
        "", "invoice-form", "version", 3)
    assert list(form.fields) == []


def test_form_variables_are_the_fields_values_or_defaults_then_every_visible_variable(engine: Forms) -> None:
    instance_id, task_id = engine.start_at_review(form_process(KEY, EVERY_TYPE),
                                                  {"currency": "EUR", "base": 5, "name": "Bob", "other": "x"})
    engine.tasks.ModifyTaskVariables(task_pb2.ModifyTaskVariablesRequest(
        task_id=task_id, modifications=typed_map({"note": "local"}), local=True))
    assert engine.task_form_variables(task_id) == {
        "name": ("Bob", "String"),  # the variable, not the default
        "amount": (10, "Long"),  # ${base * 2}, typed as the field
        "approved": (True, "Boolean"),
        "due": ("2024-01-05T00:00:00.000+0000", "Date"),
        "shipped": (None, "Date"),  # neither variable nor default: a null of the field's type
        "size": ("m", "String"),
        "currency": ("EUR", "String"), "base": (5, "Integer"), "other": ("x", "String"), "note": ("local", "String"),
    }
    assert engine.task_form_variables(task_id, "amount", "other", "unknown") == {
        "amount": (10, "Long"), "other": ("x", "String")}
    assert engine.variables(instance_id).keys() == {"currency", "base", "name", "other"}  # reading wrote nothing


def test_submitting_converts_the_values_completes_the_task_and_the_process_moves_on(engine: Forms) -> None:
    instance_id, task_id = engine.start_at_review(form_process(KEY, EVERY_TYPE), {"currency": "EUR", "base": 5})
    answer = engine.submit(task_id, {
        "name": "Carl", "amount": ("42", "String"), "approved": ("false", "String"), "due": "31/12/2024",
        "shipped": "2024-02-03 10:30", "size": "s", "comment": "an extra variable",
    }, returned=True)
    assert [t.task_definition_key for t in engine.tasks_of(instance_id)] == ["Next"]
    expected = {
        "name": ("Carl", "String"), "amount": (42, "Long"), "approved": (False, "Boolean"),
        "due": ("2024-12-31T00:00:00.000+0000", "Date"), "shipped": ("2024-02-03T10:30:00.000+0000", "Date"),
        "size": ("s", "String"), "comment": ("an extra variable", "String"),
        "currency": ("EUR", "String"), "base": (5, "Integer"),
    }
    assert engine.variables(instance_id) == expected
    assert {k: (v.value.WhichOneof("kind"), v.type) for k, v in answer.variables.items()}.keys() == expected.keys()


def test_fields_not_submitted_get_their_defaults_unless_a_variable_exists(engine: Forms) -> None:
    instance_id, task_id = engine.start_at_review(form_process(KEY, EVERY_TYPE),
                                                  {"currency": "EUR", "base": 5, "approved": False})
    engine.submit(task_id, {"name": "Dora"})
    values = engine.variables(instance_id)
    assert values["amount"] == (10, "Long") and values["size"] == ("m", "String")
    assert values["approved"] == (False, "Boolean")  # the variable stays
    assert "shipped" not in values  # no default: nothing set


def test_a_submitted_null_clears_the_field(engine: Forms) -> None:
    instance_id, task_id = engine.start_at_review(form_process(KEY, field("amount", "long")), {"amount": 3})
    engine.submit(task_id, {"amount": None})
    assert engine.variables(instance_id)["amount"] == (None, "Long")


def test_blank_text_is_no_value_but_for_a_string_field(engine: Forms) -> None:
    fields = field("amount", "long") + field("when", "date") + field("text", "string")
    instance_id, task_id = engine.start_at_review(form_process(KEY, fields))
    engine.submit(task_id, {"amount": "", "when": " ", "text": ""})
    values = engine.variables(instance_id)
    assert (values["amount"], values["when"], values["text"]) == ((None, "Long"), (None, "Date"), ("", "String"))


# -- validation ---------------------------------------------------------------------------------


def _refused(engine: Forms, task_id: str, variables: dict, constraint: str, form_field: str):  # type: ignore[no-untyped-def,type-arg]
    got = expect_error(lambda: engine.submit(task_id, variables), INVALID, FAILED)
    assert got.info.metadata["form_field"] == form_field
    assert got.info.metadata["constraint"] == constraint
    assert got.info.metadata["field_name"] == f"variables[{form_field}]"
    assert f"variables[{form_field}]" in got.fields
    assert {v.reason for v in got.bad_request.field_violations} == {FAILED}
    return got


def test_required_needs_a_value_or_an_existing_variable(engine: Forms) -> None:
    required = field("name", "string", inner=constraints(("required", None)))
    _, task_id = engine.start_at_review(form_process(KEY, required))
    got = _refused(engine, task_id, {}, "required", "name")
    assert "form field 'name': is required" in got.message
    _refused(engine, task_id, {"name": ""}, "required", "name")
    _refused(engine, task_id, {"name": None}, "required", "name")
    engine.submit(task_id, {"name": "Eve"})

    instance_id, task_id = engine.start_at_review(form_process(KEY, required), {"name": "Fay"})
    engine.submit(task_id, {})  # the variable holds a value
    assert engine.variables(instance_id)["name"] == ("Fay", "String")


def test_a_read_only_field_takes_no_value(engine: Forms) -> None:
    readonly = field("total", "long", attributes='defaultValue="7"', inner=constraints(("readonly", None)))
    instance_id, task_id = engine.start_at_review(form_process(KEY, readonly), {"total": 3})
    _refused(engine, task_id, {"total": 4}, "readonly", "total")
    engine.submit(task_id, {"total": None})  # no value: nothing is written
    assert engine.variables(instance_id)["total"] == (3, "Integer")


@pytest.mark.parametrize("constraint,config,kept,broken", [
    ("minlength", "3", "abc", "ab"),
    ("maxlength", "3", "abc", "abcd"),
    ("min", "10", 10, 9),
    ("max", "10", 10, 11),
])
def test_each_length_and_bound_constraint_holds_inclusively(engine: Forms, constraint: str, config: str,
                                                            kept: object, broken: object) -> None:
    field_type = "string" if "length" in constraint else "long"
    checked = field("x", field_type, inner=constraints((constraint, config)))
    _, task_id = engine.start_at_review(form_process(KEY, checked))
    got = _refused(engine, task_id, {"x": broken}, constraint, "x")
    assert got.info.metadata["config"] == config
    engine.submit(task_id, {"x": kept})
    # no value passes them all, as in the document's engine
    _, task_id = engine.start_at_review(form_process(KEY, checked))
    engine.submit(task_id, {})


@pytest.mark.parametrize("field_type,inner,value", [
    ("long", "", "abc"),
    ("long", "", 1.5),
    ("long", "", True),
    ("boolean", "", "maybe"),
    ("boolean", "", 1),
    ("date", "", "2024-01-05"),  # not the pattern dd/MM/yyyy
    ("date", "", "31/02/2024"),  # no such day
    ("string", "", ({"a": 1}, "Json")),
    ("enum", '<camunda:value id="a" name="A" />', "b"),
])
def test_a_value_of_the_wrong_type_is_refused(engine: Forms, field_type: str, inner: str, value: object) -> None:
    _, task_id = engine.start_at_review(form_process(KEY, field("x", field_type, inner=inner)))
    _refused(engine, task_id, {"x": value}, "type", "x")


def test_every_failing_field_is_reported_and_nothing_changes(engine: Forms) -> None:
    fields = (field("a", "long", inner=constraints(("required", None))) + field("b", "string",
              inner=constraints(("maxlength", "2"))) + field("c", "boolean"))
    instance_id, task_id = engine.start_at_review(form_process(KEY, fields))
    got = _refused(engine, task_id, {"b": "long text", "c": "no", "extra": 1}, "required", "a")
    assert got.fields == ["variables[a]", "variables[b]", "variables[c]"]
    assert [t.id for t in engine.tasks_of(instance_id)] == [task_id]
    assert engine.variables(instance_id) == {}


def test_a_task_without_a_generated_form_completes_with_the_variables_as_they_are(engine: Forms) -> None:
    instance_id, task_id = engine.start_at_review(form_process(KEY, task_attributes=' camunda:formKey="k"'),
                                                  {"a": 1})
    form = engine.task_form(task_id)
    assert form.key == "k" and list(form.fields) == []
    assert engine.task_form_variables(task_id) == {"a": (1, "Integer")}
    engine.submit(task_id, {"b": ("x", "String")})
    assert engine.variables(instance_id) == {"a": (1, "Integer"), "b": ("x", "String")}
    assert [t.task_definition_key for t in engine.tasks_of(instance_id)] == ["Next"]


def test_a_standalone_task_has_an_empty_form_and_submitting_completes_it(engine: Forms) -> None:
    task_id = engine.tasks.CreateTask(task_pb2.CreateTaskRequest(name=unique("standalone"))).task.id
    assert engine.task_form(task_id) == engine.task_form(task_id).__class__()
    engine.submit(task_id, {"a": 1})
    expect_error(lambda: engine.task_form(task_id), grpc.StatusCode.NOT_FOUND, "TASK_NOT_FOUND")


def test_the_state_of_the_task_is_checked_before_the_form(engine: Forms) -> None:
    required = field("name", "string", inner=constraints(("required", None)))
    instance_id, task_id = engine.start_at_review(form_process(KEY, required))
    engine.tasks.DelegateTask(task_pb2.DelegateTaskRequest(task_id=task_id, user_id="bob"))
    expect_error(lambda: engine.submit(task_id, {}), grpc.StatusCode.FAILED_PRECONDITION, "TASK_DELEGATED")
    engine.instances.SuspendProcessInstance(process_instance_pb2.SuspendProcessInstanceRequest(id=instance_id))
    expect_error(lambda: engine.submit(task_id, {}), grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")


def test_an_unknown_task_is_not_found(engine: Forms) -> None:
    for call in (lambda: engine.task_form("nope"), lambda: engine.task_form_variables("nope"),
                 lambda: engine.submit("nope", {})):
        expect_error(call, grpc.StatusCode.NOT_FOUND, "TASK_NOT_FOUND")


def test_a_default_expression_that_fails_is_reported(engine: Forms) -> None:
    failing = field("amount", "long", attributes='defaultValue="${missing + 1}"')
    _, task_id = engine.start_at_review(form_process(KEY, failing))
    for call in (lambda: engine.task_form(task_id), lambda: engine.task_form_variables(task_id),
                 lambda: engine.submit(task_id, {})):
        got = expect_error(call, grpc.StatusCode.FAILED_PRECONDITION, "EXPRESSION_EVALUATION_FAILED")
        assert got.info.metadata["activity_id"] == "Review"
    engine.submit(task_id, {"amount": 2})  # a submitted value needs no default
    wrong_type = field("amount", "long", attributes='defaultValue="${text}"')
    _, task_id = engine.start_at_review(form_process(KEY, wrong_type), {"text": "abc"})
    got = expect_error(lambda: engine.task_form(task_id), grpc.StatusCode.FAILED_PRECONDITION,
                       "EXPRESSION_EVALUATION_FAILED")
    assert "is not a whole number" in got.message


def test_variable_names_in_the_request_must_be_valid_variables(engine: Forms) -> None:
    _, task_id = engine.start_at_review(form_process(KEY, field("x", "string")))
    got = expect_error(lambda: engine.tasks.SubmitTaskForm(task_pb2.SubmitTaskFormRequest(
        task_id=task_id, variables={"x": typed(1, "Nope")})), INVALID, "UNSUPPORTED_VARIABLE_TYPE")
    assert got.fields == ["variables[x].type"]


# -- what the deployment refuses ----------------------------------------------------------------


@pytest.mark.parametrize("fields,reason,element,snippet", [
    (field("x", "color"), "UNSUPPORTED_BPMN_ELEMENT", "camunda:formField", "type 'color' is not supported"),
    (field("x", "string", inner='<camunda:validation><camunda:constraint name="validator" '
           'config="com.example.Check" /></camunda:validation>'), "UNSUPPORTED_BPMN_ELEMENT", "camunda:constraint",
     "custom validators"),
    (field("x", "string", inner=constraints(("pattern", "a*"))), "INVALID_BPMN", "camunda:constraint",
     "unknown constraint 'pattern'"),
    (field("x", "long", inner=constraints(("maxlength", "3"))), "INVALID_BPMN", "camunda:constraint",
     "maxlength applies to string and enum fields"),
    (field("x", "long", inner=constraints(("min", "one"))), "INVALID_BPMN", "camunda:constraint",
     "min needs a config that is a whole number"),
    (field("x", "long", attributes='defaultValue="many"'), "INVALID_BPMN", "camunda:formField",
     "defaultValue 'many' is not a whole number"),
    (field("x", "enum", attributes='defaultValue="c"', inner='<camunda:value id="a" />'), "INVALID_BPMN",
     "camunda:formField", "defaultValue 'c' is not one of the enum's values: a"),
    (field("x", "string", inner='<camunda:value id="a" />'), "INVALID_BPMN", "camunda:value",
     "camunda:value belongs to enum fields"),
    (field("x", "date", attributes='datePattern="dd MMM yyyy"'), "INVALID_BPMN", "camunda:formField",
     "pattern letters 'MMM' are not supported"),
    (field("x", "string") + field("x", "long"), "INVALID_BPMN", "camunda:formField", "declared twice"),
    ('<camunda:formField type="string" />', "INVALID_BPMN", "camunda:formField", "needs an id"),
    ('<camunda:formField id="x" />', "INVALID_BPMN", "camunda:formField", "needs a type"),
])
def test_the_deployment_refuses_what_a_form_would_not_do(engine: Forms, fields: str, reason: str, element: str,
                                                         snippet: str) -> None:
    data = form_process(unique("p"), fields)
    got = expect_error(lambda: engine.deploy(contents={"p.bpmn": data}), INVALID, reason)
    assert snippet in got.message
    assert got.info.metadata["element"] == element and got.info.metadata["element_id"] == "Review"
    lines = data.decode().splitlines()
    assert f"<{element}" in lines[int(got.info.metadata["line"]) - 1]


@pytest.mark.parametrize("attributes,form,snippet", [
    (' camunda:formKey="k" camunda:formRef="f"', None, "camunda:formKey and camunda:formRef exclude each other"),
    (' camunda:formRef="f" camunda:formRefBinding="newest"', None, "camunda:formRefBinding must be"),
    ("", "business", "businessKey 'nobody' names no camunda:formField"),
    ("", "property", "camunda:formProperty (the older form properties) is not supported"),
])
def test_the_deployment_refuses_a_form_that_is_not_one(engine: Forms, attributes: str, form: str | None,
                                                       snippet: str) -> None:
    data = form_process(unique("p"), None, task_attributes=attributes)
    if form == "business":
        data = data.replace(b'<bpmn:userTask id="Review" name="Review">', (
            '<bpmn:userTask id="Review" name="Review"><bpmn:extensionElements><camunda:formData businessKey="nobody">'
            + field("x", "string") + "</camunda:formData></bpmn:extensionElements>").encode())
    elif form == "property":
        data = data.replace(b'<bpmn:userTask id="Review" name="Review">', (
            '<bpmn:userTask id="Review" name="Review"><bpmn:extensionElements><camunda:formProperty id="x" />'
            "</bpmn:extensionElements>").encode())
    got = expect_error(lambda: engine.deploy(contents={"p.bpmn": data}), INVALID)
    assert snippet in got.message and got.info.metadata["element_id"] == "Review"


def test_form_data_of_other_elements_has_no_meaning_and_stays_ignored(engine: Forms) -> None:
    data = form_process(KEY).replace(b'<bpmn:userTask id="Next" />', (
        '<bpmn:manualTask id="Next"><bpmn:extensionElements><camunda:formData>' + field("x", "color")
        + "</camunda:formData></bpmn:extensionElements></bpmn:manualTask>").encode())
    instance_id, _ = engine.start_at_review(data)
    assert engine.instance(instance_id).id == instance_id


def test_a_definition_id_names_its_form_of_the_version_the_task_runs(engine: Forms) -> None:
    key = unique("versions")
    first = engine.deploy_process(form_process(key, field("a", "string")), key)
    instance = engine.start(first).process_instance
    engine.deploy_process(form_process(key, field("b", "long")), key)
    [task] = engine.tasks_of(instance.id)
    assert [f.id for f in engine.task_form(task.id).fields] == ["a"]
    assert engine.start_form(by_id(first)).process_definition_id == first


def test_a_human_task_of_a_case_has_its_form_key_and_submitting_completes_it(api) -> None:  # type: ignore[no-untyped-def]
    cases = Cases(api)
    case = cases.deploy_and_create("case_three_items.cmmn", key=unique("case"), variables={"a": 1})
    [task] = [t for t in cases.case_tasks(case.id) if t.task_definition_key == "HumanTask_Check"]
    form = Forms(api).task_form(task.id)
    assert form.key == "embedded:app:forms/check.html" and list(form.fields) == []
    assert Forms(api).task_form_variables(task.id) == {"a": (1, "Integer")}
    Forms(api).submit(task.id, {"checked": True})
    assert cases.case_variables(case.id)["checked"] == (True, "Boolean")
    assert "HumanTask_Check" not in [t.task_definition_key for t in cases.case_tasks(case.id)]


@pytest.mark.parametrize("pattern,text,expected", [
    ("dd/MM/yyyy", "5/1/2024", "2024-01-05T00:00"),
    ("yyyyMMdd", "20240105", "2024-01-05T00:00"),
    ("dd.MM.yyyy 'um' HH:mm", "05.01.2024 um 17:45", "2024-01-05T17:45"),
    ("yyyy-MM-dd HH:mm:ss.SSS", "2024-01-05 17:45:30.250", "2024-01-05T17:45:30.250000"),
])
def test_date_patterns_read_their_text_as_utc(pattern: str, text: str, expected: str) -> None:
    parsed = date_pattern(pattern).parse(text)
    assert parsed is not None and parsed.isoformat().startswith(expected) and parsed.utcoffset().total_seconds() == 0
    assert date_pattern(pattern).parse(text + "x") is None


def test_a_stored_resource_read_again_keeps_what_it_can_of_a_form() -> None:
    """A model deployed before its form was read (or refused) still runs: its form has no fields."""
    data = form_process("stored", field("x", "color"))
    expect_refusal = pytest.raises(Exception, match="type 'color' is not supported")
    with expect_refusal:
        parse_bpmn(data, "stored.bpmn")
    [spec] = parse_bpmn(data, "stored.bpmn", deploying=False)
    assert spec.element("Review").form_fields == ()
