"""External assessment (R-JRN-9): ВПР, regional, municipal, international and entry
diagnostics, kept apart from the school's own marks."""
