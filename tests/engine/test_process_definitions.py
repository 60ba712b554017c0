"""ProcessDefinitionService: Get/List definitions, and StartProcessInstance by id, by key (the
latest version of no tenant), by key and tenant; typed variables; with_variables_in_return."""

from __future__ import annotations

import grpc

from flowkeeper.engine.v1 import process_definition_pb2 as pd
from tests.engine.scenario import Scenario
from tests.engine.support import plain, typed, typed_map
from tests.support import expect_error, unique

Ref = pd.DefinitionRef


def test_start_by_id_key_and_key_with_tenant(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    tenant = unique("tenant")
    plain_old = engine.deploy_one("parallel_join.bpmn")
    plain_new = engine.deploy_one("parallel_join.bpmn")
    tenant_def = engine.deploy_one("parallel_join.bpmn", tenant=tenant)

    by_id = engine.start_ref(Ref(id=plain_old)).process_instance
    assert (by_id.definition_id, by_id.definition_key, by_id.tenant_id) == (plain_old, "parallel_join", "")
    # By key: the latest version that belongs to no tenant, whatever tenants deployed since.
    by_key = engine.start_ref(Ref(key="parallel_join")).process_instance
    assert by_key.definition_id == plain_new
    by_tenant = engine.start_ref(Ref(key_and_tenant=pd.KeyAndTenant(key="parallel_join", tenant_id=tenant)))
    assert (by_tenant.process_instance.definition_id, by_tenant.process_instance.tenant_id) == (tenant_def, tenant)
    assert engine.ids(process_instance_id=by_tenant.process_instance.id, tenant_id_in=[tenant]) == {
        e.id for e in engine.tree(by_tenant.process_instance.id)}


def test_start_failures(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    tenant = unique("tenant")
    key = "parallel_messages"
    engine.deploy_one("parallel_messages.bpmn", tenant=tenant, ParcelArrived=unique("m"))
    expect_error(lambda: engine.start_ref(Ref()), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    failed = expect_error(lambda: engine.start_ref(Ref(id="nope:1:x")), grpc.StatusCode.NOT_FOUND,
                          "PROCESS_DEFINITION_NOT_FOUND")
    assert failed.info.metadata["id"] == "nope:1:x"
    failed = expect_error(lambda: engine.start_ref(Ref(key=unique("no-such-key"))), grpc.StatusCode.NOT_FOUND,
                          "PROCESS_DEFINITION_NOT_FOUND")
    assert failed.info.metadata["field_name"] == "key"
    expect_error(lambda: engine.start_ref(Ref(key_and_tenant=pd.KeyAndTenant(key=key, tenant_id=unique("t")))),
                 grpc.StatusCode.NOT_FOUND, "PROCESS_DEFINITION_NOT_FOUND")
    failed = expect_error(lambda: engine.start_ref(Ref(key_and_tenant=pd.KeyAndTenant(key=key))),
                          grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert failed.fields == ["definition.key_and_tenant.tenant_id"]

    billing = engine.definition_id(engine.deploy("two_processes.bpmn"), "two_processes_billing")
    failed = expect_error(lambda: engine.start_ref(Ref(id=billing)), grpc.StatusCode.FAILED_PRECONDITION,
                          "NO_NONE_START_EVENT")
    assert failed.precondition.violations[0].subject == billing
    # The called process is looked up in the caller's tenant, where nobody deployed it.
    parent = engine.deploy_one("call_parent.bpmn", tenant=tenant)
    failed = expect_error(lambda: engine.start_ref(Ref(id=parent), {"orderId": "o", "amount": 1}),
                          grpc.StatusCode.FAILED_PRECONDITION, "CALLED_DEFINITION_NOT_FOUND")
    assert failed.info.metadata["called_element"] == "call_child"
    assert engine.ids(process_definition_id=parent) == set()


def test_business_key_and_variables_in_return(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    waiting = engine.deploy_one("parallel_join.bpmn")
    started = engine.start_ref(Ref(id=waiting), {"order": "o-1"}, business_key="bk-1", with_variables_in_return=True)
    assert started.process_instance.business_key == "bk-1"
    assert plain(started.variables) == {"order": ("o-1", "String")}
    assert engine.start_ref(Ref(id=waiting), {"order": "o-1"}).variables == {}
    # An instance that ends within the call returns the variables it ended with.
    ending = engine.deploy_one("exclusive_gateway.bpmn")
    ended = engine.start_ref(Ref(id=ending), {"amount": 5}, with_variables_in_return=True)
    assert ended.process_instance.ended and ended.process_instance.state == ended.process_instance.STATE_COMPLETED
    assert plain(ended.variables) == {"amount": (5, "Integer")}


def test_every_variable_type_round_trips(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition = engine.deploy_one("parallel_join.bpmn")
    given = {
        "b": (True, "Boolean"), "b_text": ("false", "boolean"), "s": (-7, "Short"), "i": (123456, "Integer"),
        "l": ("9007199254740993", "Long"), "l_small": (5, "Long"), "d": (2.5, "Double"), "d_int": (3, "Double"),
        "str": ("hello", "String"), "str_num": (12, "String"),
        "date": ("2024-02-29T13:14:15.678+0100", "Date"), "date_iso": ("2024-02-29T12:00:00Z", "Date"),
        "json": ({"a": [1, "x"], "b": None}, "Json"), "json_text": ('{"k": true}', "Json"),
        "bytes": ("aGVsbG8=", "Bytes"), "null": (None, "Null"), "typed_null": (None, "String"),
        "inferred_bool": False, "inferred_int": 42, "inferred_long": 2**40, "inferred_double": 0.5,
        "inferred_text": "t", "inferred_json": [1, 2], "inferred_null": None,
    }
    started = engine.start_ref(Ref(id=definition), given, with_variables_in_return=True)
    assert plain(started.variables) == {
        "b": (True, "Boolean"), "b_text": (False, "Boolean"), "s": (-7, "Short"), "i": (123456, "Integer"),
        "l": ("9007199254740993", "Long"), "l_small": (5, "Long"), "d": (2.5, "Double"), "d_int": (3, "Double"),
        "str": ("hello", "String"), "str_num": ("12", "String"),
        "date": ("2024-02-29T12:14:15.678+0000", "Date"), "date_iso": ("2024-02-29T12:00:00.000+0000", "Date"),
        "json": ({"a": [1, "x"], "b": None}, "Json"), "json_text": ({"k": True}, "Json"),
        "bytes": ("aGVsbG8=", "Bytes"), "null": (None, "Null"), "typed_null": (None, "String"),
        "inferred_bool": (False, "Boolean"), "inferred_int": (42, "Integer"),
        "inferred_long": (2**40, "Long"), "inferred_double": (0.5, "Double"), "inferred_text": ("t", "String"),
        "inferred_json": ([1, 2], "Json"), "inferred_null": (None, "Null"),
    }
    assert engine.variables(started.process_instance.id) == plain(started.variables)


BAD = [
    ("flag", typed("yes", "Boolean"), "INVALID_VARIABLE_VALUE"),
    ("flag", typed(1, "Boolean"), "INVALID_VARIABLE_VALUE"),
    ("count", typed(40000, "Short"), "INVALID_VARIABLE_VALUE"),
    ("count", typed(2**31, "Integer"), "INVALID_VARIABLE_VALUE"),
    ("count", typed(1.5, "Integer"), "INVALID_VARIABLE_VALUE"),
    ("count", typed("ten", "Long"), "INVALID_VARIABLE_VALUE"),
    ("count", typed(True, "Long"), "INVALID_VARIABLE_VALUE"),
    ("ratio", typed("half", "Double"), "INVALID_VARIABLE_VALUE"),
    ("ratio", typed(False, "Double"), "INVALID_VARIABLE_VALUE"),
    ("name", typed({"a": 1}, "String"), "INVALID_VARIABLE_VALUE"),
    ("name", typed(True, "String"), "INVALID_VARIABLE_VALUE"),
    ("when", typed("yesterday", "Date"), "INVALID_VARIABLE_VALUE"),
    ("when", typed(1700000000, "Date"), "INVALID_VARIABLE_VALUE"),
    ("doc", typed("{not json", "Json"), "INVALID_VARIABLE_VALUE"),
    ("blob", typed("not base64!", "Bytes"), "INVALID_VARIABLE_VALUE"),
    ("blob", typed(12, "Bytes"), "INVALID_VARIABLE_VALUE"),
    ("nothing", typed("x", "Null"), "INVALID_VARIABLE_VALUE"),
    ("odd", typed("x", "Money"), "UNSUPPORTED_VARIABLE_TYPE"),
]


def test_each_bad_value_names_its_variable(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition = engine.deploy_one("parallel_join.bpmn")
    for variable, bad, reason in BAD:
        failed = expect_error(lambda: engine.definitions.StartProcessInstance(pd.StartProcessInstanceRequest(
            definition=Ref(id=definition), variables={variable: bad})), grpc.StatusCode.INVALID_ARGUMENT, reason)
        suffix = ".type" if reason == "UNSUPPORTED_VARIABLE_TYPE" else ".value"
        assert failed.fields == [f"variables[{variable}]{suffix}"], (bad, failed.fields)
        assert failed.info.metadata["variable"] == variable
    # Several bad variables are reported together; nothing started.
    failed = expect_error(lambda: engine.definitions.StartProcessInstance(pd.StartProcessInstanceRequest(
        definition=Ref(id=definition), variables={"a": typed("x", "Integer"), "b": typed("y", "Boolean"),
                                                  "ok": typed(1)})), grpc.StatusCode.INVALID_ARGUMENT,
        "INVALID_VARIABLE_VALUE")
    assert sorted(failed.fields) == ["variables[a].value", "variables[b].value"]
    assert engine.ids(process_definition_id=definition) == set()


def test_get_and_list_definitions(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    tenant = unique("tenant")
    first = engine.deploy("user_tasks.bpmn")
    second = engine.deploy("user_tasks.bpmn")
    tenant_deployment = engine.deploy("user_tasks.bpmn", tenant=tenant)
    one = engine.definitions.GetProcessDefinition(pd.GetProcessDefinitionRequest(
        id=engine.definition_id(second, "user_tasks"))).process_definition
    older = engine.definitions.GetProcessDefinition(pd.GetProcessDefinitionRequest(
        id=engine.definition_id(first, "user_tasks"))).process_definition
    assert (one.key, one.name, one.version_tag, one.deployment_id, one.resource_name, one.tenant_id, one.suspended) == (
        "user_tasks", "Approve invoice", "1.2.0", second.id, "user_tasks.bpmn", "", False)
    assert one.version == older.version + 1
    expect_error(lambda: engine.definitions.GetProcessDefinition(pd.GetProcessDefinitionRequest(id="")),
                 grpc.StatusCode.NOT_FOUND, "PROCESS_DEFINITION_NOT_FOUND")

    def listed(**fields):  # type: ignore[no-untyped-def]
        return [d.id for d in engine.definitions.ListProcessDefinitions(
            pd.ListProcessDefinitionsRequest(**fields)).process_definitions]

    tenant_id = engine.definition_id(tenant_deployment, "user_tasks")
    assert listed(key="user_tasks", tenant_id_in=[tenant]) == [tenant_id]
    assert listed(deployment_id=first.id) == [older.id]
    latest = listed(key="user_tasks", latest_only=True)
    assert one.id in latest and tenant_id in latest and older.id not in latest
    assert listed(key="user_tasks", latest_only=True, without_tenant_id=True) == [one.id]
    everything = listed(key="user_tasks", without_tenant_id=True)
    assert everything[:2] == [one.id, older.id]  # newest version first

    # Paging with page tokens.
    page = engine.definitions.ListProcessDefinitions(pd.ListProcessDefinitionsRequest(
        key="user_tasks", without_tenant_id=True, page_size=1))
    assert [d.id for d in page.process_definitions] == [one.id] and page.next_page_token
    page = engine.definitions.ListProcessDefinitions(pd.ListProcessDefinitionsRequest(
        key="user_tasks", without_tenant_id=True, page_size=1, page_token=page.next_page_token))
    assert [d.id for d in page.process_definitions] == [older.id]
    expect_error(lambda: engine.definitions.ListProcessDefinitions(pd.ListProcessDefinitionsRequest(
        page_token="garbage")), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_PAGE_TOKEN")
    expect_error(lambda: engine.definitions.ListProcessDefinitions(pd.ListProcessDefinitionsRequest(
        page_size=-1)), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
