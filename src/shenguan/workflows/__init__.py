"""The clerk's and the supervisor's commands as library functions: the edit transaction, matters,
standards, transfers, undertaking suggestions, liaisons, impact and catalogue scaffolding.

May import: the leaves, yamlio, catalog, validation, history, diff and review. Nothing above.
"""
