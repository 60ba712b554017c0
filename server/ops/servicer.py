"""gRPC servicers of flowkeeper.ops.v1: decode, call the domain, encode."""

from __future__ import annotations

from typing import Callable, Iterable

import grpc
from sqlalchemy.orm import Session

from flowkeeper.ops.v1 import (
    account_pb2,
    account_pb2_grpc,
    article_pb2,
    article_pb2_grpc,
    artifact_pb2,
    artifact_pb2_grpc,
    incident_pb2,
    incident_pb2_grpc,
    part_pb2,
    part_pb2_grpc,
    schema_pb2,
    schema_pb2_grpc,
    sync_unit_pb2,
    sync_unit_pb2_grpc,
    tag_pb2,
    tag_pb2_grpc,
    types_pb2,
    user_pb2,
    user_pb2_grpc,
)
from server.context import AppContext
from server.errors import invalid_enum_value
from server.identity import service as identity
from server.identity.service import Caller
from server.ids import MAX_KEY, USER
from server import paging
from server.ops import directory, ids, incidents, mapping, query, schema
from server.ops.refs import References
from server.ops.stages import incident_diagram
from server.rpc.servicer import AfterCommit, Servicer, transactional


def _page_args(request: object, scope: str) -> tuple[int, int]:
    """The row key a page starts after (no row lies after MAX_KEY) and the page size."""
    size = paging.page_size(request.page_size)  # type: ignore[attr-defined]
    return min(paging.decode_token(scope, request.page_token), MAX_KEY), size  # type: ignore[attr-defined]


def _token(scope: str, next_key: int | None) -> str:
    return paging.encode_token(scope, next_key) if next_key is not None else ""


class UserServicer(Servicer, user_pb2_grpc.UserServiceServicer):
    @transactional(write=True)
    def CreateUser(self, request: user_pb2.CreateUserRequest, tx: Session, caller: Caller) -> user_pb2.CreateUserResponse:
        caller.require_admin("create users")
        row = identity.create_user(
            tx,
            self.app.clock,
            display_name=request.display_name,
            full_name=request.full_name,
            email=request.email,
            state=mapping.user_state_name(request.state),
        )
        directory.set_display_picture(tx, row, request.display_picture_id)
        return user_pb2.CreateUserResponse(user=mapping.user(directory.get_user_ref(tx, row.id)))

    @transactional(write=False)
    def GetUser(self, request: user_pb2.GetUserRequest, tx: Session, caller: Caller) -> user_pb2.GetUserResponse:
        return user_pb2.GetUserResponse(user=mapping.user(directory.get_user_ref(tx, USER.parse(request.id, "id"))))

    @transactional(write=False)
    def GetSelf(self, request: user_pb2.GetSelfRequest, tx: Session, caller: Caller) -> user_pb2.GetSelfResponse:
        return user_pb2.GetSelfResponse(user=mapping.user(directory.get_user_ref(tx, caller.user_id)))

    @transactional(write=False)
    def ListUsers(self, request: user_pb2.ListUsersRequest, tx: Session, caller: Caller) -> user_pb2.ListUsersResponse:
        after, size = _page_args(request, "users")
        rows, next_key = directory.list_users(tx, caller, after, size, member_of_group=request.member_of_group,
                                              member_of_tenant=request.member_of_tenant)
        return user_pb2.ListUsersResponse(users=[mapping.user(r) for r in rows], next_page_token=_token("users", next_key))


class ArtifactServicer(Servicer, artifact_pb2_grpc.ArtifactServiceServicer):
    @transactional(write=True)
    def CreateArtifact(self, request: artifact_pb2.CreateArtifactRequest, tx: Session,
                       caller: Caller) -> artifact_pb2.CreateArtifactResponse:
        row = directory.create_artifact(tx, self.app.clock, file_name=request.file_name, file_type=request.file_type,
                                        file_size=request.file_size)
        return artifact_pb2.CreateArtifactResponse(artifact=mapping.artifact(row))

    @transactional(write=False)
    def GetArtifact(self, request: artifact_pb2.GetArtifactRequest, tx: Session,
                    caller: Caller) -> artifact_pb2.GetArtifactResponse:
        row = directory.get_artifact(tx, ids.ARTIFACT.parse(request.id, "id"))
        return artifact_pb2.GetArtifactResponse(artifact=mapping.artifact(row))

    @transactional(write=False)
    def ListArtifacts(self, request: artifact_pb2.ListArtifactsRequest, tx: Session,
                      caller: Caller) -> artifact_pb2.ListArtifactsResponse:
        after, size = _page_args(request, "artifacts")
        rows, next_key = directory.list_artifacts(tx, after, size)
        return artifact_pb2.ListArtifactsResponse(artifacts=[mapping.artifact(r) for r in rows],
                                                  next_page_token=_token("artifacts", next_key))


