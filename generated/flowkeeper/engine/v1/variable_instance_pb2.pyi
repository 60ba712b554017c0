from flowkeeper.engine.v1 import execution_pb2 as _execution_pb2
from flowkeeper.engine.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class VariableInstance(_message.Message):
    __slots__ = ("id", "name", "value", "process_instance_id", "execution_id", "case_instance_id", "case_execution_id", "task_id", "tenant_id", "process_definition_id", "case_definition_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    value: _types_pb2.TypedValue
    process_instance_id: str
    execution_id: str
    case_instance_id: str
    case_execution_id: str
    task_id: str
    tenant_id: str
    process_definition_id: str
    case_definition_id: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ..., process_instance_id: _Optional[str] = ..., execution_id: _Optional[str] = ..., case_instance_id: _Optional[str] = ..., case_execution_id: _Optional[str] = ..., task_id: _Optional[str] = ..., tenant_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., case_definition_id: _Optional[str] = ...) -> None: ...

class QueryVariableInstancesRequest(_message.Message):
    __slots__ = ("variable_name", "variable_name_like", "variable_values", "variable_names_ignore_case", "variable_values_ignore_case", "process_instance_id_in", "execution_id_in", "case_instance_id_in", "case_execution_id_in", "task_id_in", "variable_scope_id_in", "tenant_id_in", "without_tenant_id", "page", "sorting")
    VARIABLE_NAME_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_VALUES_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAMES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_VALUES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    CASE_EXECUTION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_IN_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_SCOPE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    variable_name: str
    variable_name_like: str
    variable_values: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    variable_names_ignore_case: bool
    variable_values_ignore_case: bool
    process_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    execution_id_in: _containers.RepeatedScalarFieldContainer[str]
    case_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    case_execution_id_in: _containers.RepeatedScalarFieldContainer[str]
    task_id_in: _containers.RepeatedScalarFieldContainer[str]
    variable_scope_id_in: _containers.RepeatedScalarFieldContainer[str]
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    page: _types_pb2.OffsetPage
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    def __init__(self, variable_name: _Optional[str] = ..., variable_name_like: _Optional[str] = ..., variable_values: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., variable_names_ignore_case: _Optional[bool] = ..., variable_values_ignore_case: _Optional[bool] = ..., process_instance_id_in: _Optional[_Iterable[str]] = ..., execution_id_in: _Optional[_Iterable[str]] = ..., case_instance_id_in: _Optional[_Iterable[str]] = ..., case_execution_id_in: _Optional[_Iterable[str]] = ..., task_id_in: _Optional[_Iterable[str]] = ..., variable_scope_id_in: _Optional[_Iterable[str]] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ...) -> None: ...

class QueryVariableInstancesResponse(_message.Message):
    __slots__ = ("variable_instances",)
    VARIABLE_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    variable_instances: _containers.RepeatedCompositeFieldContainer[VariableInstance]
    def __init__(self, variable_instances: _Optional[_Iterable[_Union[VariableInstance, _Mapping]]] = ...) -> None: ...

class CountVariableInstancesRequest(_message.Message):
    __slots__ = ("variable_name", "variable_name_like", "variable_values", "variable_names_ignore_case", "variable_values_ignore_case", "process_instance_id_in", "execution_id_in", "case_instance_id_in", "case_execution_id_in", "task_id_in", "variable_scope_id_in", "tenant_id_in", "without_tenant_id")
    VARIABLE_NAME_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_VALUES_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAMES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_VALUES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    CASE_EXECUTION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_IN_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_SCOPE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    variable_name: str
    variable_name_like: str
    variable_values: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    variable_names_ignore_case: bool
    variable_values_ignore_case: bool
    process_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    execution_id_in: _containers.RepeatedScalarFieldContainer[str]
    case_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    case_execution_id_in: _containers.RepeatedScalarFieldContainer[str]
    task_id_in: _containers.RepeatedScalarFieldContainer[str]
    variable_scope_id_in: _containers.RepeatedScalarFieldContainer[str]
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    def __init__(self, variable_name: _Optional[str] = ..., variable_name_like: _Optional[str] = ..., variable_values: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., variable_names_ignore_case: _Optional[bool] = ..., variable_values_ignore_case: _Optional[bool] = ..., process_instance_id_in: _Optional[_Iterable[str]] = ..., execution_id_in: _Optional[_Iterable[str]] = ..., case_instance_id_in: _Optional[_Iterable[str]] = ..., case_execution_id_in: _Optional[_Iterable[str]] = ..., task_id_in: _Optional[_Iterable[str]] = ..., variable_scope_id_in: _Optional[_Iterable[str]] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ...) -> None: ...

class CountVariableInstancesResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class GetVariableInstanceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetVariableInstanceResponse(_message.Message):
    __slots__ = ("variable_instance",)
    VARIABLE_INSTANCE_FIELD_NUMBER: _ClassVar[int]
    variable_instance: VariableInstance
    def __init__(self, variable_instance: _Optional[_Union[VariableInstance, _Mapping]] = ...) -> None: ...

class GetVariableInstanceDataRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetVariableInstanceDataResponse(_message.Message):
    __slots__ = ("data", "media_type", "filename")
    DATA_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    media_type: str
    filename: str
    def __init__(self, data: _Optional[bytes] = ..., media_type: _Optional[str] = ..., filename: _Optional[str] = ...) -> None: ...
