"""A small real world, seeded through the RPCs, whose ids the stateful fuzz test sends: desk
objects and an incident; a deployment with a process, its caller, a process a case calls, and
the case (the process and the case with a diagram each); a running instance with a failed
external task (an engine incident, a FAILED step and, through the process's desk link, a desk
incident), a locked one and a fetchable one, a user task (with a comment and an attachment), a
timer job, message and signal subscriptions, and the history of its activity instances; and a
case instance with its executions, whose process task PI_Assess has called a process instance.

The instance is called by an instance of the caller (tests.engine.scenario's
catching_caller: its boundary event catches the error code E1), so every call on it also
reaches what a called instance does to its caller: deleted, it lets the caller go on; its
incidents have copies in the caller; an error it does not catch ends it. Likewise every case
verb reaches the process instance the case called."""

from __future__ import annotations

from typing import Any

from flowkeeper.engine.v1 import (
    authorization_pb2,
    authorization_pb2_grpc,
    case_instance_pb2,
    decision_definition_pb2,
    deployment_pb2,
    execution_pb2,
    execution_pb2_grpc,
    external_task_pb2,
    group_pb2,
    group_pb2_grpc,
    history_pb2,
    history_pb2_grpc,
    incident_pb2,
    job_pb2,
    process_instance_pb2,
    process_instance_pb2_grpc,
    process_step_pb2,
    task_pb2,
    tenant_pb2,
    tenant_pb2_grpc,
    variable_instance_pb2,
    variable_instance_pb2_grpc,
)
from flowkeeper.ops.v1 import schema_pb2
from tests.engine.case_support import Cases
from tests.engine.dmn_support import Decisions
from tests.engine.failure_support import Failures
from tests.engine.resources import bpmn as resource
from tests.engine.resources.modeler import render
from tests.engine.scenario import catching_caller
from tests.engine.work_support import key
from tests.ops.desk import Desk
from tests.support import ServerHandle

WORKER = "w1"
TOPIC = "charge-card"
# The name of the world's File variables (the instance's, its Paid execution's own, the case's).
FILE_VARIABLE = "seededFile"
# The inputs the world's dish decision is evaluated with (the stateful test's EvaluateDecision
# sends them too).
DISH_INPUTS = {"month": 1, "guestCount": 4}
# Diagrams of the world's process, case and decisions: an image's first bytes are enough here.
PNG = b"\x89PNG\r\n\x1a\nfuzz"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'


def _process(process_key: str) -> str:
    """A fork into three external tasks, a user task, a timer, a message and a signal catch."""
    branches = {
        "ChargeCard": f'<bpmn:serviceTask id="ChargeCard" camunda:type="external" camunda:topic="{TOPIC}" />',
        "ChargeAgain": f'<bpmn:serviceTask id="ChargeAgain" camunda:type="external" camunda:topic="{TOPIC}" />',
        "Ship": f'<bpmn:serviceTask id="Ship" camunda:type="external" camunda:topic="{TOPIC}" />',
        "Review": '<bpmn:userTask id="Review" camunda:candidateUsers="alice" camunda:candidateGroups="clerks" />',
        "Wait": '<bpmn:intermediateCatchEvent id="Wait"><bpmn:timerEventDefinition id="t1"><bpmn:timeDuration '
                'xsi:type="bpmn:tFormalExpression">PT5M</bpmn:timeDuration></bpmn:timerEventDefinition>'
                '</bpmn:intermediateCatchEvent>',
        "Paid": '<bpmn:intermediateCatchEvent id="Paid"><bpmn:messageEventDefinition id="m1" messageRef="Msg" />'
                '</bpmn:intermediateCatchEvent>',
        "Go": '<bpmn:intermediateCatchEvent id="Go"><bpmn:signalEventDefinition id="s1" signalRef="Sig" />'
              '</bpmn:intermediateCatchEvent>',
    }
    flows = "".join(
        f'{node}<bpmn:sequenceFlow id="in_{name}" sourceRef="Fork" targetRef="{name}" />'
        f'<bpmn:sequenceFlow id="out_{name}" sourceRef="{name}" targetRef="End_{name}" />'
        f'<bpmn:endEvent id="End_{name}" />'
        for name, node in branches.items())
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f0" sourceRef="Start" targetRef="Fork" />
  <bpmn:parallelGateway id="Fork" />
  {flows}
