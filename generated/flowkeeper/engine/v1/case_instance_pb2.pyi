import datetime

from flowkeeper.engine.v1 import execution_pb2 as _execution_pb2
from flowkeeper.engine.v1 import types_pb2 as _types_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CaseInstance(_message.Message):
    __slots__ = ("id", "case_definition_id", "case_definition_key", "tenant_id", "business_key", "active", "completed", "terminated", "state", "create_time", "end_time", "close_time", "super_case_instance_id")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[CaseInstance.State]
        STATE_ACTIVE: _ClassVar[CaseInstance.State]
        STATE_COMPLETED: _ClassVar[CaseInstance.State]
        STATE_TERMINATED: _ClassVar[CaseInstance.State]
        STATE_CLOSED: _ClassVar[CaseInstance.State]
    STATE_UNSPECIFIED: CaseInstance.State
    STATE_ACTIVE: CaseInstance.State
    STATE_COMPLETED: CaseInstance.State
    STATE_TERMINATED: CaseInstance.State
    STATE_CLOSED: CaseInstance.State
    ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_FIELD_NUMBER: _ClassVar[int]
    TERMINATED_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    CLOSE_TIME_FIELD_NUMBER: _ClassVar[int]
    SUPER_CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    case_definition_id: str
    case_definition_key: str
    tenant_id: str
    business_key: str
    active: bool
    completed: bool
    terminated: bool
    state: CaseInstance.State
    create_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    close_time: _timestamp_pb2.Timestamp
    super_case_instance_id: str
    def __init__(self, id: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_definition_key: _Optional[str] = ..., tenant_id: _Optional[str] = ..., business_key: _Optional[str] = ..., active: _Optional[bool] = ..., completed: _Optional[bool] = ..., terminated: _Optional[bool] = ..., state: _Optional[_Union[CaseInstance.State, str]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., close_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., super_case_instance_id: _Optional[str] = ...) -> None: ...

class GetCaseInstanceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetCaseInstanceResponse(_message.Message):
    __slots__ = ("case_instance",)
    CASE_INSTANCE_FIELD_NUMBER: _ClassVar[int]
    case_instance: CaseInstance
    def __init__(self, case_instance: _Optional[_Union[CaseInstance, _Mapping]] = ...) -> None: ...

class CaseVariableFilter(_message.Message):
    __slots__ = ("name", "operator", "value")
    NAME_FIELD_NUMBER: _ClassVar[int]
    OPERATOR_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    name: str
    operator: str
    value: _struct_pb2.Value
    def __init__(self, name: _Optional[str] = ..., operator: _Optional[str] = ..., value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ...) -> None: ...

class QueryCaseInstancesRequest(_message.Message):
    __slots__ = ("case_instance_id", "case_definition_id", "case_definition_key", "business_key", "deployment_id", "super_case_instance_id", "active", "completed", "terminated", "include_closed", "tenant_id_in", "without_tenant_id", "variables", "page", "case_instance_ids", "super_process_instance_id", "sub_process_instance_id", "sub_case_instance_id", "include_case_instances_without_tenant_id", "variable_names_ignore_case", "variable_values_ignore_case", "sorting")
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    SUPER_CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_FIELD_NUMBER: _ClassVar[int]
    TERMINATED_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_CLOSED_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_IDS_FIELD_NUMBER: _ClassVar[int]
    SUPER_PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    SUB_PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    SUB_CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_CASE_INSTANCES_WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAMES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_VALUES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    case_instance_id: str
    case_definition_id: str
    case_definition_key: str
    business_key: str
    deployment_id: str
    super_case_instance_id: str
    active: bool
    completed: bool
    terminated: bool
    include_closed: bool
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    variables: _containers.RepeatedCompositeFieldContainer[CaseVariableFilter]
    page: _types_pb2.OffsetPage
    case_instance_ids: _containers.RepeatedScalarFieldContainer[str]
    super_process_instance_id: str
    sub_process_instance_id: str
    sub_case_instance_id: str
    include_case_instances_without_tenant_id: bool
    variable_names_ignore_case: bool
    variable_values_ignore_case: bool
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    def __init__(self, case_instance_id: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_definition_key: _Optional[str] = ..., business_key: _Optional[str] = ..., deployment_id: _Optional[str] = ..., super_case_instance_id: _Optional[str] = ..., active: _Optional[bool] = ..., completed: _Optional[bool] = ..., terminated: _Optional[bool] = ..., include_closed: _Optional[bool] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., variables: _Optional[_Iterable[_Union[CaseVariableFilter, _Mapping]]] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., case_instance_ids: _Optional[_Iterable[str]] = ..., super_process_instance_id: _Optional[str] = ..., sub_process_instance_id: _Optional[str] = ..., sub_case_instance_id: _Optional[str] = ..., include_case_instances_without_tenant_id: _Optional[bool] = ..., variable_names_ignore_case: _Optional[bool] = ..., variable_values_ignore_case: _Optional[bool] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ...) -> None: ...

class QueryCaseInstancesResponse(_message.Message):
    __slots__ = ("case_instances",)
    CASE_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    case_instances: _containers.RepeatedCompositeFieldContainer[CaseInstance]
    def __init__(self, case_instances: _Optional[_Iterable[_Union[CaseInstance, _Mapping]]] = ...) -> None: ...

class CountCaseInstancesRequest(_message.Message):
    __slots__ = ("case_instance_id", "case_definition_id", "case_definition_key", "business_key", "deployment_id", "super_case_instance_id", "active", "completed", "terminated", "include_closed", "tenant_id_in", "without_tenant_id", "variables", "case_instance_ids", "super_process_instance_id", "sub_process_instance_id", "sub_case_instance_id", "include_case_instances_without_tenant_id", "variable_names_ignore_case", "variable_values_ignore_case")
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    SUPER_CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_FIELD_NUMBER: _ClassVar[int]
    TERMINATED_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_CLOSED_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_IDS_FIELD_NUMBER: _ClassVar[int]
    SUPER_PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    SUB_PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    SUB_CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_CASE_INSTANCES_WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAMES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_VALUES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    case_instance_id: str
    case_definition_id: str
    case_definition_key: str
    business_key: str
    deployment_id: str
    super_case_instance_id: str
    active: bool
    completed: bool
    terminated: bool
    include_closed: bool
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    variables: _containers.RepeatedCompositeFieldContainer[CaseVariableFilter]
    case_instance_ids: _containers.RepeatedScalarFieldContainer[str]
    super_process_instance_id: str
    sub_process_instance_id: str
    sub_case_instance_id: str
    include_case_instances_without_tenant_id: bool
    variable_names_ignore_case: bool
    variable_values_ignore_case: bool
    def __init__(self, case_instance_id: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_definition_key: _Optional[str] = ..., business_key: _Optional[str] = ..., deployment_id: _Optional[str] = ..., super_case_instance_id: _Optional[str] = ..., active: _Optional[bool] = ..., completed: _Optional[bool] = ..., terminated: _Optional[bool] = ..., include_closed: _Optional[bool] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., variables: _Optional[_Iterable[_Union[CaseVariableFilter, _Mapping]]] = ..., case_instance_ids: _Optional[_Iterable[str]] = ..., super_process_instance_id: _Optional[str] = ..., sub_process_instance_id: _Optional[str] = ..., sub_case_instance_id: _Optional[str] = ..., include_case_instances_without_tenant_id: _Optional[bool] = ..., variable_names_ignore_case: _Optional[bool] = ..., variable_values_ignore_case: _Optional[bool] = ...) -> None: ...

class CountCaseInstancesResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class CompleteCaseInstanceRequest(_message.Message):
    __slots__ = ("id", "variables", "deletions")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    DELETIONS_FIELD_NUMBER: _ClassVar[int]
    id: str
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    deletions: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., deletions: _Optional[_Iterable[str]] = ...) -> None: ...

