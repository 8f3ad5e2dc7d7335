"""Public exports (the matter list, service guides, change announcements) and the report's renderers.

Every value reaches a format through `allow.Allow`, the public allow-list read from the schemas.
"""
