"""The demo's surveys: answers from every channel, a scanned batch imported, and the scanned pile
of paper forms to upload, written once and read as forms of the open wave."""

from __future__ import annotations

from helhedsplan.surveys import queries, scanning
from helhedsplan.surveys.demo import SCANNED_SHEETS, scanned_pile
from helhedsplan.surveys.models import Channel, Response, ScanBatch, ScanStatus


def test_the_demos_scanned_pile_is_read_as_forms_of_the_open_wave(demo, tmp_path) -> None:
    pile = scanned_pile(tmp_path)
    assert scanned_pile(tmp_path) == pile
    readings = list(scanning.read_batch(pile.read_bytes(), queries.layouts_for(demo)))
    assert len(readings) == SCANNED_SHEETS
    assert all(not reading.refused for reading in readings)


def test_the_demo_has_answers_from_every_channel(demo) -> None:
    channels = set(
        Response.objects.filter(wave__questionnaire__programme=demo).values_list(
            "channel", flat=True
        )
    )
    assert channels == set(Channel.values)
    assert ScanBatch.objects.filter(programme=demo, status=ScanStatus.IMPORTED).exists()
