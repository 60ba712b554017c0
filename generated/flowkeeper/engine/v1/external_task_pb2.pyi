import datetime

from flowkeeper.engine.v1 import batch_pb2 as _batch_pb2
from flowkeeper.engine.v1 import execution_pb2 as _execution_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as _process_instance_pb2
from flowkeeper.engine.v1 import types_pb2 as _types_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ExternalTask(_message.Message):
    __slots__ = ("id", "topic_name", "worker_id", "lock_expiration_time", "retries", "error_message", "error_details", "priority", "activity_id", "execution_id", "process_instance_id", "process_definition_id", "process_definition_key", "business_key", "tenant_id", "suspended", "create_time", "locked", "activity_instance_id", "process_definition_version_tag")
    ID_FIELD_NUMBER: _ClassVar[int]
    TOPIC_NAME_FIELD_NUMBER: _ClassVar[int]
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    LOCK_EXPIRATION_TIME_FIELD_NUMBER: _ClassVar[int]
    RETRIES_FIELD_NUMBER: _ClassVar[int]
    ERROR_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    ERROR_DETAILS_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    LOCKED_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_VERSION_TAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    topic_name: str
    worker_id: str
    lock_expiration_time: _timestamp_pb2.Timestamp
    retries: int
    error_message: str
    error_details: str
    priority: int
    activity_id: str
    execution_id: str
    process_instance_id: str
    process_definition_id: str
    process_definition_key: str
    business_key: str
    tenant_id: str
    suspended: bool
    create_time: _timestamp_pb2.Timestamp
    locked: bool
    activity_instance_id: str
    process_definition_version_tag: str
    def __init__(self, id: _Optional[str] = ..., topic_name: _Optional[str] = ..., worker_id: _Optional[str] = ..., lock_expiration_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., retries: _Optional[int] = ..., error_message: _Optional[str] = ..., error_details: _Optional[str] = ..., priority: _Optional[int] = ..., activity_id: _Optional[str] = ..., execution_id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., business_key: _Optional[str] = ..., tenant_id: _Optional[str] = ..., suspended: _Optional[bool] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., locked: _Optional[bool] = ..., activity_instance_id: _Optional[str] = ..., process_definition_version_tag: _Optional[str] = ...) -> None: ...

class LockedExternalTask(_message.Message):
    __slots__ = ("external_task", "variables", "extension_properties")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    class ExtensionPropertiesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    EXTERNAL_TASK_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    EXTENSION_PROPERTIES_FIELD_NUMBER: _ClassVar[int]
    external_task: ExternalTask
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    extension_properties: _containers.ScalarMap[str, str]
    def __init__(self, external_task: _Optional[_Union[ExternalTask, _Mapping]] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., extension_properties: _Optional[_Mapping[str, str]] = ...) -> None: ...

class FetchTopic(_message.Message):
    __slots__ = ("topic_name", "lock_duration", "variables", "local_variables", "business_key", "process_definition_id", "process_definition_key", "process_definition_key_in", "tenant_id_in", "without_tenant_id", "process_variables", "process_definition_id_in", "process_definition_version_tag", "include_extension_properties")
    class ProcessVariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    TOPIC_NAME_FIELD_NUMBER: _ClassVar[int]
    LOCK_DURATION_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    LOCAL_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_IN_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_VERSION_TAG_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_EXTENSION_PROPERTIES_FIELD_NUMBER: _ClassVar[int]
    topic_name: str
    lock_duration: _duration_pb2.Duration
    variables: _containers.RepeatedScalarFieldContainer[str]
    local_variables: bool
    business_key: str
    process_definition_id: str
    process_definition_key: str
    process_definition_key_in: _containers.RepeatedScalarFieldContainer[str]
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    process_variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    process_definition_id_in: _containers.RepeatedScalarFieldContainer[str]
    process_definition_version_tag: str
    include_extension_properties: bool
    def __init__(self, topic_name: _Optional[str] = ..., lock_duration: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., variables: _Optional[_Iterable[str]] = ..., local_variables: _Optional[bool] = ..., business_key: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., process_definition_key_in: _Optional[_Iterable[str]] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., process_variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., process_definition_id_in: _Optional[_Iterable[str]] = ..., process_definition_version_tag: _Optional[str] = ..., include_extension_properties: _Optional[bool] = ...) -> None: ...

