import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class FragmentType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FRAGMENT_TYPE_UNSPECIFIED: _ClassVar[FragmentType]
    FRAGMENT_TYPE_TENANT_FRAGMENT: _ClassVar[FragmentType]
    FRAGMENT_TYPE_APP_FRAGMENT: _ClassVar[FragmentType]
    FRAGMENT_TYPE_CUSTOM_TYPE_FRAGMENT: _ClassVar[FragmentType]

class CustomFieldType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CUSTOM_FIELD_TYPE_UNSPECIFIED: _ClassVar[CustomFieldType]
    CUSTOM_FIELD_TYPE_TEXT: _ClassVar[CustomFieldType]
    CUSTOM_FIELD_TYPE_TOKENS: _ClassVar[CustomFieldType]
    CUSTOM_FIELD_TYPE_INT: _ClassVar[CustomFieldType]
    CUSTOM_FIELD_TYPE_DOUBLE: _ClassVar[CustomFieldType]
    CUSTOM_FIELD_TYPE_BOOL: _ClassVar[CustomFieldType]
    CUSTOM_FIELD_TYPE_TIMESTAMP: _ClassVar[CustomFieldType]
    CUSTOM_FIELD_TYPE_DATE: _ClassVar[CustomFieldType]
    CUSTOM_FIELD_TYPE_ENUM: _ClassVar[CustomFieldType]
    CUSTOM_FIELD_TYPE_ID: _ClassVar[CustomFieldType]
FRAGMENT_TYPE_UNSPECIFIED: FragmentType
FRAGMENT_TYPE_TENANT_FRAGMENT: FragmentType
FRAGMENT_TYPE_APP_FRAGMENT: FragmentType
FRAGMENT_TYPE_CUSTOM_TYPE_FRAGMENT: FragmentType
CUSTOM_FIELD_TYPE_UNSPECIFIED: CustomFieldType
CUSTOM_FIELD_TYPE_TEXT: CustomFieldType
CUSTOM_FIELD_TYPE_TOKENS: CustomFieldType
CUSTOM_FIELD_TYPE_INT: CustomFieldType
CUSTOM_FIELD_TYPE_DOUBLE: CustomFieldType
CUSTOM_FIELD_TYPE_BOOL: CustomFieldType
CUSTOM_FIELD_TYPE_TIMESTAMP: CustomFieldType
CUSTOM_FIELD_TYPE_DATE: CustomFieldType
CUSTOM_FIELD_TYPE_ENUM: CustomFieldType
CUSTOM_FIELD_TYPE_ID: CustomFieldType

class CustomField(_message.Message):
    __slots__ = ("name", "field_type", "is_list", "is_required", "description", "allowed_values", "key")
    NAME_FIELD_NUMBER: _ClassVar[int]
    FIELD_TYPE_FIELD_NUMBER: _ClassVar[int]
    IS_LIST_FIELD_NUMBER: _ClassVar[int]
    IS_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_VALUES_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    name: str
    field_type: CustomFieldType
    is_list: bool
    is_required: bool
    description: str
    allowed_values: _containers.RepeatedScalarFieldContainer[str]
    key: str
    def __init__(self, name: _Optional[str] = ..., field_type: _Optional[_Union[CustomFieldType, str]] = ..., is_list: _Optional[bool] = ..., is_required: _Optional[bool] = ..., description: _Optional[str] = ..., allowed_values: _Optional[_Iterable[str]] = ..., key: _Optional[str] = ...) -> None: ...

class CustomSchemaFragment(_message.Message):
    __slots__ = ("id", "leaf_type", "fragment_type", "app", "subtype", "description", "fields", "deprecated", "created_date")
    ID_FIELD_NUMBER: _ClassVar[int]
    LEAF_TYPE_FIELD_NUMBER: _ClassVar[int]
    FRAGMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    APP_FIELD_NUMBER: _ClassVar[int]
    SUBTYPE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    DEPRECATED_FIELD_NUMBER: _ClassVar[int]
    CREATED_DATE_FIELD_NUMBER: _ClassVar[int]
    id: str
    leaf_type: str
    fragment_type: FragmentType
    app: str
    subtype: str
    description: str
    fields: _containers.RepeatedCompositeFieldContainer[CustomField]
    deprecated: bool
    created_date: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., leaf_type: _Optional[str] = ..., fragment_type: _Optional[_Union[FragmentType, str]] = ..., app: _Optional[str] = ..., subtype: _Optional[str] = ..., description: _Optional[str] = ..., fields: _Optional[_Iterable[_Union[CustomField, _Mapping]]] = ..., deprecated: _Optional[bool] = ..., created_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateCustomSchemaFragmentRequest(_message.Message):
    __slots__ = ("leaf_type", "fragment_type", "app", "subtype", "description", "fields")
    LEAF_TYPE_FIELD_NUMBER: _ClassVar[int]
    FRAGMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    APP_FIELD_NUMBER: _ClassVar[int]
    SUBTYPE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    leaf_type: str
    fragment_type: FragmentType
    app: str
    subtype: str
    description: str
    fields: _containers.RepeatedCompositeFieldContainer[CustomField]
    def __init__(self, leaf_type: _Optional[str] = ..., fragment_type: _Optional[_Union[FragmentType, str]] = ..., app: _Optional[str] = ..., subtype: _Optional[str] = ..., description: _Optional[str] = ..., fields: _Optional[_Iterable[_Union[CustomField, _Mapping]]] = ...) -> None: ...

class CreateCustomSchemaFragmentResponse(_message.Message):
    __slots__ = ("fragment",)
    FRAGMENT_FIELD_NUMBER: _ClassVar[int]
    fragment: CustomSchemaFragment
    def __init__(self, fragment: _Optional[_Union[CustomSchemaFragment, _Mapping]] = ...) -> None: ...

class GetCustomSchemaFragmentRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetCustomSchemaFragmentResponse(_message.Message):
    __slots__ = ("fragment",)
    FRAGMENT_FIELD_NUMBER: _ClassVar[int]
    fragment: CustomSchemaFragment
    def __init__(self, fragment: _Optional[_Union[CustomSchemaFragment, _Mapping]] = ...) -> None: ...

class ListCustomSchemaFragmentsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListCustomSchemaFragmentsResponse(_message.Message):
    __slots__ = ("fragments", "next_page_token")
    FRAGMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    fragments: _containers.RepeatedCompositeFieldContainer[CustomSchemaFragment]
    next_page_token: str
    def __init__(self, fragments: _Optional[_Iterable[_Union[CustomSchemaFragment, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
