"""Exchange with the provincial 事项库: the national exchange tables' columns and how each reads a
matter record (`columns`), shared by `shenguan import` and `shenguan export exchange`.

May import: the leaves, yamlio, catalog, validation, history, diff and review. Nothing above.
"""
