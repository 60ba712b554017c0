import datetime

from flowkeeper.engine.v1 import execution_pb2 as _execution_pb2
from flowkeeper.engine.v1 import form_pb2 as _form_pb2
from flowkeeper.engine.v1 import types_pb2 as _types_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Task(_message.Message):
    __slots__ = ("id", "name", "task_definition_key", "assignee", "candidate_users", "candidate_groups", "priority", "due", "created", "form_key", "execution_id", "process_instance_id", "process_definition_id", "case_execution_id", "case_instance_id", "case_definition_id", "tenant_id", "suspended", "description", "follow_up", "owner", "delegation_state", "parent_task_id")
    class DelegationState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        DELEGATION_STATE_UNSPECIFIED: _ClassVar[Task.DelegationState]
        DELEGATION_STATE_PENDING: _ClassVar[Task.DelegationState]
        DELEGATION_STATE_RESOLVED: _ClassVar[Task.DelegationState]
    DELEGATION_STATE_UNSPECIFIED: Task.DelegationState
    DELEGATION_STATE_PENDING: Task.DelegationState
    DELEGATION_STATE_RESOLVED: Task.DelegationState
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
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    DELEGATION_STATE_FIELD_NUMBER: _ClassVar[int]
    PARENT_TASK_ID_FIELD_NUMBER: _ClassVar[int]
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
    description: str
    follow_up: _timestamp_pb2.Timestamp
    owner: str
    delegation_state: Task.DelegationState
    parent_task_id: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., task_definition_key: _Optional[str] = ..., assignee: _Optional[str] = ..., candidate_users: _Optional[_Iterable[str]] = ..., candidate_groups: _Optional[_Iterable[str]] = ..., priority: _Optional[int] = ..., due: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., form_key: _Optional[str] = ..., execution_id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., case_execution_id: _Optional[str] = ..., case_instance_id: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., tenant_id: _Optional[str] = ..., suspended: _Optional[bool] = ..., description: _Optional[str] = ..., follow_up: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., owner: _Optional[str] = ..., delegation_state: _Optional[_Union[Task.DelegationState, str]] = ..., parent_task_id: _Optional[str] = ...) -> None: ...

