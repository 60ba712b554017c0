import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CleanUpHistoryRequest(_message.Message):
    __slots__ = ("batch_size",)
    BATCH_SIZE_FIELD_NUMBER: _ClassVar[int]
    batch_size: int
    def __init__(self, batch_size: _Optional[int] = ...) -> None: ...

class CleanUpHistoryResponse(_message.Message):
    __slots__ = ("removed_process_instances", "removed_case_instances", "more")
    REMOVED_PROCESS_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    REMOVED_CASE_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    MORE_FIELD_NUMBER: _ClassVar[int]
    removed_process_instances: int
    removed_case_instances: int
    more: bool
    def __init__(self, removed_process_instances: _Optional[int] = ..., removed_case_instances: _Optional[int] = ..., more: _Optional[bool] = ...) -> None: ...

class GetHistoryCleanupRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetHistoryCleanupResponse(_message.Message):
    __slots__ = ("history_cleanup",)
    HISTORY_CLEANUP_FIELD_NUMBER: _ClassVar[int]
    history_cleanup: HistoryCleanup
    def __init__(self, history_cleanup: _Optional[_Union[HistoryCleanup, _Mapping]] = ...) -> None: ...

class HistoryCleanup(_message.Message):
    __slots__ = ("automatic", "batch_window", "interval_seconds", "batch_size", "next_run_time", "last_run_time", "last_removed_process_instances", "last_removed_case_instances")
    AUTOMATIC_FIELD_NUMBER: _ClassVar[int]
    BATCH_WINDOW_FIELD_NUMBER: _ClassVar[int]
    INTERVAL_SECONDS_FIELD_NUMBER: _ClassVar[int]
    BATCH_SIZE_FIELD_NUMBER: _ClassVar[int]
    NEXT_RUN_TIME_FIELD_NUMBER: _ClassVar[int]
    LAST_RUN_TIME_FIELD_NUMBER: _ClassVar[int]
    LAST_REMOVED_PROCESS_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    LAST_REMOVED_CASE_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    automatic: bool
    batch_window: str
    interval_seconds: int
    batch_size: int
    next_run_time: _timestamp_pb2.Timestamp
    last_run_time: _timestamp_pb2.Timestamp
    last_removed_process_instances: int
    last_removed_case_instances: int
    def __init__(self, automatic: _Optional[bool] = ..., batch_window: _Optional[str] = ..., interval_seconds: _Optional[int] = ..., batch_size: _Optional[int] = ..., next_run_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_run_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_removed_process_instances: _Optional[int] = ..., last_removed_case_instances: _Optional[int] = ...) -> None: ...