class PartServicer(Servicer, part_pb2_grpc.PartServiceServicer):
    @transactional(write=True)
    def CreatePart(self, request: part_pb2.CreatePartRequest, tx: Session, caller: Caller) -> part_pb2.CreatePartResponse:
        row, refs = directory.create_part(
            tx, self.app.clock, caller.user_id, type=mapping.PART_TYPE.name(request.type, "type") or "",
            name=request.name, owned_by=list(request.owned_by), description=request.description,
            external_reference=request.sync_metadata.external_reference,
            origin_system=request.sync_metadata.origin_system,
        )
        return part_pb2.CreatePartResponse(part=mapping.part(row, refs))

    @transactional(write=False)
    def GetPart(self, request: part_pb2.GetPartRequest, tx: Session, caller: Caller) -> part_pb2.GetPartResponse:
        row, refs = directory.get_part(tx, ids.PART.parse(request.id, "id"), ids.part_type_named(request.id))
        return part_pb2.GetPartResponse(part=mapping.part(row, refs))

    @transactional(write=False)
    def ListParts(self, request: part_pb2.ListPartsRequest, tx: Session, caller: Caller) -> part_pb2.ListPartsResponse:
        after, size = _page_args(request, "parts")
        rows, next_key, refs = directory.list_parts(tx, after, size)
        return part_pb2.ListPartsResponse(parts=[mapping.part(r, refs) for r in rows],
                                          next_page_token=_token("parts", next_key))


class ArticleServicer(Servicer, article_pb2_grpc.ArticleServiceServicer):
    @transactional(write=True)
    def CreateArticle(self, request: article_pb2.CreateArticleRequest, tx: Session,
                      caller: Caller) -> article_pb2.CreateArticleResponse:
        row, refs = directory.create_article(
            tx, self.app.clock, title=request.title,
            article_type=mapping.ARTICLE_TYPE.name(request.article_type, "article_type") or "",
            url=request.resource.url, artifacts=list(request.resource.artifacts),
            external_reference=request.sync_metadata.external_reference,
            origin_system=request.sync_metadata.origin_system,
        )
        return article_pb2.CreateArticleResponse(article=mapping.article(row, refs))

    @transactional(write=False)
    def GetArticle(self, request: article_pb2.GetArticleRequest, tx: Session,
                   caller: Caller) -> article_pb2.GetArticleResponse:
        row, refs = directory.get_article(tx, ids.ARTICLE.parse(request.id, "id"))
        return article_pb2.GetArticleResponse(article=mapping.article(row, refs))

    @transactional(write=False)
    def ListArticles(self, request: article_pb2.ListArticlesRequest, tx: Session,
                     caller: Caller) -> article_pb2.ListArticlesResponse:
        after, size = _page_args(request, "articles")
        rows, next_key, refs = directory.list_articles(tx, after, size)
        return article_pb2.ListArticlesResponse(articles=[mapping.article(r, refs) for r in rows],
                                                next_page_token=_token("articles", next_key))


class AccountServicer(Servicer, account_pb2_grpc.AccountServiceServicer):
    @transactional(write=True)
    def CreateAccount(self, request: account_pb2.CreateAccountRequest, tx: Session,
                      caller: Caller) -> account_pb2.CreateAccountResponse:
        row = directory.create_account(tx, self.app.clock, display_name=request.display_name,
                                       description=request.description)
        return account_pb2.CreateAccountResponse(account=mapping.account(row))

    @transactional(write=False)
    def GetAccount(self, request: account_pb2.GetAccountRequest, tx: Session,
                   caller: Caller) -> account_pb2.GetAccountResponse:
        return account_pb2.GetAccountResponse(
            account=mapping.account(directory.get_account(tx, ids.ACCOUNT.parse(request.id, "id"))))

    @transactional(write=False)
    def ListAccounts(self, request: account_pb2.ListAccountsRequest, tx: Session,
                     caller: Caller) -> account_pb2.ListAccountsResponse:
        after, size = _page_args(request, "accounts")
        rows, next_key = directory.list_accounts(tx, after, size)
        return account_pb2.ListAccountsResponse(accounts=[mapping.account(r) for r in rows],
                                                next_page_token=_token("accounts", next_key))


