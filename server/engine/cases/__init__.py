"""CMMN cases: case definitions, the case runtime, case instances and case executions."""
