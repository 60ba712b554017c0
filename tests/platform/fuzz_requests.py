"""Requests for the tests that call every RPC the server offers (found through reflection):
extreme ones, whose every field, at every depth, holds an extreme value; and real ones, over a
seeded world (tests/platform/fuzz_world.py) whose ids name rows, so calls get past the lookups."""

from __future__ import annotations

from typing import Any, Callable, Iterator

import grpc
from google.protobuf import descriptor_pool, json_format, message_factory
from google.protobuf.descriptor import FieldDescriptor
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase

from tests.platform.fuzz_world import DISH_INPUTS, FILE_VARIABLE, TOPIC, WORKER, seed
from tests.support import ServerHandle

OPEN = {"grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection", "grpc.reflection.v1.ServerReflection"}
FAILED_INSIDE = {grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN}
_T = FieldDescriptor

LONG_TEXT = "\U0001F525" * 3000  # 12,000 bytes of UTF-8
STREAM_WAIT = 0.2  # seconds a server-streaming call of the stateful test may stay open


def _largest(field: FieldDescriptor) -> Any:
    return {
        _T.TYPE_STRING: LONG_TEXT, _T.TYPE_BYTES: LONG_TEXT.encode(), _T.TYPE_BOOL: True,
        _T.TYPE_INT32: 2**31 - 1, _T.TYPE_SINT32: 2**31 - 1, _T.TYPE_SFIXED32: 2**31 - 1,
        _T.TYPE_INT64: 2**63 - 1, _T.TYPE_SINT64: 2**63 - 1, _T.TYPE_SFIXED64: 2**63 - 1,
        _T.TYPE_UINT32: 2**32 - 1, _T.TYPE_FIXED32: 2**32 - 1, _T.TYPE_UINT64: 2**64 - 1, _T.TYPE_FIXED64: 2**64 - 1,
        _T.TYPE_DOUBLE: 1e308, _T.TYPE_FLOAT: 3e38, _T.TYPE_ENUM: 999,
    }[field.type]


def _smallest(field: FieldDescriptor) -> Any:
    return {
        _T.TYPE_STRING: " ", _T.TYPE_BYTES: b"\x00", _T.TYPE_BOOL: False,
        _T.TYPE_INT32: -(2**31), _T.TYPE_SINT32: -(2**31), _T.TYPE_SFIXED32: -(2**31),
        _T.TYPE_INT64: -(2**63), _T.TYPE_SINT64: -(2**63), _T.TYPE_SFIXED64: -(2**63),
        _T.TYPE_UINT32: 0, _T.TYPE_FIXED32: 0, _T.TYPE_UINT64: 0, _T.TYPE_FIXED64: 0,
        _T.TYPE_DOUBLE: -1e308, _T.TYPE_FLOAT: -3e38, _T.TYPE_ENUM: -1,
    }[field.type]


def _plausible(field: FieldDescriptor) -> Any:
    """A value that passes most checks, so that the extreme one next to it is reached."""
    if field.type == _T.TYPE_STRING:
        return field.name.split("_")[0]
    if field.type == _T.TYPE_BYTES:
        return b"<x/>"
    if field.type == _T.TYPE_ENUM:
        return field.enum_type.values[-1].number
    return {_T.TYPE_BOOL: True, _T.TYPE_DOUBLE: 1.5, _T.TYPE_FLOAT: 1.5}.get(field.type, 1)


# What fills one field: (the field's path, the field) -> "largest", "beyond", "smallest",
# "plausible", or (the stateful test) "real" or "absent".
Choose = Callable[[str, FieldDescriptor], str]
# The real value of a scalar field: (the field's path, the field) -> its value.
Real = Callable[[str, FieldDescriptor], Any]
# "beyond": Timestamps and Durations outside their documented range, which clients other than
# protoc's can send; scalars as "largest".
_SCALARS = {"largest": _largest, "beyond": _largest, "smallest": _smallest, "plausible": _plausible}


