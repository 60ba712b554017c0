"""IncidentService.QueryIncidents and CountIncidents: every filter with exact expected sets,
sorting, offset paging and the errors."""

from __future__ import annotations

from datetime import timedelta

import grpc

from flowkeeper.engine.v1 import incident_pb2
from tests.engine.failure_support import Failures, Inc, key, one_task
from tests.support import expect_error, unique


def _world(api, server):  # type: ignore[no-untyped-def]
    """Two processes (one of a tenant), four incidents a minute apart."""
    engine = Failures(api)
    tenant = unique("tenant")
    k1, k2 = key("qa"), key("qb")
    d1 = engine.deploy_inline(k1, one_task(k1, unique("topic")))
    d2 = engine.deploy_inline(k2, one_task(k2, unique("topic"), activity="Other"), tenant=tenant)
    p1, p2, p3 = engine.start_id(d1), engine.start_id(d1), engine.start_id(d2)
    e1, e2, e3 = engine.at(p1, "Work"), engine.at(p2, "Work"), engine.at(p3, "Other")
    t1, t2 = unique("typeA"), unique("typeB")
    made = []
    for execution_id, kind, config, message in (
        (e1, t1, "conf-1", "disk full on node 7"),
        (e2, t1, "conf-2", "disk full"),
        (e3, t2, "conf-1", "quota 100% used"),
        (e1, t2, "", "network_down"),
    ):
        made.append(engine.create_incident(execution_id, kind, configuration=config, message=message))
        server.clock.advance(timedelta(minutes=1))
    return engine, tenant, (k1, k2), (d1, d2), (p1, p2, p3), (e1, e2, e3), (t1, t2), made


def test_every_filter(api, server):  # type: ignore[no-untyped-def]
    engine, tenant, (k1, k2), (d1, d2), (p1, p2, p3), (e1, e2, e3), (t1, t2), made = _world(api, server)
    i1, i2, i3, i4 = (m.id for m in made)
    mine = {"process_definition_key_in": [k1, k2]}

    def ids(**filters):  # type: ignore[no-untyped-def]
        return engine.incident_ids(**mine, **filters)

    assert ids() == {i1, i2, i3, i4}
    assert ids(incident_id=i2) == {i2}
    assert ids(incident_type=t1) == {i1, i2}
    assert ids(incident_type=t2) == {i3, i4}
    assert ids(incident_message="disk full") == {i2}
    assert ids(incident_message_like="disk full") == {i1, i2}
    assert ids(incident_message_like="100%") == {i3}
    assert ids(incident_message_like="network_") == {i4}
    assert ids(incident_message_like="network%") == set()
    assert ids(process_definition_id=d1) == {i1, i2, i4}
    assert engine.incident_ids(process_definition_key_in=[k2]) == {i3}
    assert ids(process_instance_id=p1) == {i1, i4}
    assert ids(execution_id=e2) == {i2}
    assert ids(activity_id="Other") == {i3}
    assert ids(failed_activity_id="Work") == {i1, i2, i4}
    assert ids(cause_incident_id=i3) == {i3}
    assert ids(root_cause_incident_id=i4) == {i4}
    assert ids(configuration="conf-1") == {i1, i3}
    assert ids(tenant_id_in=[tenant]) == {i3}
    assert ids(without_tenant_id=True) == {i1, i2, i4}
    assert ids(tenant_id_in=[tenant], without_tenant_id=True) == {i1, i2, i3, i4}
    assert ids(tenant_id_in=["no-such-tenant"]) == set()
    assert ids(job_definition_id_in=["none"]) == set()
    assert ids(incident_type=t1, configuration="conf-2") == {i2}

    engine.resolve(i2)
    assert ids() == {i1, i3, i4}
    assert ids(states=[Inc.STATE_RESOLVED]) == {i2}
    assert ids(states=[Inc.STATE_OPEN, Inc.STATE_RESOLVED]) == {i1, i2, i3, i4}
    assert ids(states=[Inc.STATE_DELETED]) == set()

    for filters, expected in (({}, 3), ({"incident_type": t1}, 1), ({"states": [Inc.STATE_RESOLVED]}, 1),
                              ({"incident_message_like": "disk"}, 1), ({"tenant_id_in": [tenant]}, 1)):
        assert engine.count_incidents(**mine, **filters) == expected, filters


def test_sorting_and_paging(api, server):  # type: ignore[no-untyped-def]
    engine, _, keys, _, _, _, (t1, t2), made = _world(api, server)
    i1, i2, i3, i4 = (m.id for m in made)
    mine = {"process_definition_key_in": list(keys)}

    def ordered(*sorting, **extra):  # type: ignore[no-untyped-def]
        return engine.ordered_incidents(**mine, sorting=[incident_pb2.IncidentSorting(sort_by=b, sort_order=o)
                                                         for b, o in sorting], **extra)

    # Without sorting: by timestamp, oldest first.
    assert engine.ordered_incidents(**mine) == [i1, i2, i3, i4]
    assert ordered(("incidentTimestamp", "desc")) == [i4, i3, i2, i1]
    assert ordered(("incidentType", "asc"), ("incidentTimestamp", "desc")) == [i2, i1, i4, i3]
    assert ordered(("incidentMessage", "asc")) == [i2, i1, i4, i3]
    assert ordered(("incidentTimestamp", "asc"), first_result=1, max_results=2) == [i2, i3]
    assert ordered(("incidentTimestamp", "asc"), first_result=3, max_results=10) == [i4]
    assert ordered(("incidentTimestamp", "asc"), first_result=4) == []

    bad = expect_error(lambda: ordered(("nope", "asc")), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_SORTING")
    assert bad.fields == ["sorting[0].sort_by"]
    bad = expect_error(lambda: ordered(("incidentType", "asc"), ("incidentId", "")),
                       grpc.StatusCode.INVALID_ARGUMENT, "INVALID_SORTING")
    assert bad.fields == ["sorting[1].sort_order"]
    bad = expect_error(lambda: engine.ordered_incidents(first_result=-1), grpc.StatusCode.INVALID_ARGUMENT,
                       "INVALID_FIELD")
    assert bad.fields == ["first_result"]
    bad = expect_error(lambda: engine.ordered_incidents(max_results=-1), grpc.StatusCode.INVALID_ARGUMENT,
                       "INVALID_FIELD")
    assert bad.fields == ["max_results"]
    bad = expect_error(lambda: engine.ordered_incidents(states=[42]), grpc.StatusCode.INVALID_ARGUMENT,
                       "INVALID_ENUM_VALUE")
    assert bad.fields == ["states[0]"]
    expect_error(lambda: engine.count_incidents(states=[0]), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_ENUM_VALUE")


def test_tenant_tokens_see_their_tenants_and_none(api, server):  # type: ignore[no-untyped-def]
    engine, tenant, keys, _, _, _, _, made = _world(api, server)
    i1, i2, i3, i4 = (m.id for m in made)
    scoped = Failures(server.api(server.token(tenants=(tenant,))))
    assert scoped.incident_ids(process_definition_key_in=list(keys)) == {i1, i2, i3, i4}
    others = Failures(server.api(server.token(tenants=("someone-else",))))
    assert others.incident_ids(process_definition_key_in=list(keys)) == {i1, i2, i4}
    assert others.count_incidents(process_definition_key_in=list(keys)) == 3
