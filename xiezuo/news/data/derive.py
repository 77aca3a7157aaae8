"""Derive the small frequency and pinyin tables shipped in this directory.

Run by hand when the tables need rebuilding; nothing calls this at run time:

    python -m xiezuo.news.data.derive JIEBA_DICT_TXT PYPINYIN_DICT_JSON

``JIEBA_DICT_TXT`` is ``jieba/dict.txt`` from the jieba 0.42.1 source distribution
(MIT licence) and ``PYPINYIN_DICT_JSON`` is ``pypinyin/pinyin_dict.json`` from
pypinyin 0.55.0 (MIT licence). Outputs:

- ``chars.tsv``: character, summed frequency of the jieba words containing it.
- ``words.tsv``: every jieba word (personal names excluded) of 2 characters, and
  those of 3-4 characters
  with frequency >= 20.
- ``pinyin.tsv``: character, comma-separated toned readings, for every character
  that GB 18030's two-byte area (GBK) can encode.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
MIN_WORD_FREQ = 20


def _is_cjk(text: str) -> bool:
    return all("\u3400" <= ch <= "\u9fff" for ch in text)


def derive_frequencies(dict_path: Path) -> None:
    chars: Counter[str] = Counter()
    words: list[tuple[str, int]] = []
    for line in dict_path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 2 or not _is_cjk(parts[0]):
            continue
        if len(parts) > 2 and parts[2].startswith("nr"):
            continue  # personal names: a name must not look like a common word
        word, freq = parts[0], int(parts[1])
        for ch in word:
            chars[ch] += freq
        if len(word) == 2 or (2 < len(word) <= 4 and freq >= MIN_WORD_FREQ):
            words.append((word, freq))
    with (HERE / "chars.tsv").open("w", encoding="utf-8") as out:
        for ch, freq in chars.most_common():
            out.write(f"{ch}\t{freq}\n")
    with (HERE / "words.tsv").open("w", encoding="utf-8") as out:
        for word, freq in sorted(words):
            out.write(f"{word}\t{freq}\n")


def _gbk_encodable(ch: str) -> bool:
    try:
        return len(ch.encode("gbk")) == 2
    except UnicodeEncodeError:
        return False


def derive_pinyin(json_path: Path) -> None:
    table = json.loads(json_path.read_text(encoding="utf-8"))
    with (HERE / "pinyin.tsv").open("w", encoding="utf-8") as out:
        for code, readings in sorted(table.items(), key=lambda kv: int(kv[0])):
            ch = chr(int(code))
            if _gbk_encodable(ch):
                out.write(f"{ch}\t{readings}\n")


def main(argv: list[str]) -> None:
    derive_frequencies(Path(argv[1]))
    derive_pinyin(Path(argv[2]))


if __name__ == "__main__":
    main(sys.argv)
