"""Near-duplicate reports cluster into one event with several sources."""

from __future__ import annotations

from pathlib import Path

from xiezuo.news.clean import clean_file
from xiezuo.news.dedup import Document, cluster, jaccard, same_facts, shingles, signature
from xiezuo.news.extract import Reader


def test_shingles_ignore_spacing_and_punctuation() -> None:
    assert shingles("东西部 协作,联席会议。") == shingles("东西部协作联席会议")


def test_signatures_are_stable_and_estimate_similarity() -> None:
    a = shingles("济南市党政代表团赴临夏州考察对接东西部协作工作并出席联席会议")
    b = shingles("济南市党政代表团到临夏州考察对接东西部协作工作并出席联席会")
    assert signature(a) == signature(set(a))
    estimate = sum(x == y for x, y in zip(signature(a), signature(b), strict=True)) / len(
        signature(a)
    )
    assert abs(estimate - jaccard(a, b)) < 0.2


def test_same_facts_needs_date_and_both_sides() -> None:
    a = {
        "date": "2023-04-12",
        "donor_regions": [{"code": "310000"}],
        "recipient_regions": [{"code": "532600"}],
    }
    b = dict(a, recipient_regions=[{"code": "532600"}, {"code": "532628"}])
    assert same_facts(a, b)
    assert not same_facts(a, dict(a, date="2023-04-13"))
    assert not same_facts(a, dict(a, donor_regions=[]))


def test_a_reworded_copy_with_spam_joins_its_original(reports_dir: Path) -> None:
    reader = Reader.default()
    docs = []
    for path in sorted(reports_dir.glob("*.txt")):
        if path.name.endswith(".clean.txt"):
            continue
        report = clean_file(path)
        docs.append(Document(path.name, report.text, reader.read(report)))
    groups = [sorted(d.key[:3] for d in group) for group in cluster(docs) if len(group) > 1]
    assert groups == [["005", "023"]]


def test_identical_texts_cluster_without_facts() -> None:
    text = "宁波市向延边州交付帮扶资金五千万元用于产业项目建设和乡村振兴"
    docs = [
        Document("a", text),
        Document("b", text + "。"),
        Document("c", "完全不同的另一篇关于培训的报道内容"),
    ]
    assert [len(g) for g in cluster(docs)] == [2, 1]
