"""The semantic part of each committed BPMN fixture (``modeler.render`` adds the rest).

Process keys equal the file names without ``.bpmn`` (call activities call each other by key)."""

FIXTURES: dict[str, str] = {}

FIXTURES["one_external_task.bpmn"] = """
<bpmn:process id="one_external_task" name="Charge card" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" name="Order placed" />
  <bpmn:sequenceFlow id="Flow_0x1v2ka" sourceRef="StartEvent_1" targetRef="ChargeCard" />
  <bpmn:serviceTask id="ChargeCard" name="Charge card" camunda:type="external" camunda:topic="charge-card" camunda:taskPriority="10" />
  <bpmn:sequenceFlow id="Flow_1m2b7dq" sourceRef="ChargeCard" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" name="Card charged" />
</bpmn:process>
"""

FIXTURES["parallel_review.bpmn"] = """
<bpmn:process id="parallel_review" name="Parallel review" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" name="Contract received" />
  <bpmn:sequenceFlow id="Flow_0fl1k2n" sourceRef="StartEvent_1" targetRef="Fork" />
  <bpmn:parallelGateway id="Fork" />
  <bpmn:sequenceFlow id="Flow_toLegal" sourceRef="Fork" targetRef="ReviewLegal" />
  <bpmn:sequenceFlow id="Flow_toFinance" sourceRef="Fork" targetRef="ReviewFinance" />
  <bpmn:sequenceFlow id="Flow_toTech" sourceRef="Fork" targetRef="ReviewTech" />
  <bpmn:userTask id="ReviewLegal" name="Review legal terms" camunda:assignee="legal-lead" />
  <bpmn:userTask id="ReviewFinance" name="Review budget" camunda:candidateGroups="finance" />
  <bpmn:userTask id="ReviewTech" name="Review architecture" camunda:candidateUsers="alice,bob" />
  <bpmn:sequenceFlow id="Flow_fromLegal" sourceRef="ReviewLegal" targetRef="Join" />
  <bpmn:sequenceFlow id="Flow_fromFinance" sourceRef="ReviewFinance" targetRef="Join" />
  <bpmn:sequenceFlow id="Flow_fromTech" sourceRef="ReviewTech" targetRef="Join" />
  <bpmn:parallelGateway id="Join" />
  <bpmn:sequenceFlow id="Flow_1a9d0xz" sourceRef="Join" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" name="Contract reviewed" />
</bpmn:process>
"""

FIXTURES["embedded_subprocess.bpmn"] = """
<bpmn:process id="embedded_subprocess" name="Pack and ship" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_0k3j9w1" sourceRef="StartEvent_1" targetRef="PackOrder" />
  <bpmn:subProcess id="PackOrder" name="Pack order">
    <bpmn:startEvent id="PackStart" />
    <bpmn:sequenceFlow id="Flow_1p0wz3e" sourceRef="PackStart" targetRef="CheckItems" />
    <bpmn:subProcess id="CheckItems" name="Check items">
      <bpmn:startEvent id="CheckStart" />
      <bpmn:sequenceFlow id="Flow_0c8rtu2" sourceRef="CheckStart" targetRef="CheckItem" />
      <bpmn:userTask id="CheckItem" name="Check item" camunda:candidateGroups="warehouse" />
      <bpmn:sequenceFlow id="Flow_1n8k2hq" sourceRef="CheckItem" targetRef="CheckEnd" />
      <bpmn:endEvent id="CheckEnd" />
    </bpmn:subProcess>
    <bpmn:sequenceFlow id="Flow_0d7y6mm" sourceRef="CheckItems" targetRef="PackItems" />
    <bpmn:userTask id="PackItems" name="Pack items" camunda:candidateGroups="warehouse" />
    <bpmn:sequenceFlow id="Flow_19w6pnb" sourceRef="PackItems" targetRef="PackEnd" />
    <bpmn:endEvent id="PackEnd" />
  </bpmn:subProcess>
  <bpmn:sequenceFlow id="Flow_0s4fu9x" sourceRef="PackOrder" targetRef="ShipOrder" />
  <bpmn:serviceTask id="ShipOrder" name="Ship order" camunda:type="external" camunda:topic="ship-order" />
  <bpmn:sequenceFlow id="Flow_1k5ct4s" sourceRef="ShipOrder" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" />
</bpmn:process>
"""

FIXTURES["message_catch.bpmn"] = """
<bpmn:process id="message_catch" name="Wait for payment" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_1v7a3fj" sourceRef="StartEvent_1" targetRef="WaitForPayment" />
  <bpmn:intermediateCatchEvent id="WaitForPayment" name="Payment received">
    <bpmn:messageEventDefinition id="MessageEventDefinition_0pl4ttg" messageRef="Message_0m1yvx3" />
  </bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="Flow_0e1q3zq" sourceRef="WaitForPayment" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" />
</bpmn:process>
<bpmn:message id="Message_0m1yvx3" name="PaymentReceived" />
"""

FIXTURES["signal_catch.bpmn"] = """
<bpmn:process id="signal_catch" name="Wait for go-live" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_0t4aw8m" sourceRef="StartEvent_1" targetRef="WaitForGoLive" />
  <bpmn:intermediateCatchEvent id="WaitForGoLive" name="Go-live">
    <bpmn:signalEventDefinition id="SignalEventDefinition_1s2f8o0" signalRef="Signal_1y4m6df" />
  </bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="Flow_0ryt5jd" sourceRef="WaitForGoLive" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" />
</bpmn:process>
<bpmn:signal id="Signal_1y4m6df" name="GoLive" />
"""