class TaskSorting(_message.Message):
    __slots__ = ("sort_by", "sort_order")
    class SortBy(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        SORT_BY_UNSPECIFIED: _ClassVar[TaskSorting.SortBy]
        SORT_BY_CREATED: _ClassVar[TaskSorting.SortBy]
        SORT_BY_PRIORITY: _ClassVar[TaskSorting.SortBy]
        SORT_BY_DUE: _ClassVar[TaskSorting.SortBy]
        SORT_BY_FOLLOW_UP: _ClassVar[TaskSorting.SortBy]
        SORT_BY_NAME: _ClassVar[TaskSorting.SortBy]
        SORT_BY_ID: _ClassVar[TaskSorting.SortBy]
        SORT_BY_ASSIGNEE: _ClassVar[TaskSorting.SortBy]
        SORT_BY_DESCRIPTION: _ClassVar[TaskSorting.SortBy]
        SORT_BY_PROCESS_INSTANCE_ID: _ClassVar[TaskSorting.SortBy]
        SORT_BY_CASE_INSTANCE_ID: _ClassVar[TaskSorting.SortBy]
        SORT_BY_EXECUTION_ID: _ClassVar[TaskSorting.SortBy]
        SORT_BY_CASE_EXECUTION_ID: _ClassVar[TaskSorting.SortBy]
        SORT_BY_NAME_CASE_INSENSITIVE: _ClassVar[TaskSorting.SortBy]
    SORT_BY_UNSPECIFIED: TaskSorting.SortBy
    SORT_BY_CREATED: TaskSorting.SortBy
    SORT_BY_PRIORITY: TaskSorting.SortBy
    SORT_BY_DUE: TaskSorting.SortBy
    SORT_BY_FOLLOW_UP: TaskSorting.SortBy
    SORT_BY_NAME: TaskSorting.SortBy
    SORT_BY_ID: TaskSorting.SortBy
    SORT_BY_ASSIGNEE: TaskSorting.SortBy
    SORT_BY_DESCRIPTION: TaskSorting.SortBy
    SORT_BY_PROCESS_INSTANCE_ID: TaskSorting.SortBy
    SORT_BY_CASE_INSTANCE_ID: TaskSorting.SortBy
    SORT_BY_EXECUTION_ID: TaskSorting.SortBy
    SORT_BY_CASE_EXECUTION_ID: TaskSorting.SortBy
    SORT_BY_NAME_CASE_INSENSITIVE: TaskSorting.SortBy
    class SortOrder(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        SORT_ORDER_UNSPECIFIED: _ClassVar[TaskSorting.SortOrder]
        SORT_ORDER_ASC: _ClassVar[TaskSorting.SortOrder]
        SORT_ORDER_DESC: _ClassVar[TaskSorting.SortOrder]
    SORT_ORDER_UNSPECIFIED: TaskSorting.SortOrder
    SORT_ORDER_ASC: TaskSorting.SortOrder
    SORT_ORDER_DESC: TaskSorting.SortOrder
    SORT_BY_FIELD_NUMBER: _ClassVar[int]
    SORT_ORDER_FIELD_NUMBER: _ClassVar[int]
    sort_by: TaskSorting.SortBy
    sort_order: TaskSorting.SortOrder
    def __init__(self, sort_by: _Optional[_Union[TaskSorting.SortBy, str]] = ..., sort_order: _Optional[_Union[TaskSorting.SortOrder, str]] = ...) -> None: ...

class QueryTasksRequest(_message.Message):
    __slots__ = ("process_instance_id", "process_definition_key", "case_instance_id", "task_definition_key", "assignee", "candidate_user", "candidate_group", "unassigned", "tenant_id_in", "business_key", "page", "sorting", "due_before", "due_after", "follow_up_before", "follow_up_after", "min_priority", "max_priority", "task_variables", "process_variables", "case_instance_variables", "variable_names_ignore_case", "variable_values_ignore_case", "task_id", "task_id_in", "process_instance_id_in", "business_key_in", "business_key_like", "process_definition_id", "process_definition_key_in", "process_definition_name", "process_definition_name_like", "execution_id", "activity_instance_id_in", "case_instance_business_key", "case_instance_business_key_like", "case_definition_id", "case_definition_key", "case_definition_name", "case_definition_name_like", "case_execution_id", "without_tenant_id", "assignee_like", "assignee_in", "assignee_not_in", "assigned", "candidate_groups", "include_assigned_tasks", "with_candidate_groups", "without_candidate_groups", "with_candidate_users", "without_candidate_users", "involved_user", "task_definition_key_in", "task_definition_key_like", "name", "name_not_equal", "name_like", "name_not_like", "description", "description_like", "priority", "due_date", "without_due_date", "follow_up_date", "follow_up_before_or_not_existent", "created_on", "created_before", "created_after", "active", "suspended", "owner", "delegation_state", "or_queries", "parent_task_id")
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
    SORTING_FIELD_NUMBER: _ClassVar[int]
    DUE_BEFORE_FIELD_NUMBER: _ClassVar[int]
    DUE_AFTER_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_BEFORE_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_AFTER_FIELD_NUMBER: _ClassVar[int]
    MIN_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    MAX_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    TASK_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    PROCESS_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAMES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_VALUES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_IN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_IN_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_LIKE_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_IN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_NAME_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_BUSINESS_KEY_LIKE_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_NAME_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_LIKE_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_IN_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_NOT_IN_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_GROUPS_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ASSIGNED_TASKS_FIELD_NUMBER: _ClassVar[int]
    WITH_CANDIDATE_GROUPS_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_CANDIDATE_GROUPS_FIELD_NUMBER: _ClassVar[int]
    WITH_CANDIDATE_USERS_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_CANDIDATE_USERS_FIELD_NUMBER: _ClassVar[int]
    INVOLVED_USER_FIELD_NUMBER: _ClassVar[int]
    TASK_DEFINITION_KEY_IN_FIELD_NUMBER: _ClassVar[int]
    TASK_DEFINITION_KEY_LIKE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NAME_NOT_EQUAL_FIELD_NUMBER: _ClassVar[int]
    NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    NAME_NOT_LIKE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_LIKE_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_DATE_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_BEFORE_OR_NOT_EXISTENT_FIELD_NUMBER: _ClassVar[int]
    CREATED_ON_FIELD_NUMBER: _ClassVar[int]
    CREATED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AFTER_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    DELEGATION_STATE_FIELD_NUMBER: _ClassVar[int]
    OR_QUERIES_FIELD_NUMBER: _ClassVar[int]
    PARENT_TASK_ID_FIELD_NUMBER: _ClassVar[int]
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
    sorting: _containers.RepeatedCompositeFieldContainer[TaskSorting]
    due_before: _timestamp_pb2.Timestamp
    due_after: _timestamp_pb2.Timestamp
    follow_up_before: _timestamp_pb2.Timestamp
    follow_up_after: _timestamp_pb2.Timestamp
    min_priority: int
    max_priority: int
    task_variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    process_variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    case_instance_variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    variable_names_ignore_case: bool
    variable_values_ignore_case: bool
    task_id: str
    task_id_in: _containers.RepeatedScalarFieldContainer[str]
    process_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    business_key_in: _containers.RepeatedScalarFieldContainer[str]
    business_key_like: str
    process_definition_id: str
    process_definition_key_in: _containers.RepeatedScalarFieldContainer[str]
    process_definition_name: str
    process_definition_name_like: str
    execution_id: str
    activity_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    case_instance_business_key: str
    case_instance_business_key_like: str
    case_definition_id: str
    case_definition_key: str
    case_definition_name: str
    case_definition_name_like: str
    case_execution_id: str
    without_tenant_id: bool
    assignee_like: str
    assignee_in: _containers.RepeatedScalarFieldContainer[str]
    assignee_not_in: _containers.RepeatedScalarFieldContainer[str]
    assigned: bool
    candidate_groups: _containers.RepeatedScalarFieldContainer[str]
    include_assigned_tasks: bool
    with_candidate_groups: bool
    without_candidate_groups: bool
    with_candidate_users: bool
    without_candidate_users: bool
    involved_user: str
    task_definition_key_in: _containers.RepeatedScalarFieldContainer[str]
    task_definition_key_like: str
    name: str
    name_not_equal: str
    name_like: str
    name_not_like: str
    description: str
    description_like: str
    priority: int
    due_date: _timestamp_pb2.Timestamp
    without_due_date: bool
    follow_up_date: _timestamp_pb2.Timestamp
    follow_up_before_or_not_existent: _timestamp_pb2.Timestamp
    created_on: _timestamp_pb2.Timestamp
    created_before: _timestamp_pb2.Timestamp
    created_after: _timestamp_pb2.Timestamp
    active: bool
    suspended: bool
    owner: str
    delegation_state: Task.DelegationState
    or_queries: _containers.RepeatedCompositeFieldContainer[TaskOrQuery]
    parent_task_id: str
    def __init__(self, process_instance_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., case_instance_id: _Optional[str] = ..., task_definition_key: _Optional[str] = ..., assignee: _Optional[str] = ..., candidate_user: _Optional[str] = ..., candidate_group: _Optional[str] = ..., unassigned: _Optional[bool] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., business_key: _Optional[str] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[TaskSorting, _Mapping]]] = ..., due_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., follow_up_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., follow_up_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., min_priority: _Optional[int] = ..., max_priority: _Optional[int] = ..., task_variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., process_variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., case_instance_variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., variable_names_ignore_case: _Optional[bool] = ..., variable_values_ignore_case: _Optional[bool] = ..., task_id: _Optional[str] = ..., task_id_in: _Optional[_Iterable[str]] = ..., process_instance_id_in: _Optional[_Iterable[str]] = ..., business_key_in: _Optional[_Iterable[str]] = ..., business_key_like: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key_in: _Optional[_Iterable[str]] = ..., process_definition_name: _Optional[str] = ..., process_definition_name_like: _Optional[str] = ..., execution_id: _Optional[str] = ..., activity_instance_id_in: _Optional[_Iterable[str]] = ..., case_instance_business_key: _Optional[str] = ..., case_instance_business_key_like: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_definition_key: _Optional[str] = ..., case_definition_name: _Optional[str] = ..., case_definition_name_like: _Optional[str] = ..., case_execution_id: _Optional[str] = ..., without_tenant_id: _Optional[bool] = ..., assignee_like: _Optional[str] = ..., assignee_in: _Optional[_Iterable[str]] = ..., assignee_not_in: _Optional[_Iterable[str]] = ..., assigned: _Optional[bool] = ..., candidate_groups: _Optional[_Iterable[str]] = ..., include_assigned_tasks: _Optional[bool] = ..., with_candidate_groups: _Optional[bool] = ..., without_candidate_groups: _Optional[bool] = ..., with_candidate_users: _Optional[bool] = ..., without_candidate_users: _Optional[bool] = ..., involved_user: _Optional[str] = ..., task_definition_key_in: _Optional[_Iterable[str]] = ..., task_definition_key_like: _Optional[str] = ..., name: _Optional[str] = ..., name_not_equal: _Optional[str] = ..., name_like: _Optional[str] = ..., name_not_like: _Optional[str] = ..., description: _Optional[str] = ..., description_like: _Optional[str] = ..., priority: _Optional[int] = ..., due_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., without_due_date: _Optional[bool] = ..., follow_up_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., follow_up_before_or_not_existent: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_on: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., active: _Optional[bool] = ..., suspended: _Optional[bool] = ..., owner: _Optional[str] = ..., delegation_state: _Optional[_Union[Task.DelegationState, str]] = ..., or_queries: _Optional[_Iterable[_Union[TaskOrQuery, _Mapping]]] = ..., parent_task_id: _Optional[str] = ...) -> None: ...

