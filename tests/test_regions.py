import holidays

from telcocollect.regions import PROVINCE_TO_COMMUNITY, community_of_province


def test_every_province_has_a_community() -> None:
    assert len({code for code in PROVINCE_TO_COMMUNITY if code != "ML"}) == 52


def test_communities_are_holidays_subdivisions() -> None:
    for community in set(PROVINCE_TO_COMMUNITY.values()):
        assert community in holidays.Spain.subdivisions, community


def test_province_lookup() -> None:
    assert community_of_province("bi") == "PV"
    assert community_of_province(" M ") == "MD"
    assert community_of_province("XX") is None
    assert community_of_province(None) is None
