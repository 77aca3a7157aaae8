"""Export a list, import the file back: nothing changes. Then change a cell: one update.

linxiashi_entry: data entry of 临夏市, changes its own projects (the donor side reads them)
"""

import io

import pytest
from django.urls import reverse

from xiezuo.projects import demo as projects_demo
from xiezuo.projects.models import Project
from xiezuo.transfer.models import Status
from xiezuo.transfer.tests.conftest import commit

pytestmark = pytest.mark.django_db
KEY = "projects.project"


@pytest.fixture
def projects(demo):
    return projects_demo.load()


def _exported(client, fmt: str, query: str = "") -> bytes:
    r = client.get(reverse("projects:export", args=[fmt]) + query)
    assert r.status_code == 200
    return b"".join(r.streaming_content)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_exported_list_imports_back_unchanged(login, projects, upload, tmp_path, fmt) -> None:
    client = login("national")
    path = tmp_path / f"projects.{fmt}"
    path.write_bytes(_exported(client, fmt, "?year=2021"))
    before = list(Project.objects.order_by("id").values())
    job = upload(client, KEY, path)
    expected = Project.objects.filter(year=2021).count()
    assert (job.status, job.unchanged, job.new, job.changed, job.invalid) == (
        Status.PREVIEW, expected, 0, 0, 0), (job.errors[:3], job.preview[:3])
    assert list(Project.objects.order_by("id").values()) == before


def test_a_changed_cell_updates_only_that_record(login, projects, upload, tmp_path) -> None:
    import csv

    client = login("linxiashi_entry")  # the donor office (jinan_admin) only reads them
    text = _exported(client, "csv", "?year=2022").decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    header, first = table[0], table[1]
    jobs_at = header.index("带动就业（人）")
    target = Project.objects.get(year=2022, name=first[header.index("项目名称")],
                                 region__short_name=first[header.index("所在县")])
    first[jobs_at] = str(target.jobs_created + 7)
    out = io.StringIO()
    csv.writer(out).writerows(table)
    path = tmp_path / "edited.csv"
    path.write_text(out.getvalue(), encoding="gb18030")  # as Excel in China saves it
    job = upload(client, KEY, path)
    assert (job.changed, job.new, job.invalid) == (1, 0, 0), job.errors[:3]
    assert job.preview[0]["changes"] == {
        "带动就业（人）": [target.jobs_created, target.jobs_created + 7]}
    untouched = target.township
    commit(client, job)
    target.refresh_from_db()
    assert target.jobs_created == int(first[jobs_at]) and target.township == untouched
    again = upload(client, KEY, path)
    assert (again.changed, again.new, again.invalid) == (0, 0, 0)
