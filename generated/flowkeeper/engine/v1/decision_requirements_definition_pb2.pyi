from flowkeeper.engine.v1 import execution_pb2 as _execution_pb2
from flowkeeper.engine.v1 import process_definition_pb2 as _process_definition_pb2
from flowkeeper.engine.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DecisionRequirementsDefinition(_message.Message):
    __slots__ = ("id", "key", "name", "category", "version", "resource_name", "deployment_id", "tenant_id", "diagram_resource_name")
    ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    DIAGRAM_RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    key: str
    name: str
    category: str
    version: int
    resource_name: str
    deployment_id: str
    tenant_id: str
    diagram_resource_name: str
    def __init__(self, id: _Optional[str] = ..., key: _Optional[str] = ..., name: _Optional[str] = ..., category: _Optional[str] = ..., version: _Optional[int] = ..., resource_name: _Optional[str] = ..., deployment_id: _Optional[str] = ..., tenant_id: _Optional[str] = ..., diagram_resource_name: _Optional[str] = ...) -> None: ...

class GetDecisionRequirementsDefinitionRequest(_message.Message):
    __slots__ = ("definition",)
    DEFINITION_FIELD_NUMBER: _ClassVar[int]
    definition: _process_definition_pb2.DefinitionRef
    def __init__(self, definition: _Optional[_Union[_process_definition_pb2.DefinitionRef, _Mapping]] = ...) -> None: ...

class GetDecisionRequirementsDefinitionResponse(_message.Message):
    __slots__ = ("decision_requirements_definition",)
    DECISION_REQUIREMENTS_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    decision_requirements_definition: DecisionRequirementsDefinition
    def __init__(self, decision_requirements_definition: _Optional[_Union[DecisionRequirementsDefinition, _Mapping]] = ...) -> None: ...

class QueryDecisionRequirementsDefinitionsRequest(_message.Message):
    __slots__ = ("decision_requirements_definition_id", "decision_requirements_definition_id_in", "key", "key_like", "name", "name_like", "category", "category_like", "deployment_id", "resource_name", "resource_name_like", "version", "latest_version", "tenant_id_in", "without_tenant_id", "include_decision_requirements_definitions_without_tenant_id", "page", "sorting")
    DECISION_REQUIREMENTS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_REQUIREMENTS_DEFINITION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    KEY_LIKE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_LIKE_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    LATEST_VERSION_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_DECISION_REQUIREMENTS_DEFINITIONS_WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    decision_requirements_definition_id: str
    decision_requirements_definition_id_in: _containers.RepeatedScalarFieldContainer[str]
    key: str
    key_like: str
    name: str
    name_like: str
    category: str
    category_like: str
    deployment_id: str
    resource_name: str
    resource_name_like: str
    version: int
    latest_version: bool
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    include_decision_requirements_definitions_without_tenant_id: bool
    page: _types_pb2.OffsetPage
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    def __init__(self, decision_requirements_definition_id: _Optional[str] = ..., decision_requirements_definition_id_in: _Optional[_Iterable[str]] = ..., key: _Optional[str] = ..., key_like: _Optional[str] = ..., name: _Optional[str] = ..., name_like: _Optional[str] = ..., category: _Optional[str] = ..., category_like: _Optional[str] = ..., deployment_id: _Optional[str] = ..., resource_name: _Optional[str] = ..., resource_name_like: _Optional[str] = ..., version: _Optional[int] = ..., latest_version: _Optional[bool] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., include_decision_requirements_definitions_without_tenant_id: _Optional[bool] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ...) -> None: ...

class QueryDecisionRequirementsDefinitionsResponse(_message.Message):
    __slots__ = ("decision_requirements_definitions",)
    DECISION_REQUIREMENTS_DEFINITIONS_FIELD_NUMBER: _ClassVar[int]
    decision_requirements_definitions: _containers.RepeatedCompositeFieldContainer[DecisionRequirementsDefinition]
    def __init__(self, decision_requirements_definitions: _Optional[_Iterable[_Union[DecisionRequirementsDefinition, _Mapping]]] = ...) -> None: ...

