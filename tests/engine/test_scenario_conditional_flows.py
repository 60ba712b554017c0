"""Conditional sequence flows leaving an activity: every flow whose condition holds is taken
(a fork); none holding, without a default flow, is NO_OUTGOING_FLOW and nothing changes."""

from __future__ import annotations

import grpc

from tests.engine.scenario import Scenario
from tests.support import expect_error


def test_every_holding_condition_is_taken(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition = engine.deploy_one("conditional_flows.bpmn")
    both = engine.run(definition)
    engine.complete(engine.task_at(both, "ChooseChannels").id, {"mail": True, "sms": True})
    mail, sms = engine.at_activity(both, "SendMail"), engine.at_activity(both, "SendSms")
    assert engine.ids(process_instance_id=both) == {both, mail, sms}
    assert engine.execution(mail).concurrent and engine.execution(both).activity_id == ""

    one = engine.run(definition)
    engine.complete(engine.task_at(one, "ChooseChannels").id, {"mail": False, "sms": True})
    assert {e.id: e.activity_id for e in engine.tree(one)} == {one: "SendSms"}


def test_no_holding_condition_is_an_error(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    instance = engine.run(engine.deploy_one("conditional_flows.bpmn"))
    task = engine.task_at(instance, "ChooseChannels")
    failed = expect_error(lambda: engine.complete(task.id, {"mail": False, "sms": False}),
                          grpc.StatusCode.FAILED_PRECONDITION, "NO_OUTGOING_FLOW")
    assert failed.info.metadata["activity_id"] == "ChooseChannels"
    assert engine.task_at(instance, "ChooseChannels").id == task.id
    assert engine.variables(instance) == {}
