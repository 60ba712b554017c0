"""Rows of the ops context to and from flowkeeper.ops.v1 messages: the only module that knows both."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable, Mapping

from google.protobuf import json_format, struct_pb2, timestamp_pb2
from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper

from flowkeeper.ops.v1 import (
    account_pb2,
    article_pb2,
    artifact_pb2,
    incident_pb2,
    part_pb2,
    schema_pb2,
    sync_unit_pb2,
    tag_pb2,
    types_pb2,
    user_pb2,
)
from server.errors import invalid_enum_value
from server.ids import USER
from server.ops import ids
from server.ops.incidents import (
    ENUMS,
    IMPACT_COUNT,
    REPORTED_BY,
    SEVERITY,
    SOURCE,
    IncidentChanges,
    IncidentView,
    NewIncident,
    StageInput,
    SyncInput,
    SyncMetadataInput,
    TagInput,
    TimelineEntry,
)
from server.ops.query import SYNC_FILTERS, DateFilter, Group, IncidentFilter
from server.ops.refs import (
    AccountRef,
    ArticleRef,
    ArtifactRef,
    PartRef,
    References,
    SyncUnitRef,
    TagRef,
    UserRef,
)
from server.ops.schema import FieldSpec, Fragment, SchemaSpec
from server.ops.stages import Diagram, Stage
from server.rpc.fields import optional
from server.rpc.timestamps import datetime_of, timestamp_of

# -- enums ----------------------------------------------------------------------------------


class _Enum:
    """A proto enum <-> the domain's lowercase names (``PART_TYPE_CAPABILITY`` <-> ``capability``)."""

    def __init__(self, wrapper: EnumTypeWrapper, prefix: str) -> None:
        self.to_name = {v.number: v.name[len(prefix):].lower() for v in wrapper.DESCRIPTOR.values if v.number}
        self.to_number = {name: number for number, name in self.to_name.items()}

    def name(self, value: int, field: str) -> str | None:
        """None for UNSPECIFIED; INVALID_ENUM_VALUE for an unknown number."""
        if value == 0:
            return None
        if value not in self.to_name:
            raise invalid_enum_value(field, value, self.to_name.values())
        return self.to_name[value]

    def required(self, value: int, field: str) -> str:
        """As ``name``, and INVALID_ENUM_VALUE for UNSPECIFIED too."""
        name = self.name(value, field)
        if name is None:
            raise invalid_enum_value(field, "unspecified", self.to_name.values())
        return name

    def number(self, name: str | None) -> int:
        return self.to_number.get(name or "", 0)


USER_STATE = _Enum(user_pb2.UserState, "USER_STATE_")
PART_TYPE = _Enum(types_pb2.PartType, "PART_TYPE_")
ARTICLE_TYPE = _Enum(types_pb2.ArticleType, "ARTICLE_TYPE_")
SYNC_IN_STATUS = _Enum(types_pb2.SyncInStatus, "SYNC_IN_STATUS_")
SYNC_OUT_STATUS = _Enum(types_pb2.SyncOutStatus, "SYNC_OUT_STATUS_")
EXTERNAL_SYSTEM_TYPE = _Enum(types_pb2.ExternalSystemType, "EXTERNAL_SYSTEM_TYPE_")
SYNC_TYPE = _Enum(types_pb2.SyncUnitSyncType, "SYNC_UNIT_SYNC_TYPE_")
SYNC_RUN_MODE = _Enum(types_pb2.SyncRunMode, "SYNC_RUN_MODE_")
SYNC_PROGRESS_STATE = _Enum(types_pb2.SyncProgressState, "SYNC_PROGRESS_STATE_")
FRAGMENT_TYPE = _Enum(schema_pb2.FragmentType, "FRAGMENT_TYPE_")
FIELD_TYPE = _Enum(schema_pb2.CustomFieldType, "CUSTOM_FIELD_TYPE_")
PRESET_TYPE = _Enum(types_pb2.DateTimePresetType, "DATE_TIME_PRESET_TYPE_")
TIMELINE_KIND = _Enum(incident_pb2.IncidentTimelineEntryKind, "INCIDENT_TIMELINE_ENTRY_KIND_")


