from flowkeeper.engine.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Form(_message.Message):
    __slots__ = ("key", "camunda_form_ref", "fields")
    KEY_FIELD_NUMBER: _ClassVar[int]
    CAMUNDA_FORM_REF_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    key: str
    camunda_form_ref: CamundaFormRef
    fields: _containers.RepeatedCompositeFieldContainer[FormField]
    def __init__(self, key: _Optional[str] = ..., camunda_form_ref: _Optional[_Union[CamundaFormRef, _Mapping]] = ..., fields: _Optional[_Iterable[_Union[FormField, _Mapping]]] = ...) -> None: ...

class CamundaFormRef(_message.Message):
    __slots__ = ("key", "binding", "version")
    KEY_FIELD_NUMBER: _ClassVar[int]
    BINDING_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    key: str
    binding: str
    version: int
    def __init__(self, key: _Optional[str] = ..., binding: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class FormField(_message.Message):
    __slots__ = ("id", "label", "type", "default_value", "date_pattern", "enum_values", "properties", "validation_constraints", "business_key")
    class PropertiesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_VALUE_FIELD_NUMBER: _ClassVar[int]
    DATE_PATTERN_FIELD_NUMBER: _ClassVar[int]
    ENUM_VALUES_FIELD_NUMBER: _ClassVar[int]
    PROPERTIES_FIELD_NUMBER: _ClassVar[int]
    VALIDATION_CONSTRAINTS_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    id: str
    label: str
    type: str
    default_value: _types_pb2.TypedValue
    date_pattern: str
    enum_values: _containers.RepeatedCompositeFieldContainer[FormFieldEnumValue]
    properties: _containers.ScalarMap[str, str]
    validation_constraints: _containers.RepeatedCompositeFieldContainer[FormFieldConstraint]
    business_key: bool
    def __init__(self, id: _Optional[str] = ..., label: _Optional[str] = ..., type: _Optional[str] = ..., default_value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ..., date_pattern: _Optional[str] = ..., enum_values: _Optional[_Iterable[_Union[FormFieldEnumValue, _Mapping]]] = ..., properties: _Optional[_Mapping[str, str]] = ..., validation_constraints: _Optional[_Iterable[_Union[FormFieldConstraint, _Mapping]]] = ..., business_key: _Optional[bool] = ...) -> None: ...

class FormFieldEnumValue(_message.Message):
    __slots__ = ("id", "name")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class FormFieldConstraint(_message.Message):
    __slots__ = ("name", "config")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    name: str
    config: str
    def __init__(self, name: _Optional[str] = ..., config: _Optional[str] = ...) -> None: ...
