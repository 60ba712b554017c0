import datetime

from flowkeeper.ops.v1 import types_pb2 as _types_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Part(_message.Message):
    __slots__ = ("id", "display_id", "type", "name", "owned_by", "sync_metadata", "description", "created_date")
    ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OWNED_BY_FIELD_NUMBER: _ClassVar[int]
    SYNC_METADATA_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CREATED_DATE_FIELD_NUMBER: _ClassVar[int]
    id: str
    display_id: str
    type: _types_pb2.PartType
    name: str
    owned_by: _containers.RepeatedCompositeFieldContainer[_types_pb2.UserSummary]
    sync_metadata: _types_pb2.SyncMetadataSummary
    description: str
    created_date: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., display_id: _Optional[str] = ..., type: _Optional[_Union[_types_pb2.PartType, str]] = ..., name: _Optional[str] = ..., owned_by: _Optional[_Iterable[_Union[_types_pb2.UserSummary, _Mapping]]] = ..., sync_metadata: _Optional[_Union[_types_pb2.SyncMetadataSummary, _Mapping]] = ..., description: _Optional[str] = ..., created_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreatePartRequest(_message.Message):
    __slots__ = ("type", "name", "owned_by", "description", "sync_metadata")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OWNED_BY_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    SYNC_METADATA_FIELD_NUMBER: _ClassVar[int]
    type: _types_pb2.PartType
    name: str
    owned_by: _containers.RepeatedScalarFieldContainer[str]
    description: str
    sync_metadata: _types_pb2.SyncMetadataSummary
    def __init__(self, type: _Optional[_Union[_types_pb2.PartType, str]] = ..., name: _Optional[str] = ..., owned_by: _Optional[_Iterable[str]] = ..., description: _Optional[str] = ..., sync_metadata: _Optional[_Union[_types_pb2.SyncMetadataSummary, _Mapping]] = ...) -> None: ...

class CreatePartResponse(_message.Message):
    __slots__ = ("part",)
    PART_FIELD_NUMBER: _ClassVar[int]
    part: Part
    def __init__(self, part: _Optional[_Union[Part, _Mapping]] = ...) -> None: ...

class GetPartRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetPartResponse(_message.Message):
    __slots__ = ("part",)
    PART_FIELD_NUMBER: _ClassVar[int]
    part: Part
    def __init__(self, part: _Optional[_Union[Part, _Mapping]] = ...) -> None: ...

class ListPartsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListPartsResponse(_message.Message):
    __slots__ = ("parts", "next_page_token")
    PARTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parts: _containers.RepeatedCompositeFieldContainer[Part]
    next_page_token: str
    def __init__(self, parts: _Optional[_Iterable[_Union[Part, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