class CompleteCaseInstanceResponse(_message.Message):
    __slots__ = ("case_instance",)
    CASE_INSTANCE_FIELD_NUMBER: _ClassVar[int]
    case_instance: CaseInstance
    def __init__(self, case_instance: _Optional[_Union[CaseInstance, _Mapping]] = ...) -> None: ...

class CloseCaseInstanceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class CloseCaseInstanceResponse(_message.Message):
    __slots__ = ("case_instance",)
    CASE_INSTANCE_FIELD_NUMBER: _ClassVar[int]
    case_instance: CaseInstance
    def __init__(self, case_instance: _Optional[_Union[CaseInstance, _Mapping]] = ...) -> None: ...

class TerminateCaseInstanceRequest(_message.Message):
    __slots__ = ("id", "variables", "deletions")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    DELETIONS_FIELD_NUMBER: _ClassVar[int]
    id: str
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    deletions: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., deletions: _Optional[_Iterable[str]] = ...) -> None: ...

class TerminateCaseInstanceResponse(_message.Message):
    __slots__ = ("case_instance",)
    CASE_INSTANCE_FIELD_NUMBER: _ClassVar[int]
    case_instance: CaseInstance
    def __init__(self, case_instance: _Optional[_Union[CaseInstance, _Mapping]] = ...) -> None: ...

