"""The admin services' rules, called directly: they flush, raise and audit."""

import pytest
import sqlalchemy as sa

from forum.admin import services
from forum.admin.settings_services import update_settings
from forum.errors import Conflict, InvalidInput
from forum.extensions import db
from forum.models import AuditEntry, Role, User, Workstream
from forum.settings import current_settings
from tests import factories


def get_user(email: str) -> User:
    """Return the account with this email."""
    return db.session.scalar(sa.select(User).where(User.email == email))


def get_workstream(slug: str) -> Workstream:
    """Return the workstream with this slug."""
    return db.session.scalar(sa.select(Workstream).where(Workstream.slug == slug))


def entries() -> int:
    """Count the audit log's entries."""
    return db.session.scalar(sa.select(sa.func.count(AuditEntry.id)))


@pytest.mark.parametrize(
    ("title", "slug", "number", "error", "field"),
    [
        ("   ", "", 3, InvalidInput, "title"),
        ("T" * 201, "", 3, InvalidInput, "title"),
        ("!!!", "", 3, InvalidInput, "slug"),
        ("Fine", "", 0, InvalidInput, "number"),
        ("Fine", "", 1000, InvalidInput, "number"),
        ("Fine", "CLIMATE", 3, Conflict, "slug"),
        ("Fine", "", 2, Conflict, "number"),
    ],
)
def test_create_workstream_refuses_unusable_values(app, site, title, slug, number, error, field):
    with app.app_context():
        before = entries()
        with pytest.raises(error) as raised:
            services.create_workstream(title, slug, number)
        assert raised.value.field == field
        assert entries() == before


def test_create_workstream_makes_the_address_from_the_title_and_audits(app, site):
    with app.app_context():
        created = services.create_workstream("Homes & Streets", "", 3, "**Hi**", summary=" a  b ")
        assert (created.slug, created.summary) == ("homes-streets", "a b")
        assert created.description_html == "<p><strong>Hi</strong></p>"
        entry = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (entry.action, entry.actor_id, entry.target_id) == (
            "workstream.create",
            None,
            created.id,
        )
        assert entry.after["slug"] == "homes-streets" and entry.before is None


def test_a_description_too_long_is_refused(app, site):
    with app.app_context():
        with pytest.raises(InvalidInput) as raised:
            services.create_workstream("Long", "", 3, "x" * 50_001)
        assert raised.value.field == "description"


def test_update_workstream_returns_what_changed_and_keeps_its_own_number(app, site):
    with app.app_context():
        climate = get_workstream("climate")
        admin = get_user(site.admin)
        values = {
            "title": "Climate",
            "slug": "climate",
            "number": 2,
            "summary": "",
            "is_open": True,
        }
        assert services.update_workstream(climate, admin, description="About it.", **values) == []
        changed = services.update_workstream(climate, admin, description="New", **values)
        assert changed == ["description"] and climate.description_html == "<p>New</p>"


def test_move_workstream_refuses_a_bad_direction_and_the_ends(app, site):
    with app.app_context():
        climate = get_workstream("climate")
        with pytest.raises(InvalidInput):
            services.move_workstream(climate, "sideways", None)
        with pytest.raises(Conflict):
            services.move_workstream(climate, "down", None)
        neighbour = services.move_workstream(climate, "up", None)
        assert (climate.number, neighbour.number, neighbour.slug) == (1, 2, "public-services")


def test_add_facilitator_twice_changes_and_records_nothing(app, site):
    with app.app_context():
        climate, pat = get_workstream("climate"), get_user(site.participant)
        assert services.add_facilitator(climate, pat) is True
        before = entries()
        assert services.add_facilitator(climate, pat) is False
        assert entries() == before


def test_remove_facilitator_refuses_someone_who_is_not_one(app, site):
    with app.app_context(), pytest.raises(Conflict):
        services.remove_facilitator(get_workstream("climate"), get_user(site.participant), None)


def test_the_last_admin_stays_whoever_asks(app, site):
    with app.app_context():
        ada = get_user(site.admin)
        with pytest.raises(Conflict, match=r"^You are the only admin"):
            services.change_role(ada, Role.PARTICIPANT, ada)
        with pytest.raises(Conflict, match=r"^Ada Admin is the only admin"):
            services.change_role(ada, Role.PARTICIPANT, None)
        assert ada.role == Role.ADMIN


def test_with_two_admins_one_may_go(app, site):
    with app.app_context():
        ada, pat = get_user(site.admin), get_user(site.participant)
        assert services.change_role(pat, Role.ADMIN, ada) is True
        assert services.change_role(ada, Role.PARTICIPANT, ada) is True
        with pytest.raises(Conflict):
            services.change_role(pat, Role.PARTICIPANT, pat)
        assert services.change_role(pat, Role.ADMIN, pat) is False


def settings(**values) -> dict:
    """Return every setting as "use the default", but those given."""
    names = [
        "name",
        "tagline",
        "dates_and_place",
        "intro",
        "timezone",
        "hold_first_guest",
        "hold_signed_in",
        "max_links",
        "max_depth",
        "threads_per_page",
    ]
    return {name: values.get(name) for name in names}


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"timezone": "Not/AZone"}, "timezone"),
        ({"max_links": 51}, "max_links"),
        ({"max_depth": 0}, "max_depth"),
        ({"threads_per_page": 201}, "threads_per_page"),
        ({"threads_per_page": "50"}, "threads_per_page"),
        ({"tagline": "x" * 201}, "tagline"),
    ],
)
def test_update_settings_refuses_bad_values(app, site, values, field):
    with app.test_request_context():
        with pytest.raises(InvalidInput) as raised:
            update_settings(None, settings(**values))
        assert raised.value.field == field


def test_update_settings_shows_at_once_and_bumps_the_version(app, site):
    with app.test_request_context():
        assert current_settings().max_depth == 5
        first = current_settings().version
        changed = update_settings(None, settings(max_depth=2, timezone="UTC", intro=" Hi "))
        assert changed == ["intro", "timezone", "max_depth"]
        now = current_settings()
        assert (now.max_depth, now.timezone, now.intro_html) == (2, "UTC", "<p>Hi</p>")
        assert now.version > first
        assert update_settings(None, settings(max_depth=2, timezone="utc", intro="Hi")) == []
        assert current_settings().version == now.version
        update_settings(None, settings())
        after = current_settings()
        assert (after.max_depth, after.intro_html) == (5, "")
        assert after.version > now.version
        assert after.intro == app.config["SITE_INTRO"]


def test_factories_still_make_workstreams_with_the_old_signature(app):
    with app.app_context():
        made = factories.workstream("Old style", 7, slug="old-style")
        assert (made.number, made.slug, made.is_open) == (7, "old-style", True)
