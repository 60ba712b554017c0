import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Resource(_message.Message):
    __slots__ = ("name", "content")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    name: str
    content: bytes
    def __init__(self, name: _Optional[str] = ..., content: _Optional[bytes] = ...) -> None: ...

class Deployment(_message.Message):
    __slots__ = ("id", "name", "source", "tenant_id", "deployment_time", "resource_names", "definitions")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_TIME_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAMES_FIELD_NUMBER: _ClassVar[int]
    DEFINITIONS_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    source: str
    tenant_id: str
    deployment_time: _timestamp_pb2.Timestamp
    resource_names: _containers.RepeatedScalarFieldContainer[str]
    definitions: _containers.RepeatedCompositeFieldContainer[DeployedDefinition]
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., source: _Optional[str] = ..., tenant_id: _Optional[str] = ..., deployment_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., resource_names: _Optional[_Iterable[str]] = ..., definitions: _Optional[_Iterable[_Union[DeployedDefinition, _Mapping]]] = ...) -> None: ...

class DeployedDefinition(_message.Message):
    __slots__ = ("id", "key", "version", "name", "kind", "resource_name")
    ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    key: str
    version: int
    name: str
    kind: str
    resource_name: str
    def __init__(self, id: _Optional[str] = ..., key: _Optional[str] = ..., version: _Optional[int] = ..., name: _Optional[str] = ..., kind: _Optional[str] = ..., resource_name: _Optional[str] = ...) -> None: ...

class CreateDeploymentRequest(_message.Message):
    __slots__ = ("name", "tenant_id", "source", "resources", "enable_duplicate_filtering", "deploy_changed_only")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    RESOURCES_FIELD_NUMBER: _ClassVar[int]
    ENABLE_DUPLICATE_FILTERING_FIELD_NUMBER: _ClassVar[int]
    DEPLOY_CHANGED_ONLY_FIELD_NUMBER: _ClassVar[int]
    name: str
    tenant_id: str
    source: str
    resources: _containers.RepeatedCompositeFieldContainer[Resource]
    enable_duplicate_filtering: bool
    deploy_changed_only: bool
    def __init__(self, name: _Optional[str] = ..., tenant_id: _Optional[str] = ..., source: _Optional[str] = ..., resources: _Optional[_Iterable[_Union[Resource, _Mapping]]] = ..., enable_duplicate_filtering: _Optional[bool] = ..., deploy_changed_only: _Optional[bool] = ...) -> None: ...

class CreateDeploymentResponse(_message.Message):
    __slots__ = ("deployment", "duplicate")
    DEPLOYMENT_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_FIELD_NUMBER: _ClassVar[int]
    deployment: Deployment
    duplicate: bool
    def __init__(self, deployment: _Optional[_Union[Deployment, _Mapping]] = ..., duplicate: _Optional[bool] = ...) -> None: ...

class GetDeploymentRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetDeploymentResponse(_message.Message):
    __slots__ = ("deployment",)
    DEPLOYMENT_FIELD_NUMBER: _ClassVar[int]
    deployment: Deployment
    def __init__(self, deployment: _Optional[_Union[Deployment, _Mapping]] = ...) -> None: ...

class ListDeploymentsRequest(_message.Message):
    __slots__ = ("name", "tenant_id_in", "page_size", "page_token", "id", "name_like", "source", "without_source", "without_tenant_id", "include_deployments_without_tenant_id", "after", "before")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_SOURCE_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_DEPLOYMENTS_WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    BEFORE_FIELD_NUMBER: _ClassVar[int]
    name: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    page_size: int
    page_token: str
    id: str
    name_like: str
    source: str
    without_source: bool
    without_tenant_id: bool
    include_deployments_without_tenant_id: bool
    after: _timestamp_pb2.Timestamp
    before: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., id: _Optional[str] = ..., name_like: _Optional[str] = ..., source: _Optional[str] = ..., without_source: _Optional[bool] = ..., without_tenant_id: _Optional[bool] = ..., include_deployments_without_tenant_id: _Optional[bool] = ..., after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListDeploymentsResponse(_message.Message):
    __slots__ = ("deployments", "next_page_token")
    DEPLOYMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    deployments: _containers.RepeatedCompositeFieldContainer[Deployment]
    next_page_token: str
    def __init__(self, deployments: _Optional[_Iterable[_Union[Deployment, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class DeploymentResource(_message.Message):
    __slots__ = ("id", "name", "deployment_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    deployment_id: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., deployment_id: _Optional[str] = ...) -> None: ...

class GetDeploymentResourcesRequest(_message.Message):
    __slots__ = ("deployment_id",)
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    deployment_id: str
    def __init__(self, deployment_id: _Optional[str] = ...) -> None: ...

class GetDeploymentResourcesResponse(_message.Message):
    __slots__ = ("resources",)
    RESOURCES_FIELD_NUMBER: _ClassVar[int]
    resources: _containers.RepeatedCompositeFieldContainer[DeploymentResource]
    def __init__(self, resources: _Optional[_Iterable[_Union[DeploymentResource, _Mapping]]] = ...) -> None: ...

class GetDeploymentResourceDataRequest(_message.Message):
    __slots__ = ("deployment_id", "resource_id", "resource_name")
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    deployment_id: str
    resource_id: str
    resource_name: str
    def __init__(self, deployment_id: _Optional[str] = ..., resource_id: _Optional[str] = ..., resource_name: _Optional[str] = ...) -> None: ...

class GetDeploymentResourceDataResponse(_message.Message):
    __slots__ = ("resource", "content")
    RESOURCE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    resource: DeploymentResource
    content: bytes
    def __init__(self, resource: _Optional[_Union[DeploymentResource, _Mapping]] = ..., content: _Optional[bytes] = ...) -> None: ...

class RedeployDeploymentRequest(_message.Message):
    __slots__ = ("id", "resource_ids", "resource_names", "source")
    ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_IDS_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAMES_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    id: str
    resource_ids: _containers.RepeatedScalarFieldContainer[str]
    resource_names: _containers.RepeatedScalarFieldContainer[str]
    source: str
    def __init__(self, id: _Optional[str] = ..., resource_ids: _Optional[_Iterable[str]] = ..., resource_names: _Optional[_Iterable[str]] = ..., source: _Optional[str] = ...) -> None: ...

class RedeployDeploymentResponse(_message.Message):
    __slots__ = ("deployment",)
    DEPLOYMENT_FIELD_NUMBER: _ClassVar[int]
    deployment: Deployment
    def __init__(self, deployment: _Optional[_Union[Deployment, _Mapping]] = ...) -> None: ...

class DeleteDeploymentRequest(_message.Message):
    __slots__ = ("id", "cascade")
    ID_FIELD_NUMBER: _ClassVar[int]
    CASCADE_FIELD_NUMBER: _ClassVar[int]
    id: str
    cascade: bool
    def __init__(self, id: _Optional[str] = ..., cascade: _Optional[bool] = ...) -> None: ...

class DeleteDeploymentResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
