import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ProcessStepParam(_message.Message):
    __slots__ = ("str_value", "long_value", "double_value", "type")
    class Type(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        TYPE_UNSPECIFIED: _ClassVar[ProcessStepParam.Type]
        TYPE_STRING: _ClassVar[ProcessStepParam.Type]
        TYPE_LONG: _ClassVar[ProcessStepParam.Type]
        TYPE_DOUBLE: _ClassVar[ProcessStepParam.Type]
    TYPE_UNSPECIFIED: ProcessStepParam.Type
    TYPE_STRING: ProcessStepParam.Type
    TYPE_LONG: ProcessStepParam.Type
    TYPE_DOUBLE: ProcessStepParam.Type
    STR_VALUE_FIELD_NUMBER: _ClassVar[int]
    LONG_VALUE_FIELD_NUMBER: _ClassVar[int]
    DOUBLE_VALUE_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    str_value: str
    long_value: int
    double_value: float
    type: ProcessStepParam.Type
    def __init__(self, str_value: _Optional[str] = ..., long_value: _Optional[int] = ..., double_value: _Optional[float] = ..., type: _Optional[_Union[ProcessStepParam.Type, str]] = ...) -> None: ...

class ProcessStep(_message.Message):
    __slots__ = ("id", "process_instance_id", "process_definition_id", "execution_id", "activity_id", "tenant_id", "kind", "external_task_id", "job_id", "called_process_instance_id", "state", "params", "attempts", "last_error", "incident_id", "create_time", "start_time", "failed_time", "end_time")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[ProcessStep.State]
        STATE_PENDING: _ClassVar[ProcessStep.State]
        STATE_STARTED: _ClassVar[ProcessStep.State]
        STATE_COMPLETED: _ClassVar[ProcessStep.State]
        STATE_FAILED: _ClassVar[ProcessStep.State]
        STATE_CANCELED: _ClassVar[ProcessStep.State]
    STATE_UNSPECIFIED: ProcessStep.State
    STATE_PENDING: ProcessStep.State
    STATE_STARTED: ProcessStep.State
    STATE_COMPLETED: ProcessStep.State
    STATE_FAILED: ProcessStep.State
    STATE_CANCELED: ProcessStep.State
    class Kind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        KIND_UNSPECIFIED: _ClassVar[ProcessStep.Kind]
        KIND_EXTERNAL_TASK: _ClassVar[ProcessStep.Kind]
        KIND_JOB: _ClassVar[ProcessStep.Kind]
        KIND_CALL_ACTIVITY: _ClassVar[ProcessStep.Kind]
    KIND_UNSPECIFIED: ProcessStep.Kind
    KIND_EXTERNAL_TASK: ProcessStep.Kind
    KIND_JOB: ProcessStep.Kind
    KIND_CALL_ACTIVITY: ProcessStep.Kind
    class ParamsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: ProcessStepParam
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[ProcessStepParam, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_TASK_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    CALLED_PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PARAMS_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    LAST_ERROR_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    FAILED_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    process_instance_id: str
    process_definition_id: str
    execution_id: str
    activity_id: str
    tenant_id: str
    kind: ProcessStep.Kind
    external_task_id: str
    job_id: str
    called_process_instance_id: str
    state: ProcessStep.State
    params: _containers.MessageMap[str, ProcessStepParam]
    attempts: int
    last_error: str
    incident_id: str
    create_time: _timestamp_pb2.Timestamp
    start_time: _timestamp_pb2.Timestamp
    failed_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., execution_id: _Optional[str] = ..., activity_id: _Optional[str] = ..., tenant_id: _Optional[str] = ..., kind: _Optional[_Union[ProcessStep.Kind, str]] = ..., external_task_id: _Optional[str] = ..., job_id: _Optional[str] = ..., called_process_instance_id: _Optional[str] = ..., state: _Optional[_Union[ProcessStep.State, str]] = ..., params: _Optional[_Mapping[str, ProcessStepParam]] = ..., attempts: _Optional[int] = ..., last_error: _Optional[str] = ..., incident_id: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., failed_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RestartFailedStepRequest(_message.Message):
    __slots__ = ("process_step_id", "params")
    class ParamsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: ProcessStepParam
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[ProcessStepParam, _Mapping]] = ...) -> None: ...
    PROCESS_STEP_ID_FIELD_NUMBER: _ClassVar[int]
    PARAMS_FIELD_NUMBER: _ClassVar[int]
    process_step_id: str
    params: _containers.MessageMap[str, ProcessStepParam]
    def __init__(self, process_step_id: _Optional[str] = ..., params: _Optional[_Mapping[str, ProcessStepParam]] = ...) -> None: ...

