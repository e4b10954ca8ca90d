"""Workspace reads: where a proposition stands, the dashboard, and comparing versions."""

from datetime import timedelta

import pytest

from forum.extensions import db
from forum.manage.queries import Change, compare_texts, dashboard, has_changes, stage
from forum.models import CommentStatus, Proposition, PropositionStatus, utcnow
from tests import factories
from tests.manage.support import person, workstream

SAME, ADDED, REMOVED = "same", "added", "removed"


def kinds(lines: list[list[Change]]) -> list[list[tuple[str, str]]]:
    """Return a comparison as plain (kind, text) pairs."""
    return [[(change.kind, change.text) for change in line] for line in lines]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("Open on Sundays.", "Open on Sundays.", [[(SAME, "Open on Sundays.")]]),
        (
            "Open every library on Sundays.",
            "Open every museum on Sundays.",
            [
                [
                    (SAME, "Open every "),
                    (REMOVED, "library "),
                    (ADDED, "museum "),
                    (SAME, "on Sundays."),
                ]
            ],
        ),
        (
            "One.\n\nTwo.\n",
            "One.\n\nTwo and a half.\n\nThree.\n",
            [
                [(SAME, "One.")],
                [],
                [(REMOVED, "Two.")],
                [(ADDED, "Two and a half.")],
                [],
                [(ADDED, "Three.")],
            ],
        ),
        (
            "First line\nSecond line",
            "Second line",
            [[(REMOVED, "First line")], [(SAME, "Second line")]],
        ),
        ("", "All new", [[(ADDED, "All new")]]),
    ],
    ids=["unchanged", "a word", "lines", "a line removed", "from nothing"],
)
def test_compare_texts_marks_words_and_lines(old, new, expected):
    assert kinds(compare_texts(old, new)) == expected


def test_a_changed_line_is_compared_word_by_word():
    lines = compare_texts("We want buses.\nAnd trams.\n", "We want free buses.\nAnd trams.\n")
    assert kinds(lines)[0] == [(SAME, "We want "), (ADDED, "free "), (SAME, "buses.")]
    assert has_changes(lines) and not has_changes(compare_texts("a b", "a b"))


def test_a_long_text_with_one_edit_compares_quickly():
    old = "\n".join(f"Line {n} says the same thing as ever." for n in range(5000))
    new = old.replace("Line 2500 says", "Line 2500 now says")
    changed = [line for line in compare_texts(old, new) if any(c.kind != SAME for c in line)]
    assert kinds(changed) == [
        [(SAME, "Line 2500 "), (ADDED, "now "), (SAME, "says the same thing as ever.")]
    ]


def test_stage_counts_a_scheduled_proposition_whose_time_has_come_as_published():
    now = utcnow()
    scheduled = Proposition(status=PropositionStatus.SCHEDULED, published_at=now)
    assert stage(scheduled, now - timedelta(seconds=1)) == PropositionStatus.SCHEDULED
    assert stage(scheduled, now) == PropositionStatus.PUBLISHED
    draft = Proposition(status=PropositionStatus.DRAFT, published_at=None)
    assert stage(draft, now) == PropositionStatus.DRAFT


def test_dashboard_groups_a_facilitators_propositions_with_pending_counts(app, site):
    with app.app_context():
        ws_a, fiona = workstream(site.ws_a), person(site.facilitator)
        now = utcnow()
        draft = factories.proposition(ws_a, fiona, "A draft", status=PropositionStatus.DRAFT)
        soon = factories.proposition(
            ws_a,
            fiona,
            "Soon",
            status=PropositionStatus.SCHEDULED,
            published_at=now + timedelta(days=1),
        )
        due = factories.proposition(
            ws_a,
            fiona,
            "Due",
            status=PropositionStatus.SCHEDULED,
            published_at=now - timedelta(hours=1),
        )
        old = factories.proposition(ws_a, fiona, "Old", status=PropositionStatus.ARCHIVED)
        prop_a = db.session.get(Proposition, site.prop_a_id)
        factories.comment(prop_a, "Held one", status=CommentStatus.PENDING)
        factories.comment(prop_a, "Held two", status=CommentStatus.PENDING)
        factories.comment(prop_a, "Shown", status=CommentStatus.APPROVED)
        db.session.commit()

        board = dashboard(fiona, now)
        assert [ws.slug for ws in board.workstreams] == [site.ws_a]
        titles = {name.value: [p.title for p in props] for name, props in board.groups.items()}
        assert titles == {
            "draft": [draft.title],
            "scheduled": [soon.title],
            "published": [due.title, prop_a.title],
            "archived": [old.title],
        }
        assert board.pending == {prop_a.id: 2}

        everything = dashboard(person(site.admin), now)
        assert [ws.slug for ws in everything.workstreams] == [site.ws_a, site.ws_b]
        assert len(everything.groups[PropositionStatus.PUBLISHED]) == 3