def user_state_name(value: int) -> str:
    """The domain's name of a UserState; UNSPECIFIED means active."""
    return USER_STATE.name(value, "state") or "active"


# -- common values --------------------------------------------------------------------------


def timestamp(value: datetime | str | None) -> timestamp_pb2.Timestamp | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return timestamp_of(value)




def _struct(values: Mapping[str, Any] | None) -> struct_pb2.Struct:
    result = struct_pb2.Struct()
    if values:
        result.update(values)
    return result


def _dict(message: struct_pb2.Struct) -> dict[str, Any]:
    return json_format.MessageToDict(message)


def enum_value(value: int | None, table: Mapping[int, str]) -> types_pb2.EnumValue | None:
    if value is None:
        return None
    return types_pb2.EnumValue(id=value, label=table[value], ordinal=value,
                               value=struct_pb2.Value(null_value=struct_pb2.NULL_VALUE))


# -- directory objects ----------------------------------------------------------------------


def artifact_summary(ref: ArtifactRef) -> artifact_pb2.ArtifactSummary:
    return artifact_pb2.ArtifactSummary(
        id=ids.ARTIFACT.don(ref.id), display_id=ids.ARTIFACT.display(ref.id),
        file=artifact_pb2.ArtifactFile(type=ref.file_type, name=ref.file_name, size=ref.file_size),
    )


def artifact(ref: ArtifactRef) -> artifact_pb2.Artifact:
    summary = artifact_summary(ref)
    return artifact_pb2.Artifact(id=summary.id, display_id=summary.display_id, file=summary.file,
                                 parent=ref.parent_don or "", created_date=timestamp(ref.created_date))


def user_summary(ref: UserRef) -> types_pb2.UserSummary:
    return types_pb2.UserSummary(
        type=user_pb2.USER_TYPE_DEV_USER, id=USER.don(ref.id), display_id=USER.display(ref.id),
        display_name=ref.display_name, display_picture=artifact_summary(ref.picture) if ref.picture else None,
        email=ref.email, full_name=ref.full_name, state=USER_STATE.number(ref.state),
    )


def user(ref: UserRef) -> user_pb2.User:
    return user_pb2.User(
        id=USER.don(ref.id), display_id=USER.display(ref.id), display_name=ref.display_name,
        full_name=ref.full_name, email=ref.email, state=USER_STATE.number(ref.state),
        created_date=timestamp(ref.created_date), type=user_pb2.USER_TYPE_DEV_USER,
        display_picture=artifact_summary(ref.picture) if ref.picture else None,
    )


def _sync_summary(external_reference: str, origin_system: str) -> types_pb2.SyncMetadataSummary | None:
    if not external_reference and not origin_system:
        return None
    return types_pb2.SyncMetadataSummary(external_reference=external_reference, origin_system=origin_system)


def part_summary(ref: PartRef, refs: References) -> types_pb2.PartSummary:
    return types_pb2.PartSummary(
        type=PART_TYPE.number(ref.type), id=ids.PART.don(ref.id), display_id=ids.part_display(ref.id, ref.type),
        name=ref.name, owned_by=[user_summary(refs.users[u]) for u in ref.owner_ids],
        sync_metadata=_sync_summary(ref.external_reference, ref.origin_system),
    )


def part(ref: PartRef, refs: References) -> part_pb2.Part:
    s = part_summary(ref, refs)
    return part_pb2.Part(id=s.id, display_id=s.display_id, type=s.type, name=s.name, owned_by=s.owned_by,
                         sync_metadata=s.sync_metadata if s.HasField("sync_metadata") else None,
                         description=ref.description, created_date=timestamp(ref.created_date))


