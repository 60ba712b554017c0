import datetime

from flowkeeper.engine.v1 import execution_pb2 as _execution_pb2
from flowkeeper.engine.v1 import types_pb2 as _types_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class EventSubscription(_message.Message):
    __slots__ = ("id", "event_type", "event_name", "execution_id", "process_instance_id", "activity_id", "tenant_id", "created_date", "process_definition_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    EVENT_NAME_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_DATE_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    event_type: str
    event_name: str
    execution_id: str
    process_instance_id: str
    activity_id: str
    tenant_id: str
    created_date: _timestamp_pb2.Timestamp
    process_definition_id: str
    def __init__(self, id: _Optional[str] = ..., event_type: _Optional[str] = ..., event_name: _Optional[str] = ..., execution_id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., activity_id: _Optional[str] = ..., tenant_id: _Optional[str] = ..., created_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., process_definition_id: _Optional[str] = ...) -> None: ...

class QueryEventSubscriptionsRequest(_message.Message):
    __slots__ = ("event_subscription_id", "event_name", "event_type", "execution_id", "process_instance_id", "activity_id", "tenant_id_in", "without_tenant_id", "include_event_subscriptions_without_tenant_id", "page", "sorting")
    EVENT_SUBSCRIPTION_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_NAME_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_EVENT_SUBSCRIPTIONS_WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    event_subscription_id: str
    event_name: str
    event_type: str
    execution_id: str
    process_instance_id: str
    activity_id: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    include_event_subscriptions_without_tenant_id: bool
    page: _types_pb2.OffsetPage
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    def __init__(self, event_subscription_id: _Optional[str] = ..., event_name: _Optional[str] = ..., event_type: _Optional[str] = ..., execution_id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., activity_id: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., include_event_subscriptions_without_tenant_id: _Optional[bool] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ...) -> None: ...

class QueryEventSubscriptionsResponse(_message.Message):
    __slots__ = ("event_subscriptions",)
    EVENT_SUBSCRIPTIONS_FIELD_NUMBER: _ClassVar[int]
    event_subscriptions: _containers.RepeatedCompositeFieldContainer[EventSubscription]
    def __init__(self, event_subscriptions: _Optional[_Iterable[_Union[EventSubscription, _Mapping]]] = ...) -> None: ...

class CountEventSubscriptionsRequest(_message.Message):
    __slots__ = ("event_subscription_id", "event_name", "event_type", "execution_id", "process_instance_id", "activity_id", "tenant_id_in", "without_tenant_id", "include_event_subscriptions_without_tenant_id")
    EVENT_SUBSCRIPTION_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_NAME_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_EVENT_SUBSCRIPTIONS_WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    event_subscription_id: str
    event_name: str
    event_type: str
    execution_id: str
    process_instance_id: str
    activity_id: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    include_event_subscriptions_without_tenant_id: bool
    def __init__(self, event_subscription_id: _Optional[str] = ..., event_name: _Optional[str] = ..., event_type: _Optional[str] = ..., execution_id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., activity_id: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., include_event_subscriptions_without_tenant_id: _Optional[bool] = ...) -> None: ...

class CountEventSubscriptionsResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...
