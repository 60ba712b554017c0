"""An inclusive gateway forks on every flow whose condition holds (default when none does);
its join waits only for the paths that can still reach it."""

from __future__ import annotations

from flowkeeper.engine.v1 import process_instance_pb2
from tests.engine.scenario import Scenario

COMPLETED = process_instance_pb2.ProcessInstance.STATE_COMPLETED


def test_fork_on_both_conditions_then_join_waits_for_the_other_path(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition = engine.deploy_one("inclusive_gateway.bpmn")
    instance = engine.run(definition, {"needsInvoice": True, "needsShipping": True})
    invoice = engine.at_activity(instance, "CreateInvoice")
    ship = engine.at_activity(instance, "ShipGoods")
    assert engine.ids(process_instance_id=instance) == {instance, invoice, ship}
    assert engine.execution(instance).activity_id == ""
    assert engine.execution(invoice).concurrent and engine.execution(ship).concurrent

    engine.signal_execution(invoice)
    # The shipping path can still reach the merge, so the invoice path waits there.
    assert engine.ids(process_instance_id=instance, activity_id="Merge") == {invoice}
    assert engine.ids(process_instance_id=instance) == {instance, invoice, ship}
    engine.signal_execution(ship)
    assert engine.instance(instance).state == COMPLETED


def test_one_condition_gives_one_path_without_concurrency(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition = engine.deploy_one("inclusive_gateway.bpmn")
    instance = engine.run(definition, {"needsInvoice": False, "needsShipping": True})
    assert {e.id: e.activity_id for e in engine.tree(instance)} == {instance: "ShipGoods"}
    engine.signal_execution(instance)
    assert engine.instance(instance).state == COMPLETED


def test_no_condition_takes_the_default_flow(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition = engine.deploy_one("inclusive_gateway.bpmn")
    instance = engine.run(definition, {"needsInvoice": False, "needsShipping": False})
    assert engine.instance(instance).state == COMPLETED
    assert engine.ids(process_definition_id=definition) == set()
