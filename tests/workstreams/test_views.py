"""The public reading pages, as a visitor sees them."""


def test_home_shows_the_summit(client, site):
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Summit Forum" in page
    assert "Public services" in page and "Climate" in page
    assert "Fiona Facilitator" in page
    assert "Open every library on Sundays" in page