def article_summary(ref: ArticleRef, refs: References) -> types_pb2.ArticleSummary:
    return types_pb2.ArticleSummary(
        id=ids.ARTICLE.don(ref.id), display_id=ids.ARTICLE.display(ref.id),
        article_type=ARTICLE_TYPE.number(ref.article_type),
        resource=types_pb2.ArticleResource(artifacts=[artifact_summary(refs.artifacts[a]) for a in ref.artifact_ids],
                                           url=ref.url),
        sync_metadata=_sync_summary(ref.external_reference, ref.origin_system), title=ref.title,
    )


def article(ref: ArticleRef, refs: References) -> article_pb2.Article:
    s = article_summary(ref, refs)
    return article_pb2.Article(id=s.id, display_id=s.display_id, title=s.title, article_type=s.article_type,
                               resource=s.resource,
                               sync_metadata=s.sync_metadata if s.HasField("sync_metadata") else None,
                               created_date=timestamp(ref.created_date))


def account_summary(ref: AccountRef) -> types_pb2.AccountSummary:
    return types_pb2.AccountSummary(id=ids.ACCOUNT.don(ref.id), display_id=ids.ACCOUNT.display(ref.id),
                                    display_name=ref.display_name)


def account(ref: AccountRef) -> account_pb2.Account:
    return account_pb2.Account(id=ids.ACCOUNT.don(ref.id), display_id=ids.ACCOUNT.display(ref.id),
                               display_name=ref.display_name, description=ref.description,
                               created_date=timestamp(ref.created_date))


def tag_summary(ref: TagRef) -> types_pb2.TagSummary:
    return types_pb2.TagSummary(id=ids.TAG.don(ref.id), display_id=ids.TAG.display(ref.id), name=ref.name,
                                style_new=types_pb2.TagStyle(color=ref.color) if ref.color else None)


def tag(ref: TagRef) -> tag_pb2.Tag:
    return tag_pb2.Tag(id=ids.TAG.don(ref.id), display_id=ids.TAG.display(ref.id), name=ref.name,
                       style_new=types_pb2.TagStyle(color=ref.color) if ref.color else None,
                       allowed_values=list(ref.allowed_values or ()), description=ref.description,
                       created_date=timestamp(ref.created_date))


def _sync_run(ref: SyncUnitRef) -> types_pb2.SyncRunSummary | None:
    if ref.sync_run_mode is None and ref.sync_progress_state is None:
        return None
    return types_pb2.SyncRunSummary(
        mode=SYNC_RUN_MODE.number(ref.sync_run_mode),
        progress=types_pb2.SyncProgressSummary(state=SYNC_PROGRESS_STATE.number(ref.sync_progress_state)),
    )


def sync_unit_summary(ref: SyncUnitRef) -> types_pb2.SyncUnitSummary:
    return types_pb2.SyncUnitSummary(
        id=ids.SYNC_UNIT.don(ref.id), display_id=ids.SYNC_UNIT.display(ref.id), name=ref.name,
        is_archived=ref.is_archived, external_system_type=EXTERNAL_SYSTEM_TYPE.number(ref.external_system_type),
        sync_type=SYNC_TYPE.number(ref.sync_type), sync_run=_sync_run(ref),
        external_sync_unit_name=ref.external_sync_unit_name, external_system_id=ref.external_system_id,
        external_system_name=ref.external_system_name,
    )


def sync_unit(ref: SyncUnitRef) -> sync_unit_pb2.SyncUnit:
    s = sync_unit_summary(ref)
    return sync_unit_pb2.SyncUnit(
        id=s.id, display_id=s.display_id, name=s.name, is_archived=s.is_archived,
        external_system_type=s.external_system_type, sync_type=s.sync_type,
        sync_run=s.sync_run if s.HasField("sync_run") else None, external_sync_unit_name=s.external_sync_unit_name,
        external_system_id=s.external_system_id, external_system_name=s.external_system_name,
        created_date=timestamp(ref.created_date),
    )


