"""The press app's background tasks, run by ``helhedsplan worker``."""

from __future__ import annotations

from django_tasks import task

from helhedsplan.media import services
from helhedsplan.programmes.models import Programme


@task()
def retrain_tone_model(*, programme_id: int) -> int:
    """Retrain a programme's tone model; how many labels it was trained on (0: too few, so
    the rules alone decide). A programme deleted meanwhile has nothing to train."""
    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is None:
        return 0
    model = services.tone_model_train(programme=programme)
    return model.labels if model else 0
