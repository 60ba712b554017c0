"""The incident desk: operational incidents and the directory objects they reference."""