def _well_known(message: Any, kind: str) -> bool:
    """Fills google.protobuf types by their meaning; False for other messages."""
    name = message.DESCRIPTOR.full_name
    largest = kind in ("largest", "beyond")
    if name == "google.protobuf.Timestamp":
        message.seconds, message.nanos = {"largest": (253_402_300_799, 999_999_999), "beyond": (10**15, -1),
                                          "smallest": (-62_135_596_800, 0), "plausible": (1_800_000_000, 0)}[kind]
    elif name == "google.protobuf.Duration":
        message.seconds, message.nanos = {"largest": (315_576_000_000, 999_999_999), "beyond": (10**15, -5),
                                          "smallest": (-315_576_000_000, -999_999_999), "plausible": (30, 0)}[kind]
    elif name == "google.protobuf.Struct":
        if kind == "plausible":
            message.update({"k": "v"})
        else:
            message.update({"k": {"deep": [LONG_TEXT if largest else None, 1e308 if largest else -1e308, True]}})
    elif name == "google.protobuf.Value":
        message.string_value = {"largest": LONG_TEXT, "beyond": LONG_TEXT, "smallest": "", "plausible": "v"}[kind]
    elif name == "google.protobuf.ListValue":
        message.extend([{"largest": LONG_TEXT, "beyond": LONG_TEXT, "smallest": None, "plausible": "v"}[kind]])
    elif name.startswith("google.protobuf.") and name.endswith("Value"):  # wrappers
        message.value = _SCALARS[kind](message.DESCRIPTOR.fields_by_name["value"])
    else:
        return False
    return True


def _fill(message: Any, choose: Choose, path: str = "", depth: int = 0,
          real: Real | None = None) -> list[tuple[str, FieldDescriptor]]:
    """Fills every field of ``message`` (the first member of each oneof), ``depth`` messages
    deep, each as ``choose`` says ("absent" leaves it unset; "real" takes a scalar from ``real``
    and fills a message as "plausible"); returns the fields it filled or left out, with their paths."""
    paths: list[tuple[str, FieldDescriptor]] = []

    def scalar(where: str, field: FieldDescriptor, kind: str) -> Any:
        return real(where, field) if kind == "real" and real else _SCALARS[kind](field)

    for field in message.DESCRIPTOR.fields:
        if field.containing_oneof is not None and field.containing_oneof.fields[0] is not field:
            continue
        where = f"{path}.{field.name}" if path else field.name
        kind = choose(where, field)
        paths.append((where, field))
        if kind == "absent":
            continue
        shape = "plausible" if kind == "real" else kind
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            key_field = field.message_type.fields_by_name["key"]
            value_field = field.message_type.fields_by_name["value"]
            key = _SCALARS[shape](key_field)
            container = getattr(message, field.name)
            given = real(where, field) if kind == "real" and real else None
            if isinstance(given, dict):  # real entries (in JSON form), besides the one filled below
                for name, entry in given.items():
                    if value_field.message_type is not None:
                        json_format.ParseDict(entry, container[name])
                    else:
                        container[name] = entry
            if value_field.message_type is not None:
                if not _well_known(container[key], shape) and depth < 4:
                    paths += _fill(container[key], choose, where, depth + 1, real)
            else:
                container[key] = scalar(where, value_field, kind)
        elif field.message_type is not None:
            target = getattr(message, field.name).add() if field.is_repeated else getattr(message, field.name)
            if not _well_known(target, shape) and depth < 4:
                paths += _fill(target, choose, where, depth + 1, real)
            if not field.is_repeated:
                target.SetInParent()
        elif field.is_repeated:
            getattr(message, field.name).append(scalar(where, field, kind))
        else:
            setattr(message, field.name, scalar(where, field, kind))
    return paths


def _kinds(field: FieldDescriptor) -> tuple[str, ...]:
    """The extremes to try on ``field`` on its own: "beyond" differs from "largest" only for
    Timestamps and Durations (and the messages around them, which it fills the same way)."""
    if field.message_type is None:
        return ("largest", "smallest")
    return ("largest", "beyond", "smallest")


def extreme_requests(method: Any) -> list[tuple[str, Any]]:
    """An empty request; every field extreme at once; and, over plausible values, each field
    extreme on its own."""
    cls = message_factory.GetMessageClass(method.input_type)
    out = [("empty", cls())]
    for kind in ("largest", "beyond", "smallest"):
        request = cls()
        _fill(request, lambda _p, _f, kind=kind: kind)
        out.append((f"all {kind}", request))
    baseline = cls()
    paths = _fill(baseline, lambda _p, _f: "plausible")
    out.append(("plausible", baseline))
    for target, field in paths:
        for kind in _kinds(field):
            request = cls()
            _fill(request, lambda p, _f, target=target, kind=kind: kind if p == target else "plausible")
            out.append((f"{target} {kind}", request))
    return out


