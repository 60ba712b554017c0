from flowkeeper.engine.v1 import batch_pb2 as _batch_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as _process_instance_pb2
from flowkeeper.engine.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MigrationInstruction(_message.Message):
    __slots__ = ("source_activity_ids", "target_activity_ids", "update_event_trigger")
    SOURCE_ACTIVITY_IDS_FIELD_NUMBER: _ClassVar[int]
    TARGET_ACTIVITY_IDS_FIELD_NUMBER: _ClassVar[int]
    UPDATE_EVENT_TRIGGER_FIELD_NUMBER: _ClassVar[int]
    source_activity_ids: _containers.RepeatedScalarFieldContainer[str]
    target_activity_ids: _containers.RepeatedScalarFieldContainer[str]
    update_event_trigger: bool
    def __init__(self, source_activity_ids: _Optional[_Iterable[str]] = ..., target_activity_ids: _Optional[_Iterable[str]] = ..., update_event_trigger: _Optional[bool] = ...) -> None: ...

class MigrationPlan(_message.Message):
    __slots__ = ("source_process_definition_id", "target_process_definition_id", "instructions", "variables")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    SOURCE_PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    INSTRUCTIONS_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    source_process_definition_id: str
    target_process_definition_id: str
    instructions: _containers.RepeatedCompositeFieldContainer[MigrationInstruction]
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    def __init__(self, source_process_definition_id: _Optional[str] = ..., target_process_definition_id: _Optional[str] = ..., instructions: _Optional[_Iterable[_Union[MigrationInstruction, _Mapping]]] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ...) -> None: ...

class MigrationFailure(_message.Message):
    __slots__ = ("reason", "description")
    REASON_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    reason: str
    description: str
    def __init__(self, reason: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class MigrationInstructionReport(_message.Message):
    __slots__ = ("index", "instruction", "failures")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    INSTRUCTION_FIELD_NUMBER: _ClassVar[int]
    FAILURES_FIELD_NUMBER: _ClassVar[int]
    index: int
    instruction: MigrationInstruction
    failures: _containers.RepeatedCompositeFieldContainer[MigrationFailure]
    def __init__(self, index: _Optional[int] = ..., instruction: _Optional[_Union[MigrationInstruction, _Mapping]] = ..., failures: _Optional[_Iterable[_Union[MigrationFailure, _Mapping]]] = ...) -> None: ...

class GenerateMigrationPlanRequest(_message.Message):
    __slots__ = ("source_process_definition_id", "target_process_definition_id", "update_event_triggers", "variables")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    SOURCE_PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    UPDATE_EVENT_TRIGGERS_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    source_process_definition_id: str
    target_process_definition_id: str
    update_event_triggers: bool
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    def __init__(self, source_process_definition_id: _Optional[str] = ..., target_process_definition_id: _Optional[str] = ..., update_event_triggers: _Optional[bool] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ...) -> None: ...

class GenerateMigrationPlanResponse(_message.Message):
    __slots__ = ("migration_plan",)
    MIGRATION_PLAN_FIELD_NUMBER: _ClassVar[int]
    migration_plan: MigrationPlan
    def __init__(self, migration_plan: _Optional[_Union[MigrationPlan, _Mapping]] = ...) -> None: ...

class ValidateMigrationPlanRequest(_message.Message):
    __slots__ = ("migration_plan",)
    MIGRATION_PLAN_FIELD_NUMBER: _ClassVar[int]
    migration_plan: MigrationPlan
    def __init__(self, migration_plan: _Optional[_Union[MigrationPlan, _Mapping]] = ...) -> None: ...

class ValidateMigrationPlanResponse(_message.Message):
    __slots__ = ("instruction_reports",)
    INSTRUCTION_REPORTS_FIELD_NUMBER: _ClassVar[int]
    instruction_reports: _containers.RepeatedCompositeFieldContainer[MigrationInstructionReport]
    def __init__(self, instruction_reports: _Optional[_Iterable[_Union[MigrationInstructionReport, _Mapping]]] = ...) -> None: ...

class ExecuteMigrationPlanRequest(_message.Message):
    __slots__ = ("migration_plan", "process_instance_ids", "process_instance_query", "skip_custom_listeners", "skip_io_mappings")
    MIGRATION_PLAN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_IDS_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_QUERY_FIELD_NUMBER: _ClassVar[int]
    SKIP_CUSTOM_LISTENERS_FIELD_NUMBER: _ClassVar[int]
    SKIP_IO_MAPPINGS_FIELD_NUMBER: _ClassVar[int]
    migration_plan: MigrationPlan
    process_instance_ids: _containers.RepeatedScalarFieldContainer[str]
    process_instance_query: _process_instance_pb2.CountProcessInstancesRequest
    skip_custom_listeners: bool
    skip_io_mappings: bool
    def __init__(self, migration_plan: _Optional[_Union[MigrationPlan, _Mapping]] = ..., process_instance_ids: _Optional[_Iterable[str]] = ..., process_instance_query: _Optional[_Union[_process_instance_pb2.CountProcessInstancesRequest, _Mapping]] = ..., skip_custom_listeners: _Optional[bool] = ..., skip_io_mappings: _Optional[bool] = ...) -> None: ...

class ExecuteMigrationPlanResponse(_message.Message):
    __slots__ = ("process_instance_ids",)
    PROCESS_INSTANCE_IDS_FIELD_NUMBER: _ClassVar[int]
    process_instance_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, process_instance_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ExecuteMigrationPlanAsyncRequest(_message.Message):
    __slots__ = ("migration_plan", "process_instance_ids", "process_instance_query", "skip_custom_listeners", "skip_io_mappings")
    MIGRATION_PLAN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_IDS_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_QUERY_FIELD_NUMBER: _ClassVar[int]
    SKIP_CUSTOM_LISTENERS_FIELD_NUMBER: _ClassVar[int]
    SKIP_IO_MAPPINGS_FIELD_NUMBER: _ClassVar[int]
    migration_plan: MigrationPlan
    process_instance_ids: _containers.RepeatedScalarFieldContainer[str]
    process_instance_query: _process_instance_pb2.CountProcessInstancesRequest
    skip_custom_listeners: bool
    skip_io_mappings: bool
    def __init__(self, migration_plan: _Optional[_Union[MigrationPlan, _Mapping]] = ..., process_instance_ids: _Optional[_Iterable[str]] = ..., process_instance_query: _Optional[_Union[_process_instance_pb2.CountProcessInstancesRequest, _Mapping]] = ..., skip_custom_listeners: _Optional[bool] = ..., skip_io_mappings: _Optional[bool] = ...) -> None: ...

class ExecuteMigrationPlanAsyncResponse(_message.Message):
    __slots__ = ("batch",)
    BATCH_FIELD_NUMBER: _ClassVar[int]
    batch: _batch_pb2.Batch
    def __init__(self, batch: _Optional[_Union[_batch_pb2.Batch, _Mapping]] = ...) -> None: ...