FIXTURES["signal_throw.bpmn"] = """
<bpmn:process id="signal_throw" name="Announce go-live" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_1iz2wvl" sourceRef="StartEvent_1" targetRef="AnnounceGoLive" />
  <bpmn:intermediateThrowEvent id="AnnounceGoLive" name="Announce go-live">
    <bpmn:signalEventDefinition id="SignalEventDefinition_0hxq7ma" signalRef="Signal_1y4m6df" />
  </bpmn:intermediateThrowEvent>
  <bpmn:sequenceFlow id="Flow_0aw2c5e" sourceRef="AnnounceGoLive" targetRef="MilestoneReached" />
  <bpmn:intermediateThrowEvent id="MilestoneReached" name="Milestone reached" />
  <bpmn:sequenceFlow id="Flow_1b8djg4" sourceRef="MilestoneReached" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" />
</bpmn:process>
<bpmn:signal id="Signal_1y4m6df" name="GoLive" />
"""

FIXTURES["timers.bpmn"] = """
<bpmn:process id="timers" name="Document review with timers" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_05ijtmb" sourceRef="StartEvent_1" targetRef="Wait5Minutes" />
  <bpmn:intermediateCatchEvent id="Wait5Minutes" name="5 minutes">
    <bpmn:timerEventDefinition id="TimerEventDefinition_1l3v6s9">
      <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT5M</bpmn:timeDuration>
    </bpmn:timerEventDefinition>
  </bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="Flow_1cx0i6v" sourceRef="Wait5Minutes" targetRef="ReviewDocument" />
  <bpmn:userTask id="ReviewDocument" name="Review document" camunda:assignee="reviewer" />
  <bpmn:boundaryEvent id="Escalate" name="1 day" attachedToRef="ReviewDocument">
    <bpmn:timerEventDefinition id="TimerEventDefinition_0ahb0c5">
      <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P1D</bpmn:timeDuration>
    </bpmn:timerEventDefinition>
  </bpmn:boundaryEvent>
  <bpmn:boundaryEvent id="Remind" name="every hour, 3 times" cancelActivity="false" attachedToRef="ReviewDocument">
    <bpmn:timerEventDefinition id="TimerEventDefinition_1mb4t9h">
      <bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R3/PT1H</bpmn:timeCycle>
    </bpmn:timerEventDefinition>
  </bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="Flow_0z3gq1s" sourceRef="ReviewDocument" targetRef="Reviewed" />
  <bpmn:endEvent id="Reviewed" name="Reviewed" />
  <bpmn:sequenceFlow id="Flow_0g8zj3l" sourceRef="Escalate" targetRef="Escalated" />
  <bpmn:endEvent id="Escalated" name="Escalated" />
  <bpmn:sequenceFlow id="Flow_1lk8q0a" sourceRef="Remind" targetRef="SendReminder" />
  <bpmn:serviceTask id="SendReminder" name="Send reminder" camunda:type="external" camunda:topic="send-reminder" />
  <bpmn:sequenceFlow id="Flow_0n5pe2w" sourceRef="SendReminder" targetRef="ReminderSent" />
  <bpmn:endEvent id="ReminderSent" name="Reminder sent" />
</bpmn:process>
"""

FIXTURES["timer_start.bpmn"] = """
<bpmn:process id="timer_start" name="Hourly report" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="EveryHour" name="Every hour, twice">
    <bpmn:timerEventDefinition id="TimerEventDefinition_0r6bq2x">
      <bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R2/PT1H</bpmn:timeCycle>
    </bpmn:timerEventDefinition>
  </bpmn:startEvent>
  <bpmn:sequenceFlow id="Flow_1w0e7xs" sourceRef="EveryHour" targetRef="WriteReport" />
  <bpmn:serviceTask id="WriteReport" name="Write report" camunda:type="external" camunda:topic="write-report" />
  <bpmn:sequenceFlow id="Flow_0q4iu8f" sourceRef="WriteReport" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" />
</bpmn:process>
"""

FIXTURES["external_task_error.bpmn"] = """
<bpmn:process id="external_task_error" name="Payment with errors" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_1rjcm2v" sourceRef="StartEvent_1" targetRef="CallPaymentProvider" />
  <bpmn:serviceTask id="CallPaymentProvider" name="Call payment provider" camunda:type="external" camunda:topic="payment-provider" />
  <bpmn:boundaryEvent id="PaymentDeclined" name="Payment declined" attachedToRef="CallPaymentProvider">
    <bpmn:errorEventDefinition id="ErrorEventDefinition_0ux0zjr" errorRef="Error_1wq1jzn" />
  </bpmn:boundaryEvent>
  <bpmn:boundaryEvent id="AnyError" name="Any error" attachedToRef="CallPaymentProvider">
    <bpmn:errorEventDefinition id="ErrorEventDefinition_1cz8t3b" />
  </bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="Flow_0w5zkx3" sourceRef="CallPaymentProvider" targetRef="Paid" />
  <bpmn:endEvent id="Paid" name="Paid" />
  <bpmn:sequenceFlow id="Flow_1v3ud1x" sourceRef="PaymentDeclined" targetRef="HandleDeclined" />
  <bpmn:userTask id="HandleDeclined" name="Handle declined payment" camunda:candidateGroups="support" />
  <bpmn:sequenceFlow id="Flow_0wq3r0g" sourceRef="HandleDeclined" targetRef="Declined" />
  <bpmn:endEvent id="Declined" name="Declined" />
  <bpmn:sequenceFlow id="Flow_1dxn3l8" sourceRef="AnyError" targetRef="Failed" />
  <bpmn:endEvent id="Failed" name="Failed" />
</bpmn:process>
<bpmn:error id="Error_1wq1jzn" name="Payment declined" errorCode="PAYMENT_DECLINED" />
"""

