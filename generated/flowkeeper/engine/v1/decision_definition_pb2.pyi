from flowkeeper.engine.v1 import execution_pb2 as _execution_pb2
from flowkeeper.engine.v1 import process_definition_pb2 as _process_definition_pb2
from flowkeeper.engine.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DecisionDefinition(_message.Message):
    __slots__ = ("id", "key", "version", "name", "version_tag", "tenant_id", "deployment_id", "resource_name", "history_time_to_live", "decision_requirements_definition_id", "decision_requirements_definition_key", "diagram_resource_name")
    ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VERSION_TAG_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    HISTORY_TIME_TO_LIVE_FIELD_NUMBER: _ClassVar[int]
    DECISION_REQUIREMENTS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_REQUIREMENTS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    DIAGRAM_RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    key: str
    version: int
    name: str
    version_tag: str
    tenant_id: str
    deployment_id: str
    resource_name: str
    history_time_to_live: int
    decision_requirements_definition_id: str
    decision_requirements_definition_key: str
    diagram_resource_name: str
    def __init__(self, id: _Optional[str] = ..., key: _Optional[str] = ..., version: _Optional[int] = ..., name: _Optional[str] = ..., version_tag: _Optional[str] = ..., tenant_id: _Optional[str] = ..., deployment_id: _Optional[str] = ..., resource_name: _Optional[str] = ..., history_time_to_live: _Optional[int] = ..., decision_requirements_definition_id: _Optional[str] = ..., decision_requirements_definition_key: _Optional[str] = ..., diagram_resource_name: _Optional[str] = ...) -> None: ...

class GetDecisionDefinitionRequest(_message.Message):
    __slots__ = ("definition",)
    DEFINITION_FIELD_NUMBER: _ClassVar[int]
    definition: _process_definition_pb2.DefinitionRef
    def __init__(self, definition: _Optional[_Union[_process_definition_pb2.DefinitionRef, _Mapping]] = ...) -> None: ...

class GetDecisionDefinitionResponse(_message.Message):
    __slots__ = ("decision_definition",)
    DECISION_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    decision_definition: DecisionDefinition
    def __init__(self, decision_definition: _Optional[_Union[DecisionDefinition, _Mapping]] = ...) -> None: ...

class QueryDecisionDefinitionsRequest(_message.Message):
    __slots__ = ("decision_definition_id", "decision_definition_id_in", "key", "key_like", "name", "name_like", "deployment_id", "version", "latest_version", "version_tag", "version_tag_like", "tenant_id_in", "without_tenant_id", "include_decision_definitions_without_tenant_id", "resource_name", "resource_name_like", "page", "sorting", "decision_requirements_definition_id", "decision_requirements_definition_key", "without_decision_requirements_definition")
    DECISION_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_DEFINITION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    KEY_LIKE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    LATEST_VERSION_FIELD_NUMBER: _ClassVar[int]
    VERSION_TAG_FIELD_NUMBER: _ClassVar[int]
    VERSION_TAG_LIKE_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_DECISION_DEFINITIONS_WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    DECISION_REQUIREMENTS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_REQUIREMENTS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_DECISION_REQUIREMENTS_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    decision_definition_id: str
    decision_definition_id_in: _containers.RepeatedScalarFieldContainer[str]
    key: str
    key_like: str
    name: str
    name_like: str
    deployment_id: str
    version: int
    latest_version: bool
    version_tag: str
    version_tag_like: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    include_decision_definitions_without_tenant_id: bool
    resource_name: str
    resource_name_like: str
    page: _types_pb2.OffsetPage
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    decision_requirements_definition_id: str
    decision_requirements_definition_key: str
    without_decision_requirements_definition: bool
    def __init__(self, decision_definition_id: _Optional[str] = ..., decision_definition_id_in: _Optional[_Iterable[str]] = ..., key: _Optional[str] = ..., key_like: _Optional[str] = ..., name: _Optional[str] = ..., name_like: _Optional[str] = ..., deployment_id: _Optional[str] = ..., version: _Optional[int] = ..., latest_version: _Optional[bool] = ..., version_tag: _Optional[str] = ..., version_tag_like: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., include_decision_definitions_without_tenant_id: _Optional[bool] = ..., resource_name: _Optional[str] = ..., resource_name_like: _Optional[str] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ..., decision_requirements_definition_id: _Optional[str] = ..., decision_requirements_definition_key: _Optional[str] = ..., without_decision_requirements_definition: _Optional[bool] = ...) -> None: ...

class QueryDecisionDefinitionsResponse(_message.Message):
    __slots__ = ("decision_definitions",)
    DECISION_DEFINITIONS_FIELD_NUMBER: _ClassVar[int]
    decision_definitions: _containers.RepeatedCompositeFieldContainer[DecisionDefinition]
    def __init__(self, decision_definitions: _Optional[_Iterable[_Union[DecisionDefinition, _Mapping]]] = ...) -> None: ...

