from flowkeeper.engine.v1 import incident_pb2 as _incident_pb2
from flowkeeper.engine.v1 import types_pb2 as _types_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Execution(_message.Message):
    __slots__ = ("id", "process_instance_id", "ended", "tenant_id", "activity_id", "parent_id", "process_definition_id", "process_definition_key", "business_key", "suspended", "concurrent", "scope")
    ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    ENDED_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    CONCURRENT_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    id: str
    process_instance_id: str
    ended: bool
    tenant_id: str
    activity_id: str
    parent_id: str
    process_definition_id: str
    process_definition_key: str
    business_key: str
    suspended: bool
    concurrent: bool
    scope: bool
    def __init__(self, id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., ended: _Optional[bool] = ..., tenant_id: _Optional[str] = ..., activity_id: _Optional[str] = ..., parent_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., business_key: _Optional[str] = ..., suspended: _Optional[bool] = ..., concurrent: _Optional[bool] = ..., scope: _Optional[bool] = ...) -> None: ...

class VariableQueryParameter(_message.Message):
    __slots__ = ("name", "operator", "value")
    NAME_FIELD_NUMBER: _ClassVar[int]
    OPERATOR_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    name: str
    operator: str
    value: _struct_pb2.Value
    def __init__(self, name: _Optional[str] = ..., operator: _Optional[str] = ..., value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ...) -> None: ...

class Sorting(_message.Message):
    __slots__ = ("sort_by", "sort_order")
    SORT_BY_FIELD_NUMBER: _ClassVar[int]
    SORT_ORDER_FIELD_NUMBER: _ClassVar[int]
    sort_by: str
    sort_order: str
    def __init__(self, sort_by: _Optional[str] = ..., sort_order: _Optional[str] = ...) -> None: ...

class QueryExecutionsRequest(_message.Message):
    __slots__ = ("business_key", "process_definition_id", "process_definition_key", "process_instance_id", "activity_id", "signal_event_subscription_name", "message_event_subscription_name", "active", "suspended", "incident_id", "incident_type", "incident_message", "incident_message_like", "tenant_id_in", "variables", "process_variables", "variable_names_ignore_case", "variable_values_ignore_case", "sorting", "first_result", "max_results")
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    SIGNAL_EVENT_SUBSCRIPTION_NAME_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_EVENT_SUBSCRIPTION_NAME_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_MESSAGE_LIKE_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    PROCESS_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAMES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_VALUES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    FIRST_RESULT_FIELD_NUMBER: _ClassVar[int]
    MAX_RESULTS_FIELD_NUMBER: _ClassVar[int]
    business_key: str
    process_definition_id: str
    process_definition_key: str
    process_instance_id: str
    activity_id: str
    signal_event_subscription_name: str
    message_event_subscription_name: str
    active: bool
    suspended: bool
    incident_id: str
    incident_type: str
    incident_message: str
    incident_message_like: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    variables: _containers.RepeatedCompositeFieldContainer[VariableQueryParameter]
    process_variables: _containers.RepeatedCompositeFieldContainer[VariableQueryParameter]
    variable_names_ignore_case: bool
    variable_values_ignore_case: bool
    sorting: _containers.RepeatedCompositeFieldContainer[Sorting]
    first_result: int
    max_results: int
    def __init__(self, business_key: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., activity_id: _Optional[str] = ..., signal_event_subscription_name: _Optional[str] = ..., message_event_subscription_name: _Optional[str] = ..., active: _Optional[bool] = ..., suspended: _Optional[bool] = ..., incident_id: _Optional[str] = ..., incident_type: _Optional[str] = ..., incident_message: _Optional[str] = ..., incident_message_like: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., variables: _Optional[_Iterable[_Union[VariableQueryParameter, _Mapping]]] = ..., process_variables: _Optional[_Iterable[_Union[VariableQueryParameter, _Mapping]]] = ..., variable_names_ignore_case: _Optional[bool] = ..., variable_values_ignore_case: _Optional[bool] = ..., sorting: _Optional[_Iterable[_Union[Sorting, _Mapping]]] = ..., first_result: _Optional[int] = ..., max_results: _Optional[int] = ...) -> None: ...

class QueryExecutionsResponse(_message.Message):
    __slots__ = ("executions",)
    EXECUTIONS_FIELD_NUMBER: _ClassVar[int]
    executions: _containers.RepeatedCompositeFieldContainer[Execution]
    def __init__(self, executions: _Optional[_Iterable[_Union[Execution, _Mapping]]] = ...) -> None: ...

