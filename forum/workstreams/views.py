"""Public reading pages: the summit, workstreams, propositions, tags, permalinks."""

import math
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from forum.avatars import avatar_svg, parse_key
from forum.comments import drafts
from forum.comments import queries as comment_queries
from forum.comments.forms import CommentForm, GuestCommentForm
from forum.comments.services import comments_are_open, suspension_notice
from forum.comments.session import saved_guest_details, viewer_for
from forum.helpers import (
    CommentUrls,
    page_number,
    proposition_url,
    signed_in_user,
    summit_zone,
)
from forum.manage.queries import compare_texts, has_changes
from forum.models import MAX_ID, Proposition
from forum.settings import current_settings
from forum.workstreams import queries

bp = Blueprint("workstreams", __name__, url_prefix="")

HOME_PROPOSITIONS = 6
HOME_COMMENTS = 6
# ``?page=all`` shows a whole discussion on one page, up to this many public comments.
ALL_PAGES = "all"
ALL_ON_ONE_PAGE_MAX = 5000


@bp.get("/")
def home():
    """Show the summit: its workstreams, latest propositions and recent comments."""
    return render_template(
        "workstreams/home.html",
        workstreams=queries.all_workstreams(),
        proposition_counts=queries.public_proposition_counts(),
        propositions=queries.latest_propositions(HOME_PROPOSITIONS),
        comments=queries.recent_comments(HOME_COMMENTS),
    )


@bp.get("/accessibility")
def accessibility():
    """Show the accessibility statement: what we meet, how we test, how to report a problem."""
    return render_template("workstreams/accessibility.html")


@bp.get("/workstreams/<ws>/")
def show_workstream(ws: str):
    """Show one workstream and a page of its propositions."""
    workstream = queries.workstream_or_404(ws)
    page = queries.workstream_propositions(
        workstream, page_number(), current_app.config["PROPOSITIONS_PER_PAGE"]
    )
    return render_template("workstreams/workstream.html", workstream=workstream, page=page)


@bp.get("/workstreams/<ws>/<slug>/")
def show_proposition(ws: str, slug: str):
    """Show a proposition, a page of its discussion, and the reply form."""
    proposition = queries.public_proposition(ws, slug)
    if proposition is None:
        return _redirect_renamed(ws, slug)
    form = new_comment_form(proposition)
    return render_proposition_page(proposition, form)


@bp.get("/workstreams/<ws>/<slug>/revisions/")
def proposition_revisions(ws: str, slug: str):
    """List a proposition's earlier versions, each to compare with the current text."""
    proposition = queries.public_proposition(ws, slug)
    if proposition is None:
        return _redirect_renamed(ws, slug)
    revisions = queries.proposition_revisions(proposition)
    return render_template(
        "workstreams/revisions.html", proposition=proposition, revisions=revisions
    )


@bp.get(f"/workstreams/<ws>/<slug>/revisions/<int(max={MAX_ID}):revision_id>/")
def show_revision(ws: str, slug: str, revision_id: int):
    """Show what changed between an earlier version of a proposition and its current text."""
    proposition = queries.public_proposition(ws, slug)
    if proposition is None:
        return _redirect_renamed(ws, slug)
    revision = queries.revision_or_404(proposition, revision_id)
    lines = compare_texts(revision.body, proposition.body)
    return render_template(
        "workstreams/revision.html",
        proposition=proposition,
        revision=revision,
        lines=lines,
        changed=has_changes(lines),
    )


@bp.get("/tags/<tag>/")
def show_tag(tag: str):
    """List the propositions with a tag."""
    found = queries.tag_or_404(tag)
    page = queries.tagged_propositions(
        found, page_number(), current_app.config["PROPOSITIONS_PER_PAGE"]
    )
    return render_template("workstreams/tag.html", tag=found, page=page)


@bp.get("/search")
def search():
    """Find propositions by words in their title, text or tags."""
    words = " ".join(request.args.get("q", "").split())[:200]
    page = None
    if words:
        page = queries.search_propositions(
            words, page_number(), current_app.config["PROPOSITIONS_PER_PAGE"]
        )
    return render_template("workstreams/search.html", words=words, page=page)


@bp.get("/c/<int(max=2147483647):comment_id>")
def comment_permalink(comment_id: int):
    """Send a short comment link to the comment on the right page of its discussion."""
    comment = comment_queries.comment_with_proposition(comment_id)
    if comment is None or not comment.proposition.is_public():
        return _not_found()
    viewer = viewer_for(comment.proposition)
    if not comment_queries.is_visible(comment, viewer):
        return _not_found()
    return redirect(comment_url(comment, viewer), 302)


@bp.get("/avatars/<int(max=99):colour>/<letters>.svg")
def avatar(colour: int, letters: str):
    """Draw an initials avatar; the same URL always gives the same image."""
    parsed = parse_key(f"{colour}/{letters}")
    if parsed is None:
        return _not_found()
    response = Response(avatar_svg(*parsed), mimetype="image/svg+xml")
    response.cache_control.public = True
    response.cache_control.max_age = 365 * 24 * 3600
    response.cache_control.immutable = True
    return response


def new_comment_form(proposition: Proposition) -> CommentForm:
    """Build an empty comment form, filled with a returning guest's saved details."""
    max_chars = current_app.config["COMMENTS_MAX_CHARS"]
    if current_user.is_authenticated:
        form = CommentForm(formdata=None, max_chars=max_chars)
    else:
        saved = saved_guest_details()
        form = GuestCommentForm(formdata=None, max_chars=max_chars, remember=bool(saved), **saved)
    reply_to = request.args.get("reply_to", "")
    if reply_to.isdigit() and int(reply_to) <= MAX_ID:
        form.parent_id.data = reply_to
    draft = drafts.draft_for(proposition) if drafts.has_draft() else None
    if draft is not None:
        _fill_from_draft(form, draft)
    return form