class TagServicer(Servicer, tag_pb2_grpc.TagServiceServicer):
    @transactional(write=True)
    def CreateTag(self, request: tag_pb2.CreateTagRequest, tx: Session, caller: Caller) -> tag_pb2.CreateTagResponse:
        row = directory.create_tag(tx, self.app.clock, name=request.name, color=request.style_new.color,
                                   allowed_values=list(request.allowed_values), description=request.description)
        return tag_pb2.CreateTagResponse(tag=mapping.tag(row))

    @transactional(write=False)
    def GetTag(self, request: tag_pb2.GetTagRequest, tx: Session, caller: Caller) -> tag_pb2.GetTagResponse:
        return tag_pb2.GetTagResponse(tag=mapping.tag(directory.get_tag(tx, ids.TAG.parse(request.id, "id"))))

    @transactional(write=False)
    def ListTags(self, request: tag_pb2.ListTagsRequest, tx: Session, caller: Caller) -> tag_pb2.ListTagsResponse:
        after, size = _page_args(request, "tags")
        rows, next_key = directory.list_tags(tx, after, size)
        return tag_pb2.ListTagsResponse(tags=[mapping.tag(r) for r in rows], next_page_token=_token("tags", next_key))


class SyncUnitServicer(Servicer, sync_unit_pb2_grpc.SyncUnitServiceServicer):
    @transactional(write=True)
    def CreateSyncUnit(self, request: sync_unit_pb2.CreateSyncUnitRequest, tx: Session,
                       caller: Caller) -> sync_unit_pb2.CreateSyncUnitResponse:
        caller.require_admin("create sync units")
        run = request.sync_run
        row = directory.create_sync_unit(
            tx, self.app.clock, name=request.name,
            external_system_type=mapping.EXTERNAL_SYSTEM_TYPE.name(request.external_system_type,
                                                                   "external_system_type") or "",
            sync_type=mapping.SYNC_TYPE.name(request.sync_type, "sync_type") or "",
            is_archived=request.is_archived,
            sync_run_mode=mapping.SYNC_RUN_MODE.name(run.mode, "sync_run.mode"),
            sync_progress_state=mapping.SYNC_PROGRESS_STATE.name(run.progress.state, "sync_run.progress.state"),
            external_sync_unit_name=request.external_sync_unit_name, external_system_id=request.external_system_id,
            external_system_name=request.external_system_name,
        )
        return sync_unit_pb2.CreateSyncUnitResponse(sync_unit=mapping.sync_unit(row))

    @transactional(write=False)
    def GetSyncUnit(self, request: sync_unit_pb2.GetSyncUnitRequest, tx: Session,
                    caller: Caller) -> sync_unit_pb2.GetSyncUnitResponse:
        row = directory.get_sync_unit(tx, ids.SYNC_UNIT.parse(request.id, "id"))
        return sync_unit_pb2.GetSyncUnitResponse(sync_unit=mapping.sync_unit(row))

    @transactional(write=False)
    def ListSyncUnits(self, request: sync_unit_pb2.ListSyncUnitsRequest, tx: Session,
                      caller: Caller) -> sync_unit_pb2.ListSyncUnitsResponse:
        after, size = _page_args(request, "sync_units")
        rows, next_key = directory.list_sync_units(tx, after, size)
        return sync_unit_pb2.ListSyncUnitsResponse(sync_units=[mapping.sync_unit(r) for r in rows],
                                                   next_page_token=_token("sync_units", next_key))