def fragment(ref: Fragment) -> schema_pb2.CustomSchemaFragment:
    return schema_pb2.CustomSchemaFragment(
        id=ref.don, leaf_type=ref.leaf_type, fragment_type=FRAGMENT_TYPE.number(ref.fragment_type),
        app=ref.app or "", subtype=ref.subtype or "", description=ref.description,
        fields=[
            schema_pb2.CustomField(name=f.name, field_type=FIELD_TYPE.number(f.field_type), is_list=f.is_list,
                                   is_required=f.is_required, description=f.description,
                                   allowed_values=list(f.allowed_values), key=ref.key(f))
            for f in ref.fields
        ],
        deprecated=ref.deprecated, created_date=timestamp(ref.created_date),
    )


def fragment_fields(request: schema_pb2.CreateCustomSchemaFragmentRequest) -> list[FieldSpec]:
    return [
        FieldSpec(name=f.name.strip(), field_type=FIELD_TYPE.name(f.field_type, f"fields[{i}].field_type") or "",
                  is_list=f.is_list, is_required=f.is_required, description=f.description,
                  allowed_values=tuple(f.allowed_values))
        for i, f in enumerate(request.fields)
    ]


# -- stages ---------------------------------------------------------------------------------


def _stage_summary(stage: Stage) -> types_pb2.CustomStageSummary:
    return types_pb2.CustomStageSummary(id=ids.STAGE.don(stage.id), display_id=ids.STAGE.display(stage.id),
                                        name=stage.name)


def _state_summary(stage: Stage) -> types_pb2.CustomStateSummary:
    state = stage.state
    return types_pb2.CustomStateSummary(id=ids.STATE.don(state.id), display_id=ids.STATE.display(state.id),
                                        is_final=state.is_final, name=state.name)


def stage(stage: Stage) -> types_pb2.Stage:
    return types_pb2.Stage(stage=_stage_summary(stage), state=_state_summary(stage))


def stage_diagram(diagram: Diagram) -> incident_pb2.StageDiagram:
    return incident_pb2.StageDiagram(
        id=ids.STAGE_DIAGRAM.don(diagram.id), name=diagram.name, leaf_type=diagram.leaf_type,
        stages=[
            incident_pb2.StageNode(stage=_stage_summary(s), state=_state_summary(s), is_start=s.is_start,
                                   transitions=[_stage_summary(t) for t in diagram.targets(s.id)])
            for s in diagram.stages
        ],
    )


# -- incidents ------------------------------------------------------------------------------


def _sync_metadata(stored: Mapping[str, Any] | None, refs: References) -> types_pb2.SyncMetadata | None:
    if stored is None:
        return None
    result = types_pb2.SyncMetadata(
        external_record_id=stored.get("external_record_id", ""),
        external_record_type=stored.get("external_record_type", ""),
        external_reference=stored.get("external_reference", ""), origin_system=stored.get("origin_system", ""),
    )
    for side, message, statuses in (("last_sync_in", result.last_sync_in, SYNC_IN_STATUS),
                                    ("last_sync_out", result.last_sync_out, SYNC_OUT_STATUS)):
        sync = stored.get(side)
        if not sync:
            continue
        message.SetInParent()
        message.status = statuses.number(sync.get("status"))
        if sync.get("sync_date"):
            message.sync_date.CopyFrom(timestamp(sync["sync_date"]))
        message.sync_history = sync.get("sync_history") or ""
        if sync.get("sync_unit") is not None:
            message.sync_unit.CopyFrom(sync_unit_summary(refs.sync_units[sync["sync_unit"]]))
    return result


def _staged_info(stored: Mapping[str, Any] | None) -> types_pb2.StagedInfo | None:
    if stored is None:
        return None
    return json_format.ParseDict(stored, types_pb2.StagedInfo())


