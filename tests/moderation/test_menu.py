"""The moderation menu on each comment of a discussion: the same decisions, in place."""

import re

from forum.extensions import db
from forum.models import Comment, CommentStatus
from tests import factories
from tests.moderation.conftest import comment, press, signed_in, status, text, undo_path, words


def menu_of(page: str, comment_id: int) -> str:
    """Return the moderation menu inside one comment of a discussion page, or ''."""
    article = page.split(f'id="comment-{comment_id}"')[1].split("</article>")[0]
    match = re.search(r"<details[^>]*data-moderation-menu>.*?</details>", article, re.S)
    return match.group(0) if match else ""


def test_the_facilitator_gets_a_menu_on_each_comment(client, world):
    page = text(signed_in(client, world.site.facilitator).get(world.site.prop_a_url))
    held = words(menu_of(page, world.held))
    assert held.startswith("Moderate the comment by Jo Smith")
    assert "Approve the comment by Jo Smith" in held
    assert "Mark as spam the comment by Jo Smith" in held
    assert "Remove the comment by Jo Smith with a reason" in held
    assert "Edit the comment by Jo Smith" in held
    assert "All comments by Jo Smith" in held
    published = words(menu_of(page, world.reported))
    assert "Approve" not in published and "Mark as spam" in published


def test_no_menu_for_participants_visitors_or_other_facilitators(app, client, world):
    assert "data-moderation-menu" not in text(client.get(world.site.prop_a_url))
    for who in (world.site.participant, world.site.other_facilitator):
        other = app.test_client()
        page = text(signed_in(other, who).get(world.site.prop_a_url))
        assert "data-moderation-menu" not in page


def test_a_menu_button_decides_and_comes_back_to_the_comment(app, client, world):
    signed_in(client, world.site.facilitator)
    page = text(client.get(world.site.prop_a_url))
    menu = menu_of(page, world.reported)
    assert f'name="next" value="{world.site.prop_a_url}#comment-{world.reported}"' in menu
    response = press(
        client,
        world.site.prop_a_url,
        f"/moderation/comments/{world.reported}/spam",
        {"next": f"{world.site.prop_a_url}#comment-{world.reported}"},
    )
    assert response.headers["Location"] == f"{world.site.prop_a_url}#comment-{world.reported}"
    assert status(app, world.reported) == CommentStatus.SPAM
    after = text(client.get(world.site.prop_a_url))
    assert "You marked as spam the comment by Pat Participant." in after
    # The notice's Undo comes back to the same page.
    response = press(
        client, world.site.prop_a_url, undo_path(after), {"next": world.site.prop_a_url}
    )
    assert response.headers["Location"] == world.site.prop_a_url
    assert status(app, world.reported) == CommentStatus.APPROVED


def test_removing_from_the_menu_asks_why_then_comes_back(app, client, world):
    signed_in(client, world.site.facilitator)
    back = f"{world.site.prop_a_url}#comment-{world.reported}"
    menu = menu_of(text(client.get(world.site.prop_a_url)), world.reported)
    link = re.search(r'href="(/moderation/comments/\d+/remove[^"]*)"', menu).group(1)
    form = client.get(link.replace("&amp;", "&"))
    assert form.status_code == 200
    assert 'href="' + back + '">Cancel</a>' in text(form)
    url = f"/moderation/comments/{world.reported}/remove"
    response = press(client, url, url, {"reason": "personal", "next": back})
    assert response.headers["Location"] == back
    removed = comment(app, world.reported)
    assert removed.moderation_reason == "Shares someone's personal information"


def test_a_removed_comment_can_be_restored_in_place(app, client, world):
    with app.app_context():
        factories._set_status(db.session.get(Comment, world.reported), CommentStatus.REMOVED)
        db.session.commit()
    signed_in(client, world.site.facilitator)
    menu = words(menu_of(text(client.get(world.site.prop_a_url)), world.reported))
    assert "Restore the comment by Pat Participant" in menu
    assert "Remove" not in menu
