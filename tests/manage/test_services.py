"""The proposition rules, called directly: slugs, tags, statuses, revisions and the audit log."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from forum.comments.services import comments_are_open
from forum.errors import Conflict, InvalidInput, NotAllowed
from forum.extensions import db
from forum.manage import services
from forum.manage.queries import proposition_for_editor
from forum.manage.services import PropositionFields
from forum.models import (
    AuditEntry,
    Proposition,
    PropositionRevision,
    PropositionSlug,
    PropositionStatus,
    Tag,
)
from tests.manage.support import at, person, workstream

NOW = at(2027, 3, 10, 12, 0)
PUBLISHED = PropositionStatus.PUBLISHED


def fields(**changes) -> PropositionFields:
    """Return the editor's values for a published proposition, changed as asked."""
    values = {"title": "Free buses", "body": "We propose *free* buses.", "status": PUBLISHED}
    return PropositionFields(**{**values, **changes})


def write(site, who=None, ws=None, **changes) -> Proposition:
    """Write a proposition in workstream A as its facilitator (inside an app context)."""
    author = person(who or site.facilitator)
    return services.write_proposition(
        workstream(ws or site.ws_a), author, fields(**changes), now=NOW
    )


def editable(proposition_id: int) -> Proposition:
    """Load a proposition as the editor does: with its workstream and tags."""
    return proposition_for_editor(proposition_id)


def entries(action: str | None = None) -> list[AuditEntry]:
    """Return the audit entries about propositions, oldest first, of one action or all."""
    query = sa.select(AuditEntry).filter_by(target_type="proposition").order_by(AuditEntry.id)
    if action:
        query = query.filter_by(action=action)
    return list(db.session.scalars(query))


def test_writing_makes_the_slug_from_the_title_and_records_it(app, site):
    with app.app_context():
        prop = write(site, title="  Free buses, for all!  ", tags=("Transport", "LIBRARIES"))
        assert (prop.title, prop.slug) == ("Free buses, for all!", "free-buses-for-all")
        assert prop.body_html == "<p>We propose <em>free</em> buses.</p>"
        assert prop.published_at == NOW and prop.is_public(NOW)
        # "LIBRARIES" is the tag the summit already has, whatever its case.
        assert [tag.name for tag in prop.tags] == ["Libraries", "Transport"]
        assert db.session.scalar(sa.select(sa.func.count(Tag.id))) == 3
        [entry] = entries()
        assert (entry.action, entry.target_type, entry.target_id) == (
            "proposition.create",
            "proposition",
            prop.id,
        )
        assert entry.actor_id == person(site.facilitator).id and entry.before is None
        assert entry.after == {
            "title": "Free buses, for all!",
            "slug": "free-buses-for-all",
            "status": "published",
            "published_at": "2027-03-10T12:00:00+00:00",
            "tags": ["Libraries", "Transport"],
            "comments_open": True,
            "close_comments_after_days": None,
            "slow_mode_minutes": None,
        }


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "   "}, "title", "Enter a title."),
        ({"slug": "!!!"}, "slug", "Enter a web address using letters or numbers."),
        ({"body": "  ", "status": PUBLISHED}, "body", "Only a draft can be saved without it."),
        ({"status": PropositionStatus.SCHEDULED}, "publish_date", "Enter the date to publish"),
        (
            {"status": PropositionStatus.SCHEDULED, "publish_at": NOW - timedelta(minutes=1)},
            "publish_date",
            "The time to publish must be in the future.",
        ),
        ({"status": PropositionStatus.ARCHIVED}, "status", "Only a published proposition"),
        ({"body": "x" * 50_001}, "body", "50,000 characters or fewer"),
    ],
    ids=["blank title", "empty slug", "no text", "no date", "past date", "archive new", "long"],
)
def test_what_the_editor_refuses(app, site, changes, field, message):
    with app.app_context():
        with pytest.raises(InvalidInput) as refused:
            write(site, **changes)
        assert refused.value.field == field and message in refused.value.message
        db.session.rollback()
        assert entries() == []


