"""Reading of scanned paper forms: synthetic filled pages through the scan reader.

``surveys.specimens`` draws N pages of a two-page sample form (six scale questions and a
yes/no on page 1, a choice among four and a free text on page 2) with random answers, as a
resident's pen and the office scanner would leave them: crosses and ticks of varied stroke
(0.25-0.8 mm), darkness (grey 0-110 of 255) and size (55-115 % of the box, up to 1 mm off its
  centre), about one
page in ten with an answer corrected the way the form says (the wrong box filled, another
crossed), 4 % of questions left blank, turned up to ±3° (one page in twenty upside down),
scaled 0.97-1.03, shifted up to 4 mm, paper tone, Gaussian noise and JPEG at quality 50-90,
at 200 or 300 dpi. Among them are pages that are none of ours: a blank sheet, a photo-like
page of blotches and a page with somebody else's QR code. Each page goes through the upload's
path as the office would send it, a JPEG file: ``scanning.pages_of`` and then
``scanning.read_page``. Run:

    python bench/scan.py [--pages 200] [--seed 15] [--misses]

How it counts:

- A *mark* is one question with boxes on a form page. It is read correctly when
  ``reading.answer_of`` over its boxes' states gives the truth (the answer marked, or None for
  a blank question), or when it is doubtful (it goes to a person: not an error, but its page
  counts against the review rate). It is an error when the answer is certain and wrong.
- A form page the reader refuses (no code or marks found) has all its marks counted as
  errors (the machine lost them), and the page counts as sent for review.
- A page that is not one of our forms counts as one more mark: correct when it is refused,
  an error when it is read as a form.
- ``marks_accuracy`` is the correct marks over all marks; ``review_rate`` the form pages with
  at least one doubtful question over all form pages; ``pages_per_s`` all pages over the
  time of reading them (decoding the file and ``read_page``; not the drawing).

The last line reads ``marks_accuracy=<%> review_rate=<%> pages_per_s=<n>``.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhedsplan.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--misses", action="store_true", help="list the marks read wrong")
    args = parser.parse_args()

    import django

    django.setup()

    from helhedsplan.surveys import layout, scanning, specimens
    from helhedsplan.surveys.reading import answer_of

    pages = layout.paginate(specimens.SAMPLE_QUESTIONS)

    def layouts_for(code: layout.FormCode) -> list[layout.PageLayout] | None:
        return pages if (code.questionnaire, code.version) == (1, 1) else None

    rng = random.Random(args.seed)
    strangers = {1: "blank", 2: "noise", 3: "qr"}
    every = max(args.pages // len(strangers), 1)
    files: list[tuple[bytes, specimens.Specimen | None, str]] = []
    for index in range(args.pages):
        seed = rng.randrange(1 << 30)
        stranger = strangers.get(index // every + 1) if index % every == every // 2 else None
        if stranger is not None:
            image = specimens.not_a_form(stranger, rng.choice((200, 300)), seed)
            files.append((specimens.encode(image, 80), None, stranger))
            continue
        number = rng.choice((1, 2))
        style = specimens.random_style(rng, corrected=0.015)
        form = specimens.specimen(
            pages[number - 1], specimens.sample_code(number, len(pages)), style, seed
        )
        files.append((form.data, form, f"page {number} seed {seed} {style}"))

    marks = correct = form_pages = reviewed = refused_forms = 0
    strangers_right = strangers_total = 0
    misses = []
    started = time.perf_counter()
    readings = []
    for data, _, _ in files:
        for image in scanning.pages_of(data):
            readings.append(scanning.read_page(image, layouts_for))
    seconds = time.perf_counter() - started

    for (_, sample, note), reading in zip(files, readings, strict=True):
        if sample is None:
            strangers_total += 1
            if reading.refused:
                strangers_right += 1
            else:
                misses.append(f"{note}: read as a form")
            continue
        form_pages += 1
        marks += len(sample.truth)
        if reading.refused:
            refused_forms += 1
            reviewed += 1
            misses.append(f"refused: {reading.refused} {note}")
            continue
        doubtful_page = False
        for question, truth in sample.truth.items():
            states = [(b.value, b.state) for b in reading.boxes if b.question == question]
            answer = answer_of(states)
            if answer.doubtful:
                doubtful_page = True
                correct += 1
            elif answer.value == truth:
                correct += 1
            else:
                inks = [
                    (b.value, b.state.value, b.ink) for b in reading.boxes if b.question == question
                ]
                misses.append(f"q{question} truth={truth} read={answer.value} {inks} {note}")
        reviewed += doubtful_page

    total = marks + strangers_total
    accuracy = 100.0 * (correct + strangers_right) / total
    review_rate = 100.0 * reviewed / form_pages
    if args.misses:
        for miss in misses:
            print(miss)
    print(
        f"pages={len(files)} form_pages={form_pages} marks={marks} "
        f"errors={total - correct - strangers_right} "
        f"reviewed_pages={reviewed} refused_forms={refused_forms} "
        f"strangers_refused={strangers_right}/{strangers_total}"
    )
    print(
        f"marks_accuracy={accuracy:.2f} review_rate={review_rate:.2f} "
        f"pages_per_s={len(files) / seconds:.1f}"
    )


if __name__ == "__main__":
    main()
