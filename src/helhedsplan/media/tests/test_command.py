from __future__ import annotations

import io
import json

from django.core.management import call_command


def _tone(text: str) -> dict:
    out = io.StringIO()
    call_command("tone", text, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_tone_prints_tone_score_and_reasons() -> None:
    result = _tone("Knivstik og hærværk i Vapnagaard")
    assert set(result) == {"tone", "score", "reasons"}
    assert result["tone"] == "negative"
    assert result["score"] < 0
    assert any("hærværk" in reason for reason in result["reasons"])


def test_a_neutral_announcement_is_neutral() -> None:
    assert _tone("Beboermøde i Nøjsomhed tirsdag kl. 19")["tone"] == "neutral"
