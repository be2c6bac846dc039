"""The REST API, version 1 (``/api/v1/``): other systems read and register through the same
queries, services and access rules as the pages. See ``api.py``."""