class CustomSchemaFragmentServicer(Servicer, schema_pb2_grpc.CustomSchemaFragmentServiceServicer):
    @transactional(write=True)
    def CreateCustomSchemaFragment(self, request: schema_pb2.CreateCustomSchemaFragmentRequest, tx: Session,
                                   caller: Caller) -> schema_pb2.CreateCustomSchemaFragmentResponse:
        caller.require_admin("register custom schema fragments")
        row = schema.create_fragment(
            tx, self.app.clock, leaf_type=request.leaf_type.strip(),
            fragment_type=mapping.FRAGMENT_TYPE.name(request.fragment_type, "fragment_type") or "",
            app=request.app.strip(), subtype=request.subtype.strip(), description=request.description,
            fields=mapping.fragment_fields(request),
        )
        return schema_pb2.CreateCustomSchemaFragmentResponse(fragment=mapping.fragment(row))

    @transactional(write=False)
    def GetCustomSchemaFragment(self, request: schema_pb2.GetCustomSchemaFragmentRequest, tx: Session,
                                caller: Caller) -> schema_pb2.GetCustomSchemaFragmentResponse:
        row = schema.get_fragment(tx, ids.parse_fragment(request.id, "id"))
        return schema_pb2.GetCustomSchemaFragmentResponse(fragment=mapping.fragment(row))

    @transactional(write=False)
    def ListCustomSchemaFragments(self, request: schema_pb2.ListCustomSchemaFragmentsRequest, tx: Session,
                                  caller: Caller) -> schema_pb2.ListCustomSchemaFragmentsResponse:
        after, size = _page_args(request, "fragments")
        rows, next_key = schema.list_fragments(tx, after, size)
        return schema_pb2.ListCustomSchemaFragmentsResponse(fragments=[mapping.fragment(r) for r in rows],
                                                            next_page_token=_token("fragments", next_key))


def _backward(mode: int) -> bool:
    if mode not in (types_pb2.LIST_MODE_UNSPECIFIED, types_pb2.LIST_MODE_AFTER, types_pb2.LIST_MODE_BEFORE):
        raise invalid_enum_value("mode", mode, ("after", "before"))
    return mode == types_pb2.LIST_MODE_BEFORE