FIXTURES["event_based_gateway.bpmn"] = """
<bpmn:process id="event_based_gateway" name="Wait for the customer" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_0b6n2gt" sourceRef="StartEvent_1" targetRef="WaitForAnswer" />
  <bpmn:eventBasedGateway id="WaitForAnswer" name="Wait for answer" />
  <bpmn:sequenceFlow id="Flow_toAnswer" sourceRef="WaitForAnswer" targetRef="AnswerReceived" />
  <bpmn:sequenceFlow id="Flow_toTimeout" sourceRef="WaitForAnswer" targetRef="AnswerTimeout" />
  <bpmn:sequenceFlow id="Flow_toCancel" sourceRef="WaitForAnswer" targetRef="OrderCancelled" />
  <bpmn:intermediateCatchEvent id="AnswerReceived" name="Answer received">
    <bpmn:messageEventDefinition id="MessageEventDefinition_1n9ue2s" messageRef="Message_1ynq0ao" />
  </bpmn:intermediateCatchEvent>
  <bpmn:intermediateCatchEvent id="AnswerTimeout" name="2 hours">
    <bpmn:timerEventDefinition id="TimerEventDefinition_0o8q1wy">
      <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT2H</bpmn:timeDuration>
    </bpmn:timerEventDefinition>
  </bpmn:intermediateCatchEvent>
  <bpmn:intermediateCatchEvent id="OrderCancelled" name="Order cancelled">
    <bpmn:signalEventDefinition id="SignalEventDefinition_0j9wcs3" signalRef="Signal_0r2u3uz" />
  </bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="Flow_1c7sddd" sourceRef="AnswerReceived" targetRef="Answered" />
  <bpmn:endEvent id="Answered" name="Answered" />
  <bpmn:sequenceFlow id="Flow_0tl0b2f" sourceRef="AnswerTimeout" targetRef="TimedOut" />
  <bpmn:endEvent id="TimedOut" name="Timed out" />
  <bpmn:sequenceFlow id="Flow_0ap3q6r" sourceRef="OrderCancelled" targetRef="Cancelled" />
  <bpmn:endEvent id="Cancelled" name="Cancelled" />
</bpmn:process>
<bpmn:message id="Message_1ynq0ao" name="CustomerAnswered" />
<bpmn:signal id="Signal_0r2u3uz" name="OrderCancelled" />
"""

FIXTURES["inclusive_gateway.bpmn"] = """
<bpmn:process id="inclusive_gateway" name="Invoice and ship" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_1b3hy6p" sourceRef="StartEvent_1" targetRef="WhatIsNeeded" />
  <bpmn:inclusiveGateway id="WhatIsNeeded" name="What is needed?" default="Flow_nothing" />
  <bpmn:sequenceFlow id="Flow_invoice" name="invoice" sourceRef="WhatIsNeeded" targetRef="CreateInvoice">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${needsInvoice}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="Flow_shipping" name="shipping" sourceRef="WhatIsNeeded" targetRef="ShipGoods">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${needsShipping}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="Flow_nothing" name="nothing" sourceRef="WhatIsNeeded" targetRef="NothingToDo" />
  <bpmn:serviceTask id="CreateInvoice" name="Create invoice" camunda:type="external" camunda:topic="create-invoice" />
  <bpmn:serviceTask id="ShipGoods" name="Ship goods" camunda:type="external" camunda:topic="ship-goods" />
  <bpmn:manualTask id="NothingToDo" name="Nothing to do" />
  <bpmn:sequenceFlow id="Flow_0p2w0k9" sourceRef="CreateInvoice" targetRef="Merge" />
  <bpmn:sequenceFlow id="Flow_1fa9j1l" sourceRef="ShipGoods" targetRef="Merge" />
  <bpmn:sequenceFlow id="Flow_0lmcx1b" sourceRef="NothingToDo" targetRef="Merge" />
  <bpmn:inclusiveGateway id="Merge" />
  <bpmn:sequenceFlow id="Flow_1hbb7m0" sourceRef="Merge" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" />
</bpmn:process>
"""

FIXTURES["exclusive_gateway.bpmn"] = """
<bpmn:process id="exclusive_gateway" name="Approve by amount" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_0yx1zgs" sourceRef="StartEvent_1" targetRef="AmountCheck" />
  <bpmn:exclusiveGateway id="AmountCheck" name="Amount?" default="Flow_small" />
  <bpmn:sequenceFlow id="Flow_large" name="&gt; 1000" sourceRef="AmountCheck" targetRef="ManagerApproval">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${amount &gt; 1000}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="Flow_medium" name="100 - 1000" sourceRef="AmountCheck" targetRef="TeamLeadApproval">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${amount &gt;= 100 &amp;&amp; amount &lt;= 1000}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="Flow_small" name="small" sourceRef="AmountCheck" targetRef="AutoApprove" />
  <bpmn:userTask id="ManagerApproval" name="Manager approval" camunda:candidateGroups="managers" />
  <bpmn:userTask id="TeamLeadApproval" name="Team lead approval" camunda:candidateGroups="team-leads" />
  <bpmn:task id="AutoApprove" name="Approve automatically" />
  <bpmn:sequenceFlow id="Flow_1ll1n6b" sourceRef="ManagerApproval" targetRef="Approved" />
  <bpmn:sequenceFlow id="Flow_0h2k9bv" sourceRef="TeamLeadApproval" targetRef="Approved" />
  <bpmn:sequenceFlow id="Flow_1wbcp08" sourceRef="AutoApprove" targetRef="Approved" />
  <bpmn:exclusiveGateway id="Approved" />
  <bpmn:sequenceFlow id="Flow_0c1rvaa" sourceRef="Approved" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" />
</bpmn:process>
"""

