"""The grant pools' letters: the decision letter, as a PDF and as the e-mail that carries it.
Written in Danish whatever the page's language: the applicants' letter, as official as the
decision it tells."""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from helhedsplan.core.pdf import render_pdf
from helhedsplan.grants.models import Application, Decision, Question
from helhedsplan.grants.money import format_kroner


def _context(decision: Decision) -> dict[str, object]:
    application = decision.application
    return {
        "decision": decision,
        "application": application,
        "pool": application.pool,
        "requested": format_kroner(application.amount_requested),
        "granted": format_kroner(decision.amount_granted),
    }


def decision_letter_name(decision: Decision) -> str:
    return f"afgoerelse-{decision.application.reference}.pdf"


def decision_letter(decision: Decision) -> bytes:
    """The decision letter as a PDF."""
    with translation.override("da"):
        html = render_to_string("grants/decision_letter_pdf.html", _context(decision))
    return render_pdf(html)


def decision_email(decision: Decision) -> tuple[str, str]:
    """The e-mail's subject and text (the letter goes with it as a PDF)."""
    with translation.override("da"):
        subject = _("Afgørelse på jeres ansøgning %(reference)s") % {
            "reference": decision.application.reference
        }
        body = render_to_string("grants/decision_email.txt", _context(decision))
    return subject, body


# Part 3 B: the reminder of an overdue report -----------------------------------------------


def report_reminder_email(application: Application, due_on: datetime.date) -> tuple[str, str]:
    """The reminder's subject and text: the reference, the activity, the deadline passed and
    what the group hands in."""
    with translation.override("da"):
        subject = _("Påmindelse: afrapportering for %(reference)s") % {
            "reference": application.reference
        }
        body = render_to_string(
            "grants/report_reminder_email.txt",
            {"application": application, "pool": application.pool, "due_on": due_on},
        )
    return subject, body


def question_email(question: Question) -> tuple[str, str]:
    """A question to the applicant: its subject and text, in Danish."""
    application = question.application
    with translation.override("da"):
        subject = _("Spørgsmål til jeres ansøgning %(reference)s") % {
            "reference": application.reference
        }
        body = render_to_string(
            "grants/question_email.txt", {"application": application, "question": question}
        )
    return subject, body
