"""Bench-only: the floor of ``counselling_load.py``, never part of the product.

``bench_floor.settings`` is the product's settings with one change, a URLconf that adds
``POST /bench/floor/``: a view that inserts one row, through the same server, middleware
(sessions, authentication, CSRF) and database as a registration. The load benchmark starts
the server with ``DJANGO_SETTINGS_MODULE=bench_floor.settings`` and this directory's parent
on the path; nothing in ``src`` knows of it.
"""
