"""The edit window and the number of reports that hide a comment are the summit's settings.

They come from forum/settings.py (``edit_minutes``, ``report_threshold``), which falls
back to COMMENTS_EDIT_MINUTES and COMMENTS_REPORT_THRESHOLD in the configuration.
"""

from forum.models import Comment, CommentStatus
from tests.conftest import sign_in
from tests.contributions.support import (
    add_comment,
    backdate_comment,
    load,
    make_user,
    text,
    words,
)
from tests.contributions.test_edit import edit, edit_url
from tests.contributions.test_reports import report


def test_a_shorter_edit_window_is_stated_and_kept(app, client, site):
    app.config["COMMENTS_EDIT_MINUTES"] = 5
    mine = add_comment(app, site.prop_a_id, "Quick words.", user=site.participant)
    backdate_comment(app, mine, 6)
    sign_in(client, site.participant)
    assert f"/comments/{mine}/edit" not in text(client.get(site.prop_a_url))
    page = client.get(edit_url(mine))
    assert page.status_code == 403
    assert "You can only edit a comment in the first 5 minutes." in words(page)


def test_a_longer_edit_window_lets_authors_edit_later(app, client, site):
    app.config["COMMENTS_EDIT_MINUTES"] = 60
    mine = add_comment(app, site.prop_a_id, "Slow words.", user=site.participant)
    backdate_comment(app, mine, 45)
    sign_in(client, site.participant)
    assert edit(client, mine, "Slow words, changed.").status_code == 303
    assert load(app, Comment, mine).body == "Slow words, changed."


def test_the_number_of_reports_that_hide_a_comment_is_a_setting(app, site):
    app.config["COMMENTS_REPORT_THRESHOLD"] = 1
    target = add_comment(app, site.prop_a_id, "Reported once.")
    make_user(app, "reader@example.org", "Rea Der")
    client = app.test_client()
    sign_in(client, "reader@example.org")
    report(client, target)
    assert load(app, Comment, target).status == CommentStatus.HIDDEN
