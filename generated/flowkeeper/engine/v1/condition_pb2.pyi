from flowkeeper.engine.v1 import process_instance_pb2 as _process_instance_pb2
from flowkeeper.engine.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class EvaluateConditionsRequest(_message.Message):
    __slots__ = ("variables", "business_key", "tenant_id", "without_tenant_id", "process_definition_id")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    business_key: str
    tenant_id: str
    without_tenant_id: bool
    process_definition_id: str
    def __init__(self, variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., business_key: _Optional[str] = ..., tenant_id: _Optional[str] = ..., without_tenant_id: _Optional[bool] = ..., process_definition_id: _Optional[str] = ...) -> None: ...

class EvaluateConditionsResponse(_message.Message):
    __slots__ = ("process_instances",)
    PROCESS_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    process_instances: _containers.RepeatedCompositeFieldContainer[_process_instance_pb2.ProcessInstance]
    def __init__(self, process_instances: _Optional[_Iterable[_Union[_process_instance_pb2.ProcessInstance, _Mapping]]] = ...) -> None: ...