FIXTURES["call_parent.bpmn"] = """
<bpmn:process id="call_parent" name="Parent" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_1ecvf8h" sourceRef="StartEvent_1" targetRef="CallChild" />
  <bpmn:callActivity id="CallChild" name="Call child" calledElement="call_child">
    <bpmn:extensionElements>
      <camunda:in businessKey="${orderId}" />
      <camunda:in source="orderId" target="orderId" />
      <camunda:in sourceExpression="${amount * 2}" target="doubledAmount" />
      <camunda:out source="childResult" target="result" />
    </bpmn:extensionElements>
  </bpmn:callActivity>
  <bpmn:sequenceFlow id="Flow_0k9qyx2" sourceRef="CallChild" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" />
</bpmn:process>
"""

FIXTURES["call_child.bpmn"] = """
<bpmn:process id="call_child" name="Child" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_0m1v0mp" sourceRef="StartEvent_1" targetRef="CallGrandchild" />
  <bpmn:callActivity id="CallGrandchild" name="Call grandchild" calledElement="call_grandchild" camunda:calledElementBinding="deployment">
    <bpmn:extensionElements>
      <camunda:in variables="all" />
      <camunda:out variables="all" local="true" />
    </bpmn:extensionElements>
  </bpmn:callActivity>
  <bpmn:sequenceFlow id="Flow_1h5v2b4" sourceRef="CallGrandchild" targetRef="ChildWork" />
  <bpmn:userTask id="ChildWork" name="Child work" camunda:assignee="child-worker" />
  <bpmn:sequenceFlow id="Flow_0ukq3tx" sourceRef="ChildWork" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" />
</bpmn:process>
"""

FIXTURES["call_grandchild.bpmn"] = """
<bpmn:process id="call_grandchild" name="Grandchild" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_1m7zdfc" sourceRef="StartEvent_1" targetRef="GrandchildWork" />
  <bpmn:serviceTask id="GrandchildWork" name="Grandchild work" camunda:type="external" camunda:topic="grandchild-work" />
  <bpmn:sequenceFlow id="Flow_0z1nq9v" sourceRef="GrandchildWork" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" />
</bpmn:process>
"""

FIXTURES["async_continuations.bpmn"] = """
<bpmn:process id="async_continuations" name="Async continuations" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" camunda:asyncBefore="true" />
  <bpmn:sequenceFlow id="Flow_0qb1x1r" sourceRef="StartEvent_1" targetRef="PrepareData" />
  <bpmn:task id="PrepareData" name="Prepare data" camunda:asyncBefore="true">
    <bpmn:extensionElements>
      <camunda:failedJobRetryTimeCycle>R3/PT5M</camunda:failedJobRetryTimeCycle>
    </bpmn:extensionElements>
  </bpmn:task>
  <bpmn:sequenceFlow id="Flow_1jz62r9" sourceRef="PrepareData" targetRef="Publish" />
  <bpmn:serviceTask id="Publish" name="Publish" camunda:asyncAfter="true" camunda:exclusive="false" camunda:type="external" camunda:topic="publish" />
  <bpmn:sequenceFlow id="Flow_0rnqf4y" sourceRef="Publish" targetRef="Merge" />
  <bpmn:exclusiveGateway id="Merge" camunda:asyncBefore="true" />
  <bpmn:sequenceFlow id="Flow_1gyd2p0" sourceRef="Merge" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" camunda:asyncBefore="true" />
</bpmn:process>
"""

FIXTURES["receive_task.bpmn"] = """
<bpmn:process id="receive_task" name="Receive confirmation" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_1qg6nnk" sourceRef="StartEvent_1" targetRef="WaitForConfirmation" />
  <bpmn:receiveTask id="WaitForConfirmation" name="Wait for confirmation" messageRef="Message_2h1o7pe" />
  <bpmn:sequenceFlow id="Flow_0u8kbc3" sourceRef="WaitForConfirmation" targetRef="WaitForSignal" />
  <bpmn:receiveTask id="WaitForSignal" name="Wait until signalled" />
  <bpmn:sequenceFlow id="Flow_1w3r2x0" sourceRef="WaitForSignal" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" />
</bpmn:process>
<bpmn:message id="Message_2h1o7pe" name="Confirmation-${orderId}" />
"""

FIXTURES["user_tasks.bpmn"] = """
<bpmn:process id="user_tasks" name="Approve invoice" isExecutable="true" camunda:historyTimeToLive="180" camunda:versionTag="1.2.0">
  <bpmn:startEvent id="StartEvent_1" camunda:formKey="embedded:app:forms/start.html" />
  <bpmn:sequenceFlow id="Flow_08v6yqb" sourceRef="StartEvent_1" targetRef="ApproveInvoice" />
  <bpmn:userTask id="ApproveInvoice" name="Approve invoice" camunda:formKey="embedded:app:forms/approve.html" camunda:assignee="${approver}" camunda:candidateUsers="alice, bob" camunda:candidateGroups="accounting,management" camunda:dueDate="${dueDate}" camunda:followUpDate="2030-01-01T09:00:00Z" camunda:priority="60">
    <bpmn:extensionElements>
      <camunda:formData>
        <camunda:formField id="approved" label="Approved?" type="boolean" />
      </camunda:formData>
    </bpmn:extensionElements>
  </bpmn:userTask>
  <bpmn:sequenceFlow id="Flow_0e9tmsd" sourceRef="ApproveInvoice" targetRef="ArchiveInvoice" />
  <bpmn:userTask id="ArchiveInvoice" name="Archive invoice" />
  <bpmn:sequenceFlow id="Flow_1h6kbad" sourceRef="ArchiveInvoice" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" />
</bpmn:process>
"""

