"""BPMN 2.0 (Camunda Modeler dialect): parsed into immutable specs, apart from runtime state."""
