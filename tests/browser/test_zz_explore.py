import pytest

from tests.browser import support

PAGES = [
    "/",
    "/workstreams/digital-public-services/",
    "/workstreams/digital-public-services/every-service-without-the-internet/",
    "/workstreams/getting-around/village-bus-loops/",
    "/tags/transport/",
    "/login",
    "/register",
    "/accessibility",
    "/nope",
    "/workstreams/homes-and-neighbourhoods/tenants-repairs-charter/",
    "/c/5",
]


@pytest.mark.parametrize("js", [True, False])
def test_explore(site, js):
    out = []
    for w in (1280, 320):
        page = site.new_page(javascript=js, width=w)
        for url in PAGES:
            page.goto(url)
            try:
                site.assert_accessible(page, url)
            except AssertionError as e:
                out.append(str(e))
            f = page.evaluate(support.OVERFLOWING)
            if f["scrollWidth"] > f["clientWidth"]:
                out.append(f"OVERFLOW {w} {url} {f}")
    print("\n".join(out))
    assert not out
