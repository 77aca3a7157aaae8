"""The generated bad-input corpus: 200+ files made deterministically (seeded) at test time,
each with the message its upload must answer with.

    generate(folder) -> list[Case]

Kinds of file: CSV in six encodings (UTF-8, UTF-8 with BOM, GB18030, Big5, UTF-16, Latin-1)
each with a dozen kinds of bad content; Excel workbooks with the same bad content; Excel
files cut short at different lengths; random bytes under Excel, CSV and other names; and
news reports (.txt) of random bytes and mixed encodings for the report reader. Every file
carries at least one defect, so no upload of it may write a row.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter

HEADER = ["日期", "资金年度", "资金环节", "资金来源", "金额（万元）", "所在地区", "文号/凭证号"]
GOOD = ["2024年3月23日", "2024", "拨付", "财政援助资金", "150", "临夏市", "财拨〔2024〕1号"]

#: (name, rows, the message the import answers with: a refusal, or a cell's error)
CONTENTS: list[tuple[str, list[list[str]], str]] = [
    ("bad_date", [HEADER, [*GOOD[:0], "2024年13月45日", *GOOD[1:]]], "日期"),
    ("bad_amount", [HEADER, [*GOOD[:4], "一百五十多", *GOOD[5:]]], "约数"),
    ("negative_amount", [HEADER, [*GOOD[:4], "-150", *GOOD[5:]]], "不能为负数"),
    ("unknown_region", [HEADER, [*GOOD[:5], "不存在县", *GOOD[6:]]], "不存在县"),
    ("foreign_region", [HEADER, [*GOOD[:5], "普格县", *GOOD[6:]]], "普格县"),
    ("year_out_of_range", [HEADER, [GOOD[0], "1066", *GOOD[2:]]], "1066"),
    ("unknown_type", [HEADER, [*GOOD[:2], "挪用", *GOOD[3:]]], "挪用"),
    ("missing_amount", [HEADER, [*GOOD[:4], "", *GOOD[5:]]], "金额"),
    ("missing_column", [HEADER[:4] + HEADER[5:], GOOD[:4] + GOOD[5:]], "缺少必填的列"),
    ("wrong_headers", [["时间", "类别", "钱", "地方"], ["2024-03-23", "拨付", "150", "临夏市"]],
     "找不到表头"),
    ("header_only", [HEADER], "没有数据"),
    ("duplicate_rows", [HEADER, GOOD, GOOD, [*GOOD[:5], "火星", *GOOD[6:]]], "火星"),
]
ENCODINGS = {"utf8": "utf-8", "bom": "utf-8-sig", "gbk": "gb18030", "big5": "big5",
             "utf16": "utf-16", "latin1": "latin-1"}


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # "import" (a fund movement file) or "report" (the news reader)
    expect: str  # a substring of the answer: the refusal, a cell's error, or the reader's
    path: Path


def _csv_bytes(rows: list[list[str]], encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


def _xlsx(path: Path, rows: list[list[Any]]) -> None:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("资金流水")
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value not in (None, ""):
                sheet.write_string(i, j, str(value))
    book.close()


def _csv_expect(encoding: str, content_expect: str, name: str) -> str:
    if encoding == "utf-16":
        return "不是文本格式"
    if encoding in ("big5", "latin-1") and name != "header_only":
        # Big5 and Latin-1 bytes read as GB18030 are other characters: the header is lost
        return "找不到表头"
    if encoding in ("big5", "latin-1"):
        return "找不到表头"
    return content_expect


def generate(folder: Path) -> list[Case]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20261123)
    cases: list[Case] = []

    def add(name: str, kind: str, expect: str, data: bytes | None = None) -> Path:
        path = folder / name
        if data is not None:
            path.write_bytes(data)
        cases.append(Case(name, kind, expect, path))
        return path

    for content, rows, expect in CONTENTS:  # 12 × 6 CSV files
        for short, encoding in ENCODINGS.items():
            add(f"{content}.{short}.csv", "import", _csv_expect(encoding, expect, content),
                _csv_bytes(rows, encoding))
    for content, rows, expect in CONTENTS:  # 12 workbooks, and the same a row lower
        _xlsx(add(f"{content}.xlsx", "import", expect), rows)
        if content not in ("wrong_headers", "header_only"):  # the header found a row lower
            _xlsx(add(f"{content}.offset.xlsx", "import", expect), [[], *rows])
    _xlsx(folder / "_whole.xlsx", [HEADER, GOOD])
    whole = (folder / "_whole.xlsx").read_bytes()
    (folder / "_whole.xlsx").unlink()
    for n, cut in enumerate(sorted(rng.sample(range(30, len(whole) - 30), 20))):  # 20 cut short
        add(f"truncated_{n:02d}.xlsx", "import", "已损坏", whole[:cut])
    for n in range(48):  # random bytes under eight names
        ext = ["xlsx", "csv", "xls", "xlsm", "txt", "pdf", "xlsx", "csv"][n % 8]
        size = rng.choice([1, 7, 64, 513, 4096])
        data = bytes(rng.randrange(256) for _ in range(size))
        expect = {"xlsx": "不是 Excel 文件", "xls": "另存为 .xlsx", "xlsm": "不支持",
                  "txt": "不支持", "pdf": "不支持", "csv": _random_csv(data)}[ext]
        add(f"random_{n:02d}.{ext}", "import", expect, data)
    add("empty.xlsx", "import", "空文件", b"")
    add("empty.csv", "import", "空文件", b"")
    add("zip_of_text.xlsx", "import", "不是 Excel 工作簿", _zip({"readme.txt": b"hello"}))
    add("bom_only.csv", "import", "找不到表头", b"\xef\xbb\xbf")
    add("nul_in_csv.csv", "import", "不是文本格式", b"\x00" * 10 + "日期,金额".encode())
    add("only_commas.csv", "import", "找不到表头", b",,,,\n,,,\n")
    add("huge_row.csv", "import", "找不到表头", ("x," * 20000).encode())
    for n in range(36):  # reports for the news reader: random bytes and mixed encodings
        alphabet = "协作帮扶资金万元临夏市济南?()（）\n ，。abc123"
        text = "".join(rng.choice(alphabet) for _ in range(200))
        encoding = ["utf-8", "gb18030", "big5", "utf-16", "latin-1"][n % 5]
        data = (text.encode(encoding, errors="replace") if n % 3 else
                bytes(rng.randrange(256) for _ in range(rng.choice([0, 5, 300, 3000]))))
        add(f"report_{n:02d}.txt", "report", "已导入" if data.strip() else "空文件", data)
    return cases


def _random_csv(data: bytes) -> str:
    """What random bytes named .csv are told: the importer's rule (transfer/workbook.py)."""
    if b"\x00" in data[:4096]:
        return "不是文本格式"
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            data.decode(encoding)
            return "找不到表头"
        except UnicodeDecodeError:
            continue
    return "文字编码无法识别"


def _zip(members: dict[str, bytes]) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()