FIXTURES["terminate_end.bpmn"] = """
<bpmn:process id="terminate_end" name="Terminate" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_0b1f0q6" sourceRef="StartEvent_1" targetRef="Fork" />
  <bpmn:parallelGateway id="Fork" />
  <bpmn:sequenceFlow id="Flow_toLong" sourceRef="Fork" targetRef="LongWork" />
  <bpmn:sequenceFlow id="Flow_toQuick" sourceRef="Fork" targetRef="QuickCheck" />
  <bpmn:userTask id="LongWork" name="Long work" />
  <bpmn:serviceTask id="QuickCheck" name="Quick check" camunda:type="external" camunda:topic="quick-check" />
  <bpmn:sequenceFlow id="Flow_1u7l8po" sourceRef="LongWork" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" />
  <bpmn:sequenceFlow id="Flow_0m0fuyh" sourceRef="QuickCheck" targetRef="Terminate" />
  <bpmn:endEvent id="Terminate" name="Stop everything">
    <bpmn:terminateEventDefinition id="TerminateEventDefinition_0j4ppl7" />
  </bpmn:endEvent>
</bpmn:process>
"""

FIXTURES["error_end_subprocess.bpmn"] = """
<bpmn:process id="error_end_subprocess" name="Validate documents" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_0ye5r2g" sourceRef="StartEvent_1" targetRef="Validate" />
  <bpmn:subProcess id="Validate" name="Validate">
    <bpmn:startEvent id="ValidateStart" />
    <bpmn:sequenceFlow id="Flow_1b0vw6e" sourceRef="ValidateStart" targetRef="CheckDocuments" />
    <bpmn:userTask id="CheckDocuments" name="Check documents" camunda:candidateGroups="clerks" />
    <bpmn:sequenceFlow id="Flow_0k4kcb9" sourceRef="CheckDocuments" targetRef="AreValid" />
    <bpmn:exclusiveGateway id="AreValid" name="Valid?" default="Flow_invalid" />
    <bpmn:sequenceFlow id="Flow_valid" name="yes" sourceRef="AreValid" targetRef="ValidEnd">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${valid}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:endEvent id="ValidEnd" />
    <bpmn:sequenceFlow id="Flow_invalid" name="no" sourceRef="AreValid" targetRef="InvalidEnd" />
    <bpmn:endEvent id="InvalidEnd" name="Invalid">
      <bpmn:errorEventDefinition id="ErrorEventDefinition_0ecm5ay" errorRef="Error_0v7nq1b" />
    </bpmn:endEvent>
  </bpmn:subProcess>
  <bpmn:boundaryEvent id="DocumentsInvalid" name="Documents invalid" attachedToRef="Validate">
    <bpmn:errorEventDefinition id="ErrorEventDefinition_1v0t5bo" errorRef="Error_0v7nq1b" />
  </bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="Flow_0cehq4d" sourceRef="Validate" targetRef="Approved" />
  <bpmn:endEvent id="Approved" name="Approved" />
  <bpmn:sequenceFlow id="Flow_1ud9fav" sourceRef="DocumentsInvalid" targetRef="FixDocuments" />
  <bpmn:userTask id="FixDocuments" name="Fix documents" />
  <bpmn:sequenceFlow id="Flow_1ujz2fh" sourceRef="FixDocuments" targetRef="Fixed" />
  <bpmn:endEvent id="Fixed" name="Fixed" />
</bpmn:process>
<bpmn:error id="Error_0v7nq1b" name="Documents invalid" errorCode="DOCUMENTS_INVALID" camunda:errorMessage="The documents are invalid" />
"""

FIXTURES["message_start.bpmn"] = """
<bpmn:process id="message_start" name="Order intake" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="ManualStart" name="Manual start" />
  <bpmn:startEvent id="OrderReceived" name="Order received">
    <bpmn:messageEventDefinition id="MessageEventDefinition_0c2km1f" messageRef="Message_1k2w0ix" />
  </bpmn:startEvent>
  <bpmn:sequenceFlow id="Flow_1n0ghb0" sourceRef="ManualStart" targetRef="Merge" />
  <bpmn:sequenceFlow id="Flow_0q0n9e2" sourceRef="OrderReceived" targetRef="Merge" />
  <bpmn:exclusiveGateway id="Merge" />
  <bpmn:sequenceFlow id="Flow_05q5g7j" sourceRef="Merge" targetRef="HandleOrder" />
  <bpmn:userTask id="HandleOrder" name="Handle order" />
  <bpmn:sequenceFlow id="Flow_1b4tw5r" sourceRef="HandleOrder" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" />
</bpmn:process>
<bpmn:message id="Message_1k2w0ix" name="StartOrder" />
"""

