from flowkeeper.engine.v1 import types_pb2 as _types_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Tenant(_message.Message):
    __slots__ = ("id", "name")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class CreateTenantRequest(_message.Message):
    __slots__ = ("tenant",)
    TENANT_FIELD_NUMBER: _ClassVar[int]
    tenant: Tenant
    def __init__(self, tenant: _Optional[_Union[Tenant, _Mapping]] = ...) -> None: ...

class CreateTenantResponse(_message.Message):
    __slots__ = ("tenant",)
    TENANT_FIELD_NUMBER: _ClassVar[int]
    tenant: Tenant
    def __init__(self, tenant: _Optional[_Union[Tenant, _Mapping]] = ...) -> None: ...

class GetTenantRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetTenantResponse(_message.Message):
    __slots__ = ("tenant",)
    TENANT_FIELD_NUMBER: _ClassVar[int]
    tenant: Tenant
    def __init__(self, tenant: _Optional[_Union[Tenant, _Mapping]] = ...) -> None: ...

class QueryTenantsRequest(_message.Message):
    __slots__ = ("id", "id_in", "name", "name_like", "user_member", "group_member", "including_groups_of_user", "sorting", "page")
    ID_FIELD_NUMBER: _ClassVar[int]
    ID_IN_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    USER_MEMBER_FIELD_NUMBER: _ClassVar[int]
    GROUP_MEMBER_FIELD_NUMBER: _ClassVar[int]
    INCLUDING_GROUPS_OF_USER_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    id: str
    id_in: _containers.RepeatedScalarFieldContainer[str]
    name: str
    name_like: str
    user_member: str
    group_member: str
    including_groups_of_user: bool
    sorting: _containers.RepeatedCompositeFieldContainer[TenantSorting]
    page: _types_pb2.OffsetPage
    def __init__(self, id: _Optional[str] = ..., id_in: _Optional[_Iterable[str]] = ..., name: _Optional[str] = ..., name_like: _Optional[str] = ..., user_member: _Optional[str] = ..., group_member: _Optional[str] = ..., including_groups_of_user: _Optional[bool] = ..., sorting: _Optional[_Iterable[_Union[TenantSorting, _Mapping]]] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ...) -> None: ...

class TenantSorting(_message.Message):
    __slots__ = ("sort_by", "sort_order")
    SORT_BY_FIELD_NUMBER: _ClassVar[int]
    SORT_ORDER_FIELD_NUMBER: _ClassVar[int]
    sort_by: str
    sort_order: str
    def __init__(self, sort_by: _Optional[str] = ..., sort_order: _Optional[str] = ...) -> None: ...

class QueryTenantsResponse(_message.Message):
    __slots__ = ("tenants",)
    TENANTS_FIELD_NUMBER: _ClassVar[int]
    tenants: _containers.RepeatedCompositeFieldContainer[Tenant]
    def __init__(self, tenants: _Optional[_Iterable[_Union[Tenant, _Mapping]]] = ...) -> None: ...

class CountTenantsRequest(_message.Message):
    __slots__ = ("id", "id_in", "name", "name_like", "user_member", "group_member", "including_groups_of_user")
    ID_FIELD_NUMBER: _ClassVar[int]
    ID_IN_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    USER_MEMBER_FIELD_NUMBER: _ClassVar[int]
    GROUP_MEMBER_FIELD_NUMBER: _ClassVar[int]
    INCLUDING_GROUPS_OF_USER_FIELD_NUMBER: _ClassVar[int]
    id: str
    id_in: _containers.RepeatedScalarFieldContainer[str]
    name: str
    name_like: str
    user_member: str
    group_member: str
    including_groups_of_user: bool
    def __init__(self, id: _Optional[str] = ..., id_in: _Optional[_Iterable[str]] = ..., name: _Optional[str] = ..., name_like: _Optional[str] = ..., user_member: _Optional[str] = ..., group_member: _Optional[str] = ..., including_groups_of_user: _Optional[bool] = ...) -> None: ...

class CountTenantsResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class UpdateTenantRequest(_message.Message):
    __slots__ = ("tenant", "update_mask")
    TENANT_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    tenant: Tenant
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, tenant: _Optional[_Union[Tenant, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateTenantResponse(_message.Message):
    __slots__ = ("tenant",)
    TENANT_FIELD_NUMBER: _ClassVar[int]
    tenant: Tenant
    def __init__(self, tenant: _Optional[_Union[Tenant, _Mapping]] = ...) -> None: ...

class DeleteTenantRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DeleteTenantResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CreateTenantUserMembershipRequest(_message.Message):
    __slots__ = ("tenant_id", "user_id")
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    tenant_id: str
    user_id: str
    def __init__(self, tenant_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class CreateTenantUserMembershipResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DeleteTenantUserMembershipRequest(_message.Message):
    __slots__ = ("tenant_id", "user_id")
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    tenant_id: str
    user_id: str
    def __init__(self, tenant_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class DeleteTenantUserMembershipResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CreateTenantGroupMembershipRequest(_message.Message):
    __slots__ = ("tenant_id", "group_id")
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    tenant_id: str
    group_id: str
    def __init__(self, tenant_id: _Optional[str] = ..., group_id: _Optional[str] = ...) -> None: ...

class CreateTenantGroupMembershipResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DeleteTenantGroupMembershipRequest(_message.Message):
    __slots__ = ("tenant_id", "group_id")
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    tenant_id: str
    group_id: str
    def __init__(self, tenant_id: _Optional[str] = ..., group_id: _Optional[str] = ...) -> None: ...

class DeleteTenantGroupMembershipResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
