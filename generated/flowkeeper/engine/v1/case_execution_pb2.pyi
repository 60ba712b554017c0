import datetime

from flowkeeper.engine.v1 import execution_pb2 as _execution_pb2
from flowkeeper.engine.v1 import types_pb2 as _types_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CaseExecution(_message.Message):
    __slots__ = ("id", "case_instance_id", "parent_id", "case_definition_id", "case_definition_key", "activity_id", "activity_name", "activity_type", "state", "required", "active", "enabled", "disabled", "tenant_id", "business_key", "create_time", "end_time")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[CaseExecution.State]
        STATE_AVAILABLE: _ClassVar[CaseExecution.State]
        STATE_ENABLED: _ClassVar[CaseExecution.State]
        STATE_DISABLED: _ClassVar[CaseExecution.State]
        STATE_ACTIVE: _ClassVar[CaseExecution.State]
        STATE_COMPLETED: _ClassVar[CaseExecution.State]
        STATE_TERMINATED: _ClassVar[CaseExecution.State]
    STATE_UNSPECIFIED: CaseExecution.State
    STATE_AVAILABLE: CaseExecution.State
    STATE_ENABLED: CaseExecution.State
    STATE_DISABLED: CaseExecution.State
    STATE_ACTIVE: CaseExecution.State
    STATE_COMPLETED: CaseExecution.State
    STATE_TERMINATED: CaseExecution.State
    ID_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_NAME_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_TYPE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    case_instance_id: str
    parent_id: str
    case_definition_id: str
    case_definition_key: str
    activity_id: str
    activity_name: str
    activity_type: str
    state: CaseExecution.State
    required: bool
    active: bool
    enabled: bool
    disabled: bool
    tenant_id: str
    business_key: str
    create_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., case_instance_id: _Optional[str] = ..., parent_id: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_definition_key: _Optional[str] = ..., activity_id: _Optional[str] = ..., activity_name: _Optional[str] = ..., activity_type: _Optional[str] = ..., state: _Optional[_Union[CaseExecution.State, str]] = ..., required: _Optional[bool] = ..., active: _Optional[bool] = ..., enabled: _Optional[bool] = ..., disabled: _Optional[bool] = ..., tenant_id: _Optional[str] = ..., business_key: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class QueryCaseExecutionsRequest(_message.Message):
    __slots__ = ("case_execution_id", "case_instance_id", "business_key", "case_definition_id", "case_definition_key", "activity_id", "required", "active", "enabled", "disabled", "available", "include_ended", "tenant_id_in", "page", "without_tenant_id", "variables", "case_instance_variables", "variable_names_ignore_case", "variable_values_ignore_case", "sorting")
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ENDED_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAMES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_VALUES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    case_execution_id: str
    case_instance_id: str
    business_key: str
    case_definition_id: str
    case_definition_key: str
    activity_id: str
    required: bool
    active: bool
    enabled: bool
    disabled: bool
    available: bool
    include_ended: bool
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    page: _types_pb2.OffsetPage
    without_tenant_id: bool
    variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    case_instance_variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    variable_names_ignore_case: bool
    variable_values_ignore_case: bool
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    def __init__(self, case_execution_id: _Optional[str] = ..., case_instance_id: _Optional[str] = ..., business_key: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_definition_key: _Optional[str] = ..., activity_id: _Optional[str] = ..., required: _Optional[bool] = ..., active: _Optional[bool] = ..., enabled: _Optional[bool] = ..., disabled: _Optional[bool] = ..., available: _Optional[bool] = ..., include_ended: _Optional[bool] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., without_tenant_id: _Optional[bool] = ..., variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., case_instance_variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., variable_names_ignore_case: _Optional[bool] = ..., variable_values_ignore_case: _Optional[bool] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ...) -> None: ...

class QueryCaseExecutionsResponse(_message.Message):
    __slots__ = ("case_executions",)
    CASE_EXECUTIONS_FIELD_NUMBER: _ClassVar[int]
    case_executions: _containers.RepeatedCompositeFieldContainer[CaseExecution]
    def __init__(self, case_executions: _Optional[_Iterable[_Union[CaseExecution, _Mapping]]] = ...) -> None: ...

class CountCaseExecutionsRequest(_message.Message):
    __slots__ = ("case_execution_id", "case_instance_id", "business_key", "case_definition_id", "case_definition_key", "activity_id", "required", "active", "enabled", "disabled", "available", "include_ended", "tenant_id_in", "without_tenant_id", "variables", "case_instance_variables", "variable_names_ignore_case", "variable_values_ignore_case")
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ENDED_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAMES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_VALUES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    case_execution_id: str
    case_instance_id: str
    business_key: str
    case_definition_id: str
    case_definition_key: str
    activity_id: str
    required: bool
    active: bool
    enabled: bool
    disabled: bool
    available: bool
    include_ended: bool
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    case_instance_variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    variable_names_ignore_case: bool
    variable_values_ignore_case: bool
    def __init__(self, case_execution_id: _Optional[str] = ..., case_instance_id: _Optional[str] = ..., business_key: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_definition_key: _Optional[str] = ..., activity_id: _Optional[str] = ..., required: _Optional[bool] = ..., active: _Optional[bool] = ..., enabled: _Optional[bool] = ..., disabled: _Optional[bool] = ..., available: _Optional[bool] = ..., include_ended: _Optional[bool] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., case_instance_variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., variable_names_ignore_case: _Optional[bool] = ..., variable_values_ignore_case: _Optional[bool] = ...) -> None: ...

class CountCaseExecutionsResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class GetCaseExecutionVariablesRequest(_message.Message):
    __slots__ = ("case_execution_id", "local_only")
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    LOCAL_ONLY_FIELD_NUMBER: _ClassVar[int]
    case_execution_id: str
    local_only: bool
    def __init__(self, case_execution_id: _Optional[str] = ..., local_only: _Optional[bool] = ...) -> None: ...

class GetCaseExecutionVariablesResponse(_message.Message):
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

class GetCaseExecutionVariableRequest(_message.Message):
    __slots__ = ("case_execution_id", "name", "local_only")
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    LOCAL_ONLY_FIELD_NUMBER: _ClassVar[int]
    case_execution_id: str
    name: str
    local_only: bool
    def __init__(self, case_execution_id: _Optional[str] = ..., name: _Optional[str] = ..., local_only: _Optional[bool] = ...) -> None: ...

class GetCaseExecutionVariableResponse(_message.Message):
    __slots__ = ("variable",)
    VARIABLE_FIELD_NUMBER: _ClassVar[int]
    variable: _types_pb2.TypedValue
    def __init__(self, variable: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...

class ModifyCaseExecutionVariablesRequest(_message.Message):
    __slots__ = ("case_execution_id", "modifications", "deletions", "local")
    class ModificationsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    MODIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    DELETIONS_FIELD_NUMBER: _ClassVar[int]
    LOCAL_FIELD_NUMBER: _ClassVar[int]
    case_execution_id: str
    modifications: _containers.MessageMap[str, _types_pb2.TypedValue]
    deletions: _containers.RepeatedScalarFieldContainer[str]
    local: bool
    def __init__(self, case_execution_id: _Optional[str] = ..., modifications: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., deletions: _Optional[_Iterable[str]] = ..., local: _Optional[bool] = ...) -> None: ...

class ModifyCaseExecutionVariablesResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SetCaseExecutionVariableRequest(_message.Message):
    __slots__ = ("case_execution_id", "name", "value", "local")
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    LOCAL_FIELD_NUMBER: _ClassVar[int]
    case_execution_id: str
    name: str
    value: _types_pb2.TypedValue
    local: bool
    def __init__(self, case_execution_id: _Optional[str] = ..., name: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ..., local: _Optional[bool] = ...) -> None: ...

class SetCaseExecutionVariableResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DeleteCaseExecutionVariableRequest(_message.Message):
    __slots__ = ("case_execution_id", "name", "local")
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    LOCAL_FIELD_NUMBER: _ClassVar[int]
    case_execution_id: str
    name: str
    local: bool
    def __init__(self, case_execution_id: _Optional[str] = ..., name: _Optional[str] = ..., local: _Optional[bool] = ...) -> None: ...

class DeleteCaseExecutionVariableResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetCaseExecutionVariableDataRequest(_message.Message):
    __slots__ = ("case_execution_id", "name", "local_only")
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    LOCAL_ONLY_FIELD_NUMBER: _ClassVar[int]
    case_execution_id: str
    name: str
    local_only: bool
    def __init__(self, case_execution_id: _Optional[str] = ..., name: _Optional[str] = ..., local_only: _Optional[bool] = ...) -> None: ...

class GetCaseExecutionVariableDataResponse(_message.Message):
    __slots__ = ("data", "media_type", "filename")
    DATA_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    media_type: str
    filename: str
    def __init__(self, data: _Optional[bytes] = ..., media_type: _Optional[str] = ..., filename: _Optional[str] = ...) -> None: ...

class SetCaseExecutionVariableDataRequest(_message.Message):
    __slots__ = ("case_execution_id", "name", "data", "value_type", "filename", "mime_type", "encoding", "local")
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    VALUE_TYPE_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    ENCODING_FIELD_NUMBER: _ClassVar[int]
    LOCAL_FIELD_NUMBER: _ClassVar[int]
    case_execution_id: str
    name: str
    data: bytes
    value_type: str
    filename: str
    mime_type: str
    encoding: str
    local: bool
    def __init__(self, case_execution_id: _Optional[str] = ..., name: _Optional[str] = ..., data: _Optional[bytes] = ..., value_type: _Optional[str] = ..., filename: _Optional[str] = ..., mime_type: _Optional[str] = ..., encoding: _Optional[str] = ..., local: _Optional[bool] = ...) -> None: ...

class SetCaseExecutionVariableDataResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetCaseExecutionRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetCaseExecutionResponse(_message.Message):
    __slots__ = ("case_execution",)
    CASE_EXECUTION_FIELD_NUMBER: _ClassVar[int]
    case_execution: CaseExecution
    def __init__(self, case_execution: _Optional[_Union[CaseExecution, _Mapping]] = ...) -> None: ...

class ManualStartCaseExecutionRequest(_message.Message):
    __slots__ = ("id", "variables", "local_variables", "deletions", "local_deletions")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    class LocalVariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    LOCAL_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    DELETIONS_FIELD_NUMBER: _ClassVar[int]
    LOCAL_DELETIONS_FIELD_NUMBER: _ClassVar[int]
    id: str
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    local_variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    deletions: _containers.RepeatedScalarFieldContainer[str]
    local_deletions: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., local_variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., deletions: _Optional[_Iterable[str]] = ..., local_deletions: _Optional[_Iterable[str]] = ...) -> None: ...