</bpmn:process>
<bpmn:message id="Msg" name="{process_key}-paid" />
<bpmn:signal id="Sig" name="{process_key}-go" />
"""


# The caller passes every variable and the business key to the called instance, and back.
_PASS_ALL = ('<camunda:in businessKey="${orderId}" /><camunda:in variables="all" />'
             '<camunda:out variables="all" />')


# The process the case's process task PI_Assess calls: one user task, Assess.
_ASSESS = """
<bpmn:process id="{key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Assess" />
  <bpmn:userTask id="Assess" />
  <bpmn:sequenceFlow id="f2" sourceRef="Assess" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def _with_process_task(cmmn: bytes, process_key: str) -> bytes:
    """case_three_items with a plan item more, PI_Assess: a blocking process task that calls
    ``process_key`` as the case starts, so case verbs also reach a called process instance."""
    item = b'<planItem id="PI_Assess" definitionRef="ProcessTask_Assess" />'
    task = f'<processTask id="ProcessTask_Assess" processRef="{process_key}" />'.encode()
    first = b'<planItem id="PI_CheckApplication"'
    assert first in cmmn and b"</casePlanModel>" in cmmn
    return cmmn.replace(first, item + first, 1).replace(b"</casePlanModel>", task + b"</casePlanModel>", 1)