FIXTURES["collaboration_lanes.bpmn"] = """
<bpmn:collaboration id="Collaboration_0x2b1a9">
  <bpmn:documentation>Shop and customer</bpmn:documentation>
  <bpmn:participant id="Participant_Shop" name="Shop" processRef="collaboration_lanes" />
  <bpmn:participant id="Participant_Customer" name="Customer" processRef="customer_not_executable" />
  <bpmn:messageFlow id="MessageFlow_0l8s1n2" sourceRef="PlaceOrder" targetRef="OrderStart" />
  <bpmn:textAnnotation id="TextAnnotation_0nw9s1e">
    <bpmn:text>Orders arrive from the web shop</bpmn:text>
  </bpmn:textAnnotation>
</bpmn:collaboration>
<bpmn:process id="collaboration_lanes" name="Shop" isExecutable="true" camunda:historyTimeToLive="180" camunda:isStartableInTasklist="false">
  <bpmn:documentation>Picks and ships orders.</bpmn:documentation>
  <bpmn:extensionElements>
    <camunda:properties>
      <camunda:property name="owner" value="shop-team" />
    </camunda:properties>
  </bpmn:extensionElements>
  <bpmn:laneSet id="LaneSet_1f0t6n3">
    <bpmn:lane id="Lane_Warehouse" name="Warehouse">
      <bpmn:flowNodeRef>OrderStart</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>PickItems</bpmn:flowNodeRef>
    </bpmn:lane>
    <bpmn:lane id="Lane_Shipping" name="Shipping">
      <bpmn:flowNodeRef>ShipItems</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>EndEvent_1</bpmn:flowNodeRef>
    </bpmn:lane>
  </bpmn:laneSet>
  <bpmn:dataObjectReference id="DataObjectReference_1p0b6ec" name="Pick list" dataObjectRef="DataObject_0z5tmwk" />
  <bpmn:dataObject id="DataObject_0z5tmwk" />
  <bpmn:textAnnotation id="TextAnnotation_1fje0a8">
    <bpmn:text>Picking takes about an hour</bpmn:text>
  </bpmn:textAnnotation>
  <bpmn:association id="Association_0j1ea5u" associationDirection="None" sourceRef="PickItems" targetRef="TextAnnotation_1fje0a8" />
  <bpmn:startEvent id="OrderStart" name="Order arrived">
    <bpmn:documentation>Started by the web shop.</bpmn:documentation>
  </bpmn:startEvent>
  <bpmn:sequenceFlow id="Flow_0pg7c8w" sourceRef="OrderStart" targetRef="PickItems" />
  <bpmn:serviceTask id="PickItems" name="Pick items" camunda:type="external" camunda:topic="pick-items">
    <bpmn:extensionElements>
      <camunda:properties>
        <camunda:property name="sla" value="PT1H" />
      </camunda:properties>
    </bpmn:extensionElements>
    <bpmn:dataOutputAssociation id="DataOutputAssociation_0t5m1cp">
      <bpmn:targetRef>DataObjectReference_1p0b6ec</bpmn:targetRef>
    </bpmn:dataOutputAssociation>
  </bpmn:serviceTask>
  <bpmn:sequenceFlow id="Flow_1x0rg5h" sourceRef="PickItems" targetRef="ShipItems" />
  <bpmn:userTask id="ShipItems" name="Ship items" camunda:candidateGroups="shipping">
    <bpmn:property id="Property_0kb7m3f" name="__targetRef_placeholder" />
    <bpmn:dataInputAssociation id="DataInputAssociation_1m9y1cz">
      <bpmn:sourceRef>DataObjectReference_1p0b6ec</bpmn:sourceRef>
      <bpmn:targetRef>Property_0kb7m3f</bpmn:targetRef>
    </bpmn:dataInputAssociation>
  </bpmn:userTask>
  <bpmn:sequenceFlow id="Flow_0hj1y7s" sourceRef="ShipItems" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" name="Shipped" />
</bpmn:process>
<bpmn:process id="customer_not_executable" name="Customer" isExecutable="false">
  <bpmn:startEvent id="CustomerStart" />
  <bpmn:sequenceFlow id="Flow_1t0q9zr" sourceRef="CustomerStart" targetRef="PlaceOrder" />
  <bpmn:scriptTask id="PlaceOrder" name="Place order (not executed: the process is not executable)" />
</bpmn:process>
"""

FIXTURES["two_processes.bpmn"] = """
<bpmn:collaboration id="Collaboration_1h7b2c0">
  <bpmn:participant id="Participant_Orders" name="Orders" processRef="two_processes_orders" />
  <bpmn:participant id="Participant_Billing" name="Billing" processRef="two_processes_billing" />
</bpmn:collaboration>
<bpmn:process id="two_processes_orders" name="Orders" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="OrdersStart" />
  <bpmn:sequenceFlow id="Flow_0f1a6nv" sourceRef="OrdersStart" targetRef="TakeOrder" />
  <bpmn:userTask id="TakeOrder" name="Take order" />
  <bpmn:sequenceFlow id="Flow_1r5b2c8" sourceRef="TakeOrder" targetRef="OrdersEnd" />
  <bpmn:endEvent id="OrdersEnd" />
</bpmn:process>
<bpmn:process id="two_processes_billing" name="Billing" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="BillingStart">
    <bpmn:messageEventDefinition id="MessageEventDefinition_1q2ww0a" messageRef="Message_0bill01" />
  </bpmn:startEvent>
  <bpmn:sequenceFlow id="Flow_0h8d9fr" sourceRef="BillingStart" targetRef="SendBill" />
  <bpmn:sendTask id="SendBill" name="Send bill" camunda:type="external" camunda:topic="send-bill" />
  <bpmn:sequenceFlow id="Flow_1b1n0aa" sourceRef="SendBill" targetRef="BillingEnd" />
  <bpmn:endEvent id="BillingEnd" />
</bpmn:process>
<bpmn:message id="Message_0bill01" name="BillOrder" />
"""

