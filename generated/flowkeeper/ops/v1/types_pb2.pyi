import datetime

from flowkeeper.ops.v1 import artifact_pb2 as _artifact_pb2
from flowkeeper.ops.v1 import user_pb2 as _user_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PartType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PART_TYPE_UNSPECIFIED: _ClassVar[PartType]
    PART_TYPE_CAPABILITY: _ClassVar[PartType]
    PART_TYPE_ENHANCEMENT: _ClassVar[PartType]
    PART_TYPE_FEATURE: _ClassVar[PartType]
    PART_TYPE_PRODUCT: _ClassVar[PartType]

class ArticleType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ARTICLE_TYPE_UNSPECIFIED: _ClassVar[ArticleType]
    ARTICLE_TYPE_ARTICLE: _ClassVar[ArticleType]
    ARTICLE_TYPE_CONTENT_BLOCK: _ClassVar[ArticleType]
    ARTICLE_TYPE_PAGE: _ClassVar[ArticleType]

class SyncInStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SYNC_IN_STATUS_UNSPECIFIED: _ClassVar[SyncInStatus]
    SYNC_IN_STATUS_FAILED: _ClassVar[SyncInStatus]
    SYNC_IN_STATUS_MODIFIED: _ClassVar[SyncInStatus]
    SYNC_IN_STATUS_STAGED: _ClassVar[SyncInStatus]
    SYNC_IN_STATUS_SUCCEEDED: _ClassVar[SyncInStatus]

class SyncOutStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SYNC_OUT_STATUS_UNSPECIFIED: _ClassVar[SyncOutStatus]
    SYNC_OUT_STATUS_FAILED: _ClassVar[SyncOutStatus]
    SYNC_OUT_STATUS_MODIFIED: _ClassVar[SyncOutStatus]
    SYNC_OUT_STATUS_SUCCEEDED: _ClassVar[SyncOutStatus]

class ExternalSystemType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EXTERNAL_SYSTEM_TYPE_UNSPECIFIED: _ClassVar[ExternalSystemType]
    EXTERNAL_SYSTEM_TYPE_ADAAS: _ClassVar[ExternalSystemType]
    EXTERNAL_SYSTEM_TYPE_CONFLUENCE: _ClassVar[ExternalSystemType]
    EXTERNAL_SYSTEM_TYPE_GITHUB: _ClassVar[ExternalSystemType]
    EXTERNAL_SYSTEM_TYPE_HUBSPOT: _ClassVar[ExternalSystemType]
    EXTERNAL_SYSTEM_TYPE_JIRA: _ClassVar[ExternalSystemType]
    EXTERNAL_SYSTEM_TYPE_JIRA_DATA_CENTER: _ClassVar[ExternalSystemType]
    EXTERNAL_SYSTEM_TYPE_LINEAR: _ClassVar[ExternalSystemType]
    EXTERNAL_SYSTEM_TYPE_ROCKETLANE: _ClassVar[ExternalSystemType]
    EXTERNAL_SYSTEM_TYPE_S3: _ClassVar[ExternalSystemType]
    EXTERNAL_SYSTEM_TYPE_SALESFORCE_SALES: _ClassVar[ExternalSystemType]
    EXTERNAL_SYSTEM_TYPE_SALESFORCE_SERVICE: _ClassVar[ExternalSystemType]
    EXTERNAL_SYSTEM_TYPE_SERVICENOW: _ClassVar[ExternalSystemType]
    EXTERNAL_SYSTEM_TYPE_ZENDESK: _ClassVar[ExternalSystemType]

class SyncUnitSyncType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SYNC_UNIT_SYNC_TYPE_UNSPECIFIED: _ClassVar[SyncUnitSyncType]
    SYNC_UNIT_SYNC_TYPE_MANUAL: _ClassVar[SyncUnitSyncType]
    SYNC_UNIT_SYNC_TYPE_PERIODIC: _ClassVar[SyncUnitSyncType]

class SyncRunMode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SYNC_RUN_MODE_UNSPECIFIED: _ClassVar[SyncRunMode]
    SYNC_RUN_MODE_INITIAL: _ClassVar[SyncRunMode]
    SYNC_RUN_MODE_SYNC_FROM_DEVREV: _ClassVar[SyncRunMode]
    SYNC_RUN_MODE_SYNC_TO_DEVREV: _ClassVar[SyncRunMode]

