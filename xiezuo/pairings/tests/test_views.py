"""Pages of the pairings app, seen by named personas.

linxiashi_entry: data entry in 临夏市 (a recipient county office)
puge_entry:      data entry in 普格县 (another recipient county, another province)
jinan_admin:     office admin of 济南市 (a donor city)
gansu_viewer:    viewer in 甘肃省
national:        national admin
"""

import pytest
from django.urls import reverse

from xiezuo.pairings.models import Pairing

pytestmark = pytest.mark.django_db


def test_it_requires_login(client, demo) -> None:
    r = client.get(reverse("pairings:list"))
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_a_county_user_sees_only_its_own_pairings(login, demo) -> None:
    client = login("linxiashi_entry")
    r = client.get(reverse("pairings:list"))
    assert r.status_code == 200
    shown = set(r.context["page"].object_list)
    p = demo["pairings"]
    assert shown == {p["szq-lxs"]}
    assert "普格县" not in r.content.decode()


def test_a_county_user_cannot_open_another_countys_pairing(login, demo) -> None:
    client = login("linxiashi_entry")
    puge = demo["pairings"]["lmt-pg"]
    assert client.get(reverse("pairings:detail", args=[puge.pk])).status_code == 404
    assert client.get(reverse("pairings:edit", args=[puge.pk])).status_code == 404
    r = client.post(reverse("pairings:edit", args=[puge.pk]), {"notes": "x"})
    assert r.status_code == 404
    puge.refresh_from_db()
    assert puge.notes == ""


def test_puge_cannot_see_linxia(login, demo) -> None:
    client = login("puge_entry")
    linxia = demo["pairings"]["szq-lxs"]
    assert client.get(reverse("pairings:detail", args=[linxia.pk])).status_code == 404
    data = client.get(reverse("pairings:map_data")).json()
    assert {line["recipient"] for line in data["lines"]} == {"普格县"}


def test_a_donor_city_sees_its_own_pairings_only(login, demo) -> None:
    client = login("jinan_admin")
    r = client.get(reverse("pairings:list"))
    shown = {(x.donor.code, x.recipient.code) for x in r.context["page"].object_list}
    assert shown == {("370100", "433100"), ("370100", "622900"),
                     ("370114", "622927"), ("370103", "622901")}


def test_a_viewer_may_read_but_not_edit(login, demo) -> None:
    client = login("gansu_viewer")
    p = demo["pairings"]["jn-lx"]
    assert client.get(reverse("pairings:detail", args=[p.pk])).status_code == 200
    assert client.get(reverse("pairings:edit", args=[p.pk])).status_code == 403
    assert client.get(reverse("pairings:create")).status_code == 403


def test_list_filters(login, demo) -> None:
    client = login("national")
    url = reverse("pairings:list")
    kinds = {p.kind for p in client.get(url, {"kind": "provincial"}).context["page"]}
    assert kinds == {"provincial"}
    active = client.get(url, {"active_on": "2019-06-01"}).context["page"].object_list
    assert demo["pairings"]["jn-xx"] in active and demo["pairings"]["jn-lx"] not in active
    sichuan = client.get(url, {"recipient_province": _pk("510000")}).context["page"].object_list
    assert {p.recipient.code[:2] for p in sichuan} == {"51"}
    shandong = client.get(url, {"donor_province": _pk("370000")}).context["page"].object_list
    assert len(shandong) == 6
    by_text = client.get(url, {"q": "臨夏"}).context["page"].object_list  # traditional
    assert {p.recipient.code for p in by_text} == {"622900", "622901"}


def _pk(code: str) -> int:
    from xiezuo.regions.models import Region

    return Region.objects.get(code=code).pk


def test_list_query_count_is_flat(login, demo, django_assert_max_num_queries) -> None:
    client = login("national")
    client.get(reverse("pairings:list"))  # warm caches (content types, session)
    with django_assert_max_num_queries(8):
        r = client.get(reverse("pairings:list"))
    assert len(r.context["page"].object_list) == len(demo["pairings"])


