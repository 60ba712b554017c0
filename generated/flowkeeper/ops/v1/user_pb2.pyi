import datetime

from flowkeeper.ops.v1 import artifact_pb2 as _artifact_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class UserState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    USER_STATE_UNSPECIFIED: _ClassVar[UserState]
    USER_STATE_ACTIVE: _ClassVar[UserState]
    USER_STATE_DEACTIVATED: _ClassVar[UserState]
    USER_STATE_DELETED: _ClassVar[UserState]
    USER_STATE_LOCKED: _ClassVar[UserState]
    USER_STATE_SHADOW: _ClassVar[UserState]
    USER_STATE_UNASSIGNED: _ClassVar[UserState]

class UserType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    USER_TYPE_UNSPECIFIED: _ClassVar[UserType]
    USER_TYPE_DEV_USER: _ClassVar[UserType]
    USER_TYPE_REV_USER: _ClassVar[UserType]
    USER_TYPE_SERVICE_ACCOUNT: _ClassVar[UserType]
    USER_TYPE_SYS_USER: _ClassVar[UserType]
USER_STATE_UNSPECIFIED: UserState
USER_STATE_ACTIVE: UserState
USER_STATE_DEACTIVATED: UserState
USER_STATE_DELETED: UserState
USER_STATE_LOCKED: UserState
USER_STATE_SHADOW: UserState
USER_STATE_UNASSIGNED: UserState
USER_TYPE_UNSPECIFIED: UserType
USER_TYPE_DEV_USER: UserType
USER_TYPE_REV_USER: UserType
USER_TYPE_SERVICE_ACCOUNT: UserType
USER_TYPE_SYS_USER: UserType

class User(_message.Message):
    __slots__ = ("id", "display_id", "display_name", "full_name", "email", "state", "created_date", "type", "display_picture")
    ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    FULL_NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CREATED_DATE_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_PICTURE_FIELD_NUMBER: _ClassVar[int]
    id: str
    display_id: str
    display_name: str
    full_name: str
    email: str
    state: UserState
    created_date: _timestamp_pb2.Timestamp
    type: UserType
    display_picture: _artifact_pb2.ArtifactSummary
    def __init__(self, id: _Optional[str] = ..., display_id: _Optional[str] = ..., display_name: _Optional[str] = ..., full_name: _Optional[str] = ..., email: _Optional[str] = ..., state: _Optional[_Union[UserState, str]] = ..., created_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., type: _Optional[_Union[UserType, str]] = ..., display_picture: _Optional[_Union[_artifact_pb2.ArtifactSummary, _Mapping]] = ...) -> None: ...

class CreateUserRequest(_message.Message):
    __slots__ = ("display_name", "full_name", "email", "state", "display_picture_id")
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    FULL_NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_PICTURE_ID_FIELD_NUMBER: _ClassVar[int]
    display_name: str
    full_name: str
    email: str
    state: UserState
    display_picture_id: str
    def __init__(self, display_name: _Optional[str] = ..., full_name: _Optional[str] = ..., email: _Optional[str] = ..., state: _Optional[_Union[UserState, str]] = ..., display_picture_id: _Optional[str] = ...) -> None: ...

class CreateUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class GetUserRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class GetSelfRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetSelfResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class ListUsersRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "member_of_group", "member_of_tenant")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    MEMBER_OF_GROUP_FIELD_NUMBER: _ClassVar[int]
    MEMBER_OF_TENANT_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    member_of_group: str
    member_of_tenant: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., member_of_group: _Optional[str] = ..., member_of_tenant: _Optional[str] = ...) -> None: ...

class ListUsersResponse(_message.Message):
    __slots__ = ("users", "next_page_token")
    USERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    users: _containers.RepeatedCompositeFieldContainer[User]
    next_page_token: str
    def __init__(self, users: _Optional[_Iterable[_Union[User, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
