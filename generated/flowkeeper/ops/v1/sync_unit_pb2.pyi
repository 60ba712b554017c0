import datetime

from flowkeeper.ops.v1 import types_pb2 as _types_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SyncUnit(_message.Message):
    __slots__ = ("id", "display_id", "name", "is_archived", "external_system_type", "sync_type", "sync_run", "external_sync_unit_name", "external_system_id", "external_system_name", "created_date")
    ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    IS_ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_SYSTEM_TYPE_FIELD_NUMBER: _ClassVar[int]
    SYNC_TYPE_FIELD_NUMBER: _ClassVar[int]
    SYNC_RUN_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_SYNC_UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_SYSTEM_ID_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_SYSTEM_NAME_FIELD_NUMBER: _ClassVar[int]
    CREATED_DATE_FIELD_NUMBER: _ClassVar[int]
    id: str
    display_id: str
    name: str
    is_archived: bool
    external_system_type: _types_pb2.ExternalSystemType
    sync_type: _types_pb2.SyncUnitSyncType
    sync_run: _types_pb2.SyncRunSummary
    external_sync_unit_name: str
    external_system_id: str
    external_system_name: str
    created_date: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., display_id: _Optional[str] = ..., name: _Optional[str] = ..., is_archived: _Optional[bool] = ..., external_system_type: _Optional[_Union[_types_pb2.ExternalSystemType, str]] = ..., sync_type: _Optional[_Union[_types_pb2.SyncUnitSyncType, str]] = ..., sync_run: _Optional[_Union[_types_pb2.SyncRunSummary, _Mapping]] = ..., external_sync_unit_name: _Optional[str] = ..., external_system_id: _Optional[str] = ..., external_system_name: _Optional[str] = ..., created_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateSyncUnitRequest(_message.Message):
    __slots__ = ("name", "external_system_type", "sync_type", "is_archived", "sync_run", "external_sync_unit_name", "external_system_id", "external_system_name")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_SYSTEM_TYPE_FIELD_NUMBER: _ClassVar[int]
    SYNC_TYPE_FIELD_NUMBER: _ClassVar[int]
    IS_ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    SYNC_RUN_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_SYNC_UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_SYSTEM_ID_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_SYSTEM_NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    external_system_type: _types_pb2.ExternalSystemType
    sync_type: _types_pb2.SyncUnitSyncType
    is_archived: bool
    sync_run: _types_pb2.SyncRunSummary
    external_sync_unit_name: str
    external_system_id: str
    external_system_name: str
    def __init__(self, name: _Optional[str] = ..., external_system_type: _Optional[_Union[_types_pb2.ExternalSystemType, str]] = ..., sync_type: _Optional[_Union[_types_pb2.SyncUnitSyncType, str]] = ..., is_archived: _Optional[bool] = ..., sync_run: _Optional[_Union[_types_pb2.SyncRunSummary, _Mapping]] = ..., external_sync_unit_name: _Optional[str] = ..., external_system_id: _Optional[str] = ..., external_system_name: _Optional[str] = ...) -> None: ...

class CreateSyncUnitResponse(_message.Message):
    __slots__ = ("sync_unit",)
    SYNC_UNIT_FIELD_NUMBER: _ClassVar[int]
    sync_unit: SyncUnit
    def __init__(self, sync_unit: _Optional[_Union[SyncUnit, _Mapping]] = ...) -> None: ...

class GetSyncUnitRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetSyncUnitResponse(_message.Message):
    __slots__ = ("sync_unit",)
    SYNC_UNIT_FIELD_NUMBER: _ClassVar[int]
    sync_unit: SyncUnit
    def __init__(self, sync_unit: _Optional[_Union[SyncUnit, _Mapping]] = ...) -> None: ...

class ListSyncUnitsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListSyncUnitsResponse(_message.Message):
    __slots__ = ("sync_units", "next_page_token")
    SYNC_UNITS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    sync_units: _containers.RepeatedCompositeFieldContainer[SyncUnit]
    next_page_token: str
    def __init__(self, sync_units: _Optional[_Iterable[_Union[SyncUnit, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