class GetCaseInstanceVariablesRequest(_message.Message):
    __slots__ = ("case_instance_id",)
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    case_instance_id: str
    def __init__(self, case_instance_id: _Optional[str] = ...) -> None: ...

class GetCaseInstanceVariablesResponse(_message.Message):
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

class ModifyCaseInstanceVariablesRequest(_message.Message):
    __slots__ = ("case_instance_id", "modifications", "deletions")
    class ModificationsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    MODIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    DELETIONS_FIELD_NUMBER: _ClassVar[int]
    case_instance_id: str
    modifications: _containers.MessageMap[str, _types_pb2.TypedValue]
    deletions: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, case_instance_id: _Optional[str] = ..., modifications: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., deletions: _Optional[_Iterable[str]] = ...) -> None: ...

class ModifyCaseInstanceVariablesResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetCaseInstanceVariableRequest(_message.Message):
    __slots__ = ("case_instance_id", "name")
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    case_instance_id: str
    name: str
    def __init__(self, case_instance_id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class GetCaseInstanceVariableResponse(_message.Message):
    __slots__ = ("variable",)
    VARIABLE_FIELD_NUMBER: _ClassVar[int]
    variable: _types_pb2.TypedValue
    def __init__(self, variable: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...

class SetCaseInstanceVariableRequest(_message.Message):
    __slots__ = ("case_instance_id", "name", "value")
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    case_instance_id: str
    name: str
    value: _types_pb2.TypedValue
    def __init__(self, case_instance_id: _Optional[str] = ..., name: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...

class SetCaseInstanceVariableResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DeleteCaseInstanceVariableRequest(_message.Message):
    __slots__ = ("case_instance_id", "name")
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    case_instance_id: str
    name: str
    def __init__(self, case_instance_id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class DeleteCaseInstanceVariableResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetCaseInstanceVariableDataRequest(_message.Message):
    __slots__ = ("case_instance_id", "name")
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    case_instance_id: str
    name: str
    def __init__(self, case_instance_id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class GetCaseInstanceVariableDataResponse(_message.Message):
    __slots__ = ("data", "media_type", "filename")
    DATA_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    media_type: str
    filename: str
    def __init__(self, data: _Optional[bytes] = ..., media_type: _Optional[str] = ..., filename: _Optional[str] = ...) -> None: ...

class SetCaseInstanceVariableDataRequest(_message.Message):
    __slots__ = ("case_instance_id", "name", "data", "value_type", "filename", "mime_type", "encoding")
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    VALUE_TYPE_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    ENCODING_FIELD_NUMBER: _ClassVar[int]
    case_instance_id: str
    name: str
    data: bytes
    value_type: str
    filename: str
    mime_type: str
    encoding: str
    def __init__(self, case_instance_id: _Optional[str] = ..., name: _Optional[str] = ..., data: _Optional[bytes] = ..., value_type: _Optional[str] = ..., filename: _Optional[str] = ..., mime_type: _Optional[str] = ..., encoding: _Optional[str] = ...) -> None: ...

class SetCaseInstanceVariableDataResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