class SyncProgressState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SYNC_PROGRESS_STATE_UNSPECIFIED: _ClassVar[SyncProgressState]
    SYNC_PROGRESS_STATE_COMPLETED: _ClassVar[SyncProgressState]
    SYNC_PROGRESS_STATE_DELETE_IN_PROGRESS: _ClassVar[SyncProgressState]
    SYNC_PROGRESS_STATE_DELETED: _ClassVar[SyncProgressState]
    SYNC_PROGRESS_STATE_DELETION_ERROR: _ClassVar[SyncProgressState]
    SYNC_PROGRESS_STATE_EXTRACT_ATTACHMENTS: _ClassVar[SyncProgressState]
    SYNC_PROGRESS_STATE_EXTRACT_ATTACHMENTS_ERROR: _ClassVar[SyncProgressState]
    SYNC_PROGRESS_STATE_EXTRACTION: _ClassVar[SyncProgressState]
    SYNC_PROGRESS_STATE_EXTRACTION_ERROR: _ClassVar[SyncProgressState]
    SYNC_PROGRESS_STATE_LOADING: _ClassVar[SyncProgressState]
    SYNC_PROGRESS_STATE_LOADING_ATTACHMENTS: _ClassVar[SyncProgressState]
    SYNC_PROGRESS_STATE_LOADING_ATTACHMENTS_ERROR: _ClassVar[SyncProgressState]
    SYNC_PROGRESS_STATE_LOADING_ERROR: _ClassVar[SyncProgressState]
    SYNC_PROGRESS_STATE_ORCHESTRATION_ERROR: _ClassVar[SyncProgressState]
    SYNC_PROGRESS_STATE_RECIPE_DISCOVERY: _ClassVar[SyncProgressState]
    SYNC_PROGRESS_STATE_RECIPE_DISCOVERY_ERROR: _ClassVar[SyncProgressState]
    SYNC_PROGRESS_STATE_RECIPE_DISCOVERY_WAITING_FOR_USER_INPUT: _ClassVar[SyncProgressState]
    SYNC_PROGRESS_STATE_STARTING: _ClassVar[SyncProgressState]
    SYNC_PROGRESS_STATE_TRANSFORMATION: _ClassVar[SyncProgressState]
    SYNC_PROGRESS_STATE_TRANSFORMATION_ERROR: _ClassVar[SyncProgressState]

class ListMode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LIST_MODE_UNSPECIFIED: _ClassVar[ListMode]
    LIST_MODE_AFTER: _ClassVar[ListMode]
    LIST_MODE_BEFORE: _ClassVar[ListMode]

class DateTimePresetType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DATE_TIME_PRESET_TYPE_UNSPECIFIED: _ClassVar[DateTimePresetType]
    DATE_TIME_PRESET_TYPE_LAST_N_DAYS: _ClassVar[DateTimePresetType]
    DATE_TIME_PRESET_TYPE_NEXT_N_DAYS: _ClassVar[DateTimePresetType]
