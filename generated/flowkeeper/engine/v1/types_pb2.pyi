from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TypedValue(_message.Message):
    __slots__ = ("value", "type", "value_info")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    VALUE_INFO_FIELD_NUMBER: _ClassVar[int]
    value: _struct_pb2.Value
    type: str
    value_info: _struct_pb2.Struct
    def __init__(self, value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., type: _Optional[str] = ..., value_info: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class OffsetPage(_message.Message):
    __slots__ = ("first_result", "max_results")
    FIRST_RESULT_FIELD_NUMBER: _ClassVar[int]
    MAX_RESULTS_FIELD_NUMBER: _ClassVar[int]
    first_result: int
    max_results: int
    def __init__(self, first_result: _Optional[int] = ..., max_results: _Optional[int] = ...) -> None: ...