def call(channel: grpc.Channel, method: Any, request: Any, token: str, timeout: float = 3) -> grpc.StatusCode:
    path = f"/{method.containing_service.full_name}/{method.name}"
    deserialize = message_factory.GetMessageClass(method.output_type).FromString
    serialize = type(request).SerializeToString
    metadata = (("authorization", f"Bearer {token}"),)
    try:
        if method.server_streaming:
            stream = channel.unary_stream(path, request_serializer=serialize, response_deserializer=deserialize)
            for _ in stream(request, timeout=timeout, metadata=metadata):
                pass
        else:
            channel.unary_unary(path, request_serializer=serialize, response_deserializer=deserialize)(
                request, timeout=timeout, metadata=metadata)
    except grpc.RpcError as error:
        return error.code()  # type: ignore[no-any-return]
    return grpc.StatusCode.OK


# -- over a real world: ids that name rows, so calls get past the lookups -------------------------

# What a field holds in the real baseline, looked up as "<context>.<Method>.<Message>.<name>",
# "<context>.<Message>.<name>" (context "engine.<Service>" or "ops.<Service>"), "<Message>.<name>",
# "<context>.<name>", then "<name>";
# a list update's `set` goes by the list's name. A string naming an entry of the seeded world
# (fuzz_world.seed) is that entry, None leaves the field unset, a dict (of a map field) holds
# entries in JSON form that the map gets besides its plausible one, anything else is sent as it
# is. A name not here gets the plausible value, except a bool: false, so that flags which exclude
# each other are each set on their own.
REAL: dict[str, Any] = {
    # each service's own object
    "engine.CaseDefinitionService.id": "case_definition", "engine.CaseExecutionService.id": "case_execution",
    "engine.CaseInstanceService.id": "case_instance", "engine.DeploymentService.id": "deployment",
    "engine.ExecutionService.id": "execution_ChargeCard", "engine.ExternalTaskService.id": "locked_task",
    "engine.IncidentService.id": "engine_incident", "engine.JobService.id": "job",
    "engine.ProcessDefinitionService.id": "definition", "engine.ProcessInstanceService.id": "instance",
    "engine.TaskService.id": "task", "engine.BatchService.id": "batch", "batch_id": "batch",
    "engine.HistoryService.GetHistoricBatch.GetHistoricBatchRequest.id": "batch",
    "engine.HistoryService.DeleteHistoricBatch.DeleteHistoricBatchRequest.id": "batch",
    # the world's batch stays suspended or failed, so racing calls meet the same batch
    "engine.BatchService.SetBatchSuspendedRequest.suspended": True,
    "ops.AccountService.id": "account", "ops.ArticleService.id": "article",
    "ops.ArtifactService.id": "artifact", "ops.CustomSchemaFragmentService.id": "fragment",
    "ops.IncidentService.id": "desk_incident", "ops.PartService.id": "part", "ops.SyncUnitService.id": "sync_unit",
    "ops.TagService.id": "tag", "ops.UserService.id": "user",
    "engine.ExternalTaskService.ids": "failed_task", "engine.JobService.ids": "job",
    # engine references
    "process_instance_id": "instance", "process_definition_id": "definition", "process_definition_key": "process_key",
    "process_definition_key_in": "process_key", "engine.ProcessDefinitionService.key": "process_key",
    "engine.CaseDefinitionService.key": "case_key", "case_definition_id": "case_definition",
    "case_definition_key": "case_key", "case_instance_id": "case_instance", "case_execution_id": "case_execution",
    "deployment_id": "deployment", "incident_id": "engine_incident", "cause_incident_id": "engine_incident",
    "root_cause_incident_id": "engine_incident", "ops.IncidentService.incident_id": "desk_incident",
    "process_step_id": "step", "task_id": "task", "job_id": "job", "external_task_id": "locked_task",
    "comment_id": "comment", "attachment_id": "attachment",
    "job_definition_id": "job_definition", "job_definition_id_in": "job_definition", "configuration": "failed_task",
    "super_process_instance_id": None, "super_case_instance_id": None,
    "execution_id": "execution_ChargeCard", "engine.ExecutionService.execution_id": "execution_Paid",
    "engine.JobService.execution_id": "execution_Wait", "engine.SignalService.execution_id": "execution_Go",
    "activity_id": "ChargeCard", "failed_activity_id": "ChargeCard", "task_definition_key": "Review",
    "engine.ExternalTaskService.activity_id": "ChargeAgain", "engine.JobService.activity_id": "Wait",
    "engine.ExecutionService.activity_id": "Paid", "engine.CaseExecutionService.activity_id": "PI_CheckApplication",
    "business_key": "business_key", "engine.CaseInstanceService.business_key": "case_business_key",
    "engine.CaseExecutionService.business_key": "case_business_key",
    "message_name": "message", "engine.SignalService.name": "signal",
    "engine.DeploymentService.name": "deployment_name", "Resource.name": "again.bpmn", "Resource.content": "bpmn",
    "worker_id": WORKER, "topic_name": TOPIC, "max_tasks": 10, "FetchTopic.variables": "amount", "error_code": "E1",
    "error_message": "boom", "incident_type": "failedExternalTask", "incident_types": "failedExternalTask",
    "incident_message": "boom", "incident_message_like": "bo%", "assignee": "alice", "candidate_user": "alice",
    "candidate_group": "clerks", "user_id": "alice", "deletions": "amount", "TypedValue.type": "String",
    "ProcessStepParam.type": 1, "VariableQueryParameter.name": "amount", "CaseVariableFilter.name": "amount",
    "operator": "eq", "Sorting.sort_by": "definitionKey", "IncidentSorting.sort_by": "incidentTimestamp",
    "sort_order": "asc", "TaskSorting.sort_order": "SORT_ORDER_DESC", "first_result": 0, "tenant_id": None, "tenant_id_in": None, "page_token": None,
    "async_response_timeout": None,
    # the activity instance history: a baseline that finds the world's ChargeCard pass (running)
    "engine.HistoryService.id": "activity_instance", "activity_instance_id": "activity_instance",
    "engine.HistoryService.activity_name": None, "engine.HistoryService.activity_name_like": None,
    "engine.HistoryService.activity_type": "serviceTask", "engine.HistoryService.started_after": None,
    "engine.HistoryService.finished_before": None, "engine.HistoryService.finished_after": None,
    "engine.HistoryService.task_assignee": None,
    "engine.HistoryService.Sorting.sort_by": "duration",
    "engine.HistoryService.QueryUserOperations.Sorting.sort_by": "timestamp",
    "engine.JobService.Sorting.sort_by": "jobPriority",
    "engine.VariableInstanceService.Sorting.sort_by": "variableName",
    "engine.CaseInstanceService.Sorting.sort_by": "caseDefinitionKey",
    "engine.CaseExecutionService.Sorting.sort_by": "caseDefinitionKey",
    "engine.CaseDefinitionService.Sorting.sort_by": "key",
    # the history's reports: their own sort keys and grouping
    "engine.HistoryReportService.Sorting.sort_by": "finished",
    "engine.HistoryReportService.QueryHistoricActivityStatistics.Sorting.sort_by": "activityId",
    "engine.HistoryReportService.group_by": "GROUP_BY_TASK_NAME",
    # the decisions: the world's dish (it requires season), its file's decision requirements
    # definition, and its one evaluation; EvaluateDecision gets the inputs the world evaluated
    # the dish with (fuzz_world.DISH_INPUTS), so that its baseline evaluates
    "engine.DecisionDefinitionService.EvaluateDecisionRequest.variables": {
        name: {"value": value, "type": "Integer"} for name, value in DISH_INPUTS.items()},
    "engine.DecisionDefinitionService.id": "decision_definition", "engine.DecisionDefinitionService.key": "decision_key",
    "decision_definition_id": "decision_definition", "decision_definition_key": "decision_key",
    "decision_definition_id_in": "decision_definition", "decision_definition_key_in": "decision_key",
    "engine.DecisionRequirementsDefinitionService.id": "drd",
    "engine.DecisionRequirementsDefinitionService.key": "drd_key",
    "decision_requirements_definition_id": "drd", "decision_requirements_definition_key": "drd_key",
    "decision_instance_id": "decision_instance", "decision_instance_id_in": "decision_instance",
    "historic_decision_instance_ids": "decision_instance", "root_decision_instance_id": None,
    "engine.HistoryService.GetHistoricDecisionInstance.GetHistoricDecisionInstanceRequest.id": "decision_instance",
    "engine.DecisionDefinitionService.Sorting.sort_by": "key",
    "engine.DecisionRequirementsDefinitionService.Sorting.sort_by": "key",
    "engine.HistoryService.QueryHistoricDecisionInstances.Sorting.sort_by": "evaluationTime",
    # baselines that answered an error only for their test data: each call's own sort keys and
    # kinds, one field of each exclusive pair, ids and names the world has
    "engine.BatchService.Sorting.sort_by": "batchId",
    "engine.HistoryService.QueryHistoricBatches.Sorting.sort_by": "batchId",
    "engine.EventSubscriptionService.Sorting.sort_by": "created",
    "engine.ExternalTaskService.Sorting.sort_by": "createTime",
    "engine.FilterService.FilterSorting.sort_by": "filterId",
    "engine.JobDefinitionService.Sorting.sort_by": "jobDefinitionId",
    "engine.ProcessDefinitionService.Sorting.sort_by": "key",
    "engine.HistoryService.QueryHistoricVariableInstances.Sorting.sort_by": "variableName",
    "engine.HistoryService.QueryHistoricDetails.Sorting.sort_by": "time",
    "engine.HistoryService.QueryHistoricExternalTaskLogs.Sorting.sort_by": "timestamp",
    "engine.HistoryService.QueryHistoricJobLogs.Sorting.sort_by": "timestamp",
    "engine.HistoryService.QueryHistoricIdentityLinkLogs.Sorting.sort_by": "time",
    "engine.EventSubscriptionService.event_type": "compensate", "variable_type_in": "String",
    "engine.HistoryService.QueryHistoricIdentityLinkLogsRequest.operation_type": "add",
    "engine.HistoryService.CountHistoricIdentityLinkLogsRequest.operation_type": "add",
    "engine.JobDefinitionService.SetJobDefinitionsSuspensionStateRequest.process_definition_tenant_id": None,
    "engine.ProcessInstanceService.SetProcessInstancesSuspendedRequest.process_definition_tenant_id": None,
    "engine.FilterService.candidate_groups": None, "engine.TaskService.CreateTaskRequest.id": None,
    "engine.HistoryService.QueryHistoricIdentityLinkLogsRequest.type": "candidate",
    "engine.HistoryService.CountHistoricIdentityLinkLogsRequest.type": "candidate",
    "engine.FilterService.resource_type": "Task",
    "engine.CaseDefinitionService.GetCaseDefinitionRequest.definition": None,
    "engine.CaseDefinitionService.UpdateCaseDefinitionHistoryTimeToLiveRequest.definition": None,
    "engine.DeploymentService.GetDeploymentResourceDataRequest.resource_id": None,
    "engine.DeploymentService.resource_name": "resource_name",
    "engine.DeploymentService.resource_names": "resource_name",
    "engine.DeploymentService.RedeployDeploymentRequest.resource_ids": None,
    "engine.JobDefinitionService.SetJobDefinitionsSuspensionStateRequest.process_definition_key": None,
    "engine.ProcessInstanceService.SetProcessInstancesSuspendedRequest.process_definition_id": None,
    "engine.ProcessInstanceService.SetProcessInstancesSuspendedRequest.process_definition_key": None,
    "engine.TaskService.candidate_groups": None, "TaskIdentityLink.group_id": None,
    "engine.TaskService.CreateTaskRequest.parent_task_id": None,
    "engine.GroupService.FieldMask.paths": "name", "engine.TaskService.FieldMask.paths": "name",
    # a modification or restart instruction starts before ChargeCard (with variables where one
    # instance is modified)
    "ModificationInstruction.type": 1, "ModificationInstruction.activity_instance_id": None,
    "ModificationInstruction.transition_instance_id": None,
    "ModificationInstruction.ancestor_activity_instance_id": None,
    "engine.ProcessDefinitionService.ModificationInstruction.variables": None,
    "engine.ProcessDefinitionService.ModificationInstruction.local_variables": None,
    "engine.ProcessInstanceService.ModifyProcessInstances.ModificationInstruction.variables": None,
    "engine.ProcessInstanceService.ModifyProcessInstances.ModificationInstruction.local_variables": None,
    "engine.ProcessInstanceService.ModifyProcessInstancesAsync.ModificationInstruction.variables": None,
    "engine.ProcessInstanceService.ModifyProcessInstancesAsync.ModificationInstruction.local_variables": None,
    "engine.JobDefinitionService.id": "job_definition",
    "engine.HistoryService.GetHistoricTaskInstance.GetHistoricTaskInstanceRequest.id": "task",
    "engine.HistoryService.GetHistoricCaseInstance.GetHistoricCaseInstanceRequest.id": "case_instance",
    "engine.HistoryService.GetHistoricCaseActivityInstance.GetHistoricCaseActivityInstanceRequest.id": "case_execution",
    "engine.ProcessInstanceService.GetProcessInstanceVariableRequest.name": "amount",
    "engine.TaskService.GetTaskVariableRequest.name": "amount",
    # the …VariableData calls: the world's File variables (fuzz_world.FILE_VARIABLE), as a File
    "GetProcessInstanceVariableDataRequest.name": FILE_VARIABLE, "GetTaskVariableDataRequest.name": FILE_VARIABLE,
    "GetExecutionLocalVariableDataRequest.name": FILE_VARIABLE,
    "GetCaseInstanceVariableDataRequest.name": FILE_VARIABLE, "GetCaseExecutionVariableDataRequest.name": FILE_VARIABLE,
    "GetVariableInstanceDataRequest.id": "file_variable", "GetHistoricVariableInstanceDataRequest.id": "file_variable",
    "GetHistoricDetailVariableDataRequest.id": "file_detail", "value_type": "File",
    "engine.ProcessInstanceService.process_instance_ids": "instance",
    "engine.ProcessDefinitionService.process_instance_ids": "instance",
    # desk references
    "owned_by": "user", "created_by": "user", "applies_to_parts": "part", "artifacts": "artifact", "pia": "article",
    "playbooks": "article", "related_docs": "article", "customer_ids": "account", "impacted_customers": "account",
    "tag_id": "tag", "sync_unit": "sync_unit", "display_picture_id": "artifact", "stage": "triage",
    "ArticleResourceInput.artifacts": "free_artifact", "ops.IncidentService.artifacts": None,
    "CreateCustomSchemaFragmentRequest.fragment_type": 1, "app": None, "custom_fields": None,
    "expected_version": None, "engine.ExecutionService.incident_type": "custom",
    "SetIncidentDeskLinkRequest.enabled": True, "DeleteDeploymentRequest.cascade": True,
    "correlation_keys": None, "local_correlation_keys": None, "CustomField.allowed_values": None,
    "ops.IncidentService.sort_by": "created_date:desc", "group_by": "stage", "leaf_type": "incident",
    "file_type": "text/plain", "url": "https://example.com/runbook", "subtype": None, "apps": None,
    "clear_fields": None, "cursor": None, "request_id": None,
    # EvaluateConditions: over every latest definition (the world's have no conditional start event)
    "engine.ConditionService.process_definition_id": None,
    # MigrationService: a plan of the world's definition onto itself, applied to the world's instance
    "source_process_definition_id": "definition", "target_process_definition_id": "definition",
    "MigrationInstruction.source_activity_ids": "ChargeCard", "MigrationInstruction.target_activity_ids": "ChargeCard",
    "engine.MigrationService.process_instance_ids": "instance",
    # GroupService: the world's group and its member (a directory user's display name)
    "engine.GroupService.id": "group", "engine.GroupService.group_id": "group", "engine.GroupService.user_id": "user_name",
    "engine.GroupService.member": "user_name", "engine.GroupService.id_in": "group",
    "engine.GroupService.name": None, "engine.GroupService.name_like": None, "engine.GroupService.type": None,
    "engine.GroupService.GroupSorting.sort_by": "id", "engine.GroupService.member_of_tenant": "tenant",
    # TenantService: the world's tenant and its members (the directory's user, the world's group);
    # UpdateTenant's mask names the name
    "engine.TenantService.id": "tenant", "engine.TenantService.tenant_id": "tenant",
    "engine.TenantService.user_id": "user_name", "engine.TenantService.group_id": "group",
    "engine.TenantService.user_member": "user_name", "engine.TenantService.group_member": "group",
    "engine.TenantService.id_in": "tenant", "engine.TenantService.name": None, "engine.TenantService.name_like": None,
    "engine.TenantService.TenantSorting.sort_by": "id", "engine.TenantService.FieldMask.paths": "name",
    # AuthorizationService: the world's authorization (its group's, READ on every process
    # definition); a new one the directory user's; the check of the directory user's READ on it
    "engine.AuthorizationService.id": "authorization", "engine.AuthorizationService.type": 1,
    "engine.AuthorizationService.permissions": "READ", "engine.AuthorizationService.user_id": "user_name",
    "engine.AuthorizationService.group_id": None, "engine.AuthorizationService.user_id_in": "user_name",
    "engine.AuthorizationService.group_id_in": "group", "engine.AuthorizationService.resource_type": 6,
    "engine.AuthorizationService.resource_id": "*", "engine.AuthorizationService.resource_name": "ProcessDefinition",
    "engine.AuthorizationService.permission_name": "READ",
    "engine.AuthorizationService.AuthorizationSorting.sort_by": "resource_type",
    "engine.AuthorizationService.FieldMask.paths": "permissions",
    # ListUsers lists every user (the desk's world has no group or tenant)
    "ops.UserService.member_of_group": None, "ops.UserService.member_of_tenant": None,
    # MetricsService: a metric by its name (the world's rows count), of all servers (no reporter)
    "engine.MetricsService.name": "activity-instance-start", "engine.MetricsService.reporter": None,
}


