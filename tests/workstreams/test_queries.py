"""The proposition page runs the same number of SQL queries whatever the thread's size."""

from tests.conftest import count_queries, sign_in
from tests.workstreams.support import add_thread


def queries_for_page(app, client, url: str) -> int:
    """Load a page and return how many SQL statements it ran."""
    with count_queries(app) as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


def test_proposition_page_query_count_does_not_grow_with_comments(app, client, site):
    app.config["COMMENTS_THREADS_PER_PAGE"] = 1000
    add_thread(app, site.prop_a_id, 5)
    add_thread(app, site.prop_b_id, 500)
    small = queries_for_page(app, client, site.prop_a_url)
    large = queries_for_page(app, client, site.prop_b_url)
    assert small == large
    # The summit's settings; the proposition with workstream and author, facilitators,
    # tags; then the thread page: a count of threads, a page of threads, their comments.
    assert large == 7


def test_query_count_is_the_same_for_a_signed_in_moderator(app, client, site):
    add_thread(app, site.prop_a_id, 5)
    add_thread(app, site.prop_b_id, 200)
    sign_in(client, site.admin)
    assert queries_for_page(app, client, site.prop_a_url) == queries_for_page(
        app, client, site.prop_b_url
    )


def test_home_and_list_pages_do_not_query_per_item(app, client, site):
    add_thread(app, site.prop_a_id, 5)
    before = queries_for_page(app, client, "/")
    add_thread(app, site.prop_b_id, 50)
    assert queries_for_page(app, client, "/") == before
    assert queries_for_page(app, client, "/tags/libraries/") == queries_for_page(
        app, client, "/tags/climate/"
    )
