from flowkeeper.engine.v1 import types_pb2 as _types_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Authorization(_message.Message):
    __slots__ = ("id", "type", "permissions", "user_id", "group_id", "resource_type", "resource_id", "resource_name")
    ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    PERMISSIONS_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    type: int
    permissions: _containers.RepeatedScalarFieldContainer[str]
    user_id: str
    group_id: str
    resource_type: int
    resource_id: str
    resource_name: str
    def __init__(self, id: _Optional[str] = ..., type: _Optional[int] = ..., permissions: _Optional[_Iterable[str]] = ..., user_id: _Optional[str] = ..., group_id: _Optional[str] = ..., resource_type: _Optional[int] = ..., resource_id: _Optional[str] = ..., resource_name: _Optional[str] = ...) -> None: ...

class CreateAuthorizationRequest(_message.Message):
    __slots__ = ("authorization",)
    AUTHORIZATION_FIELD_NUMBER: _ClassVar[int]
    authorization: Authorization
    def __init__(self, authorization: _Optional[_Union[Authorization, _Mapping]] = ...) -> None: ...

class CreateAuthorizationResponse(_message.Message):
    __slots__ = ("authorization",)
    AUTHORIZATION_FIELD_NUMBER: _ClassVar[int]
    authorization: Authorization
    def __init__(self, authorization: _Optional[_Union[Authorization, _Mapping]] = ...) -> None: ...

class GetAuthorizationRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetAuthorizationResponse(_message.Message):
    __slots__ = ("authorization",)
    AUTHORIZATION_FIELD_NUMBER: _ClassVar[int]
    authorization: Authorization
    def __init__(self, authorization: _Optional[_Union[Authorization, _Mapping]] = ...) -> None: ...

class QueryAuthorizationsRequest(_message.Message):
    __slots__ = ("id", "type", "user_id_in", "group_id_in", "resource_type", "resource_id", "sorting", "page")
    ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    USER_ID_IN_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_IN_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    id: str
    type: int
    user_id_in: _containers.RepeatedScalarFieldContainer[str]
    group_id_in: _containers.RepeatedScalarFieldContainer[str]
    resource_type: int
    resource_id: str
    sorting: _containers.RepeatedCompositeFieldContainer[AuthorizationSorting]
    page: _types_pb2.OffsetPage
    def __init__(self, id: _Optional[str] = ..., type: _Optional[int] = ..., user_id_in: _Optional[_Iterable[str]] = ..., group_id_in: _Optional[_Iterable[str]] = ..., resource_type: _Optional[int] = ..., resource_id: _Optional[str] = ..., sorting: _Optional[_Iterable[_Union[AuthorizationSorting, _Mapping]]] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ...) -> None: ...

class AuthorizationSorting(_message.Message):
    __slots__ = ("sort_by", "sort_order")
    SORT_BY_FIELD_NUMBER: _ClassVar[int]
    SORT_ORDER_FIELD_NUMBER: _ClassVar[int]
    sort_by: str
    sort_order: str
    def __init__(self, sort_by: _Optional[str] = ..., sort_order: _Optional[str] = ...) -> None: ...

class QueryAuthorizationsResponse(_message.Message):
    __slots__ = ("authorizations",)
    AUTHORIZATIONS_FIELD_NUMBER: _ClassVar[int]
    authorizations: _containers.RepeatedCompositeFieldContainer[Authorization]
    def __init__(self, authorizations: _Optional[_Iterable[_Union[Authorization, _Mapping]]] = ...) -> None: ...

class CountAuthorizationsRequest(_message.Message):
    __slots__ = ("id", "type", "user_id_in", "group_id_in", "resource_type", "resource_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    USER_ID_IN_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_IN_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    type: int
    user_id_in: _containers.RepeatedScalarFieldContainer[str]
    group_id_in: _containers.RepeatedScalarFieldContainer[str]
    resource_type: int
    resource_id: str
    def __init__(self, id: _Optional[str] = ..., type: _Optional[int] = ..., user_id_in: _Optional[_Iterable[str]] = ..., group_id_in: _Optional[_Iterable[str]] = ..., resource_type: _Optional[int] = ..., resource_id: _Optional[str] = ...) -> None: ...

class CountAuthorizationsResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class UpdateAuthorizationRequest(_message.Message):
    __slots__ = ("authorization", "update_mask")
    AUTHORIZATION_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    authorization: Authorization
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, authorization: _Optional[_Union[Authorization, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateAuthorizationResponse(_message.Message):
    __slots__ = ("authorization",)
    AUTHORIZATION_FIELD_NUMBER: _ClassVar[int]
    authorization: Authorization
    def __init__(self, authorization: _Optional[_Union[Authorization, _Mapping]] = ...) -> None: ...

class DeleteAuthorizationRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DeleteAuthorizationResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CheckAuthorizationRequest(_message.Message):
    __slots__ = ("permission_name", "resource_name", "resource_type", "resource_id", "user_id")
    PERMISSION_NAME_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    permission_name: str
    resource_name: str
    resource_type: int
    resource_id: str
    user_id: str
    def __init__(self, permission_name: _Optional[str] = ..., resource_name: _Optional[str] = ..., resource_type: _Optional[int] = ..., resource_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class CheckAuthorizationResponse(_message.Message):
    __slots__ = ("authorized", "permission_name", "resource_name", "resource_id", "user_id", "resource_type")
    AUTHORIZED_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_NAME_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    authorized: bool
    permission_name: str
    resource_name: str
    resource_id: str
    user_id: str
    resource_type: int
    def __init__(self, authorized: _Optional[bool] = ..., permission_name: _Optional[str] = ..., resource_name: _Optional[str] = ..., resource_id: _Optional[str] = ..., user_id: _Optional[str] = ..., resource_type: _Optional[int] = ...) -> None: ...
