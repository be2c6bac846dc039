"""The product's settings, served with the floor's URLconf (see the package's docstring)."""

from helhedsplan.settings import *  # noqa: F403  (the product's settings, unchanged)

ROOT_URLCONF = "bench_floor.urls"
