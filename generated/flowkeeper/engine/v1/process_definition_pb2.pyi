import datetime

from flowkeeper.engine.v1 import batch_pb2 as _batch_pb2
from flowkeeper.engine.v1 import execution_pb2 as _execution_pb2
from flowkeeper.engine.v1 import form_pb2 as _form_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as _process_instance_pb2
from flowkeeper.engine.v1 import types_pb2 as _types_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DeleteProcessDefinitionRequest(_message.Message):
    __slots__ = ("id", "cascade")
    ID_FIELD_NUMBER: _ClassVar[int]
    CASCADE_FIELD_NUMBER: _ClassVar[int]
    id: str
    cascade: bool
    def __init__(self, id: _Optional[str] = ..., cascade: _Optional[bool] = ...) -> None: ...

class DeleteProcessDefinitionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DeleteProcessDefinitionsByKeyRequest(_message.Message):
    __slots__ = ("key", "tenant_id", "cascade")
    KEY_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    CASCADE_FIELD_NUMBER: _ClassVar[int]
    key: str
    tenant_id: str
    cascade: bool
    def __init__(self, key: _Optional[str] = ..., tenant_id: _Optional[str] = ..., cascade: _Optional[bool] = ...) -> None: ...

class DeleteProcessDefinitionsByKeyResponse(_message.Message):
    __slots__ = ("process_definition_ids",)
    PROCESS_DEFINITION_IDS_FIELD_NUMBER: _ClassVar[int]
    process_definition_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, process_definition_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ProcessDefinition(_message.Message):
    __slots__ = ("id", "key", "version", "name", "version_tag", "tenant_id", "deployment_id", "resource_name", "suspended", "history_time_to_live", "startable_in_tasklist", "diagram_resource_name")
    ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VERSION_TAG_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    HISTORY_TIME_TO_LIVE_FIELD_NUMBER: _ClassVar[int]
    STARTABLE_IN_TASKLIST_FIELD_NUMBER: _ClassVar[int]
    DIAGRAM_RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    key: str
    version: int
    name: str
    version_tag: str
    tenant_id: str
    deployment_id: str
    resource_name: str
    suspended: bool
    history_time_to_live: int
    startable_in_tasklist: bool
    diagram_resource_name: str
    def __init__(self, id: _Optional[str] = ..., key: _Optional[str] = ..., version: _Optional[int] = ..., name: _Optional[str] = ..., version_tag: _Optional[str] = ..., tenant_id: _Optional[str] = ..., deployment_id: _Optional[str] = ..., resource_name: _Optional[str] = ..., suspended: _Optional[bool] = ..., history_time_to_live: _Optional[int] = ..., startable_in_tasklist: _Optional[bool] = ..., diagram_resource_name: _Optional[str] = ...) -> None: ...

class GetProcessDefinitionRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetProcessDefinitionResponse(_message.Message):
    __slots__ = ("process_definition",)
    PROCESS_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    process_definition: ProcessDefinition
    def __init__(self, process_definition: _Optional[_Union[ProcessDefinition, _Mapping]] = ...) -> None: ...

