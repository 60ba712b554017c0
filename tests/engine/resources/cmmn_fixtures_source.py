"""The semantic part of the CMMN fixtures (and the BPMN processes their process tasks call);
``python -m tests.engine.resources.cmmn_modeler`` writes the files. Each case key is the file
name without ``.cmmn`` (``case_case_task.cmmn`` holds ``case_caller`` and ``case_callee``)."""

from __future__ import annotations

CMMN_FIXTURES: dict[str, str] = {}
# Written without the cmmn: prefix (xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL").
DEFAULT_NAMESPACE = frozenset({"case_three_items.cmmn"})
BPMN_FIXTURES: dict[str, str] = {}

CMMN_FIXTURES["case_three_items.cmmn"] = """
<cmmn:case id="case_three_items" name="Review an application" camunda:historyTimeToLive="P180D">
  <cmmn:casePlanModel id="CasePlanModel_1" name="Review an application">
    <cmmn:planItem id="PI_CheckApplication" definitionRef="HumanTask_Check" />
    <cmmn:planItem id="PI_Decide" definitionRef="HumanTask_Decide">
      <cmmn:entryCriterion id="EntryCriterion_0d7yq1x" sentryRef="Sentry_CheckDone" />
    </cmmn:planItem>
    <cmmn:planItem id="PI_Decided" definitionRef="Milestone_Decided">
      <cmmn:entryCriterion id="EntryCriterion_1u0k2w9" sentryRef="Sentry_DecideDone" />
    </cmmn:planItem>
    <cmmn:sentry id="Sentry_CheckDone">
      <cmmn:planItemOnPart id="PlanItemOnPart_0z3l6f1" sourceRef="PI_CheckApplication">
        <cmmn:standardEvent>complete</cmmn:standardEvent>
      </cmmn:planItemOnPart>
    </cmmn:sentry>
    <cmmn:sentry id="Sentry_DecideDone">
      <cmmn:planItemOnPart id="PlanItemOnPart_1r8n0sd" sourceRef="PI_Decide">
        <cmmn:standardEvent>complete</cmmn:standardEvent>
      </cmmn:planItemOnPart>
    </cmmn:sentry>
    <cmmn:humanTask id="HumanTask_Check" name="Check application" camunda:assignee="demo" camunda:candidateGroups="clerks" camunda:priority="70" camunda:formKey="embedded:app:forms/check.html" />
    <cmmn:humanTask id="HumanTask_Decide" name="Decide" camunda:candidateUsers="alice, bob" />
    <cmmn:milestone id="Milestone_Decided" name="Decided" />
  </cmmn:casePlanModel>
</cmmn:case>
"""

CMMN_FIXTURES["case_manual.cmmn"] = """
<cmmn:case id="case_manual" name="Manual work">
  <cmmn:casePlanModel id="CasePlanModel_1" name="Manual work">
    <cmmn:planItem id="PI_Optional" definitionRef="HumanTask_Optional">
      <cmmn:itemControl id="PlanItemControl_0m2x4qa">
        <cmmn:manualActivationRule id="ManualActivationRule_1b5o3cz" />
      </cmmn:itemControl>
    </cmmn:planItem>
    <cmmn:planItem id="PI_Conditional" definitionRef="Task_Conditional" />
    <cmmn:planItem id="PI_Required" definitionRef="Task_Required">
      <cmmn:itemControl id="PlanItemControl_1q8w0eh">
        <cmmn:requiredRule id="RequiredRule_0a1s9du" />
        <cmmn:manualActivationRule id="ManualActivationRule_0k4j2fq">
          <cmmn:condition id="Expression_1v1a7bz">${true}</cmmn:condition>
        </cmmn:manualActivationRule>
      </cmmn:itemControl>
    </cmmn:planItem>
    <cmmn:planItem id="PI_Done" definitionRef="Milestone_Done">
      <cmmn:entryCriterion id="EntryCriterion_0ssl1n3" sentryRef="Sentry_RequiredDone" />
    </cmmn:planItem>
    <cmmn:sentry id="Sentry_RequiredDone">
      <cmmn:planItemOnPart id="PlanItemOnPart_0q1h5mz" sourceRef="PI_Required">
        <cmmn:standardEvent>complete</cmmn:standardEvent>
      </cmmn:planItemOnPart>
    </cmmn:sentry>
    <cmmn:humanTask id="HumanTask_Optional" name="Optional check" camunda:assignee="${checker}" />
    <cmmn:task id="Task_Conditional" name="Approve if needed">
      <cmmn:defaultControl id="PlanItemControl_1e4d3xg">
        <cmmn:manualActivationRule id="ManualActivationRule_1xq3w8d">
          <cmmn:condition id="Expression_0q7s9yx"><![CDATA[${needsApproval}]]></cmmn:condition>
        </cmmn:manualActivationRule>
      </cmmn:defaultControl>
    </cmmn:task>
    <cmmn:task id="Task_Required" name="Required step" />
    <cmmn:milestone id="Milestone_Done" name="Required step done" />
  </cmmn:casePlanModel>
</cmmn:case>
"""

