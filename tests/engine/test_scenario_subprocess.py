"""An embedded subprocess gives a scope execution (nested subprocesses nest them); the scope
execution walks through the subprocess's activities and its local variables end with it."""

from __future__ import annotations

from flowkeeper.engine.v1.execution_pb2 import VariableQueryParameter
from tests.engine.scenario import Scenario
from tests.engine.support import value


def eq(name: str, raw: object) -> VariableQueryParameter:
    return VariableQueryParameter(name=name, operator="eq", value=value(raw))


def test_nested_subprocesses_give_nested_scope_executions(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    instance = engine.run(engine.deploy_one("embedded_subprocess.bpmn"))
    tree = {e.id: e for e in engine.tree(instance)}
    assert len(tree) == 3
    root = tree[instance]
    [outer] = [e for e in tree.values() if e.parent_id == instance]
    [inner] = [e for e in tree.values() if e.parent_id == outer.id]
    assert (root.activity_id, root.scope, root.concurrent) == ("", True, False)
    # The outer subprocess's scope only holds the inner one, so it is at no activity.
    assert (outer.activity_id, outer.scope, outer.concurrent) == ("", True, False)
    assert (inner.activity_id, inner.scope, inner.concurrent) == ("CheckItem", True, False)
    assert engine.ids(process_instance_id=instance, activity_id="CheckItem") == {inner.id}
    assert engine.task_at(instance, "CheckItem").execution_id == inner.id

    engine.complete(engine.task_at(instance, "CheckItem").id)
    # The inner scope ended; the outer scope execution itself moved on to PackItems.
    assert {e.id: e.activity_id for e in engine.tree(instance)} == {instance: "", outer.id: "PackItems"}

    engine.complete(engine.task_at(instance, "PackItems").id)
    # Out of the subprocess: the root is at the external task that follows.
    assert {e.id: e.activity_id for e in engine.tree(instance)} == {instance: "ShipOrder"}


def test_local_variables_of_a_subprocess_scope_versus_process_variables(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition = engine.deploy_one("embedded_subprocess.bpmn")
    instance = engine.run(definition, {"bin": "root-bin"})
    engine.complete(engine.task_at(instance, "CheckItem").id)
    scope = engine.at_activity(instance, "PackItems")
    engine.set_local(scope, {"bin": "B-7"})

    # `variables` are the execution's own; `process_variables` those of its instance.
    assert engine.ids(process_definition_id=definition, variables=[eq("bin", "B-7")]) == {scope}
    assert engine.ids(process_definition_id=definition, variables=[eq("bin", "root-bin")]) == {instance}
    assert engine.ids(process_definition_id=definition, process_variables=[eq("bin", "root-bin")]) == {instance, scope}
    # process_variables look at every scope of the instance (as the document's engine does).
    assert engine.ids(process_definition_id=definition, process_variables=[eq("bin", "B-7")]) == {instance, scope}
    assert engine.ids(process_definition_id=definition, process_variables=[eq("bin", "B-9")]) == set()

    # A task completed inside the scope sets the variable where it lives: on the scope.
    engine.complete(engine.task_at(instance, "PackItems").id, {"bin": "B-8"})
    # The scope ended with its local variables; the process variable kept its value.
    assert engine.variables(instance) == {"bin": ("root-bin", "String")}
    assert engine.ids(process_definition_id=definition, variables=[eq("bin", "B-8")]) == set()
