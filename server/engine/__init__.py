"""The process engine: BPMN deployments, process instances, executions, tasks, jobs, incidents."""