CMMN_FIXTURES["case_process_task.cmmn"] = """
<cmmn:case id="case_process_task" name="Publish a document">
  <cmmn:casePlanModel id="CasePlanModel_1" name="Publish a document">
    <cmmn:planItem id="PI_Review" definitionRef="ProcessTask_Review" />
    <cmmn:planItem id="PI_Prepare" definitionRef="ProcessTask_Prepare" />
    <cmmn:planItem id="PI_Publish" definitionRef="HumanTask_Publish">
      <cmmn:entryCriterion id="EntryCriterion_1f6g0dd" sentryRef="Sentry_Approved" />
    </cmmn:planItem>
    <cmmn:sentry id="Sentry_Approved">
      <cmmn:planItemOnPart id="PlanItemOnPart_1d3c8lk" sourceRef="PI_Review">
        <cmmn:standardEvent>complete</cmmn:standardEvent>
      </cmmn:planItemOnPart>
      <cmmn:ifPart id="IfPart_0j7u2pl">
        <cmmn:condition id="Expression_1j0y3ah">${verdict == 'approved'}</cmmn:condition>
      </cmmn:ifPart>
    </cmmn:sentry>
    <cmmn:processTask id="ProcessTask_Review" name="Review document" processRef="case_review_process">
      <cmmn:extensionElements>
        <camunda:in businessKey="${documentId}" />
        <camunda:in source="document" target="document" />
        <camunda:out source="verdict" target="verdict" />
      </cmmn:extensionElements>
    </cmmn:processTask>
    <cmmn:processTask id="ProcessTask_Prepare" name="Prepare" processRef="case_instant_process" />
    <cmmn:humanTask id="HumanTask_Publish" name="Publish document" camunda:assignee="publisher" />
  </cmmn:casePlanModel>
</cmmn:case>
"""

CMMN_FIXTURES["case_stage.cmmn"] = """
<cmmn:case id="case_stage" name="Handle a claim">
  <cmmn:casePlanModel id="CasePlanModel_1" name="Handle a claim">
    <cmmn:planItem id="PI_Assess" definitionRef="Stage_Assess" />
    <cmmn:planItem id="PI_Pay" definitionRef="HumanTask_Pay">
      <cmmn:entryCriterion id="EntryCriterion_0b9rj2f" sentryRef="Sentry_Assessed" />
    </cmmn:planItem>
    <cmmn:sentry id="Sentry_Assessed">
      <cmmn:planItemOnPart id="PlanItemOnPart_0fz5c1s" sourceRef="PI_Assess">
        <cmmn:standardEvent>complete</cmmn:standardEvent>
      </cmmn:planItemOnPart>
    </cmmn:sentry>
    <cmmn:sentry id="Sentry_Withdrawn">
      <cmmn:ifPart id="IfPart_1c2x9aa">
        <cmmn:condition id="Expression_0ua1r8t">${withdrawn}</cmmn:condition>
      </cmmn:ifPart>
    </cmmn:sentry>
    <cmmn:stage id="Stage_Assess" name="Assess" autoComplete="true">
      <cmmn:planItem id="PI_Inspect" definitionRef="HumanTask_Inspect" />
      <cmmn:planItem id="PI_SecondOpinion" definitionRef="Task_SecondOpinion">
        <cmmn:itemControl id="PlanItemControl_0y1f0qq">
          <cmmn:manualActivationRule id="ManualActivationRule_0h2u6o3" />
        </cmmn:itemControl>
      </cmmn:planItem>
      <cmmn:planItem id="PI_Inspected" definitionRef="Milestone_Inspected">
        <cmmn:entryCriterion id="EntryCriterion_1r2m3n4" sentryRef="Sentry_InspectDone" />
      </cmmn:planItem>
      <cmmn:sentry id="Sentry_InspectDone">
        <cmmn:planItemOnPart id="PlanItemOnPart_1k2l3m4" sourceRef="PI_Inspect">
          <cmmn:standardEvent>complete</cmmn:standardEvent>
        </cmmn:planItemOnPart>
      </cmmn:sentry>
      <cmmn:humanTask id="HumanTask_Inspect" name="Inspect damage" camunda:assignee="inspector" />
      <cmmn:task id="Task_SecondOpinion" name="Second opinion" />
      <cmmn:milestone id="Milestone_Inspected" name="Inspected" />
    </cmmn:stage>
    <cmmn:humanTask id="HumanTask_Pay" name="Pay claim" camunda:assignee="cashier" />
    <cmmn:exitCriterion id="ExitCriterion_0w8e7rt" sentryRef="Sentry_Withdrawn" />
  </cmmn:casePlanModel>
</cmmn:case>
"""

