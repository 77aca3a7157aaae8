from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiezuo.ledgers.declare import Column, Ledger, Number, Section, pairing_column, region_column
from xiezuo.ledgers.inlines import child_count
from xiezuo.people import figures
from xiezuo.people.filters import CadreFilter, TeamFilter, TrainingFilter
from xiezuo.people.forms import CadreForm, TeamForm, TrainingForm
from xiezuo.people.models import Cadre, Direction, Team, Training, course_days

GROUP = _("干部人才")
COUNT = Number("count")


class CadreLedger(Ledger):
    #: a complete row as an office in 临夏市 writes it: the template's example row, and
    #: what the checks every ledger passes enter by the form, a sheet and the API
    import_example = {
        "name": "张伟",
        "type": "党政挂职",
        "region": "临夏市",
        "home_unit": "济南市市中区发展和改革局",
        "host_unit": "临夏市发展和改革局",
        "post": "副局长",
        "start_date": "2024年3月1日",
    }
    model = Cadre
    form = CadreForm
    filterset = CadreFilter
    namespace = "people:cadres"
    nav_order = 10
    group_label = GROUP
    select_related = ("pairing__donor", "pairing__recipient", "region", "team")
    ordering = ("-start_date", "name", "id")
    natural_key = ("name", "home_unit", "start_date")
    dated_figures = True  # in post today
    columns = [
        Column("name", link=True),
        Column("direction"),
        Column("type"),
        region_column(_("任职地区")),
        Column("home_unit"),
        Column("host_unit"),
        Column("post"),
        Column("start_date"),
        Column("end_date"),
        Column("team", render=lambda o: o.team or "", fetch=("team__name",)),
        Column("id_number", in_list=False),
        Column("phone", in_list=False),
        pairing_column(),
        Column("notes", in_list=False),
    ]
    sections = [
        Section(_("人员"), ["name", "id_number", "phone", "direction", "type"]),
        Section(_("派出与任职"), ["pairing", "region", "home_unit", "host_unit", "post", "team",
                                  "start_date", "end_date", "notes"]),
    ]

    @classmethod
    def can_bulk_insert(cls, obj: Any) -> bool:
        """Imported rows are saved one by one: each is checked against those before it
        (a person dispatched twice at once)."""
        return False

    @classmethod
    def summary(cls, qs: Any) -> list[tuple[Any, Any, Any]]:
        today = timezone.localdate()
        return [
            (_("派出人数"), qs.count(), COUNT),
            (_("其中东→西"), qs.filter(direction=Direction.EAST_WEST).count(), COUNT),
            (_("今天在岗"), figures.headcount(qs, today), COUNT),
            (_("累计人月"), figures.person_months(qs, today=today), COUNT),
        ]


class TeamLedger(Ledger):
    #: a complete row as an office in 临夏市 writes it: the template's example row, and
    #: what the checks every ledger passes enter by the form, a sheet and the API
    import_example = {
        "name": "市中区教育组团式帮扶团队",
        "kind": "教育组团式",
        "region": "临夏市",
        "host_unit": "临夏市第一中学",
        "start_date": "2024年3月1日",
    }
    model = Team
    form = TeamForm
    filterset = TeamFilter
    namespace = "people:teams"
    nav_label = _("组团式团队")
    nav_order = 20
    group_label = GROUP
    ordering = ("-start_date", "name", "id")
    natural_key = ("name", "start_date")
    detail_template = "people/team_detail.html"
    columns = [
        Column("name", link=True),
        Column("kind"),
        Column("host_unit"),
        region_column(),
        Column("start_date"),
        Column("end_date"),
        Number("member_count", _("成员人数"), aggregate=None, fetch=("member_count",)),
        pairing_column(),
        Column("notes", in_list=False),
    ]

    @classmethod
    def queryset(cls) -> Any:
        return super().queryset().annotate(member_count=child_count(Cadre, "team"))

    @classmethod
    def totals(cls, qs: Any) -> dict[str, Any]:
        return {"member_count": Cadre.objects.filter(team__in=qs.values("pk")).count()}

    @classmethod
    def detail_context(cls, request: Any, obj: Any) -> dict[str, Any]:
        members: list[Cadre] = list(Cadre.objects.visible_to(request.user).filter(team=obj)
                       .order_by("home_unit", "name"))
        return {"members": members,
                "home_units": sorted({m.home_unit for m in members})}


class TrainingLedger(Ledger):
    #: a complete row as an office in 临夏市 writes it: the template's example row, and
    #: what the checks every ledger passes enter by the form, a sheet and the API
    import_example = {
        "topic": "乡村振兴干部培训班",
        "target_group": "党政干部",
        "region": "临夏市",
        "start_date": "2024年5月6日",
        "end_date": "2024年5月10日",
        "place": "济南市",
        "organiser": "双方联合",
        "participants": "45",
        "participants_poverty": "0",
    }
    model = Training
    form = TrainingForm
    filterset = TrainingFilter
    namespace = "people:trainings"
    nav_order = 30
    group_label = GROUP
    ordering = ("-start_date", "topic", "id")
    natural_key = ("topic", "region", "start_date")
    columns = [
        Column("topic", link=True),
        Column("target_group"),
        Column("start_date"),
        Column("end_date"),
        Number("days", _("天数"), total=False, fetch=("start_date", "end_date"),
               combine=course_days),
        Column("place"),
        Column("organiser"),
        region_column(),
        Number("participants"),
        Number("participants_poverty"),
        pairing_column(in_list=False),
        Column("notes", in_list=False),
    ]