def test_a_draft_may_have_no_text_and_no_date(app, site):
    with app.app_context():
        prop = write(site, body="", status=PropositionStatus.DRAFT)
        assert prop.published_at is None and not prop.is_public(NOW)


@pytest.mark.parametrize(
    "slug",
    ["open-every-library-on-sundays", "Open Every Library on Sundays", "feed"],
    ids=["taken", "taken, typed loosely", "reserved"],
)
def test_a_slug_taken_in_the_workstream_is_a_conflict(app, site, slug):
    with app.app_context():
        with pytest.raises(Conflict) as clash:
            write(site, slug=slug)
        assert clash.value.field == "slug"


def test_the_same_slug_is_free_in_another_workstream(app, site):
    with app.app_context():
        prop = write(
            site, who=site.other_facilitator, ws=site.ws_b, slug="open-every-library-on-sundays"
        )
        assert prop.slug == "open-every-library-on-sundays"


def test_nobody_else_may_write_in_a_workstream(app, site):
    with app.app_context():
        for who in (site.other_facilitator, site.participant):
            with pytest.raises(NotAllowed):
                write(site, who=who)
        assert write(site, who=site.admin).workstream_id == workstream(site.ws_a).id


def test_renaming_keeps_the_old_slug_and_going_back_takes_it_out(app, site):
    with app.app_context():
        prop = editable(site.prop_a_id)
        editor = person(site.facilitator)
        services.update_proposition(prop, editor, fields(slug="sunday-libraries"), now=NOW)
        services.update_proposition(prop, editor, fields(slug="libraries-on-sundays"), now=NOW)
        history = sa.select(PropositionSlug.slug).filter_by(proposition_id=prop.id)
        assert sorted(db.session.scalars(history)) == [
            "open-every-library-on-sundays",
            "sunday-libraries",
        ]
        services.update_proposition(prop, editor, fields(slug="sunday-libraries"), now=NOW)
        assert prop.slug == "sunday-libraries"
        assert sorted(db.session.scalars(history)) == [
            "libraries-on-sundays",
            "open-every-library-on-sundays",
        ]


def test_another_propositions_old_slug_is_taken(app, site):
    with app.app_context():
        prop = editable(site.prop_a_id)
        services.update_proposition(prop, person(site.facilitator), fields(slug="renamed"), now=NOW)
        with pytest.raises(Conflict) as clash:
            write(site, slug="open-every-library-on-sundays")
        assert clash.value.field == "slug" and "Enter a different one" in clash.value.message


def test_editing_a_published_text_keeps_the_text_before_the_edit(app, site):
    with app.app_context():
        prop = editable(site.prop_a_id)
        old_title, old_body = prop.title, prop.body
        editor = person(site.admin)
        services.update_proposition(
            prop, editor, fields(title="Libraries open on Sundays", body="New text."), now=NOW
        )
        [revision] = db.session.scalars(sa.select(PropositionRevision)).all()
        assert (revision.title, revision.body) == (old_title, old_body)
        assert (revision.editor_id, revision.created_at) == (editor.id, NOW)
        assert prop.revised_at == NOW and prop.body_html == "<p>New text.</p>"
        [entry] = entries("proposition.update")
        assert entry.before["title"] == old_title and entry.after["title"] == prop.title


def test_no_revision_for_drafts_or_for_saves_that_keep_the_text(app, site):
    with app.app_context():
        editor = person(site.facilitator)
        draft = write(site, status=PropositionStatus.DRAFT)
        services.update_proposition(
            draft, editor, fields(status=PropositionStatus.DRAFT, body="Rewritten"), now=NOW
        )
        prop = editable(site.prop_a_id)
        same = fields(title=prop.title, body=prop.body, tags=("Sundays",), comments_open=False)
        services.update_proposition(prop, editor, same, now=NOW)
        assert db.session.scalar(sa.select(sa.func.count(PropositionRevision.id))) == 0
        assert draft.revised_at is None and prop.revised_at is None
        assert [tag.name for tag in prop.tags] == ["Sundays"] and not prop.comments_open


