"""Records → findings: the schemas and their compiled gates, the YAML and schema layers per file,
the rules, the incremental checking and `validate` itself.

May import: the leaves, yamlio and catalog. Nothing above.
"""