def _external_source_data(stored: Mapping[str, Any] | None) -> types_pb2.ExternalSourceData | None:
    if stored is None:
        return None
    return types_pb2.ExternalSourceData(**{k: timestamp(v) for k, v in stored.items() if v})


class _Memo:
    """Summaries built once per response: a page of incidents shares its users, stages, enums."""

    def __init__(self, refs: References, diagram: Diagram) -> None:
        self.refs, self.diagram = refs, diagram
        self._cache: dict[tuple[str, Any], Any] = {}

    def get(self, kind: str, key: Any, build: Any) -> Any:
        found = self._cache.get((kind, key))
        if found is None:
            found = self._cache[(kind, key)] = build()
        return found

    def user(self, key: int) -> types_pb2.UserSummary:
        return self.get("user", key, lambda: user_summary(self.refs.users[key]))

    def part(self, key: int) -> types_pb2.PartSummary:
        return self.get("part", key, lambda: part_summary(self.refs.parts[key], self.refs))

    def article(self, key: int) -> types_pb2.ArticleSummary:
        return self.get("article", key, lambda: article_summary(self.refs.articles[key], self.refs))

    def stage(self, key: int) -> types_pb2.Stage:
        found = self.diagram.stage(key)
        message = _STAGES.get(found)
        if message is None:
            message = _STAGES[found] = stage(found)
        return message

    def enum(self, value: int | None, table: Mapping[int, str]) -> types_pb2.EnumValue | None:
        if value is None:
            return None
        key = (id(table), value)
        message = _ENUM_VALUES.get(key)
        if message is None:
            message = _ENUM_VALUES[key] = enum_value(value, table)  # type: ignore[assignment]
        return message


# Messages that depend on nothing a call can change, made once per process and copied into
# each response: stages (a Stage is a frozen value, its diagram never changes while the
# process runs) and the values of the module's enum tables.
_STAGES: dict[Stage, types_pb2.Stage] = {}
_ENUM_VALUES: dict[tuple[int, int], types_pb2.EnumValue] = {}


def incidents(views: Iterable[IncidentView], refs: References, diagram: Diagram) -> list[incident_pb2.Incident]:
    memo = _Memo(refs, diagram)
    return [_incident(v, memo) for v in views]


def incident(view: IncidentView, refs: References, diagram: Diagram) -> incident_pb2.Incident:
    return _incident(view, _Memo(refs, diagram))


def _incident(view: IncidentView, memo: _Memo) -> incident_pb2.Incident:
    refs = memo.refs
    impact = None
    if view.impact_count is not None or view.customer_ids:
        impact = incident_pb2.Impact(count=memo.enum(view.impact_count, IMPACT_COUNT),
                                     customer_ids=[account_summary(refs.accounts[a]) for a in view.customer_ids])
    return incident_pb2.Incident(
        id=ids.INCIDENT.don(view.id), display_id=ids.INCIDENT.display(view.id),
        created_by=memo.user(view.created_by_id), created_date=timestamp(view.created_date),
        modified_by=memo.user(view.modified_by_id), modified_date=timestamp(view.modified_date),
        title=view.title, body=view.body,
        acknowledged_date=timestamp(view.acknowledged_date), actual_close_date=timestamp(view.actual_close_date),
        identified_date=timestamp(view.identified_date), mitigated_date=timestamp(view.mitigated_date),
        target_close_date=timestamp(view.target_close_date),
        applies_to_parts=[memo.part(p) for p in view.applies_to_parts],
        artifacts=[artifact_summary(refs.artifacts[a]) for a in view.artifacts],
        owned_by=[memo.user(u) for u in view.owned_by],
        pia=[memo.article(a) for a in view.pia],
        playbooks=[memo.article(a) for a in view.playbooks],
        related_docs=[memo.article(a) for a in view.related_docs],
        reported_by=memo.enum(view.reported_by, REPORTED_BY), severity=memo.enum(view.severity, SEVERITY),
        source=memo.enum(view.source, SOURCE), impact=impact, stage=memo.stage(view.stage_id),
        tags=[types_pb2.TagWithValue(tag=tag_summary(refs.tags[t]), value=v) for t, v in view.tags],
        custom_fields=_struct(view.custom_fields),
        custom_schema_fragments=view.custom.fragment_dons() if view.custom_schema_fragments else (),
        stock_schema_fragment=ids.STOCK_SCHEMA_FRAGMENT, subtype=view.subtype or "",
        sync_metadata=_sync_metadata(view.sync_metadata, refs), staged_info=_staged_info(view.staged_info),
        external_source_data=_external_source_data(view.external_source_data), version=view.version,
    )