class FetchAndLockRequest(_message.Message):
    __slots__ = ("worker_id", "max_tasks", "use_priority", "topics", "async_response_timeout", "sorting")
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    MAX_TASKS_FIELD_NUMBER: _ClassVar[int]
    USE_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    TOPICS_FIELD_NUMBER: _ClassVar[int]
    ASYNC_RESPONSE_TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    worker_id: str
    max_tasks: int
    use_priority: bool
    topics: _containers.RepeatedCompositeFieldContainer[FetchTopic]
    async_response_timeout: _duration_pb2.Duration
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    def __init__(self, worker_id: _Optional[str] = ..., max_tasks: _Optional[int] = ..., use_priority: _Optional[bool] = ..., topics: _Optional[_Iterable[_Union[FetchTopic, _Mapping]]] = ..., async_response_timeout: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ...) -> None: ...

class FetchAndLockResponse(_message.Message):
    __slots__ = ("external_tasks",)
    EXTERNAL_TASKS_FIELD_NUMBER: _ClassVar[int]
    external_tasks: _containers.RepeatedCompositeFieldContainer[LockedExternalTask]
    def __init__(self, external_tasks: _Optional[_Iterable[_Union[LockedExternalTask, _Mapping]]] = ...) -> None: ...

class StreamTasksRequest(_message.Message):
    __slots__ = ("worker_id", "max_tasks", "use_priority", "topics", "sorting")
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    MAX_TASKS_FIELD_NUMBER: _ClassVar[int]
    USE_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    TOPICS_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    worker_id: str
    max_tasks: int
    use_priority: bool
    topics: _containers.RepeatedCompositeFieldContainer[FetchTopic]
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    def __init__(self, worker_id: _Optional[str] = ..., max_tasks: _Optional[int] = ..., use_priority: _Optional[bool] = ..., topics: _Optional[_Iterable[_Union[FetchTopic, _Mapping]]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ...) -> None: ...

class StreamTasksResponse(_message.Message):
    __slots__ = ("external_task",)
    EXTERNAL_TASK_FIELD_NUMBER: _ClassVar[int]
    external_task: LockedExternalTask
    def __init__(self, external_task: _Optional[_Union[LockedExternalTask, _Mapping]] = ...) -> None: ...

class CompleteExternalTaskRequest(_message.Message):
    __slots__ = ("id", "worker_id", "variables", "local_variables")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    class LocalVariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    LOCAL_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    id: str
    worker_id: str
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    local_variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    def __init__(self, id: _Optional[str] = ..., worker_id: _Optional[str] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., local_variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ...) -> None: ...

class CompleteExternalTaskResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HandleExternalTaskFailureRequest(_message.Message):
    __slots__ = ("id", "worker_id", "error_message", "error_details", "retries", "retry_timeout")
    ID_FIELD_NUMBER: _ClassVar[int]
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    ERROR_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    ERROR_DETAILS_FIELD_NUMBER: _ClassVar[int]
    RETRIES_FIELD_NUMBER: _ClassVar[int]
    RETRY_TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    id: str
    worker_id: str
    error_message: str
    error_details: str
    retries: int
    retry_timeout: _duration_pb2.Duration
    def __init__(self, id: _Optional[str] = ..., worker_id: _Optional[str] = ..., error_message: _Optional[str] = ..., error_details: _Optional[str] = ..., retries: _Optional[int] = ..., retry_timeout: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class HandleExternalTaskFailureResponse(_message.Message):
    __slots__ = ("external_task",)
    EXTERNAL_TASK_FIELD_NUMBER: _ClassVar[int]
    external_task: ExternalTask
    def __init__(self, external_task: _Optional[_Union[ExternalTask, _Mapping]] = ...) -> None: ...

class HandleExternalTaskBpmnErrorRequest(_message.Message):
    __slots__ = ("id", "worker_id", "error_code", "error_message", "variables")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    ERROR_CODE_FIELD_NUMBER: _ClassVar[int]
    ERROR_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    id: str
    worker_id: str
    error_code: str
    error_message: str
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    def __init__(self, id: _Optional[str] = ..., worker_id: _Optional[str] = ..., error_code: _Optional[str] = ..., error_message: _Optional[str] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ...) -> None: ...

class HandleExternalTaskBpmnErrorResponse(_message.Message):
    __slots__ = ("caught",)
    CAUGHT_FIELD_NUMBER: _ClassVar[int]
    caught: bool
    def __init__(self, caught: _Optional[bool] = ...) -> None: ...

class ExtendExternalTaskLockRequest(_message.Message):
    __slots__ = ("id", "worker_id", "new_duration")
    ID_FIELD_NUMBER: _ClassVar[int]
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    NEW_DURATION_FIELD_NUMBER: _ClassVar[int]
    id: str
    worker_id: str
    new_duration: _duration_pb2.Duration
    def __init__(self, id: _Optional[str] = ..., worker_id: _Optional[str] = ..., new_duration: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class ExtendExternalTaskLockResponse(_message.Message):
    __slots__ = ("external_task",)
    EXTERNAL_TASK_FIELD_NUMBER: _ClassVar[int]
    external_task: ExternalTask
    def __init__(self, external_task: _Optional[_Union[ExternalTask, _Mapping]] = ...) -> None: ...

class UnlockExternalTaskRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class UnlockExternalTaskResponse(_message.Message):
    __slots__ = ("external_task",)
    EXTERNAL_TASK_FIELD_NUMBER: _ClassVar[int]
    external_task: ExternalTask
    def __init__(self, external_task: _Optional[_Union[ExternalTask, _Mapping]] = ...) -> None: ...

class SetExternalTaskRetriesRequest(_message.Message):
    __slots__ = ("ids", "retries", "external_task_query", "process_instance_ids", "process_instance_query")
    IDS_FIELD_NUMBER: _ClassVar[int]
    RETRIES_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_TASK_QUERY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_IDS_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_QUERY_FIELD_NUMBER: _ClassVar[int]
    ids: _containers.RepeatedScalarFieldContainer[str]
    retries: int
    external_task_query: QueryExternalTasksRequest
    process_instance_ids: _containers.RepeatedScalarFieldContainer[str]
    process_instance_query: _process_instance_pb2.CountProcessInstancesRequest
    def __init__(self, ids: _Optional[_Iterable[str]] = ..., retries: _Optional[int] = ..., external_task_query: _Optional[_Union[QueryExternalTasksRequest, _Mapping]] = ..., process_instance_ids: _Optional[_Iterable[str]] = ..., process_instance_query: _Optional[_Union[_process_instance_pb2.CountProcessInstancesRequest, _Mapping]] = ...) -> None: ...

class SetExternalTaskRetriesResponse(_message.Message):
    __slots__ = ("external_tasks",)
    EXTERNAL_TASKS_FIELD_NUMBER: _ClassVar[int]
    external_tasks: _containers.RepeatedCompositeFieldContainer[ExternalTask]
    def __init__(self, external_tasks: _Optional[_Iterable[_Union[ExternalTask, _Mapping]]] = ...) -> None: ...

class SetExternalTaskPriorityRequest(_message.Message):
    __slots__ = ("id", "priority")
    ID_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    id: str
    priority: int
    def __init__(self, id: _Optional[str] = ..., priority: _Optional[int] = ...) -> None: ...

class SetExternalTaskPriorityResponse(_message.Message):
    __slots__ = ("external_task",)
    EXTERNAL_TASK_FIELD_NUMBER: _ClassVar[int]
    external_task: ExternalTask
    def __init__(self, external_task: _Optional[_Union[ExternalTask, _Mapping]] = ...) -> None: ...

class GetExternalTaskRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetExternalTaskResponse(_message.Message):
    __slots__ = ("external_task",)
    EXTERNAL_TASK_FIELD_NUMBER: _ClassVar[int]
    external_task: ExternalTask
    def __init__(self, external_task: _Optional[_Union[ExternalTask, _Mapping]] = ...) -> None: ...

class QueryExternalTasksRequest(_message.Message):
    __slots__ = ("external_task_id", "topic_name", "worker_id", "locked", "not_locked", "with_retries_left", "no_retries_left", "process_instance_id", "process_definition_id", "process_definition_key", "activity_id", "execution_id", "tenant_id_in", "active", "suspended", "business_key", "page", "external_task_id_in", "activity_id_in", "process_instance_id_in", "lock_expiration_before", "lock_expiration_after", "priority_higher_than_or_equals", "priority_lower_than_or_equals", "without_tenant_id", "sorting")
    EXTERNAL_TASK_ID_FIELD_NUMBER: _ClassVar[int]
    TOPIC_NAME_FIELD_NUMBER: _ClassVar[int]
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    LOCKED_FIELD_NUMBER: _ClassVar[int]
    NOT_LOCKED_FIELD_NUMBER: _ClassVar[int]
    WITH_RETRIES_LEFT_FIELD_NUMBER: _ClassVar[int]
    NO_RETRIES_LEFT_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_TASK_ID_IN_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_IN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    LOCK_EXPIRATION_BEFORE_FIELD_NUMBER: _ClassVar[int]
    LOCK_EXPIRATION_AFTER_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_HIGHER_THAN_OR_EQUALS_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_LOWER_THAN_OR_EQUALS_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    external_task_id: str
    topic_name: str
    worker_id: str
    locked: bool
    not_locked: bool
    with_retries_left: bool
    no_retries_left: bool
    process_instance_id: str
    process_definition_id: str
    process_definition_key: str
    activity_id: str
    execution_id: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    active: bool
    suspended: bool
    business_key: str
    page: _types_pb2.OffsetPage
    external_task_id_in: _containers.RepeatedScalarFieldContainer[str]
    activity_id_in: _containers.RepeatedScalarFieldContainer[str]
    process_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    lock_expiration_before: _timestamp_pb2.Timestamp
    lock_expiration_after: _timestamp_pb2.Timestamp
    priority_higher_than_or_equals: int
    priority_lower_than_or_equals: int
    without_tenant_id: bool
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    def __init__(self, external_task_id: _Optional[str] = ..., topic_name: _Optional[str] = ..., worker_id: _Optional[str] = ..., locked: _Optional[bool] = ..., not_locked: _Optional[bool] = ..., with_retries_left: _Optional[bool] = ..., no_retries_left: _Optional[bool] = ..., process_instance_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., activity_id: _Optional[str] = ..., execution_id: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., active: _Optional[bool] = ..., suspended: _Optional[bool] = ..., business_key: _Optional[str] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., external_task_id_in: _Optional[_Iterable[str]] = ..., activity_id_in: _Optional[_Iterable[str]] = ..., process_instance_id_in: _Optional[_Iterable[str]] = ..., lock_expiration_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., lock_expiration_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., priority_higher_than_or_equals: _Optional[int] = ..., priority_lower_than_or_equals: _Optional[int] = ..., without_tenant_id: _Optional[bool] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ...) -> None: ...

class QueryExternalTasksResponse(_message.Message):
    __slots__ = ("external_tasks",)
    EXTERNAL_TASKS_FIELD_NUMBER: _ClassVar[int]
    external_tasks: _containers.RepeatedCompositeFieldContainer[ExternalTask]
    def __init__(self, external_tasks: _Optional[_Iterable[_Union[ExternalTask, _Mapping]]] = ...) -> None: ...

class CountExternalTasksRequest(_message.Message):
    __slots__ = ("external_task_id", "topic_name", "worker_id", "locked", "not_locked", "with_retries_left", "no_retries_left", "process_instance_id", "process_definition_id", "process_definition_key", "activity_id", "execution_id", "tenant_id_in", "active", "suspended", "business_key", "external_task_id_in", "activity_id_in", "process_instance_id_in", "lock_expiration_before", "lock_expiration_after", "priority_higher_than_or_equals", "priority_lower_than_or_equals", "without_tenant_id")
    EXTERNAL_TASK_ID_FIELD_NUMBER: _ClassVar[int]
    TOPIC_NAME_FIELD_NUMBER: _ClassVar[int]
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    LOCKED_FIELD_NUMBER: _ClassVar[int]
    NOT_LOCKED_FIELD_NUMBER: _ClassVar[int]
    WITH_RETRIES_LEFT_FIELD_NUMBER: _ClassVar[int]
    NO_RETRIES_LEFT_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_TASK_ID_IN_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_IN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    LOCK_EXPIRATION_BEFORE_FIELD_NUMBER: _ClassVar[int]
    LOCK_EXPIRATION_AFTER_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_HIGHER_THAN_OR_EQUALS_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_LOWER_THAN_OR_EQUALS_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    external_task_id: str
    topic_name: str
    worker_id: str
    locked: bool
    not_locked: bool
    with_retries_left: bool
    no_retries_left: bool
    process_instance_id: str
    process_definition_id: str
    process_definition_key: str
    activity_id: str
    execution_id: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    active: bool
    suspended: bool
    business_key: str
    external_task_id_in: _containers.RepeatedScalarFieldContainer[str]
    activity_id_in: _containers.RepeatedScalarFieldContainer[str]
    process_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    lock_expiration_before: _timestamp_pb2.Timestamp
    lock_expiration_after: _timestamp_pb2.Timestamp
    priority_higher_than_or_equals: int
    priority_lower_than_or_equals: int
    without_tenant_id: bool
    def __init__(self, external_task_id: _Optional[str] = ..., topic_name: _Optional[str] = ..., worker_id: _Optional[str] = ..., locked: _Optional[bool] = ..., not_locked: _Optional[bool] = ..., with_retries_left: _Optional[bool] = ..., no_retries_left: _Optional[bool] = ..., process_instance_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., activity_id: _Optional[str] = ..., execution_id: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., active: _Optional[bool] = ..., suspended: _Optional[bool] = ..., business_key: _Optional[str] = ..., external_task_id_in: _Optional[_Iterable[str]] = ..., activity_id_in: _Optional[_Iterable[str]] = ..., process_instance_id_in: _Optional[_Iterable[str]] = ..., lock_expiration_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., lock_expiration_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., priority_higher_than_or_equals: _Optional[int] = ..., priority_lower_than_or_equals: _Optional[int] = ..., without_tenant_id: _Optional[bool] = ...) -> None: ...

class CountExternalTasksResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class GetTopicNamesRequest(_message.Message):
    __slots__ = ("with_locked_tasks", "with_unlocked_tasks", "with_retries_left")
    WITH_LOCKED_TASKS_FIELD_NUMBER: _ClassVar[int]
    WITH_UNLOCKED_TASKS_FIELD_NUMBER: _ClassVar[int]
    WITH_RETRIES_LEFT_FIELD_NUMBER: _ClassVar[int]
    with_locked_tasks: bool
    with_unlocked_tasks: bool
    with_retries_left: bool
    def __init__(self, with_locked_tasks: _Optional[bool] = ..., with_unlocked_tasks: _Optional[bool] = ..., with_retries_left: _Optional[bool] = ...) -> None: ...

class GetTopicNamesResponse(_message.Message):
    __slots__ = ("topic_names",)
    TOPIC_NAMES_FIELD_NUMBER: _ClassVar[int]
    topic_names: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, topic_names: _Optional[_Iterable[str]] = ...) -> None: ...

class SetExternalTaskRetriesAsyncRequest(_message.Message):
    __slots__ = ("external_task_ids", "external_task_query", "retries", "process_instance_ids", "process_instance_query")
    EXTERNAL_TASK_IDS_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_TASK_QUERY_FIELD_NUMBER: _ClassVar[int]
    RETRIES_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_IDS_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_QUERY_FIELD_NUMBER: _ClassVar[int]
    external_task_ids: _containers.RepeatedScalarFieldContainer[str]
    external_task_query: QueryExternalTasksRequest
    retries: int
    process_instance_ids: _containers.RepeatedScalarFieldContainer[str]
    process_instance_query: _process_instance_pb2.CountProcessInstancesRequest
    def __init__(self, external_task_ids: _Optional[_Iterable[str]] = ..., external_task_query: _Optional[_Union[QueryExternalTasksRequest, _Mapping]] = ..., retries: _Optional[int] = ..., process_instance_ids: _Optional[_Iterable[str]] = ..., process_instance_query: _Optional[_Union[_process_instance_pb2.CountProcessInstancesRequest, _Mapping]] = ...) -> None: ...

class SetExternalTaskRetriesAsyncResponse(_message.Message):
    __slots__ = ("batch",)
    BATCH_FIELD_NUMBER: _ClassVar[int]
    batch: _batch_pb2.Batch
    def __init__(self, batch: _Optional[_Union[_batch_pb2.Batch, _Mapping]] = ...) -> None: ...