class CountDecisionDefinitionsRequest(_message.Message):
    __slots__ = ("decision_definition_id", "decision_definition_id_in", "key", "key_like", "name", "name_like", "deployment_id", "version", "latest_version", "version_tag", "version_tag_like", "tenant_id_in", "without_tenant_id", "include_decision_definitions_without_tenant_id", "resource_name", "resource_name_like", "decision_requirements_definition_id", "decision_requirements_definition_key", "without_decision_requirements_definition")
    DECISION_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_DEFINITION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    KEY_LIKE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    LATEST_VERSION_FIELD_NUMBER: _ClassVar[int]
    VERSION_TAG_FIELD_NUMBER: _ClassVar[int]
    VERSION_TAG_LIKE_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_DECISION_DEFINITIONS_WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    DECISION_REQUIREMENTS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_REQUIREMENTS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_DECISION_REQUIREMENTS_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    decision_definition_id: str
    decision_definition_id_in: _containers.RepeatedScalarFieldContainer[str]
    key: str
    key_like: str
    name: str
    name_like: str
    deployment_id: str
    version: int
    latest_version: bool
    version_tag: str
    version_tag_like: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    include_decision_definitions_without_tenant_id: bool
    resource_name: str
    resource_name_like: str
    decision_requirements_definition_id: str
    decision_requirements_definition_key: str
    without_decision_requirements_definition: bool
    def __init__(self, decision_definition_id: _Optional[str] = ..., decision_definition_id_in: _Optional[_Iterable[str]] = ..., key: _Optional[str] = ..., key_like: _Optional[str] = ..., name: _Optional[str] = ..., name_like: _Optional[str] = ..., deployment_id: _Optional[str] = ..., version: _Optional[int] = ..., latest_version: _Optional[bool] = ..., version_tag: _Optional[str] = ..., version_tag_like: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., include_decision_definitions_without_tenant_id: _Optional[bool] = ..., resource_name: _Optional[str] = ..., resource_name_like: _Optional[str] = ..., decision_requirements_definition_id: _Optional[str] = ..., decision_requirements_definition_key: _Optional[str] = ..., without_decision_requirements_definition: _Optional[bool] = ...) -> None: ...

class CountDecisionDefinitionsResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class GetDecisionDefinitionXmlRequest(_message.Message):
    __slots__ = ("definition",)
    DEFINITION_FIELD_NUMBER: _ClassVar[int]
    definition: _process_definition_pb2.DefinitionRef
    def __init__(self, definition: _Optional[_Union[_process_definition_pb2.DefinitionRef, _Mapping]] = ...) -> None: ...

class GetDecisionDefinitionXmlResponse(_message.Message):
    __slots__ = ("id", "dmn_xml")
    ID_FIELD_NUMBER: _ClassVar[int]
    DMN_XML_FIELD_NUMBER: _ClassVar[int]
    id: str
    dmn_xml: str
    def __init__(self, id: _Optional[str] = ..., dmn_xml: _Optional[str] = ...) -> None: ...

class GetDecisionDefinitionDiagramRequest(_message.Message):
    __slots__ = ("definition",)
    DEFINITION_FIELD_NUMBER: _ClassVar[int]
    definition: _process_definition_pb2.DefinitionRef
    def __init__(self, definition: _Optional[_Union[_process_definition_pb2.DefinitionRef, _Mapping]] = ...) -> None: ...

class GetDecisionDefinitionDiagramResponse(_message.Message):
    __slots__ = ("id", "content", "media_type", "resource_name")
    ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    content: bytes
    media_type: str
    resource_name: str
    def __init__(self, id: _Optional[str] = ..., content: _Optional[bytes] = ..., media_type: _Optional[str] = ..., resource_name: _Optional[str] = ...) -> None: ...

class EvaluateDecisionRequest(_message.Message):
    __slots__ = ("definition", "variables")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    DEFINITION_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    definition: _process_definition_pb2.DefinitionRef
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    def __init__(self, definition: _Optional[_Union[_process_definition_pb2.DefinitionRef, _Mapping]] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ...) -> None: ...

class DecisionResultEntry(_message.Message):
    __slots__ = ("name", "value")
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    name: str
    value: _types_pb2.TypedValue
    def __init__(self, name: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...

class DecisionRuleResult(_message.Message):
    __slots__ = ("entries",)
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[DecisionResultEntry]
    def __init__(self, entries: _Optional[_Iterable[_Union[DecisionResultEntry, _Mapping]]] = ...) -> None: ...

class EvaluateDecisionResponse(_message.Message):
    __slots__ = ("decision_definition_id", "results")
    DECISION_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    decision_definition_id: str
    results: _containers.RepeatedCompositeFieldContainer[DecisionRuleResult]
    def __init__(self, decision_definition_id: _Optional[str] = ..., results: _Optional[_Iterable[_Union[DecisionRuleResult, _Mapping]]] = ...) -> None: ...