def timeline_entry(entry: TimelineEntry, refs: References) -> incident_pb2.IncidentTimelineEntry:
    def value(v: Any) -> struct_pb2.Value:
        result = struct_pb2.Value()
        json_format.ParseDict(v, result)
        return result

    return incident_pb2.IncidentTimelineEntry(
        id=ids.TIMELINE_ENTRY.don(entry.id), incident_id=ids.INCIDENT.don(entry.incident_id),
        kind=TIMELINE_KIND.number(entry.kind), actor=user_summary(refs.users[entry.actor_id]),
        created_date=timestamp(entry.created_date), incident_version=entry.incident_version,
        changes=[incident_pb2.FieldChange(field=c["field"], old_value=value(c["old"]), new_value=value(c["new"]))
                 for c in entry.changes],
        notes=entry.notes,
    )


def group_key(group: Group, refs: References, diagram: Diagram) -> incident_pb2.FieldValue:
    v = group.value
    if group.group_by == "stage":
        return incident_pb2.FieldValue(type=incident_pb2.FIELD_VALUE_TYPE_STAGE, display_value=diagram.stage(v).name,
                                       id_value=ids.STAGE.don(v))
    if group.group_by in ("severity", "reported_by", "source"):
        kind = incident_pb2.FIELD_VALUE_TYPE_INT
        if v is None:
            return incident_pb2.FieldValue(type=kind)
        return incident_pb2.FieldValue(type=kind, display_value=ENUMS[group.group_by][v], int_value=v)
    if group.group_by == "subtype":
        kind = incident_pb2.FIELD_VALUE_TYPE_STRING
        return incident_pb2.FieldValue(type=kind) if v is None else \
            incident_pb2.FieldValue(type=kind, display_value=v, string_value=v)
    kind = incident_pb2.FIELD_VALUE_TYPE_ID
    if v is None:
        return incident_pb2.FieldValue(type=kind)
    if group.group_by == "applies_to_parts":
        return incident_pb2.FieldValue(type=kind, display_value=refs.parts[v].name, id_value=ids.PART.don(v))
    return incident_pb2.FieldValue(type=kind, display_value=refs.users[v].display_name, id_value=USER.don(v))


# -- decoding incident requests ---------------------------------------------------------------


def _schema_spec(message: Any, name: str) -> SchemaSpec | None:
    if not message.HasField(name):
        return None
    spec = getattr(message, name)
    return SchemaSpec(apps=[a.strip() for a in spec.apps], subtype=spec.subtype.strip(),
                      tenant_fragment=spec.tenant_fragment, validate_required_fields=spec.validate_required_fields,
                      drop_apps=list(spec.drop.apps), drop_subtype=spec.drop.subtype)


def _sync_input(message: Any, side: str, statuses: _Enum) -> SyncInput | None:
    if not message.HasField(side):
        return None
    sync = getattr(message, side)
    return SyncInput(status=statuses.name(sync.status, f"sync_metadata.{side}.status"),
                     sync_date=datetime_of(sync, "sync_date", f"sync_metadata.{side}.sync_date"),
                     sync_history=sync.sync_history, sync_unit=sync.sync_unit)