def test_scheduling_publishes_by_itself_at_its_time(app, site):
    with app.app_context():
        later = NOW + timedelta(days=2)
        prop = write(site, status=PropositionStatus.SCHEDULED, publish_at=later)
        assert prop.published_at == later
        assert not prop.is_public(NOW) and prop.is_public(later)
        visible = sa.select(Proposition.id).where(Proposition.is_public(later))
        assert prop.id in db.session.scalars(visible).all()
        # Saving again with the same time is fine, even once the time has passed.
        services.update_proposition(
            prop,
            person(site.facilitator),
            fields(status=PropositionStatus.SCHEDULED, publish_at=later),
            now=later + timedelta(hours=1),
        )
        assert prop.published_at == later


def test_each_status_change_has_its_own_audit_action(app, site):
    with app.app_context():
        editor = person(site.facilitator)
        prop = write(site, status=PropositionStatus.DRAFT)
        schedule = fields(status=PropositionStatus.SCHEDULED, publish_at=NOW + timedelta(days=1))
        services.update_proposition(prop, editor, schedule, now=NOW)
        services.update_proposition(prop, editor, fields(), now=NOW)
        services.update_proposition(prop, editor, fields(body="Changed"), now=NOW)
        services.update_proposition(
            prop, editor, fields(status=PropositionStatus.ARCHIVED), now=NOW
        )
        assert [entry.action for entry in entries()] == [
            "proposition.create",
            "proposition.schedule",
            "proposition.publish",
            "proposition.update",
            "proposition.archive",
        ]
        publish = entries("proposition.publish")[0]
        assert publish.before["status"] == "scheduled" and publish.after["status"] == "published"
        assert publish.after["published_at"] == "2027-03-10T12:00:00+00:00"


def test_publishing_now_and_archiving(app, site):
    with app.app_context():
        editor = person(site.facilitator)
        prop = write(site, status=PropositionStatus.DRAFT)
        with pytest.raises(InvalidInput):
            services.archive_proposition(prop, editor, now=NOW)
        services.publish_proposition(prop, editor, now=NOW)
        assert prop.status == PUBLISHED and prop.published_at == NOW
        services.publish_proposition(prop, editor, now=NOW)  # already published: nothing
        services.archive_proposition(prop, editor, now=NOW + timedelta(days=3))
        assert prop.status == PropositionStatus.ARCHIVED and prop.published_at == NOW
        assert prop.is_public(NOW + timedelta(days=3))
        assert not comments_are_open(prop)
        assert [e.action for e in entries()] == [
            "proposition.create",
            "proposition.publish",
            "proposition.archive",
        ]


def test_publishing_needs_the_text(app, site):
    with app.app_context():
        prop = write(site, status=PropositionStatus.DRAFT, body="")
        with pytest.raises(InvalidInput) as refused:
            services.publish_proposition(prop, person(site.facilitator), now=NOW)
        assert refused.value.field == "body"


def test_only_the_workstreams_facilitators_may_change_a_proposition(app, site):
    with app.app_context():
        prop = editable(site.prop_a_id)
        for email in (site.other_facilitator, site.participant):
            who = person(email)
            with pytest.raises(NotAllowed):
                services.update_proposition(prop, who, fields(title="Taken"), now=NOW)
            with pytest.raises(NotAllowed):
                services.publish_proposition(prop, who, now=NOW)
            with pytest.raises(NotAllowed):
                services.archive_proposition(prop, who, now=NOW)
        assert prop.title == "Open every library on Sundays" and entries() == []


def test_comments_close_by_themselves_after_the_days_set(app, site):
    with app.app_context():
        prop = write(site, close_comments_after_days=7)
        assert comments_are_open(prop, NOW + timedelta(days=6, hours=23))
        assert not comments_are_open(prop, NOW + timedelta(days=7))


def test_preview_renders_without_saving(app, site):
    with app.app_context():
        assert services.preview_proposition("## Why\n\nBecause.") == (
            "<h2>Why</h2>\n<p>Because.</p>"
        )
        with pytest.raises(InvalidInput):
            services.preview_proposition("   ")
        assert not db.session.new and entries() == []
