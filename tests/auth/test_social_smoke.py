import pytest

from tests.auth.social import social_config, via_oidc, via_standin
from tests.conftest import person_in_header


@pytest.fixture
def app_config(standin_server, oidc_provider):
    return social_config(standin_server, oidc_provider)


def test_smoke_oidc(client, site):
    response = via_oidc(client)
    assert response.status_code == 303, response.get_data(as_text=True)
    page = client.get("/").get_data(as_text=True)
    assert person_in_header(page) == "Alice Tester"


@pytest.mark.parametrize("provider", ["github", "facebook", "x", "wordpress", "fakeid"])
def test_smoke_standin(client, site, standin, provider):
    response = via_standin(client, standin, provider)
    assert response.status_code == 303, response.get_data(as_text=True)
    page = client.get("/").get_data(as_text=True)
    assert person_in_header(page), page[:3000]