FIXTURES["parallel_join.bpmn"] = """
<bpmn:process id="parallel_join" name="Prepare shipment" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" name="Order paid" />
  <bpmn:sequenceFlow id="Flow_1c0x4a7" sourceRef="StartEvent_1" targetRef="Fork" />
  <bpmn:parallelGateway id="Fork" />
  <bpmn:sequenceFlow id="Flow_toPick" sourceRef="Fork" targetRef="PickItems" />
  <bpmn:sequenceFlow id="Flow_toLabel" sourceRef="Fork" targetRef="PrintLabel" />
  <bpmn:userTask id="PickItems" name="Pick items" camunda:candidateGroups="warehouse" />
  <bpmn:userTask id="PrintLabel" name="Print label" camunda:candidateGroups="shipping" />
  <bpmn:sequenceFlow id="Flow_fromPick" sourceRef="PickItems" targetRef="Join" />
  <bpmn:sequenceFlow id="Flow_fromLabel" sourceRef="PrintLabel" targetRef="Join" />
  <bpmn:parallelGateway id="Join" />
  <bpmn:sequenceFlow id="Flow_0s1wq8d" sourceRef="Join" targetRef="HandOver" />
  <bpmn:userTask id="HandOver" name="Hand over to carrier" camunda:candidateGroups="shipping" />
  <bpmn:sequenceFlow id="Flow_1f7mz0k" sourceRef="HandOver" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" name="Shipped" />
</bpmn:process>
"""

FIXTURES["boundary_events.bpmn"] = """
<bpmn:process id="boundary_events" name="Review claim" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_0n4c2v1" sourceRef="StartEvent_1" targetRef="ReviewClaim" />
  <bpmn:userTask id="ReviewClaim" name="Review claim" camunda:candidateGroups="claims" />
  <bpmn:boundaryEvent id="ClaimWithdrawn" name="Claim withdrawn" attachedToRef="ReviewClaim">
    <bpmn:messageEventDefinition id="MessageEventDefinition_1x8kq2d" messageRef="Message_0cw1n7b" />
  </bpmn:boundaryEvent>
  <bpmn:boundaryEvent id="ReminderDue" name="Reminder due" cancelActivity="false" attachedToRef="ReviewClaim">
    <bpmn:signalEventDefinition id="SignalEventDefinition_0q3m9x5" signalRef="Signal_1k7d0ws" />
  </bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="Flow_1t2y7ob" sourceRef="ReviewClaim" targetRef="Reviewed" />
  <bpmn:endEvent id="Reviewed" name="Reviewed" />
  <bpmn:sequenceFlow id="Flow_0w9g1rc" sourceRef="ClaimWithdrawn" targetRef="Withdrawn" />
  <bpmn:endEvent id="Withdrawn" name="Withdrawn" />
  <bpmn:sequenceFlow id="Flow_1r5u8je" sourceRef="ReminderDue" targetRef="RemindReviewer" />
  <bpmn:userTask id="RemindReviewer" name="Remind reviewer" />
  <bpmn:sequenceFlow id="Flow_0p6l3ha" sourceRef="RemindReviewer" targetRef="Reminded" />
  <bpmn:endEvent id="Reminded" name="Reminded" />
</bpmn:process>
<bpmn:message id="Message_0cw1n7b" name="ClaimWithdrawn" />
<bpmn:signal id="Signal_1k7d0ws" name="ClaimReminder" />
"""

FIXTURES["parallel_messages.bpmn"] = """
<bpmn:process id="parallel_messages" name="Wait for parcels" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_1k9n0xe" sourceRef="StartEvent_1" targetRef="Fork" />
  <bpmn:parallelGateway id="Fork" />
  <bpmn:sequenceFlow id="Flow_toFirst" sourceRef="Fork" targetRef="FirstParcel" />
  <bpmn:sequenceFlow id="Flow_toSecond" sourceRef="Fork" targetRef="SecondParcel" />
  <bpmn:intermediateCatchEvent id="FirstParcel" name="First parcel arrived">
    <bpmn:messageEventDefinition id="MessageEventDefinition_0r1t6hz" messageRef="Message_1p4rcl0" />
  </bpmn:intermediateCatchEvent>
  <bpmn:intermediateCatchEvent id="SecondParcel" name="Second parcel arrived">
    <bpmn:messageEventDefinition id="MessageEventDefinition_1b7s2kq" messageRef="Message_1p4rcl0" />
  </bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="Flow_fromFirst" sourceRef="FirstParcel" targetRef="Join" />
  <bpmn:sequenceFlow id="Flow_fromSecond" sourceRef="SecondParcel" targetRef="Join" />
  <bpmn:parallelGateway id="Join" />
  <bpmn:sequenceFlow id="Flow_0y3f5dg" sourceRef="Join" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" name="All parcels arrived" />
</bpmn:process>
<bpmn:message id="Message_1p4rcl0" name="ParcelArrived" />
"""

FIXTURES["exclusive_no_default.bpmn"] = """
<bpmn:process id="exclusive_no_default" name="Route by priority" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_0g2hx7e" sourceRef="StartEvent_1" targetRef="Triage" />
  <bpmn:userTask id="Triage" name="Triage request" camunda:candidateGroups="support" />
  <bpmn:sequenceFlow id="Flow_1u0rk5s" sourceRef="Triage" targetRef="Route" />
  <bpmn:exclusiveGateway id="Route" name="Priority?" />
  <bpmn:sequenceFlow id="Flow_high" name="high" sourceRef="Route" targetRef="Expedite">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${priority == "high"}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="Flow_low" name="low" sourceRef="Route" targetRef="Queue">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${priority == "low"}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:userTask id="Expedite" name="Expedite" />
  <bpmn:userTask id="Queue" name="Queue" />
  <bpmn:sequenceFlow id="Flow_0a7r3pz" sourceRef="Expedite" targetRef="EndEvent_1" />
  <bpmn:sequenceFlow id="Flow_1q9s4hm" sourceRef="Queue" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" />
</bpmn:process>
"""

