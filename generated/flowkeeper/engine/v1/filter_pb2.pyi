from flowkeeper.engine.v1 import task_pb2 as _task_pb2
from flowkeeper.engine.v1 import types_pb2 as _types_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Filter(_message.Message):
    __slots__ = ("id", "resource_type", "name", "owner", "query", "properties", "item_count")
    ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    PROPERTIES_FIELD_NUMBER: _ClassVar[int]
    ITEM_COUNT_FIELD_NUMBER: _ClassVar[int]
    id: str
    resource_type: str
    name: str
    owner: str
    query: _task_pb2.QueryTasksRequest
    properties: _struct_pb2.Struct
    item_count: int
    def __init__(self, id: _Optional[str] = ..., resource_type: _Optional[str] = ..., name: _Optional[str] = ..., owner: _Optional[str] = ..., query: _Optional[_Union[_task_pb2.QueryTasksRequest, _Mapping]] = ..., properties: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., item_count: _Optional[int] = ...) -> None: ...

class CreateFilterRequest(_message.Message):
    __slots__ = ("filter",)
    FILTER_FIELD_NUMBER: _ClassVar[int]
    filter: Filter
    def __init__(self, filter: _Optional[_Union[Filter, _Mapping]] = ...) -> None: ...

class CreateFilterResponse(_message.Message):
    __slots__ = ("filter",)
    FILTER_FIELD_NUMBER: _ClassVar[int]
    filter: Filter
    def __init__(self, filter: _Optional[_Union[Filter, _Mapping]] = ...) -> None: ...

class GetFilterRequest(_message.Message):
    __slots__ = ("id", "item_count")
    ID_FIELD_NUMBER: _ClassVar[int]
    ITEM_COUNT_FIELD_NUMBER: _ClassVar[int]
    id: str
    item_count: bool
    def __init__(self, id: _Optional[str] = ..., item_count: _Optional[bool] = ...) -> None: ...

class GetFilterResponse(_message.Message):
    __slots__ = ("filter",)
    FILTER_FIELD_NUMBER: _ClassVar[int]
    filter: Filter
    def __init__(self, filter: _Optional[_Union[Filter, _Mapping]] = ...) -> None: ...

class QueryFiltersRequest(_message.Message):
    __slots__ = ("filter_id", "resource_type", "name", "name_like", "owner", "item_count", "sorting", "page")
    FILTER_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    ITEM_COUNT_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    filter_id: str
    resource_type: str
    name: str
    name_like: str
    owner: str
    item_count: bool
    sorting: _containers.RepeatedCompositeFieldContainer[FilterSorting]
    page: _types_pb2.OffsetPage
    def __init__(self, filter_id: _Optional[str] = ..., resource_type: _Optional[str] = ..., name: _Optional[str] = ..., name_like: _Optional[str] = ..., owner: _Optional[str] = ..., item_count: _Optional[bool] = ..., sorting: _Optional[_Iterable[_Union[FilterSorting, _Mapping]]] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ...) -> None: ...

class FilterSorting(_message.Message):
    __slots__ = ("sort_by", "sort_order")
    SORT_BY_FIELD_NUMBER: _ClassVar[int]
    SORT_ORDER_FIELD_NUMBER: _ClassVar[int]
    sort_by: str
    sort_order: str
    def __init__(self, sort_by: _Optional[str] = ..., sort_order: _Optional[str] = ...) -> None: ...

class QueryFiltersResponse(_message.Message):
    __slots__ = ("filters",)
    FILTERS_FIELD_NUMBER: _ClassVar[int]
    filters: _containers.RepeatedCompositeFieldContainer[Filter]
    def __init__(self, filters: _Optional[_Iterable[_Union[Filter, _Mapping]]] = ...) -> None: ...

class CountFiltersRequest(_message.Message):
    __slots__ = ("filter_id", "resource_type", "name", "name_like", "owner")
    FILTER_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    filter_id: str
    resource_type: str
    name: str
    name_like: str
    owner: str
    def __init__(self, filter_id: _Optional[str] = ..., resource_type: _Optional[str] = ..., name: _Optional[str] = ..., name_like: _Optional[str] = ..., owner: _Optional[str] = ...) -> None: ...

class CountFiltersResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class UpdateFilterRequest(_message.Message):
    __slots__ = ("filter",)
    FILTER_FIELD_NUMBER: _ClassVar[int]
    filter: Filter
    def __init__(self, filter: _Optional[_Union[Filter, _Mapping]] = ...) -> None: ...

class UpdateFilterResponse(_message.Message):
    __slots__ = ("filter",)
    FILTER_FIELD_NUMBER: _ClassVar[int]
    filter: Filter
    def __init__(self, filter: _Optional[_Union[Filter, _Mapping]] = ...) -> None: ...

class DeleteFilterRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DeleteFilterResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListFilterTasksRequest(_message.Message):
    __slots__ = ("id", "extending_query", "page")
    ID_FIELD_NUMBER: _ClassVar[int]
    EXTENDING_QUERY_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    id: str
    extending_query: _task_pb2.QueryTasksRequest
    page: _types_pb2.OffsetPage
    def __init__(self, id: _Optional[str] = ..., extending_query: _Optional[_Union[_task_pb2.QueryTasksRequest, _Mapping]] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ...) -> None: ...

class ListFilterTasksResponse(_message.Message):
    __slots__ = ("tasks",)
    TASKS_FIELD_NUMBER: _ClassVar[int]
    tasks: _containers.RepeatedCompositeFieldContainer[_task_pb2.Task]
    def __init__(self, tasks: _Optional[_Iterable[_Union[_task_pb2.Task, _Mapping]]] = ...) -> None: ...

class CountFilterTasksRequest(_message.Message):
    __slots__ = ("id", "extending_query")
    ID_FIELD_NUMBER: _ClassVar[int]
    EXTENDING_QUERY_FIELD_NUMBER: _ClassVar[int]
    id: str
    extending_query: _task_pb2.QueryTasksRequest
    def __init__(self, id: _Optional[str] = ..., extending_query: _Optional[_Union[_task_pb2.QueryTasksRequest, _Mapping]] = ...) -> None: ...

class CountFilterTasksResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...