class CountDecisionRequirementsDefinitionsRequest(_message.Message):
    __slots__ = ("decision_requirements_definition_id", "decision_requirements_definition_id_in", "key", "key_like", "name", "name_like", "category", "category_like", "deployment_id", "resource_name", "resource_name_like", "version", "latest_version", "tenant_id_in", "without_tenant_id", "include_decision_requirements_definitions_without_tenant_id")
    DECISION_REQUIREMENTS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_REQUIREMENTS_DEFINITION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    KEY_LIKE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_LIKE_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    LATEST_VERSION_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_DECISION_REQUIREMENTS_DEFINITIONS_WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    decision_requirements_definition_id: str
    decision_requirements_definition_id_in: _containers.RepeatedScalarFieldContainer[str]
    key: str
    key_like: str
    name: str
    name_like: str
    category: str
    category_like: str
    deployment_id: str
    resource_name: str
    resource_name_like: str
    version: int
    latest_version: bool
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    include_decision_requirements_definitions_without_tenant_id: bool
    def __init__(self, decision_requirements_definition_id: _Optional[str] = ..., decision_requirements_definition_id_in: _Optional[_Iterable[str]] = ..., key: _Optional[str] = ..., key_like: _Optional[str] = ..., name: _Optional[str] = ..., name_like: _Optional[str] = ..., category: _Optional[str] = ..., category_like: _Optional[str] = ..., deployment_id: _Optional[str] = ..., resource_name: _Optional[str] = ..., resource_name_like: _Optional[str] = ..., version: _Optional[int] = ..., latest_version: _Optional[bool] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., include_decision_requirements_definitions_without_tenant_id: _Optional[bool] = ...) -> None: ...

class CountDecisionRequirementsDefinitionsResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class GetDecisionRequirementsDefinitionXmlRequest(_message.Message):
    __slots__ = ("definition",)
    DEFINITION_FIELD_NUMBER: _ClassVar[int]
    definition: _process_definition_pb2.DefinitionRef
    def __init__(self, definition: _Optional[_Union[_process_definition_pb2.DefinitionRef, _Mapping]] = ...) -> None: ...

class GetDecisionRequirementsDefinitionXmlResponse(_message.Message):
    __slots__ = ("id", "dmn_xml")
    ID_FIELD_NUMBER: _ClassVar[int]
    DMN_XML_FIELD_NUMBER: _ClassVar[int]
    id: str
    dmn_xml: str
    def __init__(self, id: _Optional[str] = ..., dmn_xml: _Optional[str] = ...) -> None: ...

class GetDecisionRequirementsDefinitionDiagramRequest(_message.Message):
    __slots__ = ("definition",)
    DEFINITION_FIELD_NUMBER: _ClassVar[int]
    definition: _process_definition_pb2.DefinitionRef
    def __init__(self, definition: _Optional[_Union[_process_definition_pb2.DefinitionRef, _Mapping]] = ...) -> None: ...

class GetDecisionRequirementsDefinitionDiagramResponse(_message.Message):
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

class GetDecisionRequirementsDefinitionStatisticsRequest(_message.Message):
    __slots__ = ("id", "decision_instance_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    decision_instance_id: str
    def __init__(self, id: _Optional[str] = ..., decision_instance_id: _Optional[str] = ...) -> None: ...

class DecisionEvaluationStatistics(_message.Message):
    __slots__ = ("decision_definition_key", "evaluations")
    DECISION_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    EVALUATIONS_FIELD_NUMBER: _ClassVar[int]
    decision_definition_key: str
    evaluations: int
    def __init__(self, decision_definition_key: _Optional[str] = ..., evaluations: _Optional[int] = ...) -> None: ...

class GetDecisionRequirementsDefinitionStatisticsResponse(_message.Message):
    __slots__ = ("statistics",)
    STATISTICS_FIELD_NUMBER: _ClassVar[int]
    statistics: _containers.RepeatedCompositeFieldContainer[DecisionEvaluationStatistics]
    def __init__(self, statistics: _Optional[_Iterable[_Union[DecisionEvaluationStatistics, _Mapping]]] = ...) -> None: ...
