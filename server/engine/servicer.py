"""gRPC servicers of flowkeeper.engine.v1: decode, call the domain, encode."""

from __future__ import annotations

from typing import Iterable

import grpc
from sqlalchemy.orm import Session

from flowkeeper.engine.v1 import (
    deployment_pb2,
    deployment_pb2_grpc,
    execution_pb2,
    execution_pb2_grpc,
    message_pb2,
    message_pb2_grpc,
    process_definition_pb2,
    process_definition_pb2_grpc,
    process_instance_pb2,
    process_instance_pb2_grpc,
    signal_pb2,
    signal_pb2_grpc,
)
from server.context import AppContext
from server.engine import (
    activity_instances,
    batch_mapping,
    batches,
    definitions,
    deployments,
    event_subscription_servicer,
    executions,
    failure_servicer,
    form_mapping,
    forms,
    instances,
    mapping,
    messages,
    modification,
    restart,
    statistics,
)
from server.engine.variables import binary_data
from server.identity.service import Caller
from server.paging import OffsetPage
from server.rpc.servicer import Servicer, transactional

_MAX_LIST = 500


class DeploymentServicer(Servicer, deployment_pb2_grpc.DeploymentServiceServicer):
    @transactional(write=True)
    def CreateDeployment(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        view = deployments.create_deployment(
            tx, self.app.clock, caller,
            name=request.name, tenant_id=request.tenant_id or None, source=request.source,
            resources=mapping.resources_in(request.resources),
            duplicate_filtering=request.enable_duplicate_filtering, changed_only=request.deploy_changed_only,
        )
        return deployment_pb2.CreateDeploymentResponse(deployment=mapping.deployment(view), duplicate=view.duplicate)

    @transactional(write=False)
    def GetDeployment(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = deployments.get_deployment(tx, caller, request.id)
        return deployment_pb2.GetDeploymentResponse(deployment=mapping.deployment(deployments.deployment_view(tx, row)))

    @transactional(write=False)
    def ListDeployments(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        page = OffsetPage("deployments", request, maximum=_MAX_LIST)
        found = deployments.list_deployments(tx, caller, mapping.deployment_query(request), page.offset, page.limit)
        rows, token = page.split(found)
        return deployment_pb2.ListDeploymentsResponse(
            deployments=[mapping.deployment(deployments.deployment_view(tx, r)) for r in rows], next_page_token=token
        )

    @transactional(write=False)
    def GetDeploymentResources(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        rows = deployments.resources_of(tx, caller, request.deployment_id)
        return deployment_pb2.GetDeploymentResourcesResponse(resources=[mapping.deployment_resource(r) for r in rows])

    @transactional(write=False)
    def GetDeploymentResourceData(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = deployments.resource_of(tx, caller, request.deployment_id, request.resource_id, request.resource_name)
        return deployment_pb2.GetDeploymentResourceDataResponse(resource=mapping.deployment_resource(row),
                                                                content=row.content)

    @transactional(write=True)
    def RedeployDeployment(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        view = deployments.redeploy(tx, self.app.clock, caller, request.id, list(request.resource_ids),
                                    list(request.resource_names), request.source)
        return deployment_pb2.RedeployDeploymentResponse(deployment=mapping.deployment(view))

    @transactional(write=True)
    def DeleteDeployment(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        deployments.delete_deployment(tx, self.app.clock, caller, request.id, request.cascade)
        return deployment_pb2.DeleteDeploymentResponse()


class ProcessDefinitionServicer(Servicer, process_definition_pb2_grpc.ProcessDefinitionServiceServicer):
    @transactional(write=False)
    def GetProcessDefinition(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = definitions.get_definition(tx, caller, request.id)
        return process_definition_pb2.GetProcessDefinitionResponse(process_definition=mapping.process_definition(row))

    @staticmethod
    def _definitions_page(request, tx: Session, caller: Caller, scope: str):  # type: ignore[no-untyped-def]
        """The page of definitions a ListProcessDefinitions-shaped request asks for, and the next
        page's token."""
        page = OffsetPage(scope, request, maximum=_MAX_LIST)
        return page.split(definitions.list_definitions(tx, caller, mapping.definition_query(request), page.offset,
                                                       page.limit))

    @transactional(write=False)
    def ListProcessDefinitions(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        rows, token = self._definitions_page(request, tx, caller, "process-definitions")
        return process_definition_pb2.ListProcessDefinitionsResponse(
            process_definitions=[mapping.process_definition(r) for r in rows], next_page_token=token
        )

    @transactional(write=True)
    def StartProcessInstance(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        target = mapping.definition_ref(request.definition)
        variables = mapping.variables_in(request.variables)
        instance, values = definitions.start_instance(tx, self.app.clock, caller, target, variables,
                                                      request.business_key,
                                                      with_variables=request.with_variables_in_return)
        return process_definition_pb2.StartProcessInstanceResponse(
            process_instance=mapping.process_instance(instance), variables=mapping.variables_out(values)
        )

    @transactional(write=False)
    def GetStaticCalledProcessDefinitions(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        found = definitions.static_called_definitions(tx, self.app.clock, caller, request.process_definition_id)
        return process_definition_pb2.GetStaticCalledProcessDefinitionsResponse(called_process_definitions=[
            process_definition_pb2.CalledProcessDefinition(
                process_definition=mapping.process_definition(c.definition), called_from_activity_ids=c.activity_ids,
                calling_process_definition_id=request.process_definition_id)
            for c in found])

    @transactional(write=False)
    def GetStartForm(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        definition, view = forms.start_form(tx, caller, mapping.definition_ref(request.definition))
        return process_definition_pb2.GetStartFormResponse(process_definition_id=definition.id,
                                                           form=form_mapping.form(view))

    @transactional(write=False)
    def GetStartFormVariables(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        values = forms.start_form_variables(tx, caller, mapping.definition_ref(request.definition),
                                            request.variable_names)
        return process_definition_pb2.GetStartFormVariablesResponse(variables=mapping.variables_out(values))

    @transactional(write=True)
    def SubmitStartForm(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        target = mapping.definition_ref(request.definition)
        instance, values = forms.submit_start_form(tx, self.app.clock, caller, target,
                                                   mapping.variables_in(request.variables), request.business_key,
                                                   with_variables=request.with_variables_in_return)
        return process_definition_pb2.SubmitStartFormResponse(
            process_instance=mapping.process_instance(instance), variables=mapping.variables_out(values))

    @transactional(write=True)
    def RestartProcessInstances(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        query = batch_mapping.query_of(request, "process_instance_query", mapping.instance_query)
        rows = restart.restart(tx, self.app.clock, caller, request.process_definition_id,
                               list(request.process_instance_ids), query, mapping.modification_instructions(request),
                               initial_variables=request.initial_variables,
                               without_business_key=request.without_business_key)
        return process_definition_pb2.RestartProcessInstancesResponse(
            process_instances=[mapping.process_instance(r) for r in rows])

    @transactional(write=True)
    def RestartProcessInstancesAsync(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        query = batch_mapping.query_of(request, "process_instance_query", mapping.instance_query)
        row = restart.restart_async(tx, self.app.clock, caller, request.process_definition_id,
                                    list(request.process_instance_ids), query,
                                    mapping.modification_instructions(request),
                                    initial_variables=request.initial_variables,
                                    without_business_key=request.without_business_key)
        return process_definition_pb2.RestartProcessInstancesAsyncResponse(batch=batch_mapping.batch(row))

    @transactional(write=True)
    def UpdateProcessDefinitionHistoryTimeToLive(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        days = request.history_time_to_live if request.HasField("history_time_to_live") else None
        row = definitions.update_history_time_to_live(tx, self.app.clock, caller, request.id, days)
        return process_definition_pb2.UpdateProcessDefinitionHistoryTimeToLiveResponse(
            process_definition=mapping.process_definition(row)
        )

    @transactional(write=True)
    def SetProcessDefinitionSuspensionState(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        done = definitions.set_suspended(tx, self.app.clock, caller, request.id, request.suspended,
                                         include_instances=request.include_process_instances,
                                         execution_date=mapping.datetime_of(request, "execution_date"))
        return process_definition_pb2.SetProcessDefinitionSuspensionStateResponse(
            process_definition=mapping.process_definition(done.definitions[0]),
            process_instances_changed=done.instances_changed, scheduled_job_id=done.job.id if done.job else "")

    @transactional(write=True)
    def SetProcessDefinitionSuspensionStateByKey(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        done = definitions.set_suspended_by_key(
            tx, self.app.clock, caller, request.key, request.suspended, tenant_id=request.tenant_id,
            without_tenant=request.without_tenant_id, include_instances=request.include_process_instances,
            execution_date=mapping.datetime_of(request, "execution_date"))
        return process_definition_pb2.SetProcessDefinitionSuspensionStateByKeyResponse(
            process_definitions=[mapping.process_definition(r) for r in done.definitions],
            process_instances_changed=done.instances_changed, scheduled_job_id=done.job.id if done.job else "")

    @transactional(write=True)
    def DeleteProcessDefinition(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        definitions.delete_definition(tx, self.app.clock, caller, request.id, request.cascade)
        return process_definition_pb2.DeleteProcessDefinitionResponse()

    @transactional(write=True)
    def DeleteProcessDefinitionsByKey(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        rows = definitions.delete_definitions_by_key(tx, self.app.clock, caller, request.key, request.tenant_id,
                                                     request.cascade)
        return process_definition_pb2.DeleteProcessDefinitionsByKeyResponse(
            process_definition_ids=[r.id for r in rows])

    @transactional(write=False)
    def GetProcessDefinitionXml(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row, xml = definitions.definition_xml(tx, caller, mapping.definition_ref(request.definition))
        return process_definition_pb2.GetProcessDefinitionXmlResponse(id=row.id, bpmn20_xml=xml)

    @transactional(write=False)
    def GetProcessDefinitionDiagram(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row, diagram = definitions.definition_diagram(tx, caller, mapping.definition_ref(request.definition))
        return process_definition_pb2.GetProcessDefinitionDiagramResponse(id=row.id, **mapping.diagram_fields(diagram))

    @transactional(write=False)
    def ListProcessDefinitionStatistics(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        options = mapping.statistics_options(request.options)
        rows, token = self._definitions_page(request, tx, caller, "process-definition-statistics")
        counts = statistics.definition_statistics(tx, rows, options)
        return process_definition_pb2.ListProcessDefinitionStatisticsResponse(
            statistics=[mapping.definition_statistics(r, c) for r, c in zip(rows, counts)], next_page_token=token
        )

    @transactional(write=False)
    def GetActivityStatistics(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        options = mapping.statistics_options(request.options)
        definition, activities = statistics.activity_statistics(
            tx, caller, mapping.definition_ref(request.definition), options)
        return process_definition_pb2.GetActivityStatisticsResponse(
            process_definition_id=definition.id,
            activities=[mapping.activity_statistics(a, c) for a, c in activities],
        )


class ProcessInstanceServicer(Servicer, process_instance_pb2_grpc.ProcessInstanceServiceServicer):
    @transactional(write=False)
    def GetProcessInstance(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = instances.get_instance(tx, caller, request.id)
        return process_instance_pb2.GetProcessInstanceResponse(process_instance=mapping.process_instance(row))

    @transactional(write=False)
    def QueryProcessInstances(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = mapping.page_window(request.page, self.app.config.max_page_size)
        rows = instances.query_instances(tx, caller, mapping.instance_query(request), offset, limit)
        return process_instance_pb2.QueryProcessInstancesResponse(
            process_instances=[mapping.process_instance(r) for r in rows])

    @transactional(write=False)
    def GetActivityInstanceTree(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        tree = activity_instances.activity_instance_tree(tx, caller, request.process_instance_id)
        return process_instance_pb2.GetActivityInstanceTreeResponse(root=mapping.activity_instance_tree(tree))

    @transactional(write=True)
    def ModifyProcessInstance(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = modification.modify(tx, self.app.clock, caller, request.process_instance_id,
                                  mapping.modification_instructions(request), request.annotation)
        return process_instance_pb2.ModifyProcessInstanceResponse(process_instance=mapping.process_instance(row))

    @transactional(write=True)
    def ModifyProcessInstances(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        query = batch_mapping.query_of(request, "process_instance_query", mapping.instance_query)
        rows = modification.modify_many(tx, self.app.clock, caller, request.process_definition_id,
                                        list(request.process_instance_ids), query,
                                        mapping.modification_instructions(request), request.annotation)
        return process_instance_pb2.ModifyProcessInstancesResponse(
            process_instances=[mapping.process_instance(r) for r in rows])

    @transactional(write=True)
    def ModifyProcessInstancesAsync(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        query = batch_mapping.query_of(request, "process_instance_query", mapping.instance_query)
        row = modification.modify_many_async(tx, self.app.clock, caller, request.process_definition_id,
                                             list(request.process_instance_ids), query,
                                             mapping.modification_instructions(request), request.annotation)
        return process_instance_pb2.ModifyProcessInstancesAsyncResponse(batch=batch_mapping.batch(row))

    @transactional(write=False)
    def CountProcessInstances(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return process_instance_pb2.CountProcessInstancesResponse(
            count=instances.count_instances(tx, caller, mapping.instance_query(request)))

    @transactional(write=True)
    def SuspendProcessInstance(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = instances.set_suspended(tx, self.app.clock, caller, request.id, True)
        return process_instance_pb2.SuspendProcessInstanceResponse(process_instance=mapping.process_instance(row))

    @transactional(write=True)
    def ActivateProcessInstance(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = instances.set_suspended(tx, self.app.clock, caller, request.id, False)
        return process_instance_pb2.ActivateProcessInstanceResponse(process_instance=mapping.process_instance(row))

    @transactional(write=True)
    def DeleteProcessInstance(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = instances.delete_instance(tx, self.app.clock, caller, request.id, request.reason)
        return process_instance_pb2.DeleteProcessInstanceResponse(process_instance=mapping.process_instance(row))

    @transactional(write=False)
    def GetVariables(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        values = instances.get_variables(tx, caller, request.process_instance_id)
        return process_instance_pb2.GetVariablesResponse(variables=mapping.variables_out(values))

    @transactional(write=True)
    def ModifyVariables(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        instances.modify_variables(
            tx, self.app.clock, caller, request.process_instance_id,
            mapping.variables_in(request.modifications, "modifications"), list(request.deletions),
        )
        return process_instance_pb2.ModifyVariablesResponse()

    @transactional(write=False)
    def GetProcessInstanceVariable(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        value = instances.get_variable(tx, caller, request.process_instance_id, request.name)
        return process_instance_pb2.GetProcessInstanceVariableResponse(variable=mapping.typed_value_out(value))

    @transactional(write=True)
    def SetProcessInstanceVariable(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        instances.set_variable(tx, self.app.clock, caller, request.process_instance_id, request.name,
                               mapping.variable_in(request.name, request.value))
        return process_instance_pb2.SetProcessInstanceVariableResponse()

    @transactional(write=False)
    def GetProcessInstanceVariableData(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        value = instances.get_variable(tx, caller, request.process_instance_id, request.name)
        data = binary_data(value, "process instance", request.process_instance_id, request.name)
        return process_instance_pb2.GetProcessInstanceVariableDataResponse(**mapping.variable_data_out(data))

    @transactional(write=True)
    def SetProcessInstanceVariableData(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        instances.set_variable(tx, self.app.clock, caller, request.process_instance_id, request.name,
                               mapping.variable_data_in(request))
        return process_instance_pb2.SetProcessInstanceVariableDataResponse()

    @transactional(write=True)
    def DeleteProcessInstanceVariable(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        instances.delete_variable(tx, self.app.clock, caller, request.process_instance_id, request.name)
        return process_instance_pb2.DeleteProcessInstanceVariableResponse()

    @transactional(write=True)
    def DeleteProcessInstancesAsync(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        query = batch_mapping.query_of(request, "process_instance_query", mapping.instance_query)
        row = batches.delete_instances_async(tx, self.app.clock, caller, list(request.process_instance_ids), query,
                                             request.delete_reason)
        return process_instance_pb2.DeleteProcessInstancesAsyncResponse(batch=batch_mapping.batch(row))

    @transactional(write=True)
    def SetProcessInstancesSuspended(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        changed = batches.suspend_instances(
            tx, self.app.clock, caller, list(request.process_instance_ids),
            batch_mapping.query_of(request, "process_instance_query", mapping.instance_query), request.suspended,
            definition_id=request.process_definition_id, key=request.process_definition_key,
            tenant_id=request.process_definition_tenant_id,
            without_tenant=request.process_definition_without_tenant_id)
        return process_instance_pb2.SetProcessInstancesSuspendedResponse(process_instances_changed=changed)

    @transactional(write=True)
    def SetProcessInstancesSuspendedAsync(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        query = batch_mapping.query_of(request, "process_instance_query", mapping.instance_query)
        row = batches.suspend_instances_async(tx, self.app.clock, caller, list(request.process_instance_ids), query,
                                              request.suspended)
        return process_instance_pb2.SetProcessInstancesSuspendedAsyncResponse(batch=batch_mapping.batch(row))

    @transactional(write=True)
    def SetVariablesAsync(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        query = batch_mapping.query_of(request, "process_instance_query", mapping.instance_query)
        row = batches.set_variables_async(tx, self.app.clock, caller, list(request.process_instance_ids), query,
                                          mapping.variables_in(request.variables, "variables"))
        return process_instance_pb2.SetVariablesAsyncResponse(batch=batch_mapping.batch(row))

    @transactional(write=True)
    def CorrelateMessageAsync(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        query = batch_mapping.query_of(request, "process_instance_query", mapping.instance_query)
        row = batches.correlate_message_async(tx, self.app.clock, caller, list(request.process_instance_ids), query,
                                              request.message_name, mapping.variables_in(request.variables, "variables"))
        return process_instance_pb2.CorrelateMessageAsyncResponse(batch=batch_mapping.batch(row))


class ExecutionServicer(Servicer, execution_pb2_grpc.ExecutionServiceServicer):
    @transactional(write=False)
    def QueryExecutions(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        rows = executions.query_executions(
            tx, caller, mapping.execution_query(request), request.first_result, request.max_results,
            self.app.config.max_page_size,
        )
        return execution_pb2.QueryExecutionsResponse(executions=[mapping.execution(r) for r in rows])

    @transactional(write=False)
    def CountExecutions(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return execution_pb2.CountExecutionsResponse(
            count=executions.count_executions(tx, caller, mapping.execution_query(request))
        )

    @transactional(write=False)
    def GetExecution(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return execution_pb2.GetExecutionResponse(
            execution=mapping.execution(executions.get_execution(tx, caller, request.id, "id"))
        )

    @transactional(write=False)
    def GetLocalVariables(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = executions.get_execution(tx, caller, request.execution_id)
        return execution_pb2.GetLocalVariablesResponse(
            variables=mapping.variables_out(instances.scope_variables(tx, row.id))
        )

    @transactional(write=True)
    def ModifyLocalVariables(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        instances.modify_local_variables(
            tx, self.app.clock, caller, request.execution_id,
            mapping.variables_in(request.modifications, "modifications"), list(request.deletions),
        )
        return execution_pb2.ModifyLocalVariablesResponse()

    @transactional(write=False)
    def GetExecutionLocalVariable(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        value = instances.get_local_variable(tx, caller, request.execution_id, request.name)
        return execution_pb2.GetExecutionLocalVariableResponse(variable=mapping.typed_value_out(value))

    @transactional(write=True)
    def SetExecutionLocalVariable(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        instances.set_local_variable(tx, self.app.clock, caller, request.execution_id, request.name,
                                     mapping.variable_in(request.name, request.value))
        return execution_pb2.SetExecutionLocalVariableResponse()

    @transactional(write=False)
    def GetExecutionLocalVariableData(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        value = instances.get_local_variable(tx, caller, request.execution_id, request.name)
        data = binary_data(value, "execution", request.execution_id, request.name)
        return execution_pb2.GetExecutionLocalVariableDataResponse(**mapping.variable_data_out(data))

    @transactional(write=True)
    def SetExecutionLocalVariableData(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        instances.set_local_variable(tx, self.app.clock, caller, request.execution_id, request.name,
                                     mapping.variable_data_in(request))
        return execution_pb2.SetExecutionLocalVariableDataResponse()

    @transactional(write=True)
    def DeleteExecutionLocalVariable(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        instances.delete_local_variable(tx, self.app.clock, caller, request.execution_id, request.name)
        return execution_pb2.DeleteExecutionLocalVariableResponse()

    @transactional(write=True)
    def SignalExecution(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        executions.signal_execution(tx, self.app.clock, caller, request.execution_id,
                                    mapping.variables_in(request.variables))
        return execution_pb2.SignalExecutionResponse()

    @transactional(write=True)
    def TriggerMessageSubscription(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        executions.trigger_message_subscription(
            tx, self.app.clock, caller, request.execution_id, request.message_name,
            mapping.variables_in(request.variables),
        )
        return execution_pb2.TriggerMessageSubscriptionResponse()

    @transactional(write=True)
    def CreateIncident(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return failure_servicer.create_incident(self, request, tx, caller)


class MessageServicer(Servicer, message_pb2_grpc.MessageServiceServicer):
    @transactional(write=True)
    def CorrelateMessage(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        results = messages.correlate(
            tx, self.app.clock, caller,
            messages.Correlation(
                message_name=request.message_name, business_key=request.business_key,
                process_instance_id=request.process_instance_id,
                correlation_keys=mapping.variables_in(request.correlation_keys, "correlation_keys"),
                local_correlation_keys=mapping.variables_in(request.local_correlation_keys, "local_correlation_keys"),
                process_variables=mapping.variables_in(request.process_variables, "process_variables"),
                process_variables_local=mapping.variables_in(request.process_variables_local,
                                                             "process_variables_local"),
                tenant_id=request.tenant_id, without_tenant_id=request.without_tenant_id, all=request.all,
                variables_in_result=request.variables_in_result_enabled,
            ),
        )
        kinds = {
            "execution": message_pb2.MessageCorrelationResult.RESULT_TYPE_EXECUTION,
            "definition": message_pb2.MessageCorrelationResult.RESULT_TYPE_PROCESS_DEFINITION,
        }
        return message_pb2.CorrelateMessageResponse(
            results=[
                message_pb2.MessageCorrelationResult(
                    result_type=kinds[r.kind], process_instance_id=r.process_instance_id,
                    execution_id=r.execution_id, process_definition_id=r.process_definition_id,
                    variables=mapping.variables_out(r.variables),
                )
                for r in results
            ]
        )


class SignalServicer(Servicer, signal_pb2_grpc.SignalServiceServicer):
    @transactional(write=True)
    def BroadcastSignal(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        delivered, started = messages.broadcast_signal(
            tx, self.app.clock, caller, name=request.name, variables=mapping.variables_in(request.variables),
            tenant_id=request.tenant_id, without_tenant_id=request.without_tenant_id,
            execution_id=request.execution_id,
        )
        return signal_pb2.BroadcastSignalResponse(delivered=delivered,
                                                  started_process_instance_ids=[i.id for i in started])


def register(server: grpc.Server, app: AppContext) -> Iterable[str]:
    pairs = [
        (deployment_pb2, "DeploymentService", deployment_pb2_grpc.add_DeploymentServiceServicer_to_server,
         DeploymentServicer),
        (process_definition_pb2, "ProcessDefinitionService",
         process_definition_pb2_grpc.add_ProcessDefinitionServiceServicer_to_server, ProcessDefinitionServicer),
        (process_instance_pb2, "ProcessInstanceService",
         process_instance_pb2_grpc.add_ProcessInstanceServiceServicer_to_server, ProcessInstanceServicer),
        (execution_pb2, "ExecutionService", execution_pb2_grpc.add_ExecutionServiceServicer_to_server,
         ExecutionServicer),
        (message_pb2, "MessageService", message_pb2_grpc.add_MessageServiceServicer_to_server, MessageServicer),
        (signal_pb2, "SignalService", signal_pb2_grpc.add_SignalServiceServicer_to_server, SignalServicer),
    ]
    names = []
    for module, service, add, servicer in pairs:
        add(servicer(app), server)
        names.append(module.DESCRIPTOR.services_by_name[service].full_name)
    names.extend(failure_servicer.register(server, app))
    names.extend(event_subscription_servicer.register(server, app))
    return names