CMMN_FIXTURES["case_if_part.cmmn"] = """
<cmmn:case id="case_if_part" name="Watch an amount">
  <cmmn:casePlanModel id="CasePlanModel_1" name="Watch an amount">
    <cmmn:planItem id="PI_Escalate" definitionRef="HumanTask_Escalate">
      <cmmn:entryCriterion id="EntryCriterion_0e3w1qp" sentryRef="Sentry_Large" />
    </cmmn:planItem>
    <cmmn:planItem id="PI_Monitor" definitionRef="Task_Monitor">
      <cmmn:exitCriterion id="ExitCriterion_1n5b6vc" sentryRef="Sentry_Huge" />
    </cmmn:planItem>
    <cmmn:sentry id="Sentry_Large">
      <cmmn:ifPart id="IfPart_0x1c2v3">
        <cmmn:condition id="Expression_1a2s3d4">${amount &gt; 100}</cmmn:condition>
      </cmmn:ifPart>
    </cmmn:sentry>
    <cmmn:sentry id="Sentry_Huge">
      <cmmn:ifPart id="IfPart_1z2x3c4">
        <cmmn:condition id="Expression_0p9o8i7">${amount &gt; 1000}</cmmn:condition>
      </cmmn:ifPart>
    </cmmn:sentry>
    <cmmn:humanTask id="HumanTask_Escalate" name="Escalate" camunda:candidateGroups="managers" />
    <cmmn:task id="Task_Monitor" name="Monitor" />
  </cmmn:casePlanModel>
</cmmn:case>
"""

CMMN_FIXTURES["case_case_task.cmmn"] = """
<cmmn:case id="case_caller" name="Caller">
  <cmmn:casePlanModel id="CasePlanModel_1" name="Caller">
    <cmmn:planItem id="PI_CallCallee" definitionRef="CaseTask_Callee" />
    <cmmn:planItem id="PI_Follow" definitionRef="HumanTask_Follow">
      <cmmn:entryCriterion id="EntryCriterion_1h7g6f5" sentryRef="Sentry_CalleeDone" />
    </cmmn:planItem>
    <cmmn:sentry id="Sentry_CalleeDone">
      <cmmn:planItemOnPart id="PlanItemOnPart_0l9k8j7" sourceRef="PI_CallCallee">
        <cmmn:standardEvent>complete</cmmn:standardEvent>
      </cmmn:planItemOnPart>
    </cmmn:sentry>
    <cmmn:caseTask id="CaseTask_Callee" name="Call callee" caseRef="case_callee" camunda:caseBinding="deployment">
      <cmmn:extensionElements>
        <camunda:in source="request" target="request" />
        <camunda:out source="answer" target="answer" />
      </cmmn:extensionElements>
    </cmmn:caseTask>
    <cmmn:humanTask id="HumanTask_Follow" name="Follow up" camunda:assignee="${follower}" />
  </cmmn:casePlanModel>
</cmmn:case>
<cmmn:case id="case_callee" name="Callee">
  <cmmn:casePlanModel id="CasePlanModel_2" name="Callee">
    <cmmn:planItem id="PI_Answer" definitionRef="Task_Answer" />
    <cmmn:task id="Task_Answer" name="Answer" />
  </cmmn:casePlanModel>
</cmmn:case>
"""

BPMN_FIXTURES["case_review_process.bpmn"] = """
<bpmn:process id="case_review_process" name="Review a document" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_0c5x2bd" sourceRef="StartEvent_1" targetRef="ReviewDocument" />
  <bpmn:userTask id="ReviewDocument" name="Review document" camunda:assignee="reviewer" />
  <bpmn:sequenceFlow id="Flow_1l8d3ka" sourceRef="ReviewDocument" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" />
</bpmn:process>
"""

BPMN_FIXTURES["case_instant_process.bpmn"] = """
<bpmn:process id="case_instant_process" name="Prepare at once" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_0n1b2v3" sourceRef="StartEvent_1" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" />
</bpmn:process>
"""
