from flowkeeper.engine.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class BroadcastSignalRequest(_message.Message):
    __slots__ = ("name", "variables", "tenant_id", "without_tenant_id", "execution_id")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    tenant_id: str
    without_tenant_id: bool
    execution_id: str
    def __init__(self, name: _Optional[str] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., tenant_id: _Optional[str] = ..., without_tenant_id: _Optional[bool] = ..., execution_id: _Optional[str] = ...) -> None: ...

class BroadcastSignalResponse(_message.Message):
    __slots__ = ("delivered", "started_process_instance_ids")
    DELIVERED_FIELD_NUMBER: _ClassVar[int]
    STARTED_PROCESS_INSTANCE_IDS_FIELD_NUMBER: _ClassVar[int]
    delivered: int
    started_process_instance_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, delivered: _Optional[int] = ..., started_process_instance_ids: _Optional[_Iterable[str]] = ...) -> None: ...