def _sync_metadata_input(request: Any) -> SyncMetadataInput | None:
    if not request.HasField("sync_metadata"):
        return None
    m = request.sync_metadata
    return SyncMetadataInput(
        external_record_id=m.external_record_id, external_record_type=m.external_record_type,
        external_reference=m.external_reference, origin_system=m.origin_system,
        last_sync_in=_sync_input(m, "last_sync_in", SYNC_IN_STATUS),
        last_sync_out=_sync_input(m, "last_sync_out", SYNC_OUT_STATUS),
    )


def _staged_info_input(request: Any) -> dict[str, Any] | None:
    if not request.HasField("staged_info"):
        return None
    return json_format.MessageToDict(request.staged_info, preserving_proto_field_name=True)


def _external_source_input(request: Any) -> dict[str, datetime | None] | None:
    if not request.HasField("external_source_data"):
        return None
    e = request.external_source_data
    return {k: datetime_of(e, k, f"external_source_data.{k}") for k in ("created_date", "modified_date", "closed_date")}


def _stage_input(request: Any) -> StageInput | None:
    if not request.HasField("stage"):
        return None
    return StageInput(request.stage.stage, request.stage.notes)


def _options(values: Any, allowed: Mapping[int, str], field: str) -> set[str]:
    result = set()
    for i, value in enumerate(values):
        if value not in allowed:
            raise invalid_enum_value(f"{field}[{i}]", value, allowed.values())
        result.add(allowed[value])
    return result


_CREATE_OPTIONS = {incident_pb2.STAGE_VALIDATION_OPTION_FOR_CREATE_ALLOW_NON_START: "allow_non_start"}
_UPDATE_OPTIONS = {incident_pb2.STAGE_VALIDATION_OPTION_FOR_UPDATE_ALLOW_INVALID_TRANSITION: "allow_invalid_transition"}


def new_incident(request: incident_pb2.CreateIncidentRequest) -> NewIncident:
    options = _options(request.stage_validation_options, _CREATE_OPTIONS, "stage_validation_options")
    return NewIncident(
        title=request.title, body=request.body,
        severity=optional(request, "severity"), reported_by=optional(request, "reported_by"),
        source=optional(request, "source"),
        impact_count=optional(request.impact, "count") if request.HasField("impact") else None,
        customer_ids=list(request.impact.customer_ids),
        identified_date=datetime_of(request, "identified_date"),
        acknowledged_date=datetime_of(request, "acknowledged_date"),
        mitigated_date=datetime_of(request, "mitigated_date"),
        target_close_date=datetime_of(request, "target_close_date"),
        owned_by=list(request.owned_by), applies_to_parts=list(request.applies_to_parts),
        artifacts=list(request.artifacts), pia=list(request.pia), playbooks=list(request.playbooks),
        related_docs=list(request.related_docs),
        tags=[TagInput(t.tag_id, t.value) for t in request.tags],
        stage=_stage_input(request), allow_non_start="allow_non_start" in options,
        custom_fields=_dict(request.custom_fields) if request.HasField("custom_fields") else None,
        custom_schema_spec=_schema_spec(request, "custom_schema_spec"),
        staged_info=_staged_info_input(request), sync_metadata=_sync_metadata_input(request),
        external_source_data=_external_source_input(request), request_id=request.request_id,
    )


def incident_update(request: incident_pb2.UpdateIncidentRequest) -> tuple[int, IncidentChanges]:
    """The incident's key and the changes an UpdateIncident asks for."""
    return ids.INCIDENT.parse(request.id, "id"), incident_changes(request)


