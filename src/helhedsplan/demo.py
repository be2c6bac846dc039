"""The demo: each app contributes its own demo data through ``<app>.demo.load_demo_data()``.

Apps load in the order of INSTALLED_APPS, so an app can build on the data of those before
it. Every loader is idempotent: running the demo again keeps the data and adds no duplicates.
A loader that brings data an earlier version made up to date returns lines saying what it
changed, and ``helhedsplan demo`` prints them.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.db import transaction
from django.test.utils import override_settings

from helhedsplan.media import services as media_services

KEPT_BACK = "django.core.mail.backends.locmem.EmailBackend"


def demo_loaders():
    for config in apps.get_app_configs():
        if config.name == __package__:
            continue  # this module is the registry, not a contribution
        module_name = f"{config.name}.demo"
        if find_spec(module_name) is not None:
            yield import_module(module_name).load_demo_data


def load_demo() -> list[str]:
    """Load every app's demo; what the loaders changed in existing data, for the console."""
    changed: list[str] = []
    # The demo's people are invented, their addresses at example.org: the letters the
    # services send while it loads (receipts, decisions) go nowhere, whatever mail server
    # the settings name, and do not fill the console of the first command.
    with override_settings(EMAIL_BACKEND=KEPT_BACK), transaction.atomic():
        for load in demo_loaders():
            changed += load() or []
    # The general tone model comes from the labelled headlines the product ships, not from
    # any app's demo data; the demo trains it so its suggestions and figures show from the
    # start. Some seconds of training, so after the loaders' transaction (see media.services).
    media_services.tone_model_train_general()
    return changed