class ListProcessDefinitionsRequest(_message.Message):
    __slots__ = ("key", "latest_only", "tenant_id_in", "without_tenant_id", "deployment_id", "page_size", "page_token", "id", "id_in", "key_in", "key_like", "name", "name_like", "version", "resource_name", "resource_name_like", "version_tag", "version_tag_like", "without_version_tag", "active", "suspended", "include_process_definitions_without_tenant_id", "deployed_after", "sorting", "incident_id", "incident_type", "incident_message", "incident_message_like", "deployed_at", "startable_by", "startable_in_tasklist", "not_startable_in_tasklist")
    KEY_FIELD_NUMBER: _ClassVar[int]
    LATEST_ONLY_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    ID_IN_FIELD_NUMBER: _ClassVar[int]
    KEY_IN_FIELD_NUMBER: _ClassVar[int]
    KEY_LIKE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    VERSION_TAG_FIELD_NUMBER: _ClassVar[int]
    VERSION_TAG_LIKE_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_VERSION_TAG_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_PROCESS_DEFINITIONS_WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    DEPLOYED_AFTER_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_MESSAGE_LIKE_FIELD_NUMBER: _ClassVar[int]
    DEPLOYED_AT_FIELD_NUMBER: _ClassVar[int]
    STARTABLE_BY_FIELD_NUMBER: _ClassVar[int]
    STARTABLE_IN_TASKLIST_FIELD_NUMBER: _ClassVar[int]
    NOT_STARTABLE_IN_TASKLIST_FIELD_NUMBER: _ClassVar[int]
    key: str
    latest_only: bool
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    deployment_id: str
    page_size: int
    page_token: str
    id: str
    id_in: _containers.RepeatedScalarFieldContainer[str]
    key_in: _containers.RepeatedScalarFieldContainer[str]
    key_like: str
    name: str
    name_like: str
    version: int
    resource_name: str
    resource_name_like: str
    version_tag: str
    version_tag_like: str
    without_version_tag: bool
    active: bool
    suspended: bool
    include_process_definitions_without_tenant_id: bool
    deployed_after: _timestamp_pb2.Timestamp
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    incident_id: str
    incident_type: str
    incident_message: str
    incident_message_like: str
    deployed_at: _timestamp_pb2.Timestamp
    startable_by: str
    startable_in_tasklist: bool
    not_startable_in_tasklist: bool
    def __init__(self, key: _Optional[str] = ..., latest_only: _Optional[bool] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., deployment_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., id: _Optional[str] = ..., id_in: _Optional[_Iterable[str]] = ..., key_in: _Optional[_Iterable[str]] = ..., key_like: _Optional[str] = ..., name: _Optional[str] = ..., name_like: _Optional[str] = ..., version: _Optional[int] = ..., resource_name: _Optional[str] = ..., resource_name_like: _Optional[str] = ..., version_tag: _Optional[str] = ..., version_tag_like: _Optional[str] = ..., without_version_tag: _Optional[bool] = ..., active: _Optional[bool] = ..., suspended: _Optional[bool] = ..., include_process_definitions_without_tenant_id: _Optional[bool] = ..., deployed_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ..., incident_id: _Optional[str] = ..., incident_type: _Optional[str] = ..., incident_message: _Optional[str] = ..., incident_message_like: _Optional[str] = ..., deployed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., startable_by: _Optional[str] = ..., startable_in_tasklist: _Optional[bool] = ..., not_startable_in_tasklist: _Optional[bool] = ...) -> None: ...

