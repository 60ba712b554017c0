"""Forms (server.engine.forms) as flowkeeper.engine.v1 messages."""

from __future__ import annotations

from flowkeeper.engine.v1 import form_pb2
from server.engine.forms import FormView, ShownField
from server.engine.mapping import typed_value_out


def form(view: FormView) -> form_pb2.Form:
    out = form_pb2.Form(key=view.key or "", fields=[_field(f) for f in view.fields])
    if view.ref is not None:
        out.camunda_form_ref.CopyFrom(form_pb2.CamundaFormRef(key=view.ref.key, binding=view.ref.binding,
                                                               version=view.ref.version or 0))
    return out


def _field(shown: ShownField) -> form_pb2.FormField:
    f = shown.field
    out = form_pb2.FormField(
        id=f.id, label=shown.label or "", type=f.type, date_pattern=f.date_pattern or "",
        enum_values=[form_pb2.FormFieldEnumValue(id=i, name=n) for i, n in f.enum_values],
        properties=dict(f.properties),
        validation_constraints=[form_pb2.FormFieldConstraint(name=c.name, config=c.config or "") for c in f.constraints],
        business_key=f.business_key,
    )
    if shown.default is not None:
        out.default_value.CopyFrom(typed_value_out(shown.default))
    return out
