"""The kind of each normalised lead, which the store keeps as an entity's kind."""
import pytest

from normalise.leads import lead_kind


@pytest.mark.parametrize("lead, kind", [
    ("Avon and Somerset Constabulary", "organisation"), ("Cumbria County Council", "organisation"),
    ("Police", "organisation"), ("CCG", "organisation"), ("Community Safety Partnership", "organisation"),
    ("LSCB Chair", "role"), ("Head of Service", "role"), ("Partnership manager", "role"),
    ("Designated Nurse for Safeguarding Children", "role"),
    ("Tendai Dooley", "person"), ("Priya Raman", "person"),
    ("Hampshire Fire and Rescue Service", "organisation"), ("Healthwatch Hertfordshire", "organisation"),
    ("NHS England", "organisation"), ("West Yorkshire Police", "organisation"),
    ("Child Protection Chairs Service Manager", "role"), ("Designated Nurse, Wakefield CCG", "role"),
    ("J. Smith", "person"), ("Sarah Kent", "person"), ("Tom Bradley", "person"),
])
def test_lead_kind(lead, kind):
    assert lead_kind(lead) == kind


def test_names_from_the_plans_key_are_people():
    assert lead_kind("Zed Quorn", {"ZQ": "Zed Quorn"}) == "person"
