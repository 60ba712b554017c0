from flowkeeper.engine.v1 import case_instance_pb2 as _case_instance_pb2
from flowkeeper.engine.v1 import execution_pb2 as _execution_pb2
from flowkeeper.engine.v1 import process_definition_pb2 as _process_definition_pb2
from flowkeeper.engine.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CaseDefinition(_message.Message):
    __slots__ = ("id", "key", "version", "name", "tenant_id", "deployment_id", "resource_name", "history_time_to_live", "category", "diagram_resource_name")
    ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    HISTORY_TIME_TO_LIVE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    DIAGRAM_RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    key: str
    version: int
    name: str
    tenant_id: str
    deployment_id: str
    resource_name: str
    history_time_to_live: int
    category: str
    diagram_resource_name: str
    def __init__(self, id: _Optional[str] = ..., key: _Optional[str] = ..., version: _Optional[int] = ..., name: _Optional[str] = ..., tenant_id: _Optional[str] = ..., deployment_id: _Optional[str] = ..., resource_name: _Optional[str] = ..., history_time_to_live: _Optional[int] = ..., category: _Optional[str] = ..., diagram_resource_name: _Optional[str] = ...) -> None: ...

class GetCaseDefinitionRequest(_message.Message):
    __slots__ = ("id", "definition")
    ID_FIELD_NUMBER: _ClassVar[int]
    DEFINITION_FIELD_NUMBER: _ClassVar[int]
    id: str
    definition: _process_definition_pb2.DefinitionRef
    def __init__(self, id: _Optional[str] = ..., definition: _Optional[_Union[_process_definition_pb2.DefinitionRef, _Mapping]] = ...) -> None: ...

class GetCaseDefinitionResponse(_message.Message):
    __slots__ = ("case_definition",)
    CASE_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    case_definition: CaseDefinition
    def __init__(self, case_definition: _Optional[_Union[CaseDefinition, _Mapping]] = ...) -> None: ...

class ListCaseDefinitionsRequest(_message.Message):
    __slots__ = ("key", "latest_only", "tenant_id_in", "without_tenant_id", "deployment_id", "page_size", "page_token", "id", "id_in", "key_like", "name", "name_like", "resource_name", "resource_name_like", "version", "include_case_definitions_without_tenant_id", "sorting", "category", "category_like")
    KEY_FIELD_NUMBER: _ClassVar[int]
    LATEST_ONLY_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    ID_IN_FIELD_NUMBER: _ClassVar[int]
    KEY_LIKE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_CASE_DEFINITIONS_WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_LIKE_FIELD_NUMBER: _ClassVar[int]
    key: str
    latest_only: bool
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    deployment_id: str
    page_size: int
    page_token: str
    id: str
    id_in: _containers.RepeatedScalarFieldContainer[str]
    key_like: str
    name: str
    name_like: str
    resource_name: str
    resource_name_like: str
    version: int
    include_case_definitions_without_tenant_id: bool
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    category: str
    category_like: str
    def __init__(self, key: _Optional[str] = ..., latest_only: _Optional[bool] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., deployment_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., id: _Optional[str] = ..., id_in: _Optional[_Iterable[str]] = ..., key_like: _Optional[str] = ..., name: _Optional[str] = ..., name_like: _Optional[str] = ..., resource_name: _Optional[str] = ..., resource_name_like: _Optional[str] = ..., version: _Optional[int] = ..., include_case_definitions_without_tenant_id: _Optional[bool] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ..., category: _Optional[str] = ..., category_like: _Optional[str] = ...) -> None: ...