def incident_changes(request: incident_pb2.UpdateIncidentRequest) -> IncidentChanges:
    options = _options(request.stage_validation_options, _UPDATE_OPTIONS, "stage_validation_options")

    def id_set(name: str) -> list[str] | None:
        return list(getattr(request, name).set) if request.HasField(name) else None

    impact = request.impact if request.HasField("impact") else None
    return IncidentChanges(
        title=optional(request, "title"), body=optional(request, "body"),
        severity=optional(request, "severity"), reported_by=optional(request, "reported_by"),
        source=optional(request, "source"),
        impact_count=optional(impact, "count") if impact is not None else None,
        customer_ids=list(impact.customer_ids.set) if impact is not None and impact.HasField("customer_ids") else None,
        identified_date=datetime_of(request, "identified_date"),
        acknowledged_date=datetime_of(request, "acknowledged_date"),
        mitigated_date=datetime_of(request, "mitigated_date"),
        target_close_date=datetime_of(request, "target_close_date"),
        owned_by=id_set("owned_by"), applies_to_parts=id_set("applies_to_parts"), artifacts=id_set("artifacts"),
        pia=id_set("pia"), playbooks=id_set("playbooks"), related_docs=id_set("related_docs"),
        tags=[TagInput(t.tag_id, t.value) for t in request.tags.set] if request.HasField("tags") else None,
        stage=_stage_input(request), allow_invalid_transition="allow_invalid_transition" in options,
        custom_fields=_dict(request.custom_fields) if request.HasField("custom_fields") else None,
        custom_schema_spec=_schema_spec(request, "custom_schema_spec"),
        staged_info=_staged_info_input(request), sync_metadata=_sync_metadata_input(request),
        external_source_data=_external_source_input(request),
        expected_version=optional(request, "expected_version"),
        clear_fields=tuple(request.clear_fields),
    )


_DATE_FILTERS = ("acknowledged_date", "actual_close_date", "created_date", "identified_date", "mitigated_date",
                 "modified_date", "target_close_date")


def incident_filter(request: Any) -> IncidentFilter:
    """The filters shared by ListIncidentsRequest and GroupIncidentsRequest."""
    dates: dict[str, DateFilter] = {}
    for name in _DATE_FILTERS:
        if not request.HasField(name):
            continue
        f = getattr(request, name)
        which = f.WhichOneof("filter")
        if which == "preset":
            preset = PRESET_TYPE.required(f.preset.preset_type, f"{name}.preset.preset_type")
            dates[name] = DateFilter(preset=preset, days=f.preset.days)
        elif which == "range":
            dates[name] = DateFilter(after=datetime_of(f.range, "after", f"{name}.range.after"),
                                     before=datetime_of(f.range, "before", f"{name}.range.before"))
        else:
            dates[name] = DateFilter()
    return IncidentFilter(
        applies_to_parts=list(request.applies_to_parts), created_by=list(request.created_by),
        owned_by=list(request.owned_by), pia=list(request.pia), playbooks=list(request.playbooks),
        related_docs=list(request.related_docs), impacted_customers=list(request.impacted_customers),
        reported_by=list(request.reported_by), severity=list(request.severity), source=list(request.source),
        stage=list(request.stage), subtype=list(request.subtype), title=list(request.title),
        custom_fields=_dict(request.custom_fields) if request.HasField("custom_fields") else {},
        dates=dates,
        is_staged=request.staged_info.is_staged if request.staged_info.HasField("is_staged") else None,
        sync=_sync_filter(request.sync_metadata),
    )


def _sync_filter(given: Any) -> dict[str, list[str]]:
    """The filter's values at each of the paths the query knows (SYNC_FILTERS), statuses as
    their names."""
    sync: dict[str, list[str]] = {}
    for path in SYNC_FILTERS:
        field = given
        for name in path.split("."):
            field = getattr(field, name)
        values = list(field)
        if path.endswith(".status"):
            statuses = SYNC_IN_STATUS if path.startswith("last_sync_in.") else SYNC_OUT_STATUS
            values = [statuses.required(value, f"sync_metadata.{path}[{i}]") for i, value in enumerate(values)]
        if values:
            sync[path] = values
    return sync