PART_TYPE_UNSPECIFIED: PartType
PART_TYPE_CAPABILITY: PartType
PART_TYPE_ENHANCEMENT: PartType
PART_TYPE_FEATURE: PartType
PART_TYPE_PRODUCT: PartType
ARTICLE_TYPE_UNSPECIFIED: ArticleType
ARTICLE_TYPE_ARTICLE: ArticleType
ARTICLE_TYPE_CONTENT_BLOCK: ArticleType
ARTICLE_TYPE_PAGE: ArticleType
SYNC_IN_STATUS_UNSPECIFIED: SyncInStatus
SYNC_IN_STATUS_FAILED: SyncInStatus
SYNC_IN_STATUS_MODIFIED: SyncInStatus
SYNC_IN_STATUS_STAGED: SyncInStatus
SYNC_IN_STATUS_SUCCEEDED: SyncInStatus
SYNC_OUT_STATUS_UNSPECIFIED: SyncOutStatus
SYNC_OUT_STATUS_FAILED: SyncOutStatus
SYNC_OUT_STATUS_MODIFIED: SyncOutStatus
SYNC_OUT_STATUS_SUCCEEDED: SyncOutStatus
EXTERNAL_SYSTEM_TYPE_UNSPECIFIED: ExternalSystemType
EXTERNAL_SYSTEM_TYPE_ADAAS: ExternalSystemType
EXTERNAL_SYSTEM_TYPE_CONFLUENCE: ExternalSystemType
EXTERNAL_SYSTEM_TYPE_GITHUB: ExternalSystemType
EXTERNAL_SYSTEM_TYPE_HUBSPOT: ExternalSystemType
EXTERNAL_SYSTEM_TYPE_JIRA: ExternalSystemType
EXTERNAL_SYSTEM_TYPE_JIRA_DATA_CENTER: ExternalSystemType
EXTERNAL_SYSTEM_TYPE_LINEAR: ExternalSystemType
EXTERNAL_SYSTEM_TYPE_ROCKETLANE: ExternalSystemType
EXTERNAL_SYSTEM_TYPE_S3: ExternalSystemType
EXTERNAL_SYSTEM_TYPE_SALESFORCE_SALES: ExternalSystemType
EXTERNAL_SYSTEM_TYPE_SALESFORCE_SERVICE: ExternalSystemType
EXTERNAL_SYSTEM_TYPE_SERVICENOW: ExternalSystemType
EXTERNAL_SYSTEM_TYPE_ZENDESK: ExternalSystemType
SYNC_UNIT_SYNC_TYPE_UNSPECIFIED: SyncUnitSyncType
SYNC_UNIT_SYNC_TYPE_MANUAL: SyncUnitSyncType
SYNC_UNIT_SYNC_TYPE_PERIODIC: SyncUnitSyncType
SYNC_RUN_MODE_UNSPECIFIED: SyncRunMode
SYNC_RUN_MODE_INITIAL: SyncRunMode
SYNC_RUN_MODE_SYNC_FROM_DEVREV: SyncRunMode
SYNC_RUN_MODE_SYNC_TO_DEVREV: SyncRunMode
SYNC_PROGRESS_STATE_UNSPECIFIED: SyncProgressState
SYNC_PROGRESS_STATE_COMPLETED: SyncProgressState
SYNC_PROGRESS_STATE_DELETE_IN_PROGRESS: SyncProgressState
SYNC_PROGRESS_STATE_DELETED: SyncProgressState
SYNC_PROGRESS_STATE_DELETION_ERROR: SyncProgressState
SYNC_PROGRESS_STATE_EXTRACT_ATTACHMENTS: SyncProgressState
SYNC_PROGRESS_STATE_EXTRACT_ATTACHMENTS_ERROR: SyncProgressState
SYNC_PROGRESS_STATE_EXTRACTION: SyncProgressState
SYNC_PROGRESS_STATE_EXTRACTION_ERROR: SyncProgressState
SYNC_PROGRESS_STATE_LOADING: SyncProgressState
SYNC_PROGRESS_STATE_LOADING_ATTACHMENTS: SyncProgressState
SYNC_PROGRESS_STATE_LOADING_ATTACHMENTS_ERROR: SyncProgressState
SYNC_PROGRESS_STATE_LOADING_ERROR: SyncProgressState
SYNC_PROGRESS_STATE_ORCHESTRATION_ERROR: SyncProgressState
SYNC_PROGRESS_STATE_RECIPE_DISCOVERY: SyncProgressState
SYNC_PROGRESS_STATE_RECIPE_DISCOVERY_ERROR: SyncProgressState
SYNC_PROGRESS_STATE_RECIPE_DISCOVERY_WAITING_FOR_USER_INPUT: SyncProgressState
SYNC_PROGRESS_STATE_STARTING: SyncProgressState
SYNC_PROGRESS_STATE_TRANSFORMATION: SyncProgressState
SYNC_PROGRESS_STATE_TRANSFORMATION_ERROR: SyncProgressState
LIST_MODE_UNSPECIFIED: ListMode
LIST_MODE_AFTER: ListMode
LIST_MODE_BEFORE: ListMode
DATE_TIME_PRESET_TYPE_UNSPECIFIED: DateTimePresetType
DATE_TIME_PRESET_TYPE_LAST_N_DAYS: DateTimePresetType
DATE_TIME_PRESET_TYPE_NEXT_N_DAYS: DateTimePresetType

