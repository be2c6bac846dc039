"""The certificate (*frivilligbevis*) as a PDF: a one-page A4 document in Danish or English,
rendered on demand from the certificate's snapshot (``models.VolunteerCertificate``) with the
app's own templates (``core.pdf``). Nothing is stored as a file, so erasing the certificate
erases every copy the application holds.

The personal link's page and the staff's pages both call ``certificate_pdf``."""

from __future__ import annotations

from typing import Literal

from django.template.loader import render_to_string
from django.utils import translation

from helhedsplan.core.pdf import render_pdf
from helhedsplan.volunteers.models import VolunteerCertificate

Language = Literal["da", "en"]
LANGUAGES: tuple[Language, ...] = ("da", "en")


def certificate_filename(certificate: VolunteerCertificate, language: Language) -> str:
    stem = "frivilligbevis" if language == "da" else "volunteer-certificate"
    return f"{stem}-{certificate.volunteer_id}-{certificate.issued_on:%Y%m%d}.pdf"


def certificate_pdf(certificate: VolunteerCertificate, language: Language) -> bytes:
    """The certificate's PDF in ``language``: everything on it in that language, the hours
    with its decimal mark (12,5 in Danish, 12.5 in English)."""
    if language not in LANGUAGES:
        raise ValueError(f"A certificate is in Danish or English, not {language!r}")
    volunteer = certificate.volunteer
    with translation.override(language):
        html = render_to_string(
            "volunteers/certificate_pdf.html",
            {
                "certificate": certificate,
                "volunteer": volunteer,
                "programme": volunteer.programme,
                "lines": certificate.lines.order_by("position"),
                "language": language,
            },
        )
    return render_pdf(html)