# Methods whose success uses the world up (the task completed, the message consumed, the
# deployment gone): after one answers OK, the next request gets a world of its own.
USES_UP = ("Activate", "Broadcast", "Claim", "Close", "Complete", "Correlate", "Delete", "Execute", "Fetch", "Handle",
           "Resolve", "Restart", "Signal", "Submit", "Suspend", "Terminate", "Trigger", "Unclaim", "Unlock")


def uses_up(method_name: str) -> bool:
    """Whether a success of the method uses its world up. A call that starts a batch (…Async)
    changes nothing itself: its jobs do the work, later."""
    return method_name.startswith(USES_UP) and not method_name.endswith("Async")


def _context(method: Any) -> str:
    service = method.containing_service
    return f"{service.full_name.split('.')[1]}.{service.name}"


def _real_entry(context: str, method: str, path: str, field: FieldDescriptor) -> tuple[bool, Any]:
    """(found, REAL's entry) for a field of ``method`` in its service's context."""
    name = path.split(".")[-2] if field.name == "set" else field.name
    message = field.containing_type.name
    for key in (f"{context}.{method}.{message}.{name}", f"{context}.{message}.{name}", f"{message}.{name}",
                f"{context}.{name}", name):
        if key in REAL:
            return True, REAL[key]
    return False, None