def test_create_with_bad_input_shows_errors_and_saves_nothing(login, demo) -> None:
    client = login("jinan_admin")
    before = Pairing.objects.count()
    r = client.post(reverse("pairings:create"), {
        "donor": "济南市", "recipient": "999999", "kind": "east_west",
        "start_date": "2024-02-30",
    })
    assert r.status_code == 200
    errors = r.context["form"].errors
    assert "999999" in errors["recipient"][0]
    assert "start_date" in errors
    r = client.post(reverse("pairings:create"), {
        "donor": "济南市", "recipient": "市中区", "kind": "east_west", "start_date": "2024-01-01",
    })
    assert "对应多个行政区划" in r.context["form"].errors["recipient"][0]
    r = client.post(reverse("pairings:create"), {
        "donor": "济南市", "recipient": "临夏州", "kind": "east_west",
        "start_date": "2022-01-01",
    })
    assert "时间重叠" in r.context["form"].errors["start_date"][0]
    assert Pairing.objects.count() == before


def test_create_outside_scope_is_refused(login, demo) -> None:
    client = login("jinan_admin")
    r = client.post(reverse("pairings:create"), {
        "donor": "泸州市", "recipient": "凉山州", "kind": "east_west", "start_date": "2030-01-01",
    })
    assert "数据范围" in str(r.context["form"].non_field_errors())
    assert not Pairing.objects.filter(start_date="2030-01-01").exists()


def test_create_and_edit_are_audited(login, demo) -> None:
    client = login("jinan_admin")
    r = client.post(reverse("pairings:create"), {
        "donor": "370112", "recipient": "积石山县",
        "kind": "support", "start_date": "2024-03-01", "notes": "试点",
    })
    assert r.status_code == 302, r.context["form"].errors
    p = Pairing.objects.get(kind="support", start_date="2024-03-01")
    assert p.level == "county" and p.donor.code == "370112"
    r = client.post(reverse("pairings:edit", args=[p.pk]), {
        "donor": "370112 历城区", "recipient": "622927", "kind": "support",
        "start_date": "2024-03-01", "end_date": "2025-12-31", "notes": "试点结束",
    })
    assert r.status_code == 302
    entries = list(p.history)
    assert [e.action for e in entries] == ["update", "create"]
    assert entries[0].actor_label == "jinan_admin"
    assert entries[0].changes["end_date"] == [None, "2025-12-31"]
    assert entries[0].changes["notes"] == ["试点", "试点结束"]
    page = client.get(reverse("pairings:detail", args=[p.pk]), {"tab": "log"}).content.decode()
    assert "试点结束" in page


def test_detail_shows_history_and_children(login, demo) -> None:
    client = login("national")
    jn_lx = demo["pairings"]["jn-lx"]
    r = client.get(reverse("pairings:detail", args=[jn_lx.pk]))
    assert set(r.context["children"]) == {demo["pairings"]["zq-jss"], demo["pairings"]["szq-lxs"]}
    r = client.get(reverse("pairings:detail", args=[jn_lx.pk]), {"tab": "history"})
    assert demo["pairings"]["jn-xx"] in r.context["donor_history"]


def test_map_data_filters_by_year(login, demo) -> None:
    client = login("national")
    data = client.get(reverse("pairings:map_data"), {"year": "2019"}).json()
    pairs = {(line["donor"], line["recipient"]) for line in data["lines"]}
    assert ("济南市", "湘西土家族苗族自治州") in pairs
    assert ("济南市", "临夏回族自治州") not in pairs
    assert all(len(line["coords"]) == 2 for line in data["lines"])


def test_unknown_pages_get_a_proper_404(login, demo) -> None:
    client = login("national")
    r = client.get("/no/such/page/")
    assert r.status_code == 404 and "页面不存在" in r.content.decode()
    r = client.get(reverse("pairings:detail", args=[999999]))
    assert r.status_code == 404
