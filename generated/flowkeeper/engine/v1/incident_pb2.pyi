import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Incident(_message.Message):
    __slots__ = ("id", "process_definition_id", "process_instance_id", "execution_id", "incident_timestamp", "incident_type", "activity_id", "cause_incident_id", "root_cause_incident_id", "configuration", "tenant_id", "incident_message", "job_definition_id", "failed_activity_id", "annotation", "state", "end_time", "process_definition_key", "desk_incident_id", "desk_link_error")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[Incident.State]
        STATE_OPEN: _ClassVar[Incident.State]
        STATE_RESOLVED: _ClassVar[Incident.State]
        STATE_DELETED: _ClassVar[Incident.State]
    STATE_UNSPECIFIED: Incident.State
    STATE_OPEN: Incident.State
    STATE_RESOLVED: Incident.State
    STATE_DELETED: Incident.State
    ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    CAUSE_INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    ROOT_CAUSE_INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    CONFIGURATION_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    JOB_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    FAILED_ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    ANNOTATION_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    DESK_INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    DESK_LINK_ERROR_FIELD_NUMBER: _ClassVar[int]
    id: str
    process_definition_id: str
    process_instance_id: str
    execution_id: str
    incident_timestamp: _timestamp_pb2.Timestamp
    incident_type: str
    activity_id: str
    cause_incident_id: str
    root_cause_incident_id: str
    configuration: str
    tenant_id: str
    incident_message: str
    job_definition_id: str
    failed_activity_id: str
    annotation: str
    state: Incident.State
    end_time: _timestamp_pb2.Timestamp
    process_definition_key: str
    desk_incident_id: str
    desk_link_error: str
    def __init__(self, id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., execution_id: _Optional[str] = ..., incident_timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., incident_type: _Optional[str] = ..., activity_id: _Optional[str] = ..., cause_incident_id: _Optional[str] = ..., root_cause_incident_id: _Optional[str] = ..., configuration: _Optional[str] = ..., tenant_id: _Optional[str] = ..., incident_message: _Optional[str] = ..., job_definition_id: _Optional[str] = ..., failed_activity_id: _Optional[str] = ..., annotation: _Optional[str] = ..., state: _Optional[_Union[Incident.State, str]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., process_definition_key: _Optional[str] = ..., desk_incident_id: _Optional[str] = ..., desk_link_error: _Optional[str] = ...) -> None: ...

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

class IncidentSorting(_message.Message):
    __slots__ = ("sort_by", "sort_order")
    SORT_BY_FIELD_NUMBER: _ClassVar[int]
    SORT_ORDER_FIELD_NUMBER: _ClassVar[int]
    sort_by: str
    sort_order: str
    def __init__(self, sort_by: _Optional[str] = ..., sort_order: _Optional[str] = ...) -> None: ...

class QueryIncidentsRequest(_message.Message):
    __slots__ = ("incident_id", "incident_type", "incident_message", "incident_message_like", "process_definition_id", "process_definition_key_in", "process_instance_id", "execution_id", "activity_id", "failed_activity_id", "cause_incident_id", "root_cause_incident_id", "configuration", "tenant_id_in", "without_tenant_id", "job_definition_id_in", "states", "sorting", "first_result", "max_results")
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_MESSAGE_LIKE_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_IN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    FAILED_ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    CAUSE_INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    ROOT_CAUSE_INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    CONFIGURATION_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_DEFINITION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    STATES_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    FIRST_RESULT_FIELD_NUMBER: _ClassVar[int]
    MAX_RESULTS_FIELD_NUMBER: _ClassVar[int]
    incident_id: str
    incident_type: str
    incident_message: str
    incident_message_like: str
    process_definition_id: str
    process_definition_key_in: _containers.RepeatedScalarFieldContainer[str]
    process_instance_id: str
    execution_id: str
    activity_id: str
    failed_activity_id: str
    cause_incident_id: str
    root_cause_incident_id: str
    configuration: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    job_definition_id_in: _containers.RepeatedScalarFieldContainer[str]
    states: _containers.RepeatedScalarFieldContainer[Incident.State]
    sorting: _containers.RepeatedCompositeFieldContainer[IncidentSorting]
    first_result: int
    max_results: int
    def __init__(self, incident_id: _Optional[str] = ..., incident_type: _Optional[str] = ..., incident_message: _Optional[str] = ..., incident_message_like: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key_in: _Optional[_Iterable[str]] = ..., process_instance_id: _Optional[str] = ..., execution_id: _Optional[str] = ..., activity_id: _Optional[str] = ..., failed_activity_id: _Optional[str] = ..., cause_incident_id: _Optional[str] = ..., root_cause_incident_id: _Optional[str] = ..., configuration: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., job_definition_id_in: _Optional[_Iterable[str]] = ..., states: _Optional[_Iterable[_Union[Incident.State, str]]] = ..., sorting: _Optional[_Iterable[_Union[IncidentSorting, _Mapping]]] = ..., first_result: _Optional[int] = ..., max_results: _Optional[int] = ...) -> None: ...

class QueryIncidentsResponse(_message.Message):
    __slots__ = ("incidents",)
    INCIDENTS_FIELD_NUMBER: _ClassVar[int]
    incidents: _containers.RepeatedCompositeFieldContainer[Incident]
    def __init__(self, incidents: _Optional[_Iterable[_Union[Incident, _Mapping]]] = ...) -> None: ...

class CountIncidentsRequest(_message.Message):
    __slots__ = ("incident_id", "incident_type", "incident_message", "incident_message_like", "process_definition_id", "process_definition_key_in", "process_instance_id", "execution_id", "activity_id", "failed_activity_id", "cause_incident_id", "root_cause_incident_id", "configuration", "tenant_id_in", "without_tenant_id", "job_definition_id_in", "states")
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_MESSAGE_LIKE_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_IN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    FAILED_ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    CAUSE_INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    ROOT_CAUSE_INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    CONFIGURATION_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_DEFINITION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    STATES_FIELD_NUMBER: _ClassVar[int]
    incident_id: str
    incident_type: str
    incident_message: str
    incident_message_like: str
    process_definition_id: str
    process_definition_key_in: _containers.RepeatedScalarFieldContainer[str]
    process_instance_id: str
    execution_id: str
    activity_id: str
    failed_activity_id: str
    cause_incident_id: str
    root_cause_incident_id: str
    configuration: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    job_definition_id_in: _containers.RepeatedScalarFieldContainer[str]
    states: _containers.RepeatedScalarFieldContainer[Incident.State]
    def __init__(self, incident_id: _Optional[str] = ..., incident_type: _Optional[str] = ..., incident_message: _Optional[str] = ..., incident_message_like: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key_in: _Optional[_Iterable[str]] = ..., process_instance_id: _Optional[str] = ..., execution_id: _Optional[str] = ..., activity_id: _Optional[str] = ..., failed_activity_id: _Optional[str] = ..., cause_incident_id: _Optional[str] = ..., root_cause_incident_id: _Optional[str] = ..., configuration: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., job_definition_id_in: _Optional[_Iterable[str]] = ..., states: _Optional[_Iterable[_Union[Incident.State, str]]] = ...) -> None: ...

class CountIncidentsResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class ResolveIncidentRequest(_message.Message):
    __slots__ = ("incident_id",)
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    incident_id: str
    def __init__(self, incident_id: _Optional[str] = ...) -> None: ...

class ResolveIncidentResponse(_message.Message):
    __slots__ = ("incident",)
    INCIDENT_FIELD_NUMBER: _ClassVar[int]
    incident: Incident
    def __init__(self, incident: _Optional[_Union[Incident, _Mapping]] = ...) -> None: ...

class SetIncidentAnnotationRequest(_message.Message):
    __slots__ = ("incident_id", "annotation")
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    ANNOTATION_FIELD_NUMBER: _ClassVar[int]
    incident_id: str
    annotation: str
    def __init__(self, incident_id: _Optional[str] = ..., annotation: _Optional[str] = ...) -> None: ...

class SetIncidentAnnotationResponse(_message.Message):
    __slots__ = ("incident",)
    INCIDENT_FIELD_NUMBER: _ClassVar[int]
    incident: Incident
    def __init__(self, incident: _Optional[_Union[Incident, _Mapping]] = ...) -> None: ...

class ClearIncidentAnnotationRequest(_message.Message):
    __slots__ = ("incident_id",)
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    incident_id: str
    def __init__(self, incident_id: _Optional[str] = ...) -> None: ...

class ClearIncidentAnnotationResponse(_message.Message):
    __slots__ = ("incident",)
    INCIDENT_FIELD_NUMBER: _ClassVar[int]
    incident: Incident
    def __init__(self, incident: _Optional[_Union[Incident, _Mapping]] = ...) -> None: ...

class IncidentDeskLink(_message.Message):
    __slots__ = ("process_definition_key", "tenant_id", "severity", "owned_by", "applies_to_parts", "incident_types", "update_time")
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    OWNED_BY_FIELD_NUMBER: _ClassVar[int]
    APPLIES_TO_PARTS_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_TYPES_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    process_definition_key: str
    tenant_id: str
    severity: int
    owned_by: _containers.RepeatedScalarFieldContainer[str]
    applies_to_parts: _containers.RepeatedScalarFieldContainer[str]
    incident_types: _containers.RepeatedScalarFieldContainer[str]
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, process_definition_key: _Optional[str] = ..., tenant_id: _Optional[str] = ..., severity: _Optional[int] = ..., owned_by: _Optional[_Iterable[str]] = ..., applies_to_parts: _Optional[_Iterable[str]] = ..., incident_types: _Optional[_Iterable[str]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SetIncidentDeskLinkRequest(_message.Message):
    __slots__ = ("process_definition_key", "tenant_id", "enabled", "severity", "owned_by", "applies_to_parts", "incident_types")
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    OWNED_BY_FIELD_NUMBER: _ClassVar[int]
    APPLIES_TO_PARTS_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_TYPES_FIELD_NUMBER: _ClassVar[int]
    process_definition_key: str
    tenant_id: str
    enabled: bool
    severity: int
    owned_by: _containers.RepeatedScalarFieldContainer[str]
    applies_to_parts: _containers.RepeatedScalarFieldContainer[str]
    incident_types: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, process_definition_key: _Optional[str] = ..., tenant_id: _Optional[str] = ..., enabled: _Optional[bool] = ..., severity: _Optional[int] = ..., owned_by: _Optional[_Iterable[str]] = ..., applies_to_parts: _Optional[_Iterable[str]] = ..., incident_types: _Optional[_Iterable[str]] = ...) -> None: ...

class SetIncidentDeskLinkResponse(_message.Message):
    __slots__ = ("desk_link",)
    DESK_LINK_FIELD_NUMBER: _ClassVar[int]
    desk_link: IncidentDeskLink
    def __init__(self, desk_link: _Optional[_Union[IncidentDeskLink, _Mapping]] = ...) -> None: ...

class GetIncidentDeskLinkRequest(_message.Message):
    __slots__ = ("process_definition_key", "tenant_id")
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    process_definition_key: str
    tenant_id: str
    def __init__(self, process_definition_key: _Optional[str] = ..., tenant_id: _Optional[str] = ...) -> None: ...

class GetIncidentDeskLinkResponse(_message.Message):
    __slots__ = ("desk_link",)
    DESK_LINK_FIELD_NUMBER: _ClassVar[int]
    desk_link: IncidentDeskLink
    def __init__(self, desk_link: _Optional[_Union[IncidentDeskLink, _Mapping]] = ...) -> None: ...
