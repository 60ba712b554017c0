from flowkeeper.engine.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CorrelateMessageRequest(_message.Message):
    __slots__ = ("message_name", "business_key", "process_instance_id", "correlation_keys", "local_correlation_keys", "process_variables", "process_variables_local", "tenant_id", "without_tenant_id", "all", "variables_in_result_enabled")
    class CorrelationKeysEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    class LocalCorrelationKeysEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    class ProcessVariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    class ProcessVariablesLocalEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    MESSAGE_NAME_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CORRELATION_KEYS_FIELD_NUMBER: _ClassVar[int]
    LOCAL_CORRELATION_KEYS_FIELD_NUMBER: _ClassVar[int]
    PROCESS_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    PROCESS_VARIABLES_LOCAL_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    ALL_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_IN_RESULT_ENABLED_FIELD_NUMBER: _ClassVar[int]
    message_name: str
    business_key: str
    process_instance_id: str
    correlation_keys: _containers.MessageMap[str, _types_pb2.TypedValue]
    local_correlation_keys: _containers.MessageMap[str, _types_pb2.TypedValue]
    process_variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    process_variables_local: _containers.MessageMap[str, _types_pb2.TypedValue]
    tenant_id: str
    without_tenant_id: bool
    all: bool
    variables_in_result_enabled: bool
    def __init__(self, message_name: _Optional[str] = ..., business_key: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., correlation_keys: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., local_correlation_keys: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., process_variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., process_variables_local: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., tenant_id: _Optional[str] = ..., without_tenant_id: _Optional[bool] = ..., all: _Optional[bool] = ..., variables_in_result_enabled: _Optional[bool] = ...) -> None: ...

class MessageCorrelationResult(_message.Message):
    __slots__ = ("result_type", "process_instance_id", "execution_id", "process_definition_id", "variables")
    class ResultType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        RESULT_TYPE_UNSPECIFIED: _ClassVar[MessageCorrelationResult.ResultType]
        RESULT_TYPE_EXECUTION: _ClassVar[MessageCorrelationResult.ResultType]
        RESULT_TYPE_PROCESS_DEFINITION: _ClassVar[MessageCorrelationResult.ResultType]
    RESULT_TYPE_UNSPECIFIED: MessageCorrelationResult.ResultType
    RESULT_TYPE_EXECUTION: MessageCorrelationResult.ResultType
    RESULT_TYPE_PROCESS_DEFINITION: MessageCorrelationResult.ResultType
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    RESULT_TYPE_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    result_type: MessageCorrelationResult.ResultType
    process_instance_id: str
    execution_id: str
    process_definition_id: str
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    def __init__(self, result_type: _Optional[_Union[MessageCorrelationResult.ResultType, str]] = ..., process_instance_id: _Optional[str] = ..., execution_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ...) -> None: ...

class CorrelateMessageResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[MessageCorrelationResult]
    def __init__(self, results: _Optional[_Iterable[_Union[MessageCorrelationResult, _Mapping]]] = ...) -> None: ...
