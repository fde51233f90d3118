"""The API's permission point: a method an endpoint does not offer is a 405 to every role, never a 403
that would say it exists for someone else."""

from __future__ import annotations

import pytest
from tests.bases import api_client, assert_problem
from tests.factories import EngagementFactory

from omvarld.accounts.models import Role

ROLES = [(Role.READER, None), (Role.OFFICER, "MHN"), (Role.COORDINATOR, None), (Role.ADMINISTRATOR, None)]


@pytest.mark.parametrize(("role", "unit"), ROLES)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_method_an_endpoint_does_not_offer_is_a_405_whatever_the_role(
    units, make_user, role, unit, method
) -> None:
    engagement = EngagementFactory(unit=units["MHN"])
    client = api_client(make_user(role, unit))
    collection = "/api/engagements/"
    one = f"/api/engagements/{engagement.pk}/"
    for url in (one,) if method != "post" else (collection,):
        body = assert_problem(getattr(client, method)(url, {}, format="json"), 405)
        assert body["status"] == 405


@pytest.mark.parametrize(("role", "unit"), [(Role.READER, None), (Role.OFFICER, "MHN")])
def test_a_method_an_endpoint_offers_is_still_refused_to_a_role_without_the_right(
    units, make_user, role, unit
):
    # The reader may not delete a counterpart; an officer may not either (only coordinators and
    # administrators): the endpoint offers DELETE, so this is a matter of permission.
    from omvarld.organisation.models import Counterpart

    counterpart = Counterpart.objects.create(name="Eurocities", type="network", country="BE")
    response = api_client(make_user(role, unit)).delete(f"/api/counterparts/{counterpart.pk}/")
    assert_problem(response, 403)
    assert Counterpart.objects.filter(pk=counterpart.pk).exists()