class UserSummary(_message.Message):
    __slots__ = ("type", "id", "display_id", "display_name", "display_picture", "email", "full_name", "state")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_PICTURE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    FULL_NAME_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    type: _user_pb2.UserType
    id: str
    display_id: str
    display_name: str
    display_picture: _artifact_pb2.ArtifactSummary
    email: str
    full_name: str
    state: _user_pb2.UserState
    def __init__(self, type: _Optional[_Union[_user_pb2.UserType, str]] = ..., id: _Optional[str] = ..., display_id: _Optional[str] = ..., display_name: _Optional[str] = ..., display_picture: _Optional[_Union[_artifact_pb2.ArtifactSummary, _Mapping]] = ..., email: _Optional[str] = ..., full_name: _Optional[str] = ..., state: _Optional[_Union[_user_pb2.UserState, str]] = ...) -> None: ...

class SyncMetadataSummary(_message.Message):
    __slots__ = ("external_reference", "origin_system")
    EXTERNAL_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_SYSTEM_FIELD_NUMBER: _ClassVar[int]
    external_reference: str
    origin_system: str
    def __init__(self, external_reference: _Optional[str] = ..., origin_system: _Optional[str] = ...) -> None: ...

class PartSummary(_message.Message):
    __slots__ = ("type", "id", "display_id", "name", "owned_by", "sync_metadata")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OWNED_BY_FIELD_NUMBER: _ClassVar[int]
    SYNC_METADATA_FIELD_NUMBER: _ClassVar[int]
    type: PartType
    id: str
    display_id: str
    name: str
    owned_by: _containers.RepeatedCompositeFieldContainer[UserSummary]
    sync_metadata: SyncMetadataSummary
    def __init__(self, type: _Optional[_Union[PartType, str]] = ..., id: _Optional[str] = ..., display_id: _Optional[str] = ..., name: _Optional[str] = ..., owned_by: _Optional[_Iterable[_Union[UserSummary, _Mapping]]] = ..., sync_metadata: _Optional[_Union[SyncMetadataSummary, _Mapping]] = ...) -> None: ...

class ArticleResource(_message.Message):
    __slots__ = ("artifacts", "url")
    ARTIFACTS_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    artifacts: _containers.RepeatedCompositeFieldContainer[_artifact_pb2.ArtifactSummary]
    url: str
    def __init__(self, artifacts: _Optional[_Iterable[_Union[_artifact_pb2.ArtifactSummary, _Mapping]]] = ..., url: _Optional[str] = ...) -> None: ...

class ArticleSummary(_message.Message):
    __slots__ = ("id", "display_id", "article_type", "resource", "sync_metadata", "title")
    ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_ID_FIELD_NUMBER: _ClassVar[int]
    ARTICLE_TYPE_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_FIELD_NUMBER: _ClassVar[int]
    SYNC_METADATA_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    id: str
    display_id: str
    article_type: ArticleType
    resource: ArticleResource
    sync_metadata: SyncMetadataSummary
    title: str
    def __init__(self, id: _Optional[str] = ..., display_id: _Optional[str] = ..., article_type: _Optional[_Union[ArticleType, str]] = ..., resource: _Optional[_Union[ArticleResource, _Mapping]] = ..., sync_metadata: _Optional[_Union[SyncMetadataSummary, _Mapping]] = ..., title: _Optional[str] = ...) -> None: ...

class AccountSummary(_message.Message):
    __slots__ = ("id", "display_id", "display_name")
    ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    display_id: str
    display_name: str
    def __init__(self, id: _Optional[str] = ..., display_id: _Optional[str] = ..., display_name: _Optional[str] = ...) -> None: ...

class TagStyle(_message.Message):
    __slots__ = ("color",)
    COLOR_FIELD_NUMBER: _ClassVar[int]
    color: str
    def __init__(self, color: _Optional[str] = ...) -> None: ...

class TagSummary(_message.Message):
    __slots__ = ("id", "display_id", "name", "style_new")
    ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    STYLE_NEW_FIELD_NUMBER: _ClassVar[int]
    id: str
    display_id: str
    name: str
    style_new: TagStyle
    def __init__(self, id: _Optional[str] = ..., display_id: _Optional[str] = ..., name: _Optional[str] = ..., style_new: _Optional[_Union[TagStyle, _Mapping]] = ...) -> None: ...

class TagWithValue(_message.Message):
    __slots__ = ("tag", "value")
    TAG_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    tag: TagSummary
    value: str
    def __init__(self, tag: _Optional[_Union[TagSummary, _Mapping]] = ..., value: _Optional[str] = ...) -> None: ...

