"""A parallel gateway gives N concurrent executions at N activities and a root without activity;
the join brings the instance back to one path."""

from __future__ import annotations

from tests.engine.support import Engine, at


def test_fork_gives_concurrent_executions_and_a_root_without_activity(api):  # type: ignore[no-untyped-def]
    engine = Engine(api)
    instance = engine.deploy_and_start("parallel_review.bpmn")
    tree = engine.tree(instance.id)
    by_activity = at(tree)
    assert sorted(by_activity) == ["", "ReviewFinance", "ReviewLegal", "ReviewTech"]
    root = next(e for e in tree if e.id == instance.id)
    assert root.activity_id == "" and root.parent_id == "" and root.scope
    children = [e for e in tree if e.id != instance.id]
    assert len(children) == 3 and all(c.parent_id == instance.id and c.concurrent for c in children)

    tasks = {t.task_definition_key: t for t in engine.tasks_of(instance.id)}
    assert tasks["ReviewLegal"].assignee == "legal-lead"
    assert list(tasks["ReviewFinance"].candidate_groups) == ["finance"]
    assert list(tasks["ReviewTech"].candidate_users) == ["alice", "bob"]

    engine.complete(tasks["ReviewLegal"].id)
    assert sorted(at(engine.tree(instance.id))) == ["", "Join", "ReviewFinance", "ReviewTech"]
    engine.complete(tasks["ReviewFinance"].id)
    engine.complete(tasks["ReviewTech"].id)
    assert engine.tree(instance.id) == []
    ended = engine.instance(instance.id)
    assert ended.ended and ended.state == ended.STATE_COMPLETED
