"""Asynchronous continuations stop the path and leave a job row for the job executor (which this
test's server does not run, so the rows stay to be seen)."""

from __future__ import annotations

from tests.engine.scenario import Scenario, jobs_of


def test_async_before_start_event_leaves_a_job_and_the_root_at_the_start(server, fresh_server):  # type: ignore[no-untyped-def]
    quiet = fresh_server(server.backend, background=False)
    engine = Scenario(quiet.api())
    definition = engine.deploy_one("async_continuations.bpmn")
    instance = engine.run(definition)
    assert {e.id: e.activity_id for e in engine.tree(instance)} == {instance: "StartEvent_1"}
    assert jobs_of(quiet, instance) == [("async-before", "StartEvent_1", instance)]
    # Another instance gets its own job.
    other = engine.run(definition)
    assert jobs_of(quiet, other) == [("async-before", "StartEvent_1", other)]
    assert engine.ids(process_definition_id=definition, activity_id="StartEvent_1") == {instance, other}