FIXTURES["call_parallel.bpmn"] = """
<bpmn:process id="call_parallel" name="Parent calling beside other work" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_0v3kd9q" sourceRef="StartEvent_1" targetRef="Fork" />
  <bpmn:parallelGateway id="Fork" />
  <bpmn:sequenceFlow id="Flow_toCall" sourceRef="Fork" targetRef="CallChild" />
  <bpmn:sequenceFlow id="Flow_toWatch" sourceRef="Fork" targetRef="Watch" />
  <bpmn:callActivity id="CallChild" name="Call child" calledElement="call_child">
    <bpmn:extensionElements>
      <camunda:in businessKey="${orderId}" />
      <camunda:in source="orderId" target="orderId" />
      <camunda:in sourceExpression="${amount * 2}" target="doubledAmount" />
      <camunda:out source="childResult" target="result" />
      <camunda:out variables="all" local="true" />
    </bpmn:extensionElements>
  </bpmn:callActivity>
  <bpmn:sequenceFlow id="Flow_1d8ns2w" sourceRef="CallChild" targetRef="ReviewResult" />
  <bpmn:userTask id="ReviewResult" name="Review result" />
  <bpmn:userTask id="Watch" name="Watch" />
  <bpmn:sequenceFlow id="Flow_fromReview" sourceRef="ReviewResult" targetRef="Join" />
  <bpmn:sequenceFlow id="Flow_fromWatch" sourceRef="Watch" targetRef="Join" />
  <bpmn:parallelGateway id="Join" />
  <bpmn:sequenceFlow id="Flow_0t6bq1z" sourceRef="Join" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" />
</bpmn:process>
"""

FIXTURES["conditional_flows.bpmn"] = """
<bpmn:process id="conditional_flows" name="Notify by channel" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_1h2x0qa" sourceRef="StartEvent_1" targetRef="ChooseChannels" />
  <bpmn:userTask id="ChooseChannels" name="Choose channels" />
  <bpmn:sequenceFlow id="Flow_mail" name="mail" sourceRef="ChooseChannels" targetRef="SendMail">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${mail}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="Flow_sms" name="sms" sourceRef="ChooseChannels" targetRef="SendSms">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${sms}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:userTask id="SendMail" name="Send mail" />
  <bpmn:userTask id="SendSms" name="Send SMS" />
  <bpmn:sequenceFlow id="Flow_0m3c8tw" sourceRef="SendMail" targetRef="MailSent" />
  <bpmn:endEvent id="MailSent" />
  <bpmn:sequenceFlow id="Flow_1b6r2kd" sourceRef="SendSms" targetRef="SmsSent" />
  <bpmn:endEvent id="SmsSent" />
</bpmn:process>
"""

# -- files the parser must refuse ---------------------------------------------------------------

FIXTURES["unsupported_script_task.bpmn"] = """
<bpmn:process id="unsupported_script_task" name="Discount" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_1gq7v2d" sourceRef="StartEvent_1" targetRef="CalculateDiscount" />
  <bpmn:scriptTask id="CalculateDiscount" name="Calculate discount" scriptFormat="groovy">
    <bpmn:script>execution.setVariable("discount", 10)</bpmn:script>
  </bpmn:scriptTask>
  <bpmn:sequenceFlow id="Flow_0x8u2m5" sourceRef="CalculateDiscount" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" />
</bpmn:process>
"""

FIXTURES["unsupported_java_delegate.bpmn"] = """
<bpmn:process id="unsupported_java_delegate" name="Java delegate" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_0v9n0c1" sourceRef="StartEvent_1" targetRef="SendMail" />
  <bpmn:serviceTask id="SendMail" name="Send mail" camunda:class="com.example.SendMailDelegate" />
  <bpmn:sequenceFlow id="Flow_1z4k3x8" sourceRef="SendMail" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" />
</bpmn:process>
"""

FIXTURES["unsupported_listener.bpmn"] = """
<bpmn:process id="unsupported_listener" name="Listener" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_0n5a7qk" sourceRef="StartEvent_1" targetRef="ReviewOrder" />
  <bpmn:userTask id="ReviewOrder" name="Review order">
    <bpmn:extensionElements>
      <camunda:taskListener class="com.example.NotifyListener" event="create" />
    </bpmn:extensionElements>
  </bpmn:userTask>
  <bpmn:sequenceFlow id="Flow_1d7x0b4" sourceRef="ReviewOrder" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" />
</bpmn:process>
"""

FIXTURES["unsupported_loop.bpmn"] = """
<bpmn:process id="unsupported_loop" name="Loop" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_0m4e2xg" sourceRef="StartEvent_1" targetRef="ReviewEach" />
  <bpmn:userTask id="ReviewEach" name="Review each item">
    <bpmn:standardLoopCharacteristics />
  </bpmn:userTask>
  <bpmn:sequenceFlow id="Flow_1c8q0k2" sourceRef="ReviewEach" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" />
</bpmn:process>
"""

FIXTURES["invalid_missing_topic.bpmn"] = """
<bpmn:process id="invalid_missing_topic" name="Missing topic" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_1p2r3s4" sourceRef="StartEvent_1" targetRef="ChargeCard" />
  <bpmn:serviceTask id="ChargeCard" name="Charge card" camunda:type="external" />
  <bpmn:sequenceFlow id="Flow_0t5u6v7" sourceRef="ChargeCard" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" />
</bpmn:process>
"""

FIXTURES["invalid_condition.bpmn"] = """
<bpmn:process id="invalid_condition" name="Broken condition" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_0a1b2c3" sourceRef="StartEvent_1" targetRef="Check" />
  <bpmn:exclusiveGateway id="Check" default="Flow_else" />
  <bpmn:sequenceFlow id="Flow_big" sourceRef="Check" targetRef="EndEvent_1">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${amount &gt;}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="Flow_else" sourceRef="Check" targetRef="EndEvent_1" />
  <bpmn:endEvent id="EndEvent_1" />
</bpmn:process>
"""
