"""Records → findings: the schemas and their compiled gates, the YAML and schema layers per file,
the rules, the incremental checking with its cache rows and `validate` itself.

A run's loading path goes down once: validate → checking → records → catalog.workers.

May import: the leaves, yamlio and catalog. Nothing above.
"""
