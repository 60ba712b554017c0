import datetime

from flowkeeper.ops.v1 import artifact_pb2 as _artifact_pb2
from flowkeeper.ops.v1 import types_pb2 as _types_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class StageValidationOptionForCreate(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STAGE_VALIDATION_OPTION_FOR_CREATE_UNSPECIFIED: _ClassVar[StageValidationOptionForCreate]
    STAGE_VALIDATION_OPTION_FOR_CREATE_ALLOW_NON_START: _ClassVar[StageValidationOptionForCreate]

class StageValidationOptionForUpdate(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STAGE_VALIDATION_OPTION_FOR_UPDATE_UNSPECIFIED: _ClassVar[StageValidationOptionForUpdate]
    STAGE_VALIDATION_OPTION_FOR_UPDATE_ALLOW_INVALID_TRANSITION: _ClassVar[StageValidationOptionForUpdate]

class FieldValueType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FIELD_VALUE_TYPE_UNSPECIFIED: _ClassVar[FieldValueType]
    FIELD_VALUE_TYPE_INT: _ClassVar[FieldValueType]
    FIELD_VALUE_TYPE_ID: _ClassVar[FieldValueType]
    FIELD_VALUE_TYPE_STRING: _ClassVar[FieldValueType]
    FIELD_VALUE_TYPE_STAGE: _ClassVar[FieldValueType]

class IncidentTimelineEntryKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INCIDENT_TIMELINE_ENTRY_KIND_UNSPECIFIED: _ClassVar[IncidentTimelineEntryKind]
    INCIDENT_TIMELINE_ENTRY_KIND_CREATED: _ClassVar[IncidentTimelineEntryKind]
    INCIDENT_TIMELINE_ENTRY_KIND_UPDATED: _ClassVar[IncidentTimelineEntryKind]
    INCIDENT_TIMELINE_ENTRY_KIND_STAGE_CHANGED: _ClassVar[IncidentTimelineEntryKind]
    INCIDENT_TIMELINE_ENTRY_KIND_DELETED: _ClassVar[IncidentTimelineEntryKind]
STAGE_VALIDATION_OPTION_FOR_CREATE_UNSPECIFIED: StageValidationOptionForCreate
STAGE_VALIDATION_OPTION_FOR_CREATE_ALLOW_NON_START: StageValidationOptionForCreate
STAGE_VALIDATION_OPTION_FOR_UPDATE_UNSPECIFIED: StageValidationOptionForUpdate
STAGE_VALIDATION_OPTION_FOR_UPDATE_ALLOW_INVALID_TRANSITION: StageValidationOptionForUpdate
FIELD_VALUE_TYPE_UNSPECIFIED: FieldValueType
FIELD_VALUE_TYPE_INT: FieldValueType
FIELD_VALUE_TYPE_ID: FieldValueType
FIELD_VALUE_TYPE_STRING: FieldValueType
FIELD_VALUE_TYPE_STAGE: FieldValueType
INCIDENT_TIMELINE_ENTRY_KIND_UNSPECIFIED: IncidentTimelineEntryKind
INCIDENT_TIMELINE_ENTRY_KIND_CREATED: IncidentTimelineEntryKind
INCIDENT_TIMELINE_ENTRY_KIND_UPDATED: IncidentTimelineEntryKind
INCIDENT_TIMELINE_ENTRY_KIND_STAGE_CHANGED: IncidentTimelineEntryKind
INCIDENT_TIMELINE_ENTRY_KIND_DELETED: IncidentTimelineEntryKind

class Incident(_message.Message):
    __slots__ = ("id", "display_id", "created_by", "created_date", "modified_by", "modified_date", "title", "body", "acknowledged_date", "actual_close_date", "identified_date", "mitigated_date", "target_close_date", "applies_to_parts", "artifacts", "owned_by", "pia", "playbooks", "related_docs", "reported_by", "severity", "source", "impact", "stage", "tags", "custom_fields", "custom_schema_fragments", "stock_schema_fragment", "subtype", "sync_metadata", "staged_info", "external_source_data", "version")
    ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_DATE_FIELD_NUMBER: _ClassVar[int]
    MODIFIED_BY_FIELD_NUMBER: _ClassVar[int]
    MODIFIED_DATE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_DATE_FIELD_NUMBER: _ClassVar[int]
    ACTUAL_CLOSE_DATE_FIELD_NUMBER: _ClassVar[int]
    IDENTIFIED_DATE_FIELD_NUMBER: _ClassVar[int]
    MITIGATED_DATE_FIELD_NUMBER: _ClassVar[int]
    TARGET_CLOSE_DATE_FIELD_NUMBER: _ClassVar[int]
    APPLIES_TO_PARTS_FIELD_NUMBER: _ClassVar[int]
    ARTIFACTS_FIELD_NUMBER: _ClassVar[int]
    OWNED_BY_FIELD_NUMBER: _ClassVar[int]
    PIA_FIELD_NUMBER: _ClassVar[int]
    PLAYBOOKS_FIELD_NUMBER: _ClassVar[int]
    RELATED_DOCS_FIELD_NUMBER: _ClassVar[int]
    REPORTED_BY_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    IMPACT_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_FIELDS_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_SCHEMA_FRAGMENTS_FIELD_NUMBER: _ClassVar[int]
    STOCK_SCHEMA_FRAGMENT_FIELD_NUMBER: _ClassVar[int]
    SUBTYPE_FIELD_NUMBER: _ClassVar[int]
    SYNC_METADATA_FIELD_NUMBER: _ClassVar[int]
    STAGED_INFO_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_SOURCE_DATA_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    id: str
    display_id: str
    created_by: _types_pb2.UserSummary
    created_date: _timestamp_pb2.Timestamp
    modified_by: _types_pb2.UserSummary
    modified_date: _timestamp_pb2.Timestamp
    title: str
    body: str
    acknowledged_date: _timestamp_pb2.Timestamp
    actual_close_date: _timestamp_pb2.Timestamp
    identified_date: _timestamp_pb2.Timestamp
    mitigated_date: _timestamp_pb2.Timestamp
    target_close_date: _timestamp_pb2.Timestamp
    applies_to_parts: _containers.RepeatedCompositeFieldContainer[_types_pb2.PartSummary]
    artifacts: _containers.RepeatedCompositeFieldContainer[_artifact_pb2.ArtifactSummary]
    owned_by: _containers.RepeatedCompositeFieldContainer[_types_pb2.UserSummary]
    pia: _containers.RepeatedCompositeFieldContainer[_types_pb2.ArticleSummary]
    playbooks: _containers.RepeatedCompositeFieldContainer[_types_pb2.ArticleSummary]
    related_docs: _containers.RepeatedCompositeFieldContainer[_types_pb2.ArticleSummary]
    reported_by: _types_pb2.EnumValue
    severity: _types_pb2.EnumValue
    source: _types_pb2.EnumValue
    impact: Impact
    stage: _types_pb2.Stage
    tags: _containers.RepeatedCompositeFieldContainer[_types_pb2.TagWithValue]
    custom_fields: _struct_pb2.Struct
    custom_schema_fragments: _containers.RepeatedScalarFieldContainer[str]
    stock_schema_fragment: str
    subtype: str
    sync_metadata: _types_pb2.SyncMetadata
    staged_info: _types_pb2.StagedInfo
    external_source_data: _types_pb2.ExternalSourceData
    version: int
    def __init__(self, id: _Optional[str] = ..., display_id: _Optional[str] = ..., created_by: _Optional[_Union[_types_pb2.UserSummary, _Mapping]] = ..., created_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., modified_by: _Optional[_Union[_types_pb2.UserSummary, _Mapping]] = ..., modified_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., title: _Optional[str] = ..., body: _Optional[str] = ..., acknowledged_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actual_close_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., identified_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., mitigated_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., target_close_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., applies_to_parts: _Optional[_Iterable[_Union[_types_pb2.PartSummary, _Mapping]]] = ..., artifacts: _Optional[_Iterable[_Union[_artifact_pb2.ArtifactSummary, _Mapping]]] = ..., owned_by: _Optional[_Iterable[_Union[_types_pb2.UserSummary, _Mapping]]] = ..., pia: _Optional[_Iterable[_Union[_types_pb2.ArticleSummary, _Mapping]]] = ..., playbooks: _Optional[_Iterable[_Union[_types_pb2.ArticleSummary, _Mapping]]] = ..., related_docs: _Optional[_Iterable[_Union[_types_pb2.ArticleSummary, _Mapping]]] = ..., reported_by: _Optional[_Union[_types_pb2.EnumValue, _Mapping]] = ..., severity: _Optional[_Union[_types_pb2.EnumValue, _Mapping]] = ..., source: _Optional[_Union[_types_pb2.EnumValue, _Mapping]] = ..., impact: _Optional[_Union[Impact, _Mapping]] = ..., stage: _Optional[_Union[_types_pb2.Stage, _Mapping]] = ..., tags: _Optional[_Iterable[_Union[_types_pb2.TagWithValue, _Mapping]]] = ..., custom_fields: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., custom_schema_fragments: _Optional[_Iterable[str]] = ..., stock_schema_fragment: _Optional[str] = ..., subtype: _Optional[str] = ..., sync_metadata: _Optional[_Union[_types_pb2.SyncMetadata, _Mapping]] = ..., staged_info: _Optional[_Union[_types_pb2.StagedInfo, _Mapping]] = ..., external_source_data: _Optional[_Union[_types_pb2.ExternalSourceData, _Mapping]] = ..., version: _Optional[int] = ...) -> None: ...

class Impact(_message.Message):
    __slots__ = ("count", "customer_ids")
    COUNT_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_IDS_FIELD_NUMBER: _ClassVar[int]
    count: _types_pb2.EnumValue
    customer_ids: _containers.RepeatedCompositeFieldContainer[_types_pb2.AccountSummary]
    def __init__(self, count: _Optional[_Union[_types_pb2.EnumValue, _Mapping]] = ..., customer_ids: _Optional[_Iterable[_Union[_types_pb2.AccountSummary, _Mapping]]] = ...) -> None: ...

class StageInput(_message.Message):
    __slots__ = ("stage", "notes")
    STAGE_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    stage: str
    notes: str
    def __init__(self, stage: _Optional[str] = ..., notes: _Optional[str] = ...) -> None: ...

class TagWithValueInput(_message.Message):
    __slots__ = ("tag_id", "value")
    TAG_ID_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    tag_id: str
    value: str
    def __init__(self, tag_id: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...

class CustomSchemaSpec(_message.Message):
    __slots__ = ("apps", "subtype", "tenant_fragment", "validate_required_fields", "drop")
    APPS_FIELD_NUMBER: _ClassVar[int]
    SUBTYPE_FIELD_NUMBER: _ClassVar[int]
    TENANT_FRAGMENT_FIELD_NUMBER: _ClassVar[int]
    VALIDATE_REQUIRED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    DROP_FIELD_NUMBER: _ClassVar[int]
    apps: _containers.RepeatedScalarFieldContainer[str]
    subtype: str
    tenant_fragment: bool
    validate_required_fields: bool
    drop: CustomSchemaSpecDrop
    def __init__(self, apps: _Optional[_Iterable[str]] = ..., subtype: _Optional[str] = ..., tenant_fragment: _Optional[bool] = ..., validate_required_fields: _Optional[bool] = ..., drop: _Optional[_Union[CustomSchemaSpecDrop, _Mapping]] = ...) -> None: ...

class CustomSchemaSpecDrop(_message.Message):
    __slots__ = ("apps", "subtype")
    APPS_FIELD_NUMBER: _ClassVar[int]
    SUBTYPE_FIELD_NUMBER: _ClassVar[int]
    apps: _containers.RepeatedScalarFieldContainer[str]
    subtype: bool
    def __init__(self, apps: _Optional[_Iterable[str]] = ..., subtype: _Optional[bool] = ...) -> None: ...

class CreateImpact(_message.Message):
    __slots__ = ("count", "customer_ids")
    COUNT_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_IDS_FIELD_NUMBER: _ClassVar[int]
    count: int
    customer_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, count: _Optional[int] = ..., customer_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class IdSet(_message.Message):
    __slots__ = ("set",)
    SET_FIELD_NUMBER: _ClassVar[int]
    set: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, set: _Optional[_Iterable[str]] = ...) -> None: ...

class TagSet(_message.Message):
    __slots__ = ("set",)
    SET_FIELD_NUMBER: _ClassVar[int]
    set: _containers.RepeatedCompositeFieldContainer[TagWithValueInput]
    def __init__(self, set: _Optional[_Iterable[_Union[TagWithValueInput, _Mapping]]] = ...) -> None: ...

class UpdateImpact(_message.Message):
    __slots__ = ("count", "customer_ids")
    COUNT_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_IDS_FIELD_NUMBER: _ClassVar[int]
    count: int
    customer_ids: IdSet
    def __init__(self, count: _Optional[int] = ..., customer_ids: _Optional[_Union[IdSet, _Mapping]] = ...) -> None: ...

class SyncInInput(_message.Message):
    __slots__ = ("status", "sync_date", "sync_history", "sync_unit")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SYNC_DATE_FIELD_NUMBER: _ClassVar[int]
    SYNC_HISTORY_FIELD_NUMBER: _ClassVar[int]
    SYNC_UNIT_FIELD_NUMBER: _ClassVar[int]
    status: _types_pb2.SyncInStatus
    sync_date: _timestamp_pb2.Timestamp
    sync_history: str
    sync_unit: str
    def __init__(self, status: _Optional[_Union[_types_pb2.SyncInStatus, str]] = ..., sync_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., sync_history: _Optional[str] = ..., sync_unit: _Optional[str] = ...) -> None: ...

class SyncOutInput(_message.Message):
    __slots__ = ("status", "sync_date", "sync_history", "sync_unit")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SYNC_DATE_FIELD_NUMBER: _ClassVar[int]
    SYNC_HISTORY_FIELD_NUMBER: _ClassVar[int]
    SYNC_UNIT_FIELD_NUMBER: _ClassVar[int]
    status: _types_pb2.SyncOutStatus
    sync_date: _timestamp_pb2.Timestamp
    sync_history: str
    sync_unit: str
    def __init__(self, status: _Optional[_Union[_types_pb2.SyncOutStatus, str]] = ..., sync_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., sync_history: _Optional[str] = ..., sync_unit: _Optional[str] = ...) -> None: ...

class SyncMetadataInput(_message.Message):
    __slots__ = ("external_record_id", "external_record_type", "external_reference", "origin_system", "last_sync_in", "last_sync_out")
    EXTERNAL_RECORD_ID_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_RECORD_TYPE_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_SYSTEM_FIELD_NUMBER: _ClassVar[int]
    LAST_SYNC_IN_FIELD_NUMBER: _ClassVar[int]
    LAST_SYNC_OUT_FIELD_NUMBER: _ClassVar[int]
    external_record_id: str
    external_record_type: str
    external_reference: str
    origin_system: str
    last_sync_in: SyncInInput
    last_sync_out: SyncOutInput
    def __init__(self, external_record_id: _Optional[str] = ..., external_record_type: _Optional[str] = ..., external_reference: _Optional[str] = ..., origin_system: _Optional[str] = ..., last_sync_in: _Optional[_Union[SyncInInput, _Mapping]] = ..., last_sync_out: _Optional[_Union[SyncOutInput, _Mapping]] = ...) -> None: ...

class CreateIncidentRequest(_message.Message):
    __slots__ = ("title", "body", "acknowledged_date", "identified_date", "mitigated_date", "target_close_date", "applies_to_parts", "artifacts", "owned_by", "pia", "playbooks", "related_docs", "reported_by", "severity", "source", "custom_fields", "custom_schema_spec", "impact", "stage", "stage_validation_options", "staged_info", "sync_metadata", "external_source_data", "tags", "request_id")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_DATE_FIELD_NUMBER: _ClassVar[int]
    IDENTIFIED_DATE_FIELD_NUMBER: _ClassVar[int]
    MITIGATED_DATE_FIELD_NUMBER: _ClassVar[int]
    TARGET_CLOSE_DATE_FIELD_NUMBER: _ClassVar[int]
    APPLIES_TO_PARTS_FIELD_NUMBER: _ClassVar[int]
    ARTIFACTS_FIELD_NUMBER: _ClassVar[int]
    OWNED_BY_FIELD_NUMBER: _ClassVar[int]
    PIA_FIELD_NUMBER: _ClassVar[int]
    PLAYBOOKS_FIELD_NUMBER: _ClassVar[int]
    RELATED_DOCS_FIELD_NUMBER: _ClassVar[int]
    REPORTED_BY_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_FIELDS_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_SCHEMA_SPEC_FIELD_NUMBER: _ClassVar[int]
    IMPACT_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    STAGE_VALIDATION_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    STAGED_INFO_FIELD_NUMBER: _ClassVar[int]
    SYNC_METADATA_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_SOURCE_DATA_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    title: str
    body: str
    acknowledged_date: _timestamp_pb2.Timestamp
    identified_date: _timestamp_pb2.Timestamp
    mitigated_date: _timestamp_pb2.Timestamp
    target_close_date: _timestamp_pb2.Timestamp
    applies_to_parts: _containers.RepeatedScalarFieldContainer[str]
    artifacts: _containers.RepeatedScalarFieldContainer[str]
    owned_by: _containers.RepeatedScalarFieldContainer[str]
    pia: _containers.RepeatedScalarFieldContainer[str]
    playbooks: _containers.RepeatedScalarFieldContainer[str]
    related_docs: _containers.RepeatedScalarFieldContainer[str]
    reported_by: int
    severity: int
    source: int
    custom_fields: _struct_pb2.Struct
    custom_schema_spec: CustomSchemaSpec
    impact: CreateImpact
    stage: StageInput
    stage_validation_options: _containers.RepeatedScalarFieldContainer[StageValidationOptionForCreate]
    staged_info: _types_pb2.StagedInfo
    sync_metadata: SyncMetadataInput
    external_source_data: _types_pb2.ExternalSourceData
    tags: _containers.RepeatedCompositeFieldContainer[TagWithValueInput]
    request_id: str
    def __init__(self, title: _Optional[str] = ..., body: _Optional[str] = ..., acknowledged_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., identified_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., mitigated_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., target_close_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., applies_to_parts: _Optional[_Iterable[str]] = ..., artifacts: _Optional[_Iterable[str]] = ..., owned_by: _Optional[_Iterable[str]] = ..., pia: _Optional[_Iterable[str]] = ..., playbooks: _Optional[_Iterable[str]] = ..., related_docs: _Optional[_Iterable[str]] = ..., reported_by: _Optional[int] = ..., severity: _Optional[int] = ..., source: _Optional[int] = ..., custom_fields: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., custom_schema_spec: _Optional[_Union[CustomSchemaSpec, _Mapping]] = ..., impact: _Optional[_Union[CreateImpact, _Mapping]] = ..., stage: _Optional[_Union[StageInput, _Mapping]] = ..., stage_validation_options: _Optional[_Iterable[_Union[StageValidationOptionForCreate, str]]] = ..., staged_info: _Optional[_Union[_types_pb2.StagedInfo, _Mapping]] = ..., sync_metadata: _Optional[_Union[SyncMetadataInput, _Mapping]] = ..., external_source_data: _Optional[_Union[_types_pb2.ExternalSourceData, _Mapping]] = ..., tags: _Optional[_Iterable[_Union[TagWithValueInput, _Mapping]]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateIncidentResponse(_message.Message):
    __slots__ = ("incident",)
    INCIDENT_FIELD_NUMBER: _ClassVar[int]
    incident: Incident
    def __init__(self, incident: _Optional[_Union[Incident, _Mapping]] = ...) -> None: ...

class GetIncidentRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetIncidentResponse(_message.Message):
    __slots__ = ("incident",)
    INCIDENT_FIELD_NUMBER: _ClassVar[int]
    incident: Incident
    def __init__(self, incident: _Optional[_Union[Incident, _Mapping]] = ...) -> None: ...

class UpdateIncidentRequest(_message.Message):
    __slots__ = ("id", "title", "body", "acknowledged_date", "identified_date", "mitigated_date", "target_close_date", "applies_to_parts", "artifacts", "owned_by", "pia", "playbooks", "related_docs", "reported_by", "severity", "source", "custom_fields", "custom_schema_spec", "impact", "stage", "stage_validation_options", "staged_info", "sync_metadata", "external_source_data", "tags", "expected_version", "clear_fields")
    ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_DATE_FIELD_NUMBER: _ClassVar[int]
    IDENTIFIED_DATE_FIELD_NUMBER: _ClassVar[int]
    MITIGATED_DATE_FIELD_NUMBER: _ClassVar[int]
    TARGET_CLOSE_DATE_FIELD_NUMBER: _ClassVar[int]
    APPLIES_TO_PARTS_FIELD_NUMBER: _ClassVar[int]
    ARTIFACTS_FIELD_NUMBER: _ClassVar[int]
    OWNED_BY_FIELD_NUMBER: _ClassVar[int]
    PIA_FIELD_NUMBER: _ClassVar[int]
    PLAYBOOKS_FIELD_NUMBER: _ClassVar[int]
    RELATED_DOCS_FIELD_NUMBER: _ClassVar[int]
    REPORTED_BY_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_FIELDS_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_SCHEMA_SPEC_FIELD_NUMBER: _ClassVar[int]
    IMPACT_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    STAGE_VALIDATION_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    STAGED_INFO_FIELD_NUMBER: _ClassVar[int]
    SYNC_METADATA_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_SOURCE_DATA_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    CLEAR_FIELDS_FIELD_NUMBER: _ClassVar[int]
    id: str
    title: str
    body: str
    acknowledged_date: _timestamp_pb2.Timestamp
    identified_date: _timestamp_pb2.Timestamp
    mitigated_date: _timestamp_pb2.Timestamp
    target_close_date: _timestamp_pb2.Timestamp
    applies_to_parts: IdSet
    artifacts: IdSet
    owned_by: IdSet
    pia: IdSet
    playbooks: IdSet
    related_docs: IdSet
    reported_by: int
    severity: int
    source: int
    custom_fields: _struct_pb2.Struct
    custom_schema_spec: CustomSchemaSpec
    impact: UpdateImpact
    stage: StageInput
    stage_validation_options: _containers.RepeatedScalarFieldContainer[StageValidationOptionForUpdate]
    staged_info: _types_pb2.StagedInfo
    sync_metadata: SyncMetadataInput
    external_source_data: _types_pb2.ExternalSourceData
    tags: TagSet
    expected_version: int
    clear_fields: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., title: _Optional[str] = ..., body: _Optional[str] = ..., acknowledged_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., identified_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., mitigated_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., target_close_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., applies_to_parts: _Optional[_Union[IdSet, _Mapping]] = ..., artifacts: _Optional[_Union[IdSet, _Mapping]] = ..., owned_by: _Optional[_Union[IdSet, _Mapping]] = ..., pia: _Optional[_Union[IdSet, _Mapping]] = ..., playbooks: _Optional[_Union[IdSet, _Mapping]] = ..., related_docs: _Optional[_Union[IdSet, _Mapping]] = ..., reported_by: _Optional[int] = ..., severity: _Optional[int] = ..., source: _Optional[int] = ..., custom_fields: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., custom_schema_spec: _Optional[_Union[CustomSchemaSpec, _Mapping]] = ..., impact: _Optional[_Union[UpdateImpact, _Mapping]] = ..., stage: _Optional[_Union[StageInput, _Mapping]] = ..., stage_validation_options: _Optional[_Iterable[_Union[StageValidationOptionForUpdate, str]]] = ..., staged_info: _Optional[_Union[_types_pb2.StagedInfo, _Mapping]] = ..., sync_metadata: _Optional[_Union[SyncMetadataInput, _Mapping]] = ..., external_source_data: _Optional[_Union[_types_pb2.ExternalSourceData, _Mapping]] = ..., tags: _Optional[_Union[TagSet, _Mapping]] = ..., expected_version: _Optional[int] = ..., clear_fields: _Optional[_Iterable[str]] = ...) -> None: ...

class UpdateIncidentResponse(_message.Message):
    __slots__ = ("incident",)
    INCIDENT_FIELD_NUMBER: _ClassVar[int]
    incident: Incident
    def __init__(self, incident: _Optional[_Union[Incident, _Mapping]] = ...) -> None: ...

class DeleteIncidentRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DeleteIncidentResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListIncidentsRequest(_message.Message):
    __slots__ = ("applies_to_parts", "created_by", "owned_by", "pia", "playbooks", "related_docs", "impacted_customers", "reported_by", "severity", "source", "stage", "subtype", "title", "custom_fields", "acknowledged_date", "actual_close_date", "created_date", "identified_date", "mitigated_date", "modified_date", "target_close_date", "cursor", "limit", "mode", "sort_by", "staged_info", "sync_metadata")
    APPLIES_TO_PARTS_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    OWNED_BY_FIELD_NUMBER: _ClassVar[int]
    PIA_FIELD_NUMBER: _ClassVar[int]
    PLAYBOOKS_FIELD_NUMBER: _ClassVar[int]
    RELATED_DOCS_FIELD_NUMBER: _ClassVar[int]
    IMPACTED_CUSTOMERS_FIELD_NUMBER: _ClassVar[int]
    REPORTED_BY_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    SUBTYPE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_FIELDS_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_DATE_FIELD_NUMBER: _ClassVar[int]
    ACTUAL_CLOSE_DATE_FIELD_NUMBER: _ClassVar[int]
    CREATED_DATE_FIELD_NUMBER: _ClassVar[int]
    IDENTIFIED_DATE_FIELD_NUMBER: _ClassVar[int]
    MITIGATED_DATE_FIELD_NUMBER: _ClassVar[int]
    MODIFIED_DATE_FIELD_NUMBER: _ClassVar[int]
    TARGET_CLOSE_DATE_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    SORT_BY_FIELD_NUMBER: _ClassVar[int]
    STAGED_INFO_FIELD_NUMBER: _ClassVar[int]
    SYNC_METADATA_FIELD_NUMBER: _ClassVar[int]
    applies_to_parts: _containers.RepeatedScalarFieldContainer[str]
    created_by: _containers.RepeatedScalarFieldContainer[str]
    owned_by: _containers.RepeatedScalarFieldContainer[str]
    pia: _containers.RepeatedScalarFieldContainer[str]
    playbooks: _containers.RepeatedScalarFieldContainer[str]
    related_docs: _containers.RepeatedScalarFieldContainer[str]
    impacted_customers: _containers.RepeatedScalarFieldContainer[str]
    reported_by: _containers.RepeatedScalarFieldContainer[int]
    severity: _containers.RepeatedScalarFieldContainer[int]
    source: _containers.RepeatedScalarFieldContainer[int]
    stage: _containers.RepeatedScalarFieldContainer[str]
    subtype: _containers.RepeatedScalarFieldContainer[str]
    title: _containers.RepeatedScalarFieldContainer[str]
    custom_fields: _struct_pb2.Struct
    acknowledged_date: _types_pb2.DateFilter
    actual_close_date: _types_pb2.DateFilter
    created_date: _types_pb2.DateFilter
    identified_date: _types_pb2.DateFilter
    mitigated_date: _types_pb2.DateFilter
    modified_date: _types_pb2.DateFilter
    target_close_date: _types_pb2.DateFilter
    cursor: str
    limit: int
    mode: _types_pb2.ListMode
    sort_by: _containers.RepeatedScalarFieldContainer[str]
    staged_info: StagedInfoFilter
    sync_metadata: SyncMetadataFilter
    def __init__(self, applies_to_parts: _Optional[_Iterable[str]] = ..., created_by: _Optional[_Iterable[str]] = ..., owned_by: _Optional[_Iterable[str]] = ..., pia: _Optional[_Iterable[str]] = ..., playbooks: _Optional[_Iterable[str]] = ..., related_docs: _Optional[_Iterable[str]] = ..., impacted_customers: _Optional[_Iterable[str]] = ..., reported_by: _Optional[_Iterable[int]] = ..., severity: _Optional[_Iterable[int]] = ..., source: _Optional[_Iterable[int]] = ..., stage: _Optional[_Iterable[str]] = ..., subtype: _Optional[_Iterable[str]] = ..., title: _Optional[_Iterable[str]] = ..., custom_fields: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., acknowledged_date: _Optional[_Union[_types_pb2.DateFilter, _Mapping]] = ..., actual_close_date: _Optional[_Union[_types_pb2.DateFilter, _Mapping]] = ..., created_date: _Optional[_Union[_types_pb2.DateFilter, _Mapping]] = ..., identified_date: _Optional[_Union[_types_pb2.DateFilter, _Mapping]] = ..., mitigated_date: _Optional[_Union[_types_pb2.DateFilter, _Mapping]] = ..., modified_date: _Optional[_Union[_types_pb2.DateFilter, _Mapping]] = ..., target_close_date: _Optional[_Union[_types_pb2.DateFilter, _Mapping]] = ..., cursor: _Optional[str] = ..., limit: _Optional[int] = ..., mode: _Optional[_Union[_types_pb2.ListMode, str]] = ..., sort_by: _Optional[_Iterable[str]] = ..., staged_info: _Optional[_Union[StagedInfoFilter, _Mapping]] = ..., sync_metadata: _Optional[_Union[SyncMetadataFilter, _Mapping]] = ...) -> None: ...

class StagedInfoFilter(_message.Message):
    __slots__ = ("is_staged",)
    IS_STAGED_FIELD_NUMBER: _ClassVar[int]
    is_staged: bool
    def __init__(self, is_staged: _Optional[bool] = ...) -> None: ...

class SyncMetadataFilter(_message.Message):
    __slots__ = ("external_reference", "origin_system", "last_sync_in", "last_sync_out")
    EXTERNAL_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_SYSTEM_FIELD_NUMBER: _ClassVar[int]
    LAST_SYNC_IN_FIELD_NUMBER: _ClassVar[int]
    LAST_SYNC_OUT_FIELD_NUMBER: _ClassVar[int]
    external_reference: _containers.RepeatedScalarFieldContainer[str]
    origin_system: _containers.RepeatedScalarFieldContainer[str]
    last_sync_in: SyncInFilter
    last_sync_out: SyncOutFilter
    def __init__(self, external_reference: _Optional[_Iterable[str]] = ..., origin_system: _Optional[_Iterable[str]] = ..., last_sync_in: _Optional[_Union[SyncInFilter, _Mapping]] = ..., last_sync_out: _Optional[_Union[SyncOutFilter, _Mapping]] = ...) -> None: ...

class SyncInFilter(_message.Message):
    __slots__ = ("status", "sync_history", "sync_unit")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SYNC_HISTORY_FIELD_NUMBER: _ClassVar[int]
    SYNC_UNIT_FIELD_NUMBER: _ClassVar[int]
    status: _containers.RepeatedScalarFieldContainer[_types_pb2.SyncInStatus]
    sync_history: _containers.RepeatedScalarFieldContainer[str]
    sync_unit: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, status: _Optional[_Iterable[_Union[_types_pb2.SyncInStatus, str]]] = ..., sync_history: _Optional[_Iterable[str]] = ..., sync_unit: _Optional[_Iterable[str]] = ...) -> None: ...

class SyncOutFilter(_message.Message):
    __slots__ = ("status", "sync_history", "sync_unit")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SYNC_HISTORY_FIELD_NUMBER: _ClassVar[int]
    SYNC_UNIT_FIELD_NUMBER: _ClassVar[int]
    status: _containers.RepeatedScalarFieldContainer[_types_pb2.SyncOutStatus]
    sync_history: _containers.RepeatedScalarFieldContainer[str]
    sync_unit: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, status: _Optional[_Iterable[_Union[_types_pb2.SyncOutStatus, str]]] = ..., sync_history: _Optional[_Iterable[str]] = ..., sync_unit: _Optional[_Iterable[str]] = ...) -> None: ...

class ListIncidentsResponse(_message.Message):
    __slots__ = ("incidents", "next_cursor", "prev_cursor")
    INCIDENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    PREV_CURSOR_FIELD_NUMBER: _ClassVar[int]
    incidents: _containers.RepeatedCompositeFieldContainer[Incident]
    next_cursor: str
    prev_cursor: str
    def __init__(self, incidents: _Optional[_Iterable[_Union[Incident, _Mapping]]] = ..., next_cursor: _Optional[str] = ..., prev_cursor: _Optional[str] = ...) -> None: ...

class GroupIncidentsRequest(_message.Message):
    __slots__ = ("group_by", "limit", "limit_per_group", "cursor", "mode", "sort_by", "applies_to_parts", "created_by", "owned_by", "pia", "playbooks", "related_docs", "impacted_customers", "reported_by", "severity", "source", "stage", "subtype", "title", "custom_fields", "acknowledged_date", "actual_close_date", "created_date", "identified_date", "mitigated_date", "modified_date", "target_close_date", "staged_info", "sync_metadata")
    GROUP_BY_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    LIMIT_PER_GROUP_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    SORT_BY_FIELD_NUMBER: _ClassVar[int]
    APPLIES_TO_PARTS_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    OWNED_BY_FIELD_NUMBER: _ClassVar[int]
    PIA_FIELD_NUMBER: _ClassVar[int]
    PLAYBOOKS_FIELD_NUMBER: _ClassVar[int]
    RELATED_DOCS_FIELD_NUMBER: _ClassVar[int]
    IMPACTED_CUSTOMERS_FIELD_NUMBER: _ClassVar[int]
    REPORTED_BY_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    SUBTYPE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_FIELDS_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_DATE_FIELD_NUMBER: _ClassVar[int]
    ACTUAL_CLOSE_DATE_FIELD_NUMBER: _ClassVar[int]
    CREATED_DATE_FIELD_NUMBER: _ClassVar[int]
    IDENTIFIED_DATE_FIELD_NUMBER: _ClassVar[int]
    MITIGATED_DATE_FIELD_NUMBER: _ClassVar[int]
    MODIFIED_DATE_FIELD_NUMBER: _ClassVar[int]
    TARGET_CLOSE_DATE_FIELD_NUMBER: _ClassVar[int]
    STAGED_INFO_FIELD_NUMBER: _ClassVar[int]
    SYNC_METADATA_FIELD_NUMBER: _ClassVar[int]
    group_by: str
    limit: int
    limit_per_group: int
    cursor: str
    mode: _types_pb2.ListMode
    sort_by: _containers.RepeatedScalarFieldContainer[str]
    applies_to_parts: _containers.RepeatedScalarFieldContainer[str]
    created_by: _containers.RepeatedScalarFieldContainer[str]
    owned_by: _containers.RepeatedScalarFieldContainer[str]
    pia: _containers.RepeatedScalarFieldContainer[str]
    playbooks: _containers.RepeatedScalarFieldContainer[str]
    related_docs: _containers.RepeatedScalarFieldContainer[str]
    impacted_customers: _containers.RepeatedScalarFieldContainer[str]
    reported_by: _containers.RepeatedScalarFieldContainer[int]
    severity: _containers.RepeatedScalarFieldContainer[int]
    source: _containers.RepeatedScalarFieldContainer[int]
    stage: _containers.RepeatedScalarFieldContainer[str]
    subtype: _containers.RepeatedScalarFieldContainer[str]
    title: _containers.RepeatedScalarFieldContainer[str]
    custom_fields: _struct_pb2.Struct
    acknowledged_date: _types_pb2.DateFilter
    actual_close_date: _types_pb2.DateFilter
    created_date: _types_pb2.DateFilter
    identified_date: _types_pb2.DateFilter
    mitigated_date: _types_pb2.DateFilter
    modified_date: _types_pb2.DateFilter
    target_close_date: _types_pb2.DateFilter
    staged_info: StagedInfoFilter
    sync_metadata: SyncMetadataFilter
    def __init__(self, group_by: _Optional[str] = ..., limit: _Optional[int] = ..., limit_per_group: _Optional[int] = ..., cursor: _Optional[str] = ..., mode: _Optional[_Union[_types_pb2.ListMode, str]] = ..., sort_by: _Optional[_Iterable[str]] = ..., applies_to_parts: _Optional[_Iterable[str]] = ..., created_by: _Optional[_Iterable[str]] = ..., owned_by: _Optional[_Iterable[str]] = ..., pia: _Optional[_Iterable[str]] = ..., playbooks: _Optional[_Iterable[str]] = ..., related_docs: _Optional[_Iterable[str]] = ..., impacted_customers: _Optional[_Iterable[str]] = ..., reported_by: _Optional[_Iterable[int]] = ..., severity: _Optional[_Iterable[int]] = ..., source: _Optional[_Iterable[int]] = ..., stage: _Optional[_Iterable[str]] = ..., subtype: _Optional[_Iterable[str]] = ..., title: _Optional[_Iterable[str]] = ..., custom_fields: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., acknowledged_date: _Optional[_Union[_types_pb2.DateFilter, _Mapping]] = ..., actual_close_date: _Optional[_Union[_types_pb2.DateFilter, _Mapping]] = ..., created_date: _Optional[_Union[_types_pb2.DateFilter, _Mapping]] = ..., identified_date: _Optional[_Union[_types_pb2.DateFilter, _Mapping]] = ..., mitigated_date: _Optional[_Union[_types_pb2.DateFilter, _Mapping]] = ..., modified_date: _Optional[_Union[_types_pb2.DateFilter, _Mapping]] = ..., target_close_date: _Optional[_Union[_types_pb2.DateFilter, _Mapping]] = ..., staged_info: _Optional[_Union[StagedInfoFilter, _Mapping]] = ..., sync_metadata: _Optional[_Union[SyncMetadataFilter, _Mapping]] = ...) -> None: ...

class FieldValue(_message.Message):
    __slots__ = ("type", "display_value", "int_value", "id_value", "string_value")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_VALUE_FIELD_NUMBER: _ClassVar[int]
    INT_VALUE_FIELD_NUMBER: _ClassVar[int]
    ID_VALUE_FIELD_NUMBER: _ClassVar[int]
    STRING_VALUE_FIELD_NUMBER: _ClassVar[int]
    type: FieldValueType
    display_value: str
    int_value: int
    id_value: str
    string_value: str
    def __init__(self, type: _Optional[_Union[FieldValueType, str]] = ..., display_value: _Optional[str] = ..., int_value: _Optional[int] = ..., id_value: _Optional[str] = ..., string_value: _Optional[str] = ...) -> None: ...

class IncidentGroup(_message.Message):
    __slots__ = ("key", "incidents", "total", "next_cursor")
    KEY_FIELD_NUMBER: _ClassVar[int]
    INCIDENTS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    key: FieldValue
    incidents: _containers.RepeatedCompositeFieldContainer[Incident]
    total: int
    next_cursor: str
    def __init__(self, key: _Optional[_Union[FieldValue, _Mapping]] = ..., incidents: _Optional[_Iterable[_Union[Incident, _Mapping]]] = ..., total: _Optional[int] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class GroupIncidentsResponse(_message.Message):
    __slots__ = ("groups", "next_cursor", "prev_cursor")
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    PREV_CURSOR_FIELD_NUMBER: _ClassVar[int]
    groups: _containers.RepeatedCompositeFieldContainer[IncidentGroup]
    next_cursor: str
    prev_cursor: str
    def __init__(self, groups: _Optional[_Iterable[_Union[IncidentGroup, _Mapping]]] = ..., next_cursor: _Optional[str] = ..., prev_cursor: _Optional[str] = ...) -> None: ...

class FieldChange(_message.Message):
    __slots__ = ("field", "old_value", "new_value")
    FIELD_FIELD_NUMBER: _ClassVar[int]
    OLD_VALUE_FIELD_NUMBER: _ClassVar[int]
    NEW_VALUE_FIELD_NUMBER: _ClassVar[int]
    field: str
    old_value: _struct_pb2.Value
    new_value: _struct_pb2.Value
    def __init__(self, field: _Optional[str] = ..., old_value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., new_value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ...) -> None: ...

class IncidentTimelineEntry(_message.Message):
    __slots__ = ("id", "incident_id", "kind", "actor", "created_date", "incident_version", "changes", "notes")
    ID_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    CREATED_DATE_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_VERSION_FIELD_NUMBER: _ClassVar[int]
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    id: str
    incident_id: str
    kind: IncidentTimelineEntryKind
    actor: _types_pb2.UserSummary
    created_date: _timestamp_pb2.Timestamp
    incident_version: int
    changes: _containers.RepeatedCompositeFieldContainer[FieldChange]
    notes: str
    def __init__(self, id: _Optional[str] = ..., incident_id: _Optional[str] = ..., kind: _Optional[_Union[IncidentTimelineEntryKind, str]] = ..., actor: _Optional[_Union[_types_pb2.UserSummary, _Mapping]] = ..., created_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., incident_version: _Optional[int] = ..., changes: _Optional[_Iterable[_Union[FieldChange, _Mapping]]] = ..., notes: _Optional[str] = ...) -> None: ...

class ListIncidentTimelineRequest(_message.Message):
    __slots__ = ("incident_id", "page_size", "page_token")
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    incident_id: str
    page_size: int
    page_token: str
    def __init__(self, incident_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListIncidentTimelineResponse(_message.Message):
    __slots__ = ("entries", "next_page_token")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[IncidentTimelineEntry]
    next_page_token: str
    def __init__(self, entries: _Optional[_Iterable[_Union[IncidentTimelineEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetIncidentStageDiagramRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class StageNode(_message.Message):
    __slots__ = ("stage", "state", "is_start", "transitions")
    STAGE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    IS_START_FIELD_NUMBER: _ClassVar[int]
    TRANSITIONS_FIELD_NUMBER: _ClassVar[int]
    stage: _types_pb2.CustomStageSummary
    state: _types_pb2.CustomStateSummary
    is_start: bool
    transitions: _containers.RepeatedCompositeFieldContainer[_types_pb2.CustomStageSummary]
    def __init__(self, stage: _Optional[_Union[_types_pb2.CustomStageSummary, _Mapping]] = ..., state: _Optional[_Union[_types_pb2.CustomStateSummary, _Mapping]] = ..., is_start: _Optional[bool] = ..., transitions: _Optional[_Iterable[_Union[_types_pb2.CustomStageSummary, _Mapping]]] = ...) -> None: ...

class StageDiagram(_message.Message):
    __slots__ = ("id", "name", "leaf_type", "stages")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    LEAF_TYPE_FIELD_NUMBER: _ClassVar[int]
    STAGES_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    leaf_type: str
    stages: _containers.RepeatedCompositeFieldContainer[StageNode]
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., leaf_type: _Optional[str] = ..., stages: _Optional[_Iterable[_Union[StageNode, _Mapping]]] = ...) -> None: ...

class GetIncidentStageDiagramResponse(_message.Message):
    __slots__ = ("diagram",)
    DIAGRAM_FIELD_NUMBER: _ClassVar[int]
    diagram: StageDiagram
    def __init__(self, diagram: _Optional[_Union[StageDiagram, _Mapping]] = ...) -> None: ...
