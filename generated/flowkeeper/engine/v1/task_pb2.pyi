import datetime

from flowkeeper.engine.v1 import types_pb2 as _types_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Task(_message.Message):
    __slots__ = ("id", "name", "task_definition_key", "assignee", "candidate_users", "candidate_groups", "priority", "due", "created", "form_key", "execution_id", "process_instance_id", "process_definition_id", "case_execution_id", "case_instance_id", "case_definition_id", "tenant_id", "suspended")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    TASK_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_USERS_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_GROUPS_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    DUE_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    FORM_KEY_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    task_definition_key: str
    assignee: str
    candidate_users: _containers.RepeatedScalarFieldContainer[str]
    candidate_groups: _containers.RepeatedScalarFieldContainer[str]
    priority: int
    due: _timestamp_pb2.Timestamp
    created: _timestamp_pb2.Timestamp
    form_key: str
    execution_id: str
    process_instance_id: str
    process_definition_id: str
    case_execution_id: str
    case_instance_id: str
    case_definition_id: str
    tenant_id: str
    suspended: bool
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., task_definition_key: _Optional[str] = ..., assignee: _Optional[str] = ..., candidate_users: _Optional[_Iterable[str]] = ..., candidate_groups: _Optional[_Iterable[str]] = ..., priority: _Optional[int] = ..., due: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., form_key: _Optional[str] = ..., execution_id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., case_execution_id: _Optional[str] = ..., case_instance_id: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., tenant_id: _Optional[str] = ..., suspended: _Optional[bool] = ...) -> None: ...

class QueryTasksRequest(_message.Message):
    __slots__ = ("process_instance_id", "process_definition_key", "case_instance_id", "task_definition_key", "assignee", "candidate_user", "candidate_group", "unassigned", "tenant_id_in", "business_key", "page")
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_USER_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_GROUP_FIELD_NUMBER: _ClassVar[int]
    UNASSIGNED_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    process_instance_id: str
    process_definition_key: str
    case_instance_id: str
    task_definition_key: str
    assignee: str
    candidate_user: str
    candidate_group: str
    unassigned: bool
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    business_key: str
    page: _types_pb2.OffsetPage
    def __init__(self, process_instance_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., case_instance_id: _Optional[str] = ..., task_definition_key: _Optional[str] = ..., assignee: _Optional[str] = ..., candidate_user: _Optional[str] = ..., candidate_group: _Optional[str] = ..., unassigned: _Optional[bool] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., business_key: _Optional[str] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ...) -> None: ...

class QueryTasksResponse(_message.Message):
    __slots__ = ("tasks",)
    TASKS_FIELD_NUMBER: _ClassVar[int]
    tasks: _containers.RepeatedCompositeFieldContainer[Task]
    def __init__(self, tasks: _Optional[_Iterable[_Union[Task, _Mapping]]] = ...) -> None: ...

class GetTaskRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class ClaimTaskRequest(_message.Message):
    __slots__ = ("task_id", "user_id")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    user_id: str
    def __init__(self, task_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class ClaimTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class UnclaimTaskRequest(_message.Message):
    __slots__ = ("task_id",)
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    def __init__(self, task_id: _Optional[str] = ...) -> None: ...

class UnclaimTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class CompleteTaskRequest(_message.Message):
    __slots__ = ("task_id", "variables", "with_variables_in_return")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    WITH_VARIABLES_IN_RETURN_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    with_variables_in_return: bool
    def __init__(self, task_id: _Optional[str] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., with_variables_in_return: _Optional[bool] = ...) -> None: ...

class CompleteTaskResponse(_message.Message):
    __slots__ = ("variables",)
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    def __init__(self, variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ...) -> None: ...
