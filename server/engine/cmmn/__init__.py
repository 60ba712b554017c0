"""CMMN 1.1: the parser and the immutable case specs it produces."""