class EnumValue(_message.Message):
    __slots__ = ("id", "label", "ordinal", "value")
    ID_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    ORDINAL_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    id: int
    label: str
    ordinal: int
    value: _struct_pb2.Value
    def __init__(self, id: _Optional[int] = ..., label: _Optional[str] = ..., ordinal: _Optional[int] = ..., value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ...) -> None: ...

class CustomStageSummary(_message.Message):
    __slots__ = ("id", "display_id", "name")
    ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    display_id: str
    name: str
    def __init__(self, id: _Optional[str] = ..., display_id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class CustomStateSummary(_message.Message):
    __slots__ = ("id", "display_id", "is_final", "name")
    ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_ID_FIELD_NUMBER: _ClassVar[int]
    IS_FINAL_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    display_id: str
    is_final: bool
    name: str
    def __init__(self, id: _Optional[str] = ..., display_id: _Optional[str] = ..., is_final: _Optional[bool] = ..., name: _Optional[str] = ...) -> None: ...

class Stage(_message.Message):
    __slots__ = ("stage", "state")
    STAGE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    stage: CustomStageSummary
    state: CustomStateSummary
    def __init__(self, stage: _Optional[_Union[CustomStageSummary, _Mapping]] = ..., state: _Optional[_Union[CustomStateSummary, _Mapping]] = ...) -> None: ...

class SyncProgressSummary(_message.Message):
    __slots__ = ("state",)
    STATE_FIELD_NUMBER: _ClassVar[int]
    state: SyncProgressState
    def __init__(self, state: _Optional[_Union[SyncProgressState, str]] = ...) -> None: ...

class SyncRunSummary(_message.Message):
    __slots__ = ("mode", "progress")
    MODE_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    mode: SyncRunMode
    progress: SyncProgressSummary
    def __init__(self, mode: _Optional[_Union[SyncRunMode, str]] = ..., progress: _Optional[_Union[SyncProgressSummary, _Mapping]] = ...) -> None: ...

class SyncUnitSummary(_message.Message):
    __slots__ = ("id", "display_id", "name", "is_archived", "external_system_type", "sync_type", "sync_run", "external_sync_unit_name", "external_system_id", "external_system_name")
    ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    IS_ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_SYSTEM_TYPE_FIELD_NUMBER: _ClassVar[int]
    SYNC_TYPE_FIELD_NUMBER: _ClassVar[int]
    SYNC_RUN_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_SYNC_UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_SYSTEM_ID_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_SYSTEM_NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    display_id: str
    name: str
    is_archived: bool
    external_system_type: ExternalSystemType
    sync_type: SyncUnitSyncType
    sync_run: SyncRunSummary
    external_sync_unit_name: str
    external_system_id: str
    external_system_name: str
    def __init__(self, id: _Optional[str] = ..., display_id: _Optional[str] = ..., name: _Optional[str] = ..., is_archived: _Optional[bool] = ..., external_system_type: _Optional[_Union[ExternalSystemType, str]] = ..., sync_type: _Optional[_Union[SyncUnitSyncType, str]] = ..., sync_run: _Optional[_Union[SyncRunSummary, _Mapping]] = ..., external_sync_unit_name: _Optional[str] = ..., external_system_id: _Optional[str] = ..., external_system_name: _Optional[str] = ...) -> None: ...

class SyncIn(_message.Message):
    __slots__ = ("status", "sync_date", "sync_unit", "sync_history")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SYNC_DATE_FIELD_NUMBER: _ClassVar[int]
    SYNC_UNIT_FIELD_NUMBER: _ClassVar[int]
    SYNC_HISTORY_FIELD_NUMBER: _ClassVar[int]
    status: SyncInStatus
    sync_date: _timestamp_pb2.Timestamp
    sync_unit: SyncUnitSummary
    sync_history: str
    def __init__(self, status: _Optional[_Union[SyncInStatus, str]] = ..., sync_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., sync_unit: _Optional[_Union[SyncUnitSummary, _Mapping]] = ..., sync_history: _Optional[str] = ...) -> None: ...

class SyncOut(_message.Message):
    __slots__ = ("status", "sync_date", "sync_unit", "sync_history")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SYNC_DATE_FIELD_NUMBER: _ClassVar[int]
    SYNC_UNIT_FIELD_NUMBER: _ClassVar[int]
    SYNC_HISTORY_FIELD_NUMBER: _ClassVar[int]
    status: SyncOutStatus
    sync_date: _timestamp_pb2.Timestamp
    sync_unit: SyncUnitSummary
    sync_history: str
    def __init__(self, status: _Optional[_Union[SyncOutStatus, str]] = ..., sync_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., sync_unit: _Optional[_Union[SyncUnitSummary, _Mapping]] = ..., sync_history: _Optional[str] = ...) -> None: ...

class SyncMetadata(_message.Message):
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
    last_sync_in: SyncIn
    last_sync_out: SyncOut
    def __init__(self, external_record_id: _Optional[str] = ..., external_record_type: _Optional[str] = ..., external_reference: _Optional[str] = ..., origin_system: _Optional[str] = ..., last_sync_in: _Optional[_Union[SyncIn, _Mapping]] = ..., last_sync_out: _Optional[_Union[SyncOut, _Mapping]] = ...) -> None: ...

class StagedUnresolvedField(_message.Message):
    __slots__ = ("devrev_field_name", "external_display_name", "external_field_name")
    DEVREV_FIELD_NAME_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_FIELD_NAME_FIELD_NUMBER: _ClassVar[int]
    devrev_field_name: str
    external_display_name: str
    external_field_name: str
    def __init__(self, devrev_field_name: _Optional[str] = ..., external_display_name: _Optional[str] = ..., external_field_name: _Optional[str] = ...) -> None: ...

class StagedInfo(_message.Message):
    __slots__ = ("is_staged", "unresolved_fields", "sync_in_unresolved_fields", "sync_out_unresolved_fields")
    IS_STAGED_FIELD_NUMBER: _ClassVar[int]
    UNRESOLVED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    SYNC_IN_UNRESOLVED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    SYNC_OUT_UNRESOLVED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    is_staged: bool
    unresolved_fields: _containers.RepeatedScalarFieldContainer[str]
    sync_in_unresolved_fields: _containers.RepeatedCompositeFieldContainer[StagedUnresolvedField]
    sync_out_unresolved_fields: _containers.RepeatedCompositeFieldContainer[StagedUnresolvedField]
    def __init__(self, is_staged: _Optional[bool] = ..., unresolved_fields: _Optional[_Iterable[str]] = ..., sync_in_unresolved_fields: _Optional[_Iterable[_Union[StagedUnresolvedField, _Mapping]]] = ..., sync_out_unresolved_fields: _Optional[_Iterable[_Union[StagedUnresolvedField, _Mapping]]] = ...) -> None: ...

class ExternalSourceData(_message.Message):
    __slots__ = ("created_date", "modified_date", "closed_date")
    CREATED_DATE_FIELD_NUMBER: _ClassVar[int]
    MODIFIED_DATE_FIELD_NUMBER: _ClassVar[int]
    CLOSED_DATE_FIELD_NUMBER: _ClassVar[int]
    created_date: _timestamp_pb2.Timestamp
    modified_date: _timestamp_pb2.Timestamp
    closed_date: _timestamp_pb2.Timestamp
    def __init__(self, created_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., modified_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., closed_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DateFilter(_message.Message):
    __slots__ = ("range", "preset")
    RANGE_FIELD_NUMBER: _ClassVar[int]
    PRESET_FIELD_NUMBER: _ClassVar[int]
    range: DateTimeRange
    preset: DateTimePreset
    def __init__(self, range: _Optional[_Union[DateTimeRange, _Mapping]] = ..., preset: _Optional[_Union[DateTimePreset, _Mapping]] = ...) -> None: ...

class DateTimeRange(_message.Message):
    __slots__ = ("after", "before")
    AFTER_FIELD_NUMBER: _ClassVar[int]
    BEFORE_FIELD_NUMBER: _ClassVar[int]
    after: _timestamp_pb2.Timestamp
    before: _timestamp_pb2.Timestamp
    def __init__(self, after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DateTimePreset(_message.Message):
    __slots__ = ("preset_type", "days")
    PRESET_TYPE_FIELD_NUMBER: _ClassVar[int]
    DAYS_FIELD_NUMBER: _ClassVar[int]
    preset_type: DateTimePresetType
    days: int
    def __init__(self, preset_type: _Optional[_Union[DateTimePresetType, str]] = ..., days: _Optional[int] = ...) -> None: ...
