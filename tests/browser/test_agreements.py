from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from conftest import PASSWORD, World
from helhedsplan.agreements.demo import SEED_FILE, seed_bytes
from helhedsplan.agreements.models import AgreementVersion
from tests.browser.conftest import log_in

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _serious(page: Page) -> list[str]:
    violations = Axe().run(page).response["violations"]
    return [f"{page.url}: {v['id']}" for v in violations if v["impact"] in {"serious", "critical"}]


def test_the_secretariat_head_imports_the_seed_docx_and_finds_the_agreement(
    page: Page, world: World
) -> None:
    # The secretariat imports agreements; staff no longer may (issue 10).
    log_in(page, "secretariat_head", PASSWORD)
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Delaftaler").click()
    page.get_by_role("link", name="Importér delaftale").click()
    problems = _serious(page)
    page.get_by_label("Delaftale (.docx eller .txt)").set_input_files(
        files=[
            {
                "name": SEED_FILE,
                "mimeType": DOCX_TYPE,
                "buffer": seed_bytes(),
            }
        ]
    )
    page.get_by_role("button", name="Læs filen").click()

    expect(page.get_by_role("heading", name="Kontrollér importen")).to_be_visible()
    expect(page.get_by_text("Helsingør Syd").first).to_be_visible()
    expect(page.get_by_role("checkbox", name="Nøjsomhed")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Vapnagaard")).to_be_checked()
    expect(page.get_by_role("heading", name="Aktivitet 4: Beboerpanel med politi")).to_be_visible()
    problems += _serious(page)
    assert not AgreementVersion.objects.exists()

    page.get_by_role("button", name="Gem som kladde").click()
    expect(page.get_by_text("Delaftalen er gemt som version 1")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Delaftale for indsatsområdet Tryghed og trivsel")
    ).to_be_visible()
    toc = page.get_by_role("navigation", name="Indhold i delaftalen")
    toc.get_by_role("link", name="Kulturelle arrangementer").click()
    expect(
        page.get_by_role("heading", name="Aktivitet 3: Kulturelle arrangementer")
    ).to_be_in_viewport()
    problems += _serious(page)
    assert AgreementVersion.objects.get().status == "draft"
    assert problems == []
