"""Demo offices and one user per role. Every demo user has the password DEMO_PASSWORD."""

from __future__ import annotations

from xiezuo.accounts.models import Office, Side, User
from xiezuo.core.scoping import Role
from xiezuo.regions.models import Region

DEMO_PASSWORD = "xiezuo-demo-2026"

# (office name, region code or None, side)
OFFICES = [
    ("全国东西部协作工作专班（演示）", None, Side.NATIONAL),
    ("山东省东西部协作办公室", "370000", Side.DONOR),
    ("济南市东西部协作办公室", "370100", Side.DONOR),
    ("甘肃省乡村振兴局", "620000", Side.RECIPIENT),
    ("临夏州东西部协作办公室", "622900", Side.RECIPIENT),
    ("临夏市东西部协作工作组", "622901", Side.RECIPIENT),
    ("普格县对口帮扶工作组", "513428", Side.RECIPIENT),
]

# (username, full name, office name, role, may see personal data)
USERS = [
    ("national", "全国管理员", OFFICES[0][0], Role.NATIONAL_ADMIN, True),
    ("shandong_admin", "山东省管理员", OFFICES[1][0], Role.OFFICE_ADMIN, False),
    ("jinan_admin", "济南市管理员", OFFICES[2][0], Role.OFFICE_ADMIN, True),
    ("gansu_viewer", "甘肃省查看员", OFFICES[3][0], Role.VIEWER, False),
    ("gansu_approver", "甘肃省审核员", OFFICES[3][0], Role.REVIEWER, False),
    ("linxia_reviewer", "临夏州审核员", OFFICES[4][0], Role.REVIEWER, False),
    ("linxiashi_entry", "临夏市录入员", OFFICES[5][0], Role.DATA_ENTRY, False),
    ("puge_entry", "普格县录入员", OFFICES[6][0], Role.DATA_ENTRY, False),
]


def load() -> dict[str, User]:
    offices: dict[str, Office] = {}
    for name, code, side in OFFICES:
        region = Region.objects.get(code=code, valid_to__isnull=True) if code else None
        offices[name], _ = Office.objects.get_or_create(
            name=name, defaults={"region": region, "side": side})
    users: dict[str, User] = {}
    for username, full_name, office, role, personal in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, full_name=full_name, office=offices[office],
                        role=role, may_see_personal_data=personal,
                        is_staff=role == Role.NATIONAL_ADMIN,
                        is_superuser=role == Role.NATIONAL_ADMIN)
            user.set_password(DEMO_PASSWORD)
            user.save()
        users[username] = user
    return users