class QueryTasksResponse(_message.Message):
    __slots__ = ("tasks",)
    TASKS_FIELD_NUMBER: _ClassVar[int]
    tasks: _containers.RepeatedCompositeFieldContainer[Task]
    def __init__(self, tasks: _Optional[_Iterable[_Union[Task, _Mapping]]] = ...) -> None: ...

class CountTasksRequest(_message.Message):
    __slots__ = ("process_instance_id", "process_definition_key", "case_instance_id", "task_definition_key", "assignee", "candidate_user", "candidate_group", "unassigned", "tenant_id_in", "business_key", "due_before", "due_after", "follow_up_before", "follow_up_after", "min_priority", "max_priority", "task_variables", "process_variables", "case_instance_variables", "variable_names_ignore_case", "variable_values_ignore_case", "task_id", "task_id_in", "process_instance_id_in", "business_key_in", "business_key_like", "process_definition_id", "process_definition_key_in", "process_definition_name", "process_definition_name_like", "execution_id", "activity_instance_id_in", "case_instance_business_key", "case_instance_business_key_like", "case_definition_id", "case_definition_key", "case_definition_name", "case_definition_name_like", "case_execution_id", "without_tenant_id", "assignee_like", "assignee_in", "assignee_not_in", "assigned", "candidate_groups", "include_assigned_tasks", "with_candidate_groups", "without_candidate_groups", "with_candidate_users", "without_candidate_users", "involved_user", "task_definition_key_in", "task_definition_key_like", "name", "name_not_equal", "name_like", "name_not_like", "description", "description_like", "priority", "due_date", "without_due_date", "follow_up_date", "follow_up_before_or_not_existent", "created_on", "created_before", "created_after", "active", "suspended", "owner", "delegation_state", "or_queries", "parent_task_id")
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
    DUE_BEFORE_FIELD_NUMBER: _ClassVar[int]
    DUE_AFTER_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_BEFORE_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_AFTER_FIELD_NUMBER: _ClassVar[int]
    MIN_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    MAX_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    TASK_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    PROCESS_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAMES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_VALUES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_IN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_IN_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_LIKE_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_IN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_NAME_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_BUSINESS_KEY_LIKE_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_NAME_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_LIKE_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_IN_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_NOT_IN_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_GROUPS_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ASSIGNED_TASKS_FIELD_NUMBER: _ClassVar[int]
    WITH_CANDIDATE_GROUPS_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_CANDIDATE_GROUPS_FIELD_NUMBER: _ClassVar[int]
    WITH_CANDIDATE_USERS_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_CANDIDATE_USERS_FIELD_NUMBER: _ClassVar[int]
    INVOLVED_USER_FIELD_NUMBER: _ClassVar[int]
    TASK_DEFINITION_KEY_IN_FIELD_NUMBER: _ClassVar[int]
    TASK_DEFINITION_KEY_LIKE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NAME_NOT_EQUAL_FIELD_NUMBER: _ClassVar[int]
    NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    NAME_NOT_LIKE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_LIKE_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_DATE_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_BEFORE_OR_NOT_EXISTENT_FIELD_NUMBER: _ClassVar[int]
    CREATED_ON_FIELD_NUMBER: _ClassVar[int]
    CREATED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AFTER_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    DELEGATION_STATE_FIELD_NUMBER: _ClassVar[int]
    OR_QUERIES_FIELD_NUMBER: _ClassVar[int]
    PARENT_TASK_ID_FIELD_NUMBER: _ClassVar[int]
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
    due_before: _timestamp_pb2.Timestamp
    due_after: _timestamp_pb2.Timestamp
    follow_up_before: _timestamp_pb2.Timestamp
    follow_up_after: _timestamp_pb2.Timestamp
    min_priority: int
    max_priority: int
    task_variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    process_variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    case_instance_variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    variable_names_ignore_case: bool
    variable_values_ignore_case: bool
    task_id: str
    task_id_in: _containers.RepeatedScalarFieldContainer[str]
    process_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    business_key_in: _containers.RepeatedScalarFieldContainer[str]
    business_key_like: str
    process_definition_id: str
    process_definition_key_in: _containers.RepeatedScalarFieldContainer[str]
    process_definition_name: str
    process_definition_name_like: str
    execution_id: str
    activity_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    case_instance_business_key: str
    case_instance_business_key_like: str
    case_definition_id: str
    case_definition_key: str
    case_definition_name: str
    case_definition_name_like: str
    case_execution_id: str
    without_tenant_id: bool
    assignee_like: str
    assignee_in: _containers.RepeatedScalarFieldContainer[str]
    assignee_not_in: _containers.RepeatedScalarFieldContainer[str]
    assigned: bool
    candidate_groups: _containers.RepeatedScalarFieldContainer[str]
    include_assigned_tasks: bool
    with_candidate_groups: bool
    without_candidate_groups: bool
    with_candidate_users: bool
    without_candidate_users: bool
    involved_user: str
    task_definition_key_in: _containers.RepeatedScalarFieldContainer[str]
    task_definition_key_like: str
    name: str
    name_not_equal: str
    name_like: str
    name_not_like: str
    description: str
    description_like: str
    priority: int
    due_date: _timestamp_pb2.Timestamp
    without_due_date: bool
    follow_up_date: _timestamp_pb2.Timestamp
    follow_up_before_or_not_existent: _timestamp_pb2.Timestamp
    created_on: _timestamp_pb2.Timestamp
    created_before: _timestamp_pb2.Timestamp
    created_after: _timestamp_pb2.Timestamp
    active: bool
    suspended: bool
    owner: str
    delegation_state: Task.DelegationState
    or_queries: _containers.RepeatedCompositeFieldContainer[TaskOrQuery]
    parent_task_id: str
    def __init__(self, process_instance_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., case_instance_id: _Optional[str] = ..., task_definition_key: _Optional[str] = ..., assignee: _Optional[str] = ..., candidate_user: _Optional[str] = ..., candidate_group: _Optional[str] = ..., unassigned: _Optional[bool] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., business_key: _Optional[str] = ..., due_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., follow_up_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., follow_up_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., min_priority: _Optional[int] = ..., max_priority: _Optional[int] = ..., task_variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., process_variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., case_instance_variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., variable_names_ignore_case: _Optional[bool] = ..., variable_values_ignore_case: _Optional[bool] = ..., task_id: _Optional[str] = ..., task_id_in: _Optional[_Iterable[str]] = ..., process_instance_id_in: _Optional[_Iterable[str]] = ..., business_key_in: _Optional[_Iterable[str]] = ..., business_key_like: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key_in: _Optional[_Iterable[str]] = ..., process_definition_name: _Optional[str] = ..., process_definition_name_like: _Optional[str] = ..., execution_id: _Optional[str] = ..., activity_instance_id_in: _Optional[_Iterable[str]] = ..., case_instance_business_key: _Optional[str] = ..., case_instance_business_key_like: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_definition_key: _Optional[str] = ..., case_definition_name: _Optional[str] = ..., case_definition_name_like: _Optional[str] = ..., case_execution_id: _Optional[str] = ..., without_tenant_id: _Optional[bool] = ..., assignee_like: _Optional[str] = ..., assignee_in: _Optional[_Iterable[str]] = ..., assignee_not_in: _Optional[_Iterable[str]] = ..., assigned: _Optional[bool] = ..., candidate_groups: _Optional[_Iterable[str]] = ..., include_assigned_tasks: _Optional[bool] = ..., with_candidate_groups: _Optional[bool] = ..., without_candidate_groups: _Optional[bool] = ..., with_candidate_users: _Optional[bool] = ..., without_candidate_users: _Optional[bool] = ..., involved_user: _Optional[str] = ..., task_definition_key_in: _Optional[_Iterable[str]] = ..., task_definition_key_like: _Optional[str] = ..., name: _Optional[str] = ..., name_not_equal: _Optional[str] = ..., name_like: _Optional[str] = ..., name_not_like: _Optional[str] = ..., description: _Optional[str] = ..., description_like: _Optional[str] = ..., priority: _Optional[int] = ..., due_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., without_due_date: _Optional[bool] = ..., follow_up_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., follow_up_before_or_not_existent: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_on: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., active: _Optional[bool] = ..., suspended: _Optional[bool] = ..., owner: _Optional[str] = ..., delegation_state: _Optional[_Union[Task.DelegationState, str]] = ..., or_queries: _Optional[_Iterable[_Union[TaskOrQuery, _Mapping]]] = ..., parent_task_id: _Optional[str] = ...) -> None: ...