class IncidentServicer(Servicer, incident_pb2_grpc.IncidentServiceServicer):
    @staticmethod
    def _encoder(tx: Session, refs: References,
                 views: list[incidents.IncidentView]) -> Callable[[], list[incident_pb2.Incident]]:
        """Loads every reference of ``views`` now; the callable encodes them without the session."""
        incidents.prefetch(refs, views)
        diagram = incident_diagram(tx)
        return lambda: mapping.incidents(views, refs, diagram)

    @classmethod
    def _encode(cls, tx: Session, refs: References, views: list[incidents.IncidentView]) -> list[incident_pb2.Incident]:
        return cls._encoder(tx, refs, views)()

    @transactional(write=True, decode=mapping.new_incident)
    def CreateIncident(self, command: incidents.NewIncident, tx: Session,
                       caller: Caller) -> AfterCommit[incident_pb2.CreateIncidentResponse]:
        refs = References(tx)
        view = incidents.create_incident(tx, self.app.clock, caller.user_id, command, refs)
        encode = self._encoder(tx, refs, [view])
        return AfterCommit(lambda: incident_pb2.CreateIncidentResponse(incident=encode()[0]))

    @transactional(write=False)
    def GetIncident(self, request: incident_pb2.GetIncidentRequest, tx: Session,
                    caller: Caller) -> incident_pb2.GetIncidentResponse:
        refs = References(tx)
        view = incidents.get_incident(tx, ids.INCIDENT.parse(request.id, "id"), refs)
        return incident_pb2.GetIncidentResponse(incident=self._encode(tx, refs, [view])[0])

    @transactional(write=True, decode=mapping.incident_update)
    def UpdateIncident(self, decoded: tuple[int, incidents.IncidentChanges], tx: Session,
                       caller: Caller) -> AfterCommit[incident_pb2.UpdateIncidentResponse]:
        key, changes = decoded
        refs = References(tx)
        view = incidents.update_incident(tx, self.app.clock, caller.user_id, key, changes, refs)
        encode = self._encoder(tx, refs, [view])
        return AfterCommit(lambda: incident_pb2.UpdateIncidentResponse(incident=encode()[0]))

    @transactional(write=True)
    def DeleteIncident(self, request: incident_pb2.DeleteIncidentRequest, tx: Session,
                       caller: Caller) -> incident_pb2.DeleteIncidentResponse:
        incidents.delete_incident(tx, self.app.clock, caller.user_id, ids.INCIDENT.parse(request.id, "id"))
        return incident_pb2.DeleteIncidentResponse()

    @transactional(write=False)
    def ListIncidents(self, request: incident_pb2.ListIncidentsRequest, tx: Session,
                      caller: Caller) -> incident_pb2.ListIncidentsResponse:
        page = query.list_incidents(tx, self.app.clock, mapping.incident_filter(request), sort_by=list(request.sort_by),
                                    cursor=request.cursor, backward=_backward(request.mode), limit=request.limit)
        return incident_pb2.ListIncidentsResponse(
            incidents=mapping.incidents(page.views, page.refs, incident_diagram(tx)),
            next_cursor=page.next_cursor, prev_cursor=page.prev_cursor,
        )

    @transactional(write=False)
    def GroupIncidents(self, request: incident_pb2.GroupIncidentsRequest, tx: Session,
                       caller: Caller) -> incident_pb2.GroupIncidentsResponse:
        page = query.group_incidents(
            tx, self.app.clock, mapping.incident_filter(request), request.group_by, sort_by=list(request.sort_by),
            cursor=request.cursor, backward=_backward(request.mode), limit=request.limit,
            limit_per_group=request.limit_per_group,
        )
        diagram = incident_diagram(tx)
        return incident_pb2.GroupIncidentsResponse(
            groups=[
                incident_pb2.IncidentGroup(
                    key=mapping.group_key(g, page.refs, diagram),
                    incidents=mapping.incidents(g.views, page.refs, diagram),
                    total=g.total, next_cursor=g.next_cursor,
                )
                for g in page.groups
            ],
            next_cursor=page.next_cursor, prev_cursor=page.prev_cursor,
        )

    @transactional(write=False)
    def ListIncidentTimeline(self, request: incident_pb2.ListIncidentTimelineRequest, tx: Session,
                             caller: Caller) -> incident_pb2.ListIncidentTimelineResponse:
        key = ids.INCIDENT.parse(request.incident_id, "incident_id")
        scope = f"timeline/{key}"
        after, size = _page_args(request, scope)
        entries, next_key = incidents.list_timeline(tx, key, after, size)
        refs = References(tx)
        refs.load_users(e.actor_id for e in entries)
        return incident_pb2.ListIncidentTimelineResponse(
            entries=[mapping.timeline_entry(e, refs) for e in entries], next_page_token=_token(scope, next_key))

    @transactional(write=False)
    def GetIncidentStageDiagram(self, request: incident_pb2.GetIncidentStageDiagramRequest, tx: Session,
                                caller: Caller) -> incident_pb2.GetIncidentStageDiagramResponse:
        return incident_pb2.GetIncidentStageDiagramResponse(diagram=mapping.stage_diagram(incident_diagram(tx)))


def register(server: grpc.Server, app: AppContext) -> Iterable[str]:
    services = [
        (user_pb2_grpc.add_UserServiceServicer_to_server, UserServicer, user_pb2, "UserService"),
        (artifact_pb2_grpc.add_ArtifactServiceServicer_to_server, ArtifactServicer, artifact_pb2, "ArtifactService"),
        (part_pb2_grpc.add_PartServiceServicer_to_server, PartServicer, part_pb2, "PartService"),
        (article_pb2_grpc.add_ArticleServiceServicer_to_server, ArticleServicer, article_pb2, "ArticleService"),
        (account_pb2_grpc.add_AccountServiceServicer_to_server, AccountServicer, account_pb2, "AccountService"),
        (tag_pb2_grpc.add_TagServiceServicer_to_server, TagServicer, tag_pb2, "TagService"),
        (sync_unit_pb2_grpc.add_SyncUnitServiceServicer_to_server, SyncUnitServicer, sync_unit_pb2, "SyncUnitService"),
        (schema_pb2_grpc.add_CustomSchemaFragmentServiceServicer_to_server, CustomSchemaFragmentServicer, schema_pb2,
         "CustomSchemaFragmentService"),
        (incident_pb2_grpc.add_IncidentServiceServicer_to_server, IncidentServicer, incident_pb2, "IncidentService"),
    ]
    names = []
    for add, servicer, module, name in services:
        add(servicer(app), server)
        names.append(module.DESCRIPTOR.services_by_name[name].full_name)
    return names