class CountExecutionsRequest(_message.Message):
    __slots__ = ("business_key", "process_definition_id", "process_definition_key", "process_instance_id", "activity_id", "signal_event_subscription_name", "message_event_subscription_name", "active", "suspended", "incident_id", "incident_type", "incident_message", "incident_message_like", "tenant_id_in", "variables", "process_variables", "variable_names_ignore_case", "variable_values_ignore_case")
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    SIGNAL_EVENT_SUBSCRIPTION_NAME_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_EVENT_SUBSCRIPTION_NAME_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_MESSAGE_LIKE_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    PROCESS_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAMES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_VALUES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    business_key: str
    process_definition_id: str
    process_definition_key: str
    process_instance_id: str
    activity_id: str
    signal_event_subscription_name: str
    message_event_subscription_name: str
    active: bool
    suspended: bool
    incident_id: str
    incident_type: str
    incident_message: str
    incident_message_like: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    variables: _containers.RepeatedCompositeFieldContainer[VariableQueryParameter]
    process_variables: _containers.RepeatedCompositeFieldContainer[VariableQueryParameter]
    variable_names_ignore_case: bool
    variable_values_ignore_case: bool
    def __init__(self, business_key: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., activity_id: _Optional[str] = ..., signal_event_subscription_name: _Optional[str] = ..., message_event_subscription_name: _Optional[str] = ..., active: _Optional[bool] = ..., suspended: _Optional[bool] = ..., incident_id: _Optional[str] = ..., incident_type: _Optional[str] = ..., incident_message: _Optional[str] = ..., incident_message_like: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., variables: _Optional[_Iterable[_Union[VariableQueryParameter, _Mapping]]] = ..., process_variables: _Optional[_Iterable[_Union[VariableQueryParameter, _Mapping]]] = ..., variable_names_ignore_case: _Optional[bool] = ..., variable_values_ignore_case: _Optional[bool] = ...) -> None: ...

class CountExecutionsResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class GetExecutionRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetExecutionResponse(_message.Message):
    __slots__ = ("execution",)
    EXECUTION_FIELD_NUMBER: _ClassVar[int]
    execution: Execution
    def __init__(self, execution: _Optional[_Union[Execution, _Mapping]] = ...) -> None: ...

class GetLocalVariablesRequest(_message.Message):
    __slots__ = ("execution_id",)
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    execution_id: str
    def __init__(self, execution_id: _Optional[str] = ...) -> None: ...

class GetLocalVariablesResponse(_message.Message):
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

class ModifyLocalVariablesRequest(_message.Message):
    __slots__ = ("execution_id", "modifications", "deletions")
    class ModificationsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    MODIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    DELETIONS_FIELD_NUMBER: _ClassVar[int]
    execution_id: str
    modifications: _containers.MessageMap[str, _types_pb2.TypedValue]
    deletions: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, execution_id: _Optional[str] = ..., modifications: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., deletions: _Optional[_Iterable[str]] = ...) -> None: ...

class ModifyLocalVariablesResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetExecutionLocalVariableRequest(_message.Message):
    __slots__ = ("execution_id", "name")
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    execution_id: str
    name: str
    def __init__(self, execution_id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class GetExecutionLocalVariableResponse(_message.Message):
    __slots__ = ("variable",)
    VARIABLE_FIELD_NUMBER: _ClassVar[int]
    variable: _types_pb2.TypedValue
    def __init__(self, variable: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...

class SetExecutionLocalVariableRequest(_message.Message):
    __slots__ = ("execution_id", "name", "value")
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    execution_id: str
    name: str
    value: _types_pb2.TypedValue
    def __init__(self, execution_id: _Optional[str] = ..., name: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...

class SetExecutionLocalVariableResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DeleteExecutionLocalVariableRequest(_message.Message):
    __slots__ = ("execution_id", "name")
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    execution_id: str
    name: str
    def __init__(self, execution_id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class DeleteExecutionLocalVariableResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetExecutionLocalVariableDataRequest(_message.Message):
    __slots__ = ("execution_id", "name")
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    execution_id: str
    name: str
    def __init__(self, execution_id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class GetExecutionLocalVariableDataResponse(_message.Message):
    __slots__ = ("data", "media_type", "filename")
    DATA_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    media_type: str
    filename: str
    def __init__(self, data: _Optional[bytes] = ..., media_type: _Optional[str] = ..., filename: _Optional[str] = ...) -> None: ...

class SetExecutionLocalVariableDataRequest(_message.Message):
    __slots__ = ("execution_id", "name", "data", "value_type", "filename", "mime_type", "encoding")
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    VALUE_TYPE_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    ENCODING_FIELD_NUMBER: _ClassVar[int]
    execution_id: str
    name: str
    data: bytes
    value_type: str
    filename: str
    mime_type: str
    encoding: str
    def __init__(self, execution_id: _Optional[str] = ..., name: _Optional[str] = ..., data: _Optional[bytes] = ..., value_type: _Optional[str] = ..., filename: _Optional[str] = ..., mime_type: _Optional[str] = ..., encoding: _Optional[str] = ...) -> None: ...

class SetExecutionLocalVariableDataResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SignalExecutionRequest(_message.Message):
    __slots__ = ("execution_id", "variables")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    execution_id: str
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    def __init__(self, execution_id: _Optional[str] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ...) -> None: ...

class SignalExecutionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class TriggerMessageSubscriptionRequest(_message.Message):
    __slots__ = ("execution_id", "message_name", "variables")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_NAME_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    execution_id: str
    message_name: str
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    def __init__(self, execution_id: _Optional[str] = ..., message_name: _Optional[str] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ...) -> None: ...

class TriggerMessageSubscriptionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CreateIncidentRequest(_message.Message):
    __slots__ = ("execution_id", "incident_type", "configuration", "message")
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CONFIGURATION_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    execution_id: str
    incident_type: str
    configuration: str
    message: str
    def __init__(self, execution_id: _Optional[str] = ..., incident_type: _Optional[str] = ..., configuration: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class CreateIncidentResponse(_message.Message):
    __slots__ = ("incident",)
    INCIDENT_FIELD_NUMBER: _ClassVar[int]
    incident: _incident_pb2.Incident
    def __init__(self, incident: _Optional[_Union[_incident_pb2.Incident, _Mapping]] = ...) -> None: ...