class TaskOrQuery(_message.Message):
    __slots__ = ("process_instance_id", "process_definition_key", "case_instance_id", "task_definition_key", "assignee", "candidate_user", "candidate_group", "unassigned", "tenant_id_in", "business_key", "due_before", "due_after", "follow_up_before", "follow_up_after", "min_priority", "max_priority", "task_variables", "process_variables", "case_instance_variables", "variable_names_ignore_case", "variable_values_ignore_case", "task_id", "task_id_in", "process_instance_id_in", "business_key_in", "business_key_like", "process_definition_id", "process_definition_key_in", "process_definition_name", "process_definition_name_like", "execution_id", "activity_instance_id_in", "case_instance_business_key", "case_instance_business_key_like", "case_definition_id", "case_definition_key", "case_definition_name", "case_definition_name_like", "case_execution_id", "without_tenant_id", "assignee_like", "assignee_in", "assignee_not_in", "assigned", "candidate_groups", "include_assigned_tasks", "involved_user", "task_definition_key_in", "task_definition_key_like", "name", "name_not_equal", "name_like", "name_not_like", "description", "description_like", "priority", "due_date", "without_due_date", "follow_up_date", "follow_up_before_or_not_existent", "created_on", "created_before", "created_after", "active", "suspended", "owner", "delegation_state", "parent_task_id")
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
    DUE_BEFORE_FIELD_NUMBER: _ClassVar[int]
    DUE_AFTER_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_BEFORE_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_AFTER_FIELD_NUMBER: _ClassVar[int]
    MIN_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    MAX_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    TASK_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    PROCESS_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAMES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_VALUES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_IN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_IN_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_LIKE_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_IN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_NAME_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_BUSINESS_KEY_LIKE_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_NAME_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_LIKE_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_IN_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_NOT_IN_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_GROUPS_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ASSIGNED_TASKS_FIELD_NUMBER: _ClassVar[int]
    INVOLVED_USER_FIELD_NUMBER: _ClassVar[int]
    TASK_DEFINITION_KEY_IN_FIELD_NUMBER: _ClassVar[int]
    TASK_DEFINITION_KEY_LIKE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NAME_NOT_EQUAL_FIELD_NUMBER: _ClassVar[int]
    NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    NAME_NOT_LIKE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_LIKE_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_DATE_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_BEFORE_OR_NOT_EXISTENT_FIELD_NUMBER: _ClassVar[int]
    CREATED_ON_FIELD_NUMBER: _ClassVar[int]
    CREATED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AFTER_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    DELEGATION_STATE_FIELD_NUMBER: _ClassVar[int]
    PARENT_TASK_ID_FIELD_NUMBER: _ClassVar[int]
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
    due_before: _timestamp_pb2.Timestamp
    due_after: _timestamp_pb2.Timestamp
    follow_up_before: _timestamp_pb2.Timestamp
    follow_up_after: _timestamp_pb2.Timestamp
    min_priority: int
    max_priority: int
    task_variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    process_variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    case_instance_variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    variable_names_ignore_case: bool
    variable_values_ignore_case: bool
    task_id: str
    task_id_in: _containers.RepeatedScalarFieldContainer[str]
    process_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    business_key_in: _containers.RepeatedScalarFieldContainer[str]
    business_key_like: str
    process_definition_id: str
    process_definition_key_in: _containers.RepeatedScalarFieldContainer[str]
    process_definition_name: str
    process_definition_name_like: str
    execution_id: str
    activity_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    case_instance_business_key: str
    case_instance_business_key_like: str
    case_definition_id: str
    case_definition_key: str
    case_definition_name: str
    case_definition_name_like: str
    case_execution_id: str
    without_tenant_id: bool
    assignee_like: str
    assignee_in: _containers.RepeatedScalarFieldContainer[str]
    assignee_not_in: _containers.RepeatedScalarFieldContainer[str]
    assigned: bool
    candidate_groups: _containers.RepeatedScalarFieldContainer[str]
    include_assigned_tasks: bool
    involved_user: str
    task_definition_key_in: _containers.RepeatedScalarFieldContainer[str]
    task_definition_key_like: str
    name: str
    name_not_equal: str
    name_like: str
    name_not_like: str
    description: str
    description_like: str
    priority: int
    due_date: _timestamp_pb2.Timestamp
    without_due_date: bool
    follow_up_date: _timestamp_pb2.Timestamp
    follow_up_before_or_not_existent: _timestamp_pb2.Timestamp
    created_on: _timestamp_pb2.Timestamp
    created_before: _timestamp_pb2.Timestamp
    created_after: _timestamp_pb2.Timestamp
    active: bool
    suspended: bool
    owner: str
    delegation_state: Task.DelegationState
    parent_task_id: str
    def __init__(self, process_instance_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., case_instance_id: _Optional[str] = ..., task_definition_key: _Optional[str] = ..., assignee: _Optional[str] = ..., candidate_user: _Optional[str] = ..., candidate_group: _Optional[str] = ..., unassigned: _Optional[bool] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., business_key: _Optional[str] = ..., due_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., follow_up_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., follow_up_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., min_priority: _Optional[int] = ..., max_priority: _Optional[int] = ..., task_variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., process_variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., case_instance_variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., variable_names_ignore_case: _Optional[bool] = ..., variable_values_ignore_case: _Optional[bool] = ..., task_id: _Optional[str] = ..., task_id_in: _Optional[_Iterable[str]] = ..., process_instance_id_in: _Optional[_Iterable[str]] = ..., business_key_in: _Optional[_Iterable[str]] = ..., business_key_like: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key_in: _Optional[_Iterable[str]] = ..., process_definition_name: _Optional[str] = ..., process_definition_name_like: _Optional[str] = ..., execution_id: _Optional[str] = ..., activity_instance_id_in: _Optional[_Iterable[str]] = ..., case_instance_business_key: _Optional[str] = ..., case_instance_business_key_like: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_definition_key: _Optional[str] = ..., case_definition_name: _Optional[str] = ..., case_definition_name_like: _Optional[str] = ..., case_execution_id: _Optional[str] = ..., without_tenant_id: _Optional[bool] = ..., assignee_like: _Optional[str] = ..., assignee_in: _Optional[_Iterable[str]] = ..., assignee_not_in: _Optional[_Iterable[str]] = ..., assigned: _Optional[bool] = ..., candidate_groups: _Optional[_Iterable[str]] = ..., include_assigned_tasks: _Optional[bool] = ..., involved_user: _Optional[str] = ..., task_definition_key_in: _Optional[_Iterable[str]] = ..., task_definition_key_like: _Optional[str] = ..., name: _Optional[str] = ..., name_not_equal: _Optional[str] = ..., name_like: _Optional[str] = ..., name_not_like: _Optional[str] = ..., description: _Optional[str] = ..., description_like: _Optional[str] = ..., priority: _Optional[int] = ..., due_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., without_due_date: _Optional[bool] = ..., follow_up_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., follow_up_before_or_not_existent: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_on: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., active: _Optional[bool] = ..., suspended: _Optional[bool] = ..., owner: _Optional[str] = ..., delegation_state: _Optional[_Union[Task.DelegationState, str]] = ..., parent_task_id: _Optional[str] = ...) -> None: ...

class CountTasksResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

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

class CreateTaskRequest(_message.Message):
    __slots__ = ("id", "name", "description", "assignee", "owner", "priority", "due", "follow_up", "tenant_id", "parent_task_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    DUE_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_TASK_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    description: str
    assignee: str
    owner: str
    priority: int
    due: _timestamp_pb2.Timestamp
    follow_up: _timestamp_pb2.Timestamp
    tenant_id: str
    parent_task_id: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., assignee: _Optional[str] = ..., owner: _Optional[str] = ..., priority: _Optional[int] = ..., due: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., follow_up: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., tenant_id: _Optional[str] = ..., parent_task_id: _Optional[str] = ...) -> None: ...

class CreateTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class DeleteTaskRequest(_message.Message):
    __slots__ = ("id", "cascade", "delete_reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    CASCADE_FIELD_NUMBER: _ClassVar[int]
    DELETE_REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    cascade: bool
    delete_reason: str
    def __init__(self, id: _Optional[str] = ..., cascade: _Optional[bool] = ..., delete_reason: _Optional[str] = ...) -> None: ...

class DeleteTaskResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

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

class DelegateTaskRequest(_message.Message):
    __slots__ = ("task_id", "user_id")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    user_id: str
    def __init__(self, task_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class DelegateTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class ResolveTaskRequest(_message.Message):
    __slots__ = ("task_id", "variables")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    def __init__(self, task_id: _Optional[str] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ...) -> None: ...

class ResolveTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class HandleTaskBpmnErrorRequest(_message.Message):
    __slots__ = ("task_id", "error_code", "error_message", "variables")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    ERROR_CODE_FIELD_NUMBER: _ClassVar[int]
    ERROR_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    error_code: str
    error_message: str
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    def __init__(self, task_id: _Optional[str] = ..., error_code: _Optional[str] = ..., error_message: _Optional[str] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ...) -> None: ...

class HandleTaskBpmnErrorResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SetTaskAssigneeRequest(_message.Message):
    __slots__ = ("task_id", "user_id")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    user_id: str
    def __init__(self, task_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class SetTaskAssigneeResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class UpdateTaskRequest(_message.Message):
    __slots__ = ("task", "update_mask")
    TASK_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class TaskIdentityLink(_message.Message):
    __slots__ = ("user_id", "group_id", "type")
    class Type(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        TYPE_UNSPECIFIED: _ClassVar[TaskIdentityLink.Type]
        TYPE_ASSIGNEE: _ClassVar[TaskIdentityLink.Type]
        TYPE_CANDIDATE: _ClassVar[TaskIdentityLink.Type]
        TYPE_OWNER: _ClassVar[TaskIdentityLink.Type]
    TYPE_UNSPECIFIED: TaskIdentityLink.Type
    TYPE_ASSIGNEE: TaskIdentityLink.Type
    TYPE_CANDIDATE: TaskIdentityLink.Type
    TYPE_OWNER: TaskIdentityLink.Type
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    group_id: str
    type: TaskIdentityLink.Type
    def __init__(self, user_id: _Optional[str] = ..., group_id: _Optional[str] = ..., type: _Optional[_Union[TaskIdentityLink.Type, str]] = ...) -> None: ...

class GetTaskIdentityLinksRequest(_message.Message):
    __slots__ = ("task_id", "type")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    type: TaskIdentityLink.Type
    def __init__(self, task_id: _Optional[str] = ..., type: _Optional[_Union[TaskIdentityLink.Type, str]] = ...) -> None: ...

class GetTaskIdentityLinksResponse(_message.Message):
    __slots__ = ("identity_links",)
    IDENTITY_LINKS_FIELD_NUMBER: _ClassVar[int]
    identity_links: _containers.RepeatedCompositeFieldContainer[TaskIdentityLink]
    def __init__(self, identity_links: _Optional[_Iterable[_Union[TaskIdentityLink, _Mapping]]] = ...) -> None: ...

class AddTaskIdentityLinkRequest(_message.Message):
    __slots__ = ("task_id", "identity_link")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    IDENTITY_LINK_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    identity_link: TaskIdentityLink
    def __init__(self, task_id: _Optional[str] = ..., identity_link: _Optional[_Union[TaskIdentityLink, _Mapping]] = ...) -> None: ...

class AddTaskIdentityLinkResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class DeleteTaskIdentityLinkRequest(_message.Message):
    __slots__ = ("task_id", "identity_link")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    IDENTITY_LINK_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    identity_link: TaskIdentityLink
    def __init__(self, task_id: _Optional[str] = ..., identity_link: _Optional[_Union[TaskIdentityLink, _Mapping]] = ...) -> None: ...

class DeleteTaskIdentityLinkResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class GetTaskVariablesRequest(_message.Message):
    __slots__ = ("task_id", "local_only")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    LOCAL_ONLY_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    local_only: bool
    def __init__(self, task_id: _Optional[str] = ..., local_only: _Optional[bool] = ...) -> None: ...

class GetTaskVariablesResponse(_message.Message):
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

class GetTaskFormRequest(_message.Message):
    __slots__ = ("task_id",)
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    def __init__(self, task_id: _Optional[str] = ...) -> None: ...

class GetTaskFormResponse(_message.Message):
    __slots__ = ("form",)
    FORM_FIELD_NUMBER: _ClassVar[int]
    form: _form_pb2.Form
    def __init__(self, form: _Optional[_Union[_form_pb2.Form, _Mapping]] = ...) -> None: ...

class GetTaskFormVariablesRequest(_message.Message):
    __slots__ = ("task_id", "variable_names")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAMES_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    variable_names: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, task_id: _Optional[str] = ..., variable_names: _Optional[_Iterable[str]] = ...) -> None: ...

class GetTaskFormVariablesResponse(_message.Message):
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

class SubmitTaskFormRequest(_message.Message):
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

class SubmitTaskFormResponse(_message.Message):
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

class ModifyTaskVariablesRequest(_message.Message):
    __slots__ = ("task_id", "modifications", "deletions", "local")
    class ModificationsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    MODIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    DELETIONS_FIELD_NUMBER: _ClassVar[int]
    LOCAL_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    modifications: _containers.MessageMap[str, _types_pb2.TypedValue]
    deletions: _containers.RepeatedScalarFieldContainer[str]
    local: bool
    def __init__(self, task_id: _Optional[str] = ..., modifications: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., deletions: _Optional[_Iterable[str]] = ..., local: _Optional[bool] = ...) -> None: ...

class ModifyTaskVariablesResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetTaskVariableRequest(_message.Message):
    __slots__ = ("task_id", "name", "local_only")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    LOCAL_ONLY_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    name: str
    local_only: bool
    def __init__(self, task_id: _Optional[str] = ..., name: _Optional[str] = ..., local_only: _Optional[bool] = ...) -> None: ...

class GetTaskVariableResponse(_message.Message):
    __slots__ = ("variable",)
    VARIABLE_FIELD_NUMBER: _ClassVar[int]
    variable: _types_pb2.TypedValue
    def __init__(self, variable: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...

class SetTaskVariableRequest(_message.Message):
    __slots__ = ("task_id", "name", "value", "local")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    LOCAL_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    name: str
    value: _types_pb2.TypedValue
    local: bool
    def __init__(self, task_id: _Optional[str] = ..., name: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ..., local: _Optional[bool] = ...) -> None: ...

class SetTaskVariableResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DeleteTaskVariableRequest(_message.Message):
    __slots__ = ("task_id", "name", "local")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    LOCAL_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    name: str
    local: bool
    def __init__(self, task_id: _Optional[str] = ..., name: _Optional[str] = ..., local: _Optional[bool] = ...) -> None: ...

class DeleteTaskVariableResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetTaskVariableDataRequest(_message.Message):
    __slots__ = ("task_id", "name", "local_only")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    LOCAL_ONLY_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    name: str
    local_only: bool
    def __init__(self, task_id: _Optional[str] = ..., name: _Optional[str] = ..., local_only: _Optional[bool] = ...) -> None: ...

class GetTaskVariableDataResponse(_message.Message):
    __slots__ = ("data", "media_type", "filename")
    DATA_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    media_type: str
    filename: str
    def __init__(self, data: _Optional[bytes] = ..., media_type: _Optional[str] = ..., filename: _Optional[str] = ...) -> None: ...

class SetTaskVariableDataRequest(_message.Message):
    __slots__ = ("task_id", "name", "data", "value_type", "filename", "mime_type", "encoding", "local")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    VALUE_TYPE_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    ENCODING_FIELD_NUMBER: _ClassVar[int]
    LOCAL_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    name: str
    data: bytes
    value_type: str
    filename: str
    mime_type: str
    encoding: str
    local: bool
    def __init__(self, task_id: _Optional[str] = ..., name: _Optional[str] = ..., data: _Optional[bytes] = ..., value_type: _Optional[str] = ..., filename: _Optional[str] = ..., mime_type: _Optional[str] = ..., encoding: _Optional[str] = ..., local: _Optional[bool] = ...) -> None: ...

class SetTaskVariableDataResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class TaskComment(_message.Message):
    __slots__ = ("id", "user_id", "task_id", "process_instance_id", "time", "message", "root_process_instance_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    ROOT_PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    user_id: str
    task_id: str
    process_instance_id: str
    time: _timestamp_pb2.Timestamp
    message: str
    root_process_instance_id: str
    def __init__(self, id: _Optional[str] = ..., user_id: _Optional[str] = ..., task_id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., message: _Optional[str] = ..., root_process_instance_id: _Optional[str] = ...) -> None: ...

class CreateTaskCommentRequest(_message.Message):
    __slots__ = ("task_id", "message")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    message: str
    def __init__(self, task_id: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class CreateTaskCommentResponse(_message.Message):
    __slots__ = ("comment",)
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    comment: TaskComment
    def __init__(self, comment: _Optional[_Union[TaskComment, _Mapping]] = ...) -> None: ...

class GetTaskCommentsRequest(_message.Message):
    __slots__ = ("task_id", "page_size", "page_token")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    page_size: int
    page_token: str
    def __init__(self, task_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class GetTaskCommentsResponse(_message.Message):
    __slots__ = ("comments", "next_page_token")
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    comments: _containers.RepeatedCompositeFieldContainer[TaskComment]
    next_page_token: str
    def __init__(self, comments: _Optional[_Iterable[_Union[TaskComment, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetTaskCommentRequest(_message.Message):
    __slots__ = ("task_id", "comment_id")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    comment_id: str
    def __init__(self, task_id: _Optional[str] = ..., comment_id: _Optional[str] = ...) -> None: ...

class GetTaskCommentResponse(_message.Message):
    __slots__ = ("comment",)
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    comment: TaskComment
    def __init__(self, comment: _Optional[_Union[TaskComment, _Mapping]] = ...) -> None: ...

class UpdateTaskCommentRequest(_message.Message):
    __slots__ = ("task_id", "comment_id", "message")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    comment_id: str
    message: str
    def __init__(self, task_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class UpdateTaskCommentResponse(_message.Message):
    __slots__ = ("comment",)
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    comment: TaskComment
    def __init__(self, comment: _Optional[_Union[TaskComment, _Mapping]] = ...) -> None: ...

class DeleteTaskCommentRequest(_message.Message):
    __slots__ = ("task_id", "comment_id")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    comment_id: str
    def __init__(self, task_id: _Optional[str] = ..., comment_id: _Optional[str] = ...) -> None: ...

class DeleteTaskCommentResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DeleteTaskCommentsRequest(_message.Message):
    __slots__ = ("task_id",)
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    def __init__(self, task_id: _Optional[str] = ...) -> None: ...

class DeleteTaskCommentsResponse(_message.Message):
    __slots__ = ("deleted_comments",)
    DELETED_COMMENTS_FIELD_NUMBER: _ClassVar[int]
    deleted_comments: int
    def __init__(self, deleted_comments: _Optional[int] = ...) -> None: ...

class TaskAttachment(_message.Message):
    __slots__ = ("id", "name", "description", "type", "url", "task_id", "process_instance_id", "create_time", "root_process_instance_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ROOT_PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    description: str
    type: str
    url: str
    task_id: str
    process_instance_id: str
    create_time: _timestamp_pb2.Timestamp
    root_process_instance_id: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., type: _Optional[str] = ..., url: _Optional[str] = ..., task_id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., root_process_instance_id: _Optional[str] = ...) -> None: ...

class CreateTaskAttachmentRequest(_message.Message):
    __slots__ = ("task_id", "name", "description", "type", "url", "content")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    name: str
    description: str
    type: str
    url: str
    content: bytes
    def __init__(self, task_id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., type: _Optional[str] = ..., url: _Optional[str] = ..., content: _Optional[bytes] = ...) -> None: ...

class CreateTaskAttachmentResponse(_message.Message):
    __slots__ = ("attachment",)
    ATTACHMENT_FIELD_NUMBER: _ClassVar[int]
    attachment: TaskAttachment
    def __init__(self, attachment: _Optional[_Union[TaskAttachment, _Mapping]] = ...) -> None: ...

class GetTaskAttachmentsRequest(_message.Message):
    __slots__ = ("task_id", "page_size", "page_token")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    page_size: int
    page_token: str
    def __init__(self, task_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class GetTaskAttachmentsResponse(_message.Message):
    __slots__ = ("attachments", "next_page_token")
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    attachments: _containers.RepeatedCompositeFieldContainer[TaskAttachment]
    next_page_token: str
    def __init__(self, attachments: _Optional[_Iterable[_Union[TaskAttachment, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetTaskAttachmentRequest(_message.Message):
    __slots__ = ("task_id", "attachment_id")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENT_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    attachment_id: str
    def __init__(self, task_id: _Optional[str] = ..., attachment_id: _Optional[str] = ...) -> None: ...

class GetTaskAttachmentResponse(_message.Message):
    __slots__ = ("attachment",)
    ATTACHMENT_FIELD_NUMBER: _ClassVar[int]
    attachment: TaskAttachment
    def __init__(self, attachment: _Optional[_Union[TaskAttachment, _Mapping]] = ...) -> None: ...

class GetTaskAttachmentDataRequest(_message.Message):
    __slots__ = ("task_id", "attachment_id")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENT_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    attachment_id: str
    def __init__(self, task_id: _Optional[str] = ..., attachment_id: _Optional[str] = ...) -> None: ...

class GetTaskAttachmentDataResponse(_message.Message):
    __slots__ = ("content",)
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    content: bytes
    def __init__(self, content: _Optional[bytes] = ...) -> None: ...

class DeleteTaskAttachmentRequest(_message.Message):
    __slots__ = ("task_id", "attachment_id")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENT_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    attachment_id: str
    def __init__(self, task_id: _Optional[str] = ..., attachment_id: _Optional[str] = ...) -> None: ...

class DeleteTaskAttachmentResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetProcessInstanceCommentsRequest(_message.Message):
    __slots__ = ("process_instance_id", "page_size", "page_token")
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    process_instance_id: str
    page_size: int
    page_token: str
    def __init__(self, process_instance_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class GetProcessInstanceCommentsResponse(_message.Message):
    __slots__ = ("comments", "next_page_token")
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    comments: _containers.RepeatedCompositeFieldContainer[TaskComment]
    next_page_token: str
    def __init__(self, comments: _Optional[_Iterable[_Union[TaskComment, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetProcessInstanceAttachmentsRequest(_message.Message):
    __slots__ = ("process_instance_id", "page_size", "page_token")
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    process_instance_id: str
    page_size: int
    page_token: str
    def __init__(self, process_instance_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class GetProcessInstanceAttachmentsResponse(_message.Message):
    __slots__ = ("attachments", "next_page_token")
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    attachments: _containers.RepeatedCompositeFieldContainer[TaskAttachment]
    next_page_token: str
    def __init__(self, attachments: _Optional[_Iterable[_Union[TaskAttachment, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class QueryTaskCountByCandidateGroupRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class QueryTaskCountByCandidateGroupResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[TaskCountByCandidateGroup]
    def __init__(self, results: _Optional[_Iterable[_Union[TaskCountByCandidateGroup, _Mapping]]] = ...) -> None: ...

class TaskCountByCandidateGroup(_message.Message):
    __slots__ = ("group_name", "task_count")
    GROUP_NAME_FIELD_NUMBER: _ClassVar[int]
    TASK_COUNT_FIELD_NUMBER: _ClassVar[int]
    group_name: str
    task_count: int
    def __init__(self, group_name: _Optional[str] = ..., task_count: _Optional[int] = ...) -> None: ...