class ListProcessDefinitionsResponse(_message.Message):
    __slots__ = ("process_definitions", "next_page_token")
    PROCESS_DEFINITIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    process_definitions: _containers.RepeatedCompositeFieldContainer[ProcessDefinition]
    next_page_token: str
    def __init__(self, process_definitions: _Optional[_Iterable[_Union[ProcessDefinition, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class DefinitionRef(_message.Message):
    __slots__ = ("id", "key", "key_and_tenant")
    ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    KEY_AND_TENANT_FIELD_NUMBER: _ClassVar[int]
    id: str
    key: str
    key_and_tenant: KeyAndTenant
    def __init__(self, id: _Optional[str] = ..., key: _Optional[str] = ..., key_and_tenant: _Optional[_Union[KeyAndTenant, _Mapping]] = ...) -> None: ...

class KeyAndTenant(_message.Message):
    __slots__ = ("key", "tenant_id")
    KEY_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    key: str
    tenant_id: str
    def __init__(self, key: _Optional[str] = ..., tenant_id: _Optional[str] = ...) -> None: ...

class StartProcessInstanceRequest(_message.Message):
    __slots__ = ("definition", "variables", "business_key", "with_variables_in_return")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    DEFINITION_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    WITH_VARIABLES_IN_RETURN_FIELD_NUMBER: _ClassVar[int]
    definition: DefinitionRef
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    business_key: str
    with_variables_in_return: bool
    def __init__(self, definition: _Optional[_Union[DefinitionRef, _Mapping]] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., business_key: _Optional[str] = ..., with_variables_in_return: _Optional[bool] = ...) -> None: ...

class StartProcessInstanceResponse(_message.Message):
    __slots__ = ("process_instance", "variables")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    PROCESS_INSTANCE_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    process_instance: _process_instance_pb2.ProcessInstance
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    def __init__(self, process_instance: _Optional[_Union[_process_instance_pb2.ProcessInstance, _Mapping]] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ...) -> None: ...

class GetStartFormRequest(_message.Message):
    __slots__ = ("definition",)
    DEFINITION_FIELD_NUMBER: _ClassVar[int]
    definition: DefinitionRef
    def __init__(self, definition: _Optional[_Union[DefinitionRef, _Mapping]] = ...) -> None: ...

class GetStartFormResponse(_message.Message):
    __slots__ = ("process_definition_id", "form")
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    FORM_FIELD_NUMBER: _ClassVar[int]
    process_definition_id: str
    form: _form_pb2.Form
    def __init__(self, process_definition_id: _Optional[str] = ..., form: _Optional[_Union[_form_pb2.Form, _Mapping]] = ...) -> None: ...

class GetStartFormVariablesRequest(_message.Message):
    __slots__ = ("definition", "variable_names")
    DEFINITION_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAMES_FIELD_NUMBER: _ClassVar[int]
    definition: DefinitionRef
    variable_names: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, definition: _Optional[_Union[DefinitionRef, _Mapping]] = ..., variable_names: _Optional[_Iterable[str]] = ...) -> None: ...

class GetStartFormVariablesResponse(_message.Message):
    __slots__ = ("variables",)
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    def __init__(self, variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ...) -> None: ...

class SubmitStartFormRequest(_message.Message):
    __slots__ = ("definition", "variables", "business_key", "with_variables_in_return")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    DEFINITION_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    WITH_VARIABLES_IN_RETURN_FIELD_NUMBER: _ClassVar[int]
    definition: DefinitionRef
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    business_key: str
    with_variables_in_return: bool
    def __init__(self, definition: _Optional[_Union[DefinitionRef, _Mapping]] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., business_key: _Optional[str] = ..., with_variables_in_return: _Optional[bool] = ...) -> None: ...

class SubmitStartFormResponse(_message.Message):
    __slots__ = ("process_instance", "variables")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    PROCESS_INSTANCE_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    process_instance: _process_instance_pb2.ProcessInstance
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    def __init__(self, process_instance: _Optional[_Union[_process_instance_pb2.ProcessInstance, _Mapping]] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ...) -> None: ...

class RestartProcessInstancesRequest(_message.Message):
    __slots__ = ("process_definition_id", "process_instance_ids", "process_instance_query", "instructions", "initial_variables", "without_business_key")
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_IDS_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_QUERY_FIELD_NUMBER: _ClassVar[int]
    INSTRUCTIONS_FIELD_NUMBER: _ClassVar[int]
    INITIAL_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    process_definition_id: str
    process_instance_ids: _containers.RepeatedScalarFieldContainer[str]
    process_instance_query: _process_instance_pb2.CountProcessInstancesRequest
    instructions: _containers.RepeatedCompositeFieldContainer[_process_instance_pb2.ModificationInstruction]
    initial_variables: bool
    without_business_key: bool
    def __init__(self, process_definition_id: _Optional[str] = ..., process_instance_ids: _Optional[_Iterable[str]] = ..., process_instance_query: _Optional[_Union[_process_instance_pb2.CountProcessInstancesRequest, _Mapping]] = ..., instructions: _Optional[_Iterable[_Union[_process_instance_pb2.ModificationInstruction, _Mapping]]] = ..., initial_variables: _Optional[bool] = ..., without_business_key: _Optional[bool] = ...) -> None: ...

class RestartProcessInstancesResponse(_message.Message):
    __slots__ = ("process_instances",)
    PROCESS_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    process_instances: _containers.RepeatedCompositeFieldContainer[_process_instance_pb2.ProcessInstance]
    def __init__(self, process_instances: _Optional[_Iterable[_Union[_process_instance_pb2.ProcessInstance, _Mapping]]] = ...) -> None: ...

class RestartProcessInstancesAsyncRequest(_message.Message):
    __slots__ = ("process_definition_id", "process_instance_ids", "process_instance_query", "instructions", "initial_variables", "without_business_key")
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_IDS_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_QUERY_FIELD_NUMBER: _ClassVar[int]
    INSTRUCTIONS_FIELD_NUMBER: _ClassVar[int]
    INITIAL_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    process_definition_id: str
    process_instance_ids: _containers.RepeatedScalarFieldContainer[str]
    process_instance_query: _process_instance_pb2.CountProcessInstancesRequest
    instructions: _containers.RepeatedCompositeFieldContainer[_process_instance_pb2.ModificationInstruction]
    initial_variables: bool
    without_business_key: bool
    def __init__(self, process_definition_id: _Optional[str] = ..., process_instance_ids: _Optional[_Iterable[str]] = ..., process_instance_query: _Optional[_Union[_process_instance_pb2.CountProcessInstancesRequest, _Mapping]] = ..., instructions: _Optional[_Iterable[_Union[_process_instance_pb2.ModificationInstruction, _Mapping]]] = ..., initial_variables: _Optional[bool] = ..., without_business_key: _Optional[bool] = ...) -> None: ...

class RestartProcessInstancesAsyncResponse(_message.Message):
    __slots__ = ("batch",)
    BATCH_FIELD_NUMBER: _ClassVar[int]
    batch: _batch_pb2.Batch
    def __init__(self, batch: _Optional[_Union[_batch_pb2.Batch, _Mapping]] = ...) -> None: ...

class UpdateProcessDefinitionHistoryTimeToLiveRequest(_message.Message):
    __slots__ = ("id", "history_time_to_live")
    ID_FIELD_NUMBER: _ClassVar[int]
    HISTORY_TIME_TO_LIVE_FIELD_NUMBER: _ClassVar[int]
    id: str
    history_time_to_live: int
    def __init__(self, id: _Optional[str] = ..., history_time_to_live: _Optional[int] = ...) -> None: ...

class UpdateProcessDefinitionHistoryTimeToLiveResponse(_message.Message):
    __slots__ = ("process_definition",)
    PROCESS_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    process_definition: ProcessDefinition
    def __init__(self, process_definition: _Optional[_Union[ProcessDefinition, _Mapping]] = ...) -> None: ...

class SetProcessDefinitionSuspensionStateRequest(_message.Message):
    __slots__ = ("id", "suspended", "include_process_instances", "execution_date")
    ID_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_PROCESS_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_DATE_FIELD_NUMBER: _ClassVar[int]
    id: str
    suspended: bool
    include_process_instances: bool
    execution_date: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., suspended: _Optional[bool] = ..., include_process_instances: _Optional[bool] = ..., execution_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SetProcessDefinitionSuspensionStateResponse(_message.Message):
    __slots__ = ("process_definition", "process_instances_changed", "scheduled_job_id")
    PROCESS_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCES_CHANGED_FIELD_NUMBER: _ClassVar[int]
    SCHEDULED_JOB_ID_FIELD_NUMBER: _ClassVar[int]
    process_definition: ProcessDefinition
    process_instances_changed: int
    scheduled_job_id: str
    def __init__(self, process_definition: _Optional[_Union[ProcessDefinition, _Mapping]] = ..., process_instances_changed: _Optional[int] = ..., scheduled_job_id: _Optional[str] = ...) -> None: ...

class SetProcessDefinitionSuspensionStateByKeyRequest(_message.Message):
    __slots__ = ("key", "suspended", "include_process_instances", "tenant_id", "without_tenant_id", "execution_date")
    KEY_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_PROCESS_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_DATE_FIELD_NUMBER: _ClassVar[int]
    key: str
    suspended: bool
    include_process_instances: bool
    tenant_id: str
    without_tenant_id: bool
    execution_date: _timestamp_pb2.Timestamp
    def __init__(self, key: _Optional[str] = ..., suspended: _Optional[bool] = ..., include_process_instances: _Optional[bool] = ..., tenant_id: _Optional[str] = ..., without_tenant_id: _Optional[bool] = ..., execution_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SetProcessDefinitionSuspensionStateByKeyResponse(_message.Message):
    __slots__ = ("process_definitions", "process_instances_changed", "scheduled_job_id")
    PROCESS_DEFINITIONS_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCES_CHANGED_FIELD_NUMBER: _ClassVar[int]
    SCHEDULED_JOB_ID_FIELD_NUMBER: _ClassVar[int]
    process_definitions: _containers.RepeatedCompositeFieldContainer[ProcessDefinition]
    process_instances_changed: int
    scheduled_job_id: str
    def __init__(self, process_definitions: _Optional[_Iterable[_Union[ProcessDefinition, _Mapping]]] = ..., process_instances_changed: _Optional[int] = ..., scheduled_job_id: _Optional[str] = ...) -> None: ...

class GetStaticCalledProcessDefinitionsRequest(_message.Message):
    __slots__ = ("process_definition_id",)
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    process_definition_id: str
    def __init__(self, process_definition_id: _Optional[str] = ...) -> None: ...

class CalledProcessDefinition(_message.Message):
    __slots__ = ("process_definition", "called_from_activity_ids", "calling_process_definition_id")
    PROCESS_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    CALLED_FROM_ACTIVITY_IDS_FIELD_NUMBER: _ClassVar[int]
    CALLING_PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    process_definition: ProcessDefinition
    called_from_activity_ids: _containers.RepeatedScalarFieldContainer[str]
    calling_process_definition_id: str
    def __init__(self, process_definition: _Optional[_Union[ProcessDefinition, _Mapping]] = ..., called_from_activity_ids: _Optional[_Iterable[str]] = ..., calling_process_definition_id: _Optional[str] = ...) -> None: ...

class GetStaticCalledProcessDefinitionsResponse(_message.Message):
    __slots__ = ("called_process_definitions",)
    CALLED_PROCESS_DEFINITIONS_FIELD_NUMBER: _ClassVar[int]
    called_process_definitions: _containers.RepeatedCompositeFieldContainer[CalledProcessDefinition]
    def __init__(self, called_process_definitions: _Optional[_Iterable[_Union[CalledProcessDefinition, _Mapping]]] = ...) -> None: ...

class GetProcessDefinitionXmlRequest(_message.Message):
    __slots__ = ("definition",)
    DEFINITION_FIELD_NUMBER: _ClassVar[int]
    definition: DefinitionRef
    def __init__(self, definition: _Optional[_Union[DefinitionRef, _Mapping]] = ...) -> None: ...

class GetProcessDefinitionXmlResponse(_message.Message):
    __slots__ = ("id", "bpmn20_xml")
    ID_FIELD_NUMBER: _ClassVar[int]
    BPMN20_XML_FIELD_NUMBER: _ClassVar[int]
    id: str
    bpmn20_xml: str
    def __init__(self, id: _Optional[str] = ..., bpmn20_xml: _Optional[str] = ...) -> None: ...

class GetProcessDefinitionDiagramRequest(_message.Message):
    __slots__ = ("definition",)
    DEFINITION_FIELD_NUMBER: _ClassVar[int]
    definition: DefinitionRef
    def __init__(self, definition: _Optional[_Union[DefinitionRef, _Mapping]] = ...) -> None: ...

class GetProcessDefinitionDiagramResponse(_message.Message):
    __slots__ = ("id", "content", "media_type", "resource_name")
    ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    content: bytes
    media_type: str
    resource_name: str
    def __init__(self, id: _Optional[str] = ..., content: _Optional[bytes] = ..., media_type: _Optional[str] = ..., resource_name: _Optional[str] = ...) -> None: ...

class StatisticsOptions(_message.Message):
    __slots__ = ("failed_jobs", "incidents", "incident_type")
    class Incidents(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        INCIDENTS_UNSPECIFIED: _ClassVar[StatisticsOptions.Incidents]
        INCIDENTS_ALL: _ClassVar[StatisticsOptions.Incidents]
        INCIDENTS_ROOT: _ClassVar[StatisticsOptions.Incidents]
    INCIDENTS_UNSPECIFIED: StatisticsOptions.Incidents
    INCIDENTS_ALL: StatisticsOptions.Incidents
    INCIDENTS_ROOT: StatisticsOptions.Incidents
    FAILED_JOBS_FIELD_NUMBER: _ClassVar[int]
    INCIDENTS_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    failed_jobs: bool
    incidents: StatisticsOptions.Incidents
    incident_type: str
    def __init__(self, failed_jobs: _Optional[bool] = ..., incidents: _Optional[_Union[StatisticsOptions.Incidents, str]] = ..., incident_type: _Optional[str] = ...) -> None: ...

class IncidentCount(_message.Message):
    __slots__ = ("incident_type", "count")
    INCIDENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    incident_type: str
    count: int
    def __init__(self, incident_type: _Optional[str] = ..., count: _Optional[int] = ...) -> None: ...

class ProcessDefinitionStatistics(_message.Message):
    __slots__ = ("process_definition", "instances", "failed_jobs", "incidents")
    PROCESS_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    INSTANCES_FIELD_NUMBER: _ClassVar[int]
    FAILED_JOBS_FIELD_NUMBER: _ClassVar[int]
    INCIDENTS_FIELD_NUMBER: _ClassVar[int]
    process_definition: ProcessDefinition
    instances: int
    failed_jobs: int
    incidents: _containers.RepeatedCompositeFieldContainer[IncidentCount]
    def __init__(self, process_definition: _Optional[_Union[ProcessDefinition, _Mapping]] = ..., instances: _Optional[int] = ..., failed_jobs: _Optional[int] = ..., incidents: _Optional[_Iterable[_Union[IncidentCount, _Mapping]]] = ...) -> None: ...

class ListProcessDefinitionStatisticsRequest(_message.Message):
    __slots__ = ("key", "latest_only", "tenant_id_in", "without_tenant_id", "deployment_id", "page_size", "page_token", "options", "id", "id_in", "key_in", "key_like", "name", "name_like", "version", "resource_name", "resource_name_like", "version_tag", "version_tag_like", "without_version_tag", "active", "suspended", "include_process_definitions_without_tenant_id", "deployed_after", "sorting", "incident_id", "incident_type", "incident_message", "incident_message_like", "deployed_at", "startable_by", "startable_in_tasklist", "not_startable_in_tasklist")
    KEY_FIELD_NUMBER: _ClassVar[int]
    LATEST_ONLY_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    ID_IN_FIELD_NUMBER: _ClassVar[int]
    KEY_IN_FIELD_NUMBER: _ClassVar[int]
    KEY_LIKE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    VERSION_TAG_FIELD_NUMBER: _ClassVar[int]
    VERSION_TAG_LIKE_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_VERSION_TAG_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_PROCESS_DEFINITIONS_WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    DEPLOYED_AFTER_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_MESSAGE_LIKE_FIELD_NUMBER: _ClassVar[int]
    DEPLOYED_AT_FIELD_NUMBER: _ClassVar[int]
    STARTABLE_BY_FIELD_NUMBER: _ClassVar[int]
    STARTABLE_IN_TASKLIST_FIELD_NUMBER: _ClassVar[int]
    NOT_STARTABLE_IN_TASKLIST_FIELD_NUMBER: _ClassVar[int]
    key: str
    latest_only: bool
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    deployment_id: str
    page_size: int
    page_token: str
    options: StatisticsOptions
    id: str
    id_in: _containers.RepeatedScalarFieldContainer[str]
    key_in: _containers.RepeatedScalarFieldContainer[str]
    key_like: str
    name: str
    name_like: str
    version: int
    resource_name: str
    resource_name_like: str
    version_tag: str
    version_tag_like: str
    without_version_tag: bool
    active: bool
    suspended: bool
    include_process_definitions_without_tenant_id: bool
    deployed_after: _timestamp_pb2.Timestamp
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    incident_id: str
    incident_type: str
    incident_message: str
    incident_message_like: str
    deployed_at: _timestamp_pb2.Timestamp
    startable_by: str
    startable_in_tasklist: bool
    not_startable_in_tasklist: bool
    def __init__(self, key: _Optional[str] = ..., latest_only: _Optional[bool] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., deployment_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., options: _Optional[_Union[StatisticsOptions, _Mapping]] = ..., id: _Optional[str] = ..., id_in: _Optional[_Iterable[str]] = ..., key_in: _Optional[_Iterable[str]] = ..., key_like: _Optional[str] = ..., name: _Optional[str] = ..., name_like: _Optional[str] = ..., version: _Optional[int] = ..., resource_name: _Optional[str] = ..., resource_name_like: _Optional[str] = ..., version_tag: _Optional[str] = ..., version_tag_like: _Optional[str] = ..., without_version_tag: _Optional[bool] = ..., active: _Optional[bool] = ..., suspended: _Optional[bool] = ..., include_process_definitions_without_tenant_id: _Optional[bool] = ..., deployed_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ..., incident_id: _Optional[str] = ..., incident_type: _Optional[str] = ..., incident_message: _Optional[str] = ..., incident_message_like: _Optional[str] = ..., deployed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., startable_by: _Optional[str] = ..., startable_in_tasklist: _Optional[bool] = ..., not_startable_in_tasklist: _Optional[bool] = ...) -> None: ...

class ListProcessDefinitionStatisticsResponse(_message.Message):
    __slots__ = ("statistics", "next_page_token")
    STATISTICS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    statistics: _containers.RepeatedCompositeFieldContainer[ProcessDefinitionStatistics]
    next_page_token: str
    def __init__(self, statistics: _Optional[_Iterable[_Union[ProcessDefinitionStatistics, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ActivityStatistics(_message.Message):
    __slots__ = ("activity_id", "instances", "failed_jobs", "incidents")
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    INSTANCES_FIELD_NUMBER: _ClassVar[int]
    FAILED_JOBS_FIELD_NUMBER: _ClassVar[int]
    INCIDENTS_FIELD_NUMBER: _ClassVar[int]
    activity_id: str
    instances: int
    failed_jobs: int
    incidents: _containers.RepeatedCompositeFieldContainer[IncidentCount]
    def __init__(self, activity_id: _Optional[str] = ..., instances: _Optional[int] = ..., failed_jobs: _Optional[int] = ..., incidents: _Optional[_Iterable[_Union[IncidentCount, _Mapping]]] = ...) -> None: ...

class GetActivityStatisticsRequest(_message.Message):
    __slots__ = ("definition", "options")
    DEFINITION_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    definition: DefinitionRef
    options: StatisticsOptions
    def __init__(self, definition: _Optional[_Union[DefinitionRef, _Mapping]] = ..., options: _Optional[_Union[StatisticsOptions, _Mapping]] = ...) -> None: ...

class GetActivityStatisticsResponse(_message.Message):
    __slots__ = ("process_definition_id", "activities")
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITIES_FIELD_NUMBER: _ClassVar[int]
    process_definition_id: str
    activities: _containers.RepeatedCompositeFieldContainer[ActivityStatistics]
    def __init__(self, process_definition_id: _Optional[str] = ..., activities: _Optional[_Iterable[_Union[ActivityStatistics, _Mapping]]] = ...) -> None: ...
