"""DMN decisions: the parser (DMN 1.1, 1.2 and 1.3 files as Camunda Modeler saves them), a FEEL
subset, decision evaluation, and the decision definitions deployments create."""