class ManualStartCaseExecutionResponse(_message.Message):
    __slots__ = ("case_execution",)
    CASE_EXECUTION_FIELD_NUMBER: _ClassVar[int]
    case_execution: CaseExecution
    def __init__(self, case_execution: _Optional[_Union[CaseExecution, _Mapping]] = ...) -> None: ...

class CompleteCaseExecutionRequest(_message.Message):
    __slots__ = ("id", "variables", "deletions", "local_variables", "local_deletions")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    class LocalVariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    DELETIONS_FIELD_NUMBER: _ClassVar[int]
    LOCAL_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    LOCAL_DELETIONS_FIELD_NUMBER: _ClassVar[int]
    id: str
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    deletions: _containers.RepeatedScalarFieldContainer[str]
    local_variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    local_deletions: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., deletions: _Optional[_Iterable[str]] = ..., local_variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., local_deletions: _Optional[_Iterable[str]] = ...) -> None: ...

class CompleteCaseExecutionResponse(_message.Message):
    __slots__ = ("case_execution",)
    CASE_EXECUTION_FIELD_NUMBER: _ClassVar[int]
    case_execution: CaseExecution
    def __init__(self, case_execution: _Optional[_Union[CaseExecution, _Mapping]] = ...) -> None: ...

class DisableCaseExecutionRequest(_message.Message):
    __slots__ = ("id", "variables", "deletions", "local_variables", "local_deletions")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    class LocalVariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    DELETIONS_FIELD_NUMBER: _ClassVar[int]
    LOCAL_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    LOCAL_DELETIONS_FIELD_NUMBER: _ClassVar[int]
    id: str
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    deletions: _containers.RepeatedScalarFieldContainer[str]
    local_variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    local_deletions: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., deletions: _Optional[_Iterable[str]] = ..., local_variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., local_deletions: _Optional[_Iterable[str]] = ...) -> None: ...

class DisableCaseExecutionResponse(_message.Message):
    __slots__ = ("case_execution",)
    CASE_EXECUTION_FIELD_NUMBER: _ClassVar[int]
    case_execution: CaseExecution
    def __init__(self, case_execution: _Optional[_Union[CaseExecution, _Mapping]] = ...) -> None: ...

class ReenableCaseExecutionRequest(_message.Message):
    __slots__ = ("id", "variables", "deletions", "local_variables", "local_deletions")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    class LocalVariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    DELETIONS_FIELD_NUMBER: _ClassVar[int]
    LOCAL_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    LOCAL_DELETIONS_FIELD_NUMBER: _ClassVar[int]
    id: str
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    deletions: _containers.RepeatedScalarFieldContainer[str]
    local_variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    local_deletions: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., deletions: _Optional[_Iterable[str]] = ..., local_variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., local_deletions: _Optional[_Iterable[str]] = ...) -> None: ...

class ReenableCaseExecutionResponse(_message.Message):
    __slots__ = ("case_execution",)
    CASE_EXECUTION_FIELD_NUMBER: _ClassVar[int]
    case_execution: CaseExecution
    def __init__(self, case_execution: _Optional[_Union[CaseExecution, _Mapping]] = ...) -> None: ...

class TerminateCaseExecutionRequest(_message.Message):
    __slots__ = ("id", "variables", "deletions", "local_variables", "local_deletions")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    class LocalVariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    DELETIONS_FIELD_NUMBER: _ClassVar[int]
    LOCAL_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    LOCAL_DELETIONS_FIELD_NUMBER: _ClassVar[int]
    id: str
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    deletions: _containers.RepeatedScalarFieldContainer[str]
    local_variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    local_deletions: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., deletions: _Optional[_Iterable[str]] = ..., local_variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., local_deletions: _Optional[_Iterable[str]] = ...) -> None: ...

class TerminateCaseExecutionResponse(_message.Message):
    __slots__ = ("case_execution",)
    CASE_EXECUTION_FIELD_NUMBER: _ClassVar[int]
    case_execution: CaseExecution
    def __init__(self, case_execution: _Optional[_Union[CaseExecution, _Mapping]] = ...) -> None: ...