def seed(server: ServerHandle, *, directory: dict[str, Any] | None = None, engine_too: bool = True) -> dict[str, Any]:
    """Seeds one world of its own (unique keys and names) and returns its ids by name. The desk
    directory (users, parts... which no RPC deletes or uses up) is ``directory``'s when given;
    without ``engine_too`` only the desk is seeded."""
    api = server.api()
    desk, engine, cases = Desk(server, api), Failures(api), Cases(api)
    w: dict[str, Any] = dict(directory or {})
    if directory is None:
        user = desk.user(email=f"{key('u')}@example.com")
        artifact = desk.artifact()
        text = schema_pb2.CustomField(name=key("pager"), field_type=schema_pb2.CUSTOM_FIELD_TYPE_TEXT)
        w.update(user=user.id, user_name=user.display_name, part=desk.part(owned_by=[user.id]).id, tag=desk.tag().id, artifact=artifact.id,
                 article=desk.article(artifacts=[artifact.id]).id, account=desk.account().id,
                 sync_unit=desk.sync_unit().id, free_artifact=desk.artifact().id,
                 fragment=desk.fragment(schema_pb2.FRAGMENT_TYPE_TENANT_FRAGMENT, [text]).id)
    w["desk_incident"] = desk.incident(owned_by=[w["user"]], applies_to_parts=[w["part"]]).display_id
    if not engine_too:
        return w

    process_key, case_key = key("fuzz"), key("fuzz_case")
    w.update(process_key=process_key, case_key=case_key, message=f"{process_key}-paid",
             signal=f"{process_key}-go", business_key=key("order"), case_business_key=key("case"))
    w["bpmn"] = render(_process(process_key), process_key).encode()
    caller_key, assess_key = f"{process_key}_caller", f"{process_key}_assess"
    cmmn = _with_process_task(resource("case_three_items.cmmn").replace(b'id="case_three_items"',
                                                                          f'id="{case_key}"'.encode()), assess_key)
    deployment = engine.deployments.CreateDeployment(deployment_pb2.CreateDeploymentRequest(
        name=key("deployment"), resources=[
            deployment_pb2.Resource(name=f"{process_key}.bpmn", content=w["bpmn"]),
            deployment_pb2.Resource(name=f"{caller_key}.bpmn", content=render(catching_caller(
                caller_key, process_key, "E1", _PASS_ALL), caller_key).encode()),
            deployment_pb2.Resource(name=f"{assess_key}.bpmn", content=render(_ASSESS.format(key=assess_key),
                                                                              assess_key).encode()),
            deployment_pb2.Resource(name=f"{case_key}.cmmn", content=cmmn),
            deployment_pb2.Resource(name=f"{process_key}.png", content=PNG),
            deployment_pb2.Resource(name=f"{case_key}.svg", content=SVG)])).deployment
    w.update(deployment=deployment.id, deployment_name=deployment.name, resource_name=f"{process_key}.bpmn",
             definition=engine.definition_id(deployment, process_key),
             case_definition=cases.case_definition_id(deployment, case_key))

    engine.incidents.SetIncidentDeskLink(incident_pb2.SetIncidentDeskLinkRequest(
        process_definition_key=process_key, enabled=True, owned_by=[w["user"]], applies_to_parts=[w["part"]]))
    w["caller_instance"] = engine.start_id(engine.definition_id(deployment, caller_key),
                                           {"amount": 42, "orderId": w["business_key"]})
    [called] = engine.instances.QueryProcessInstances(process_instance_pb2.QueryProcessInstancesRequest(
        super_process_instance_id=w["caller_instance"])).process_instances
    assert called.business_key == w["business_key"], called
    w["instance"] = instance = called.id
    mine = engine.topic(TOPIC, process_definition_id=w["definition"])
    tasks = {t.external_task.activity_id: t.external_task.id for t in engine.fetch(WORKER, mine, max_tasks=3)}
    assert set(tasks) == {"ChargeCard", "ChargeAgain", "Ship"}, tasks
    engine.fail(tasks["ChargeCard"], WORKER, retries=0, message="boom")
    engine.external.UnlockExternalTask(external_task_pb2.UnlockExternalTaskRequest(id=tasks["Ship"]))
    w.update(failed_task=tasks["ChargeCard"], locked_task=tasks["ChargeAgain"])
    for activity in ("ChargeCard", "Review", "Wait", "Paid", "Go"):
        w[f"execution_{activity}"] = engine.at(instance, activity)
    [incident] = engine.incidents.QueryIncidents(
        incident_pb2.QueryIncidentsRequest(process_instance_id=instance)).incidents
    [step] = [s for s in engine.steps_of(instance) if s.activity_id == "ChargeCard"]
    [job] = engine.jobs.QueryJobs(job_pb2.QueryJobsRequest(process_instance_id=instance)).jobs
    [task] = engine.tasks.QueryTasks(task_pb2.QueryTasksRequest(process_instance_id=instance)).tasks
    assert step.state == process_step_pb2.ProcessStep.STATE_FAILED, step
    w.update(engine_incident=incident.id, step=step.id, job=job.id, job_definition=job.job_definition_id or None,
             task=task.id)
    w["comment"] = engine.tasks.CreateTaskComment(task_pb2.CreateTaskCommentRequest(
        task_id=task.id, message="seeded")).comment.id
    w["attachment"] = engine.tasks.CreateTaskAttachment(task_pb2.CreateTaskAttachmentRequest(
        task_id=task.id, name="seeded.txt", type="text/plain", content=b"seeded")).attachment.id
    # A File variable (FILE_VARIABLE) of the instance, one local to its Paid execution, and its
    # history (the …VariableData calls get real content).
    files = api.stub(process_instance_pb2_grpc.ProcessInstanceServiceStub)
    files.SetProcessInstanceVariableData(process_instance_pb2.SetProcessInstanceVariableDataRequest(
        process_instance_id=instance, name=FILE_VARIABLE, data=b"seeded", value_type="File", filename="seeded.txt",
        mime_type="text/plain", encoding="UTF-8"))
    api.stub(execution_pb2_grpc.ExecutionServiceStub).SetExecutionLocalVariableData(
        execution_pb2.SetExecutionLocalVariableDataRequest(execution_id=w["execution_Paid"], name=FILE_VARIABLE,
                                                           data=b"local", value_type="File", filename="local.bin"))
    [held] = api.stub(variable_instance_pb2_grpc.VariableInstanceServiceStub).QueryVariableInstances(
        variable_instance_pb2.QueryVariableInstancesRequest(process_instance_id_in=[instance],
                                                            variable_name=FILE_VARIABLE,
                                                            execution_id_in=[instance])).variable_instances
    [created] = api.stub(history_pb2_grpc.HistoryServiceStub).QueryHistoricDetails(
        history_pb2.QueryHistoricDetailsRequest(variable_instance_id=held.id)).historic_details
    w.update(file_variable=held.id, file_detail=created.id)
    [charging] = api.stub(history_pb2_grpc.HistoryServiceStub).QueryHistoricActivityInstances(
        history_pb2.QueryHistoricActivityInstancesRequest(process_instance_id=instance, activity_id="ChargeCard",
                                                          unfinished=True)).historic_activity_instances
    w["activity_instance"] = charging.id

    case = cases.create(id=w["case_definition"], business_key=w["case_business_key"])
    w.update(case_instance=case.id, case_execution=cases.execution(case.id, "PI_CheckApplication").id)
    cases.case_instances.SetCaseInstanceVariableData(case_instance_pb2.SetCaseInstanceVariableDataRequest(
        case_instance_id=case.id, name=FILE_VARIABLE, data=b"case", value_type="File", filename="case.txt"))
    [assessing] = engine.instances.QueryProcessInstances(process_instance_pb2.QueryProcessInstancesRequest(
        process_definition_key=assess_key)).process_instances
    w["case_called_instance"] = assessing.id
    # Decisions: dinner.dmn's two (dish requires season: a decision requirements definition),
    # evaluated once (a historic decision instance, with the row of the season it required);
    # dinner.png the diagram of all three.
    decisions = Decisions(api)
    dish, season = key("dish"), key("season")
    dinner = decisions.deploy_dinner(dish=dish, season=season, images={"dinner.png": PNG})
    [evaluated] = decisions.decisions.QueryDecisionDefinitions(decision_definition_pb2.QueryDecisionDefinitionsRequest(
        key=dish, deployment_id=dinner.id)).decision_definitions
    decisions.evaluate(dish, DISH_INPUTS)
    [row] = api.stub(history_pb2_grpc.HistoryServiceStub).QueryHistoricDecisionInstances(
        history_pb2.QueryHistoricDecisionInstancesRequest(decision_definition_id=evaluated.id)).historic_decision_instances
    w.update(decision_definition=evaluated.id, decision_key=dish, decision_instance=row.id,
             drd=evaluated.decision_requirements_definition_id, drd_key=evaluated.decision_requirements_definition_key)

    # A group of users (its id letters and digits only) with the directory's user as its member:
    # GroupService's calls get a real group and a real member.
    group = "g" + "".join(ch for ch in key("g") if ch.isalnum())
    groups = api.stub(group_pb2_grpc.GroupServiceStub)
    groups.CreateGroup(group_pb2.CreateGroupRequest(group=group_pb2.Group(id=group, name="Fuzz", type="WORKFLOW")))
    groups.AddGroupMember(group_pb2.AddGroupMemberRequest(group_id=group, user_id=w["user_name"]))
    w["group"] = group

    # A tenant (its id letters and digits only) with the directory's user and the group as
    # members: TenantService's calls get a real tenant, user member and group member.
    tenant = "t" + "".join(ch for ch in key("t") if ch.isalnum())
    tenants = api.stub(tenant_pb2_grpc.TenantServiceStub)
    tenants.CreateTenant(tenant_pb2.CreateTenantRequest(tenant=tenant_pb2.Tenant(id=tenant, name="Fuzz")))
    tenants.CreateTenantUserMembership(tenant_pb2.CreateTenantUserMembershipRequest(
        tenant_id=tenant, user_id=w["user_name"]))
    tenants.CreateTenantGroupMembership(tenant_pb2.CreateTenantGroupMembershipRequest(tenant_id=tenant, group_id=group))
    w["tenant"] = tenant

    # An authorization of the group (READ on every process definition): AuthorizationService's
    # calls get a real one.
    w["authorization"] = api.stub(authorization_pb2_grpc.AuthorizationServiceStub).CreateAuthorization(
        authorization_pb2.CreateAuthorizationRequest(authorization=authorization_pb2.Authorization(
            type=1, permissions=["READ"], group_id=group, resource_type=6, resource_id="*"))).authorization.id

    # A batch that stays running: deleting the history of a running instance fails its one
    # batch job (BatchService's calls get a real batch).
    w["batch"] = api.stub(history_pb2_grpc.HistoryServiceStub).DeleteHistoricProcessInstancesAsync(
        history_pb2.DeleteHistoricProcessInstancesAsyncRequest(process_instance_ids=[w["caller_instance"]])).batch.id
    return w