def real_requests(method: Any, world: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """Over the real baseline, each field extreme on its own; then the baseline itself (last, as
    it is the request most likely to use the world up)."""
    context, cls = _context(method), message_factory.GetMessageClass(method.input_type)

    def baseline(path: str, field: FieldDescriptor) -> str:
        found, entry = _real_entry(context, method.name, path, field)
        return "absent" if found and entry is None else "real"

    def real(path: str, field: FieldDescriptor) -> Any:
        found, entry = _real_entry(context, method.name, path, field)
        if not found:
            return False if field.type == _T.TYPE_BOOL else _plausible(field)
        return world.get(entry, entry) if isinstance(entry, str) else entry

    out = []
    probe = cls()
    for target, field in _fill(probe, baseline, real=real):
        for kind in _kinds(field):
            request = cls()
            _fill(request, lambda p, f, target=target, kind=kind: kind if p == target else baseline(p, f), real=real)
            out.append((target, kind, request))
    request = cls()
    _fill(request, baseline, real=real)
    out.append(("", "baseline", request))
    return out


def methods(channel: grpc.Channel) -> Iterator[Any]:
    """The server's methods, service by service (those that need a token), but client-streaming ones."""
    services = sorted(set(ProtoReflectionDescriptorDatabase(channel).get_services()) - OPEN)
    assert "flowkeeper.engine.v1.ExecutionService" in services
    for name in services:
        for method in descriptor_pool.Default().FindServiceByName(name).methods:
            if not method.client_streaming:
                yield method


def timeout_of(method: Any) -> float:
    """A valid StreamTasks waits for tasks until its deadline; its checks answer at once."""
    return STREAM_WAIT if method.server_streaming else 3


def world_for(handle: ServerHandle, method: Any, directory: dict[str, Any]) -> dict[str, Any]:
    """A new world for ``method``: the desk's services get a desk of their own; the engine's share
    one ``directory`` (fuzz_world.seed)."""
    if method.containing_service.full_name.startswith("flowkeeper.ops."):
        return seed(handle, engine_too=False)
    return seed(handle, directory=directory)