def _fill_from_draft(form: CommentForm, draft) -> None:
    """Put back what someone had typed before they left to sign in."""
    form.body.data = draft.body
    if draft.parent_id:
        form.parent_id.data = str(draft.parent_id)
    if isinstance(form, GuestCommentForm):
        for field, column in drafts.FIELDS.items():
            if getattr(draft, column):
                getattr(form, field).data = getattr(draft, column)


def render_proposition_page(
    proposition: Proposition, form: CommentForm, status: int = 200, preview_html: str = ""
):
    """Render the proposition page with a comment form: fresh, showing errors or a preview.

    ``preview_html`` must come from forum/markup (through the comment services).
    """
    thread = _discussion(proposition)
    page = _page_argument(thread)
    reply_to = comment_queries.reply_target(proposition, form.parent) if form.parent else None
    if reply_to is None:
        # A reply whose target is gone can still be sent, as a new comment.
        form.parent_id.data = ""
    body = render_template(
        "workstreams/proposition.html",
        proposition=proposition,
        thread=thread,
        page=thread.pagination.page if thread.pagination else 1,
        page_argument=page,
        discussion_links=_discussion_links(proposition, thread),
        comment_urls=CommentUrls(proposition, page),
        thread_pages=_thread_pages(thread),
        zone=summit_zone(),
        form=form,
        reply_to=reply_to,
        comments_open=comments_are_open(proposition),
        preview_html=preview_html,
        suspension=_suspension(),
        facilitator_ids={user.id for user in proposition.workstream.facilitators},
    )
    return body, status


def _discussion(proposition: Proposition) -> comment_queries.ThreadPage:
    """Load the page of the discussion asked for (``?page=N``), or all of it (``?page=all``)."""
    viewer = viewer_for(proposition)
    newest_first = current_app.config["COMMENTS_NEWEST_FIRST"]
    if _all_on_one_page(proposition):
        return comment_queries.whole_discussion(proposition, viewer, newest_first)
    per_page = current_settings().threads_per_page
    return comment_queries.thread_page(proposition, viewer, page_number(), per_page, newest_first)


def _all_on_one_page(proposition: Proposition) -> bool:
    """Whether to show the whole discussion on one page: asked for, and not too long.

    A discussion of more than ``ALL_ON_ONE_PAGE_MAX`` public comments is not offered on
    one page, and ``?page=all`` then shows its first page, as any other odd page does.
    """
    return (
        request.args.get("page") == ALL_PAGES and proposition.comment_count <= ALL_ON_ONE_PAGE_MAX
    )


def _page_argument(thread: comment_queries.ThreadPage) -> int | str | None:
    """Return the ``page`` argument that leads back to what is shown: None for page 1."""
    if thread.pagination is None:
        return ALL_PAGES
    return thread.pagination.page if thread.pagination.page > 1 else None


def _discussion_links(proposition: Proposition, thread: comment_queries.ThreadPage) -> dict:
    """Return the links between a discussion's pages and all of it on one page, or None.

    ``all`` from a page, ``paged`` back from all of it: only when the discussion has
    more than one page.
    """
    if thread.pagination is None:
        pages = math.ceil(len(thread.threads) / current_settings().threads_per_page)
        paged = proposition_url(proposition) + "#comments" if pages > 1 else None
        return {"all": None, "paged": paged}
    offered = thread.pagination.pages > 1 and proposition.comment_count <= ALL_ON_ONE_PAGE_MAX
    every = proposition_url(proposition, page=ALL_PAGES) + "#comments" if offered else None
    return {"all": every, "paged": None}


def _thread_pages(thread: comment_queries.ThreadPage) -> dict[int, int]:
    """On the whole discussion, return the page each thread is on, by its id; else nothing.

    A facilitator's decision comes back to the comment on its own page, as a permalink does.
    """
    if thread.pagination is not None:
        return {}
    per_page = current_settings().threads_per_page
    return {node.comment.id: n // per_page + 1 for n, node in enumerate(thread.threads)}


def _suspension() -> str | None:
    """Why the signed-in reader can't comment, if they are suspended."""
    user = signed_in_user()
    return suspension_notice(user) if user is not None and user.is_suspended() else None


def comment_url(comment, viewer) -> str:
    """Return the permalink of a comment: its proposition's page that shows it, and its anchor."""
    config = current_app.config
    page = comment_queries.page_of_comment(
        comment, viewer, current_settings().threads_per_page, config["COMMENTS_NEWEST_FIRST"]
    )
    url = proposition_url(comment.proposition, page=page if page > 1 else None)
    return f"{url}#comment-{comment.id}"


def _not_found():
    """Answer with the friendly 404 page."""
    abort(404)


def _redirect_renamed(ws: str, slug: str):
    """Send an old address of a renamed proposition to its current one, or answer 404.

    The query string (``?page=2``) goes along; the #comment-… fragment stays with the
    browser, which keeps it across the redirect.
    """
    proposition = queries.renamed_proposition(ws, slug)
    if proposition is None:
        abort(404)
    args = {**(request.view_args or {}), "ws": proposition.workstream.slug}
    url = url_for(request.endpoint, **{**args, "slug": proposition.slug})
    if request.args:
        url = f"{url}?{urlencode(list(request.args.items(multi=True)))}"
    response = redirect(url, 301)
    # A slug can be renamed back later; browsers must not keep a 301 that would then loop.
    response.cache_control.no_cache = True
    return response