class ListCaseDefinitionsResponse(_message.Message):
    __slots__ = ("case_definitions", "next_page_token")
    CASE_DEFINITIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    case_definitions: _containers.RepeatedCompositeFieldContainer[CaseDefinition]
    next_page_token: str
    def __init__(self, case_definitions: _Optional[_Iterable[_Union[CaseDefinition, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class CountCaseDefinitionsRequest(_message.Message):
    __slots__ = ("key", "latest_only", "tenant_id_in", "without_tenant_id", "deployment_id", "id", "id_in", "key_like", "name", "name_like", "resource_name", "resource_name_like", "version", "include_case_definitions_without_tenant_id", "category", "category_like")
    KEY_FIELD_NUMBER: _ClassVar[int]
    LATEST_ONLY_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    ID_IN_FIELD_NUMBER: _ClassVar[int]
    KEY_LIKE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_CASE_DEFINITIONS_WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_LIKE_FIELD_NUMBER: _ClassVar[int]
    key: str
    latest_only: bool
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    deployment_id: str
    id: str
    id_in: _containers.RepeatedScalarFieldContainer[str]
    key_like: str
    name: str
    name_like: str
    resource_name: str
    resource_name_like: str
    version: int
    include_case_definitions_without_tenant_id: bool
    category: str
    category_like: str
    def __init__(self, key: _Optional[str] = ..., latest_only: _Optional[bool] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., deployment_id: _Optional[str] = ..., id: _Optional[str] = ..., id_in: _Optional[_Iterable[str]] = ..., key_like: _Optional[str] = ..., name: _Optional[str] = ..., name_like: _Optional[str] = ..., resource_name: _Optional[str] = ..., resource_name_like: _Optional[str] = ..., version: _Optional[int] = ..., include_case_definitions_without_tenant_id: _Optional[bool] = ..., category: _Optional[str] = ..., category_like: _Optional[str] = ...) -> None: ...

class CountCaseDefinitionsResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class CreateCaseInstanceRequest(_message.Message):
    __slots__ = ("definition", "variables", "business_key")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    DEFINITION_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    definition: _process_definition_pb2.DefinitionRef
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    business_key: str
    def __init__(self, definition: _Optional[_Union[_process_definition_pb2.DefinitionRef, _Mapping]] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., business_key: _Optional[str] = ...) -> None: ...

class CreateCaseInstanceResponse(_message.Message):
    __slots__ = ("case_instance",)
    CASE_INSTANCE_FIELD_NUMBER: _ClassVar[int]
    case_instance: _case_instance_pb2.CaseInstance
    def __init__(self, case_instance: _Optional[_Union[_case_instance_pb2.CaseInstance, _Mapping]] = ...) -> None: ...

class UpdateCaseDefinitionHistoryTimeToLiveRequest(_message.Message):
    __slots__ = ("id", "history_time_to_live", "definition")
    ID_FIELD_NUMBER: _ClassVar[int]
    HISTORY_TIME_TO_LIVE_FIELD_NUMBER: _ClassVar[int]
    DEFINITION_FIELD_NUMBER: _ClassVar[int]
    id: str
    history_time_to_live: int
    definition: _process_definition_pb2.DefinitionRef
    def __init__(self, id: _Optional[str] = ..., history_time_to_live: _Optional[int] = ..., definition: _Optional[_Union[_process_definition_pb2.DefinitionRef, _Mapping]] = ...) -> None: ...

class UpdateCaseDefinitionHistoryTimeToLiveResponse(_message.Message):
    __slots__ = ("case_definition",)
    CASE_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    case_definition: CaseDefinition
    def __init__(self, case_definition: _Optional[_Union[CaseDefinition, _Mapping]] = ...) -> None: ...

class GetCaseDefinitionXmlRequest(_message.Message):
    __slots__ = ("definition",)
    DEFINITION_FIELD_NUMBER: _ClassVar[int]
    definition: _process_definition_pb2.DefinitionRef
    def __init__(self, definition: _Optional[_Union[_process_definition_pb2.DefinitionRef, _Mapping]] = ...) -> None: ...

class GetCaseDefinitionXmlResponse(_message.Message):
    __slots__ = ("id", "cmmn_xml")
    ID_FIELD_NUMBER: _ClassVar[int]
    CMMN_XML_FIELD_NUMBER: _ClassVar[int]
    id: str
    cmmn_xml: str
    def __init__(self, id: _Optional[str] = ..., cmmn_xml: _Optional[str] = ...) -> None: ...

class GetCaseDefinitionDiagramRequest(_message.Message):
    __slots__ = ("definition",)
    DEFINITION_FIELD_NUMBER: _ClassVar[int]
    definition: _process_definition_pb2.DefinitionRef
    def __init__(self, definition: _Optional[_Union[_process_definition_pb2.DefinitionRef, _Mapping]] = ...) -> None: ...

class GetCaseDefinitionDiagramResponse(_message.Message):
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