class ProcessStepData(_message.Message):
    __slots__ = ("process_id", "process_step_id", "params")
    class ParamsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: ProcessStepParam
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[ProcessStepParam, _Mapping]] = ...) -> None: ...
    PROCESS_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_STEP_ID_FIELD_NUMBER: _ClassVar[int]
    PARAMS_FIELD_NUMBER: _ClassVar[int]
    process_id: str
    process_step_id: str
    params: _containers.MessageMap[str, ProcessStepParam]
    def __init__(self, process_id: _Optional[str] = ..., process_step_id: _Optional[str] = ..., params: _Optional[_Mapping[str, ProcessStepParam]] = ...) -> None: ...

class RestartFailedStepResponse(_message.Message):
    __slots__ = ("message", "timestamp", "data", "version")
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    message: str
    timestamp: _timestamp_pb2.Timestamp
    data: ProcessStepData
    version: str
    def __init__(self, message: _Optional[str] = ..., timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., data: _Optional[_Union[ProcessStepData, _Mapping]] = ..., version: _Optional[str] = ...) -> None: ...

class CompleteStepRequest(_message.Message):
    __slots__ = ("process_step_id", "params")
    class ParamsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: ProcessStepParam
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[ProcessStepParam, _Mapping]] = ...) -> None: ...
    PROCESS_STEP_ID_FIELD_NUMBER: _ClassVar[int]
    PARAMS_FIELD_NUMBER: _ClassVar[int]
    process_step_id: str
    params: _containers.MessageMap[str, ProcessStepParam]
    def __init__(self, process_step_id: _Optional[str] = ..., params: _Optional[_Mapping[str, ProcessStepParam]] = ...) -> None: ...

class CompleteStepResponse(_message.Message):
    __slots__ = ("message", "timestamp", "data", "version")
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    message: str
    timestamp: _timestamp_pb2.Timestamp
    data: ProcessStepData
    version: str
    def __init__(self, message: _Optional[str] = ..., timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., data: _Optional[_Union[ProcessStepData, _Mapping]] = ..., version: _Optional[str] = ...) -> None: ...

class GetProcessStepRequest(_message.Message):
    __slots__ = ("process_step_id",)
    PROCESS_STEP_ID_FIELD_NUMBER: _ClassVar[int]
    process_step_id: str
    def __init__(self, process_step_id: _Optional[str] = ...) -> None: ...

class GetProcessStepResponse(_message.Message):
    __slots__ = ("process_step",)
    PROCESS_STEP_FIELD_NUMBER: _ClassVar[int]
    process_step: ProcessStep
    def __init__(self, process_step: _Optional[_Union[ProcessStep, _Mapping]] = ...) -> None: ...

class ListProcessStepsRequest(_message.Message):
    __slots__ = ("process_instance_id", "execution_id", "activity_id", "states", "page_size", "page_token")
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    STATES_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    process_instance_id: str
    execution_id: str
    activity_id: str
    states: _containers.RepeatedScalarFieldContainer[ProcessStep.State]
    page_size: int
    page_token: str
    def __init__(self, process_instance_id: _Optional[str] = ..., execution_id: _Optional[str] = ..., activity_id: _Optional[str] = ..., states: _Optional[_Iterable[_Union[ProcessStep.State, str]]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListProcessStepsResponse(_message.Message):
    __slots__ = ("process_steps", "next_page_token")
    PROCESS_STEPS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    process_steps: _containers.RepeatedCompositeFieldContainer[ProcessStep]
    next_page_token: str
    def __init__(self, process_steps: _Optional[_Iterable[_Union[ProcessStep, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
