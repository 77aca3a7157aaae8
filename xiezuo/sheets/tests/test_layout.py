"""The layout rules on small made-up sheets: one rule a test (see layout.py's docstring)."""

from __future__ import annotations

from decimal import Decimal

from xiezuo.sheets.layout import read_layout


def roles(layout) -> list[str]:
    return [r.role for r in layout.rows]


def checks(layout) -> list[tuple[int, int, Decimal, Decimal, bool]]:
    return [(c.row, c.column, c.published, c.computed, c.ok) for c in layout.checks]


# --- the header -----------------------------------------------------------------------


def test_it_finds_the_header_under_a_title_and_a_unit_line(grid_of) -> None:
    layout = read_layout(grid_of([
        ["某县2024年东西部协作资金\n项目计划表"],
        [None, None, None, "单位：万元"],
        [],
        ["序号", "项目名称", "实施地点", "资金"],
        [1, "茶叶加工厂", "城关镇", 120],
        [2, "冷链仓储", "河口镇", "80.50"],
    ], [(0, 0, 0, 3)]))
    assert roles(layout) == ["title", "unit", "empty", "header", "data", "data"]
    assert layout.unit_line == "wan"
    money = layout.columns[3]
    assert (money.kind, money.unit, money.unit_source) == ("money", "wan", "unit line")
    assert [layout.row_money(r.index) for r in layout.data_rows()] == [
        Decimal(1_200_000), Decimal(805_000)]


def test_a_meta_line_with_the_unit_is_not_the_header(grid_of) -> None:
    layout = read_layout(grid_of([
        ["填报单位：某县乡村振兴局", None, "填报日期：2024年3月", "单位：元"],
        ["县（市、区）", "资金"],
        ["甲县", 1500000],
    ]))
    assert roles(layout) == ["unit", "header", "data"]
    assert layout.columns[1].unit == "yuan"


def test_a_two_level_header_merged_across_and_down(grid_of) -> None:
    layout = read_layout(grid_of([
        ["序号", "项目名称", "资金规模（万元）", None, None],
        [None, None, "合计", "东西部协作资金", "地方配套"],
        [1, "产业园", 300, 200, 100],
        [2, "道路", 50, 50, None],
    ], [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 0, 4)]))
    assert layout.header_rows == [0, 1]
    assert [c.label for c in layout.columns] == [
        "序号", "项目名称", "资金规模（万元） / 合计", "资金规模（万元） / 东西部协作资金",
        "资金规模（万元） / 地方配套"]
    assert [c.part for c in layout.columns[2:]] == ["total", "part", "part"]
    assert all(c.unit == "wan" and c.unit_source == "header" for c in layout.columns[2:])
    # the row's money is the total, never the total and its parts
    assert [layout.row_money(r.index) for r in layout.data_rows()] == [
        Decimal(3_000_000), Decimal(500_000)]


def test_a_header_split_over_two_rows_without_merging(grid_of) -> None:
    layout = read_layout(grid_of([
        ["序号", "项目", "投资", "责任"],
        [None, "名称", "规模", "单位"],
        ["1", "村道硬化", "20万元", "交通局"],
    ]))
    assert layout.header_rows == [0, 1]
    assert [c.label for c in layout.columns] == [
        "序号", "项目 / 名称", "投资 / 规模", "责任 / 单位"]
    assert layout.columns[2].unit_source == "cells"
    assert layout.row_money(2) == Decimal(200_000)


def test_a_header_cell_with_spaces_and_a_line_break(grid_of) -> None:
    layout = read_layout(grid_of([["序 号", "项目名称", "投 资\n规 模"], [1, "桥", 10]]))
    assert [c.label for c in layout.columns] == ["序号", "项目名称", "投资规模"]


def test_a_row_of_column_numbers_and_a_row_of_units_belong_to_the_header(grid_of) -> None:
    layout = read_layout(grid_of([
        ["项目", "资金", "受益人口"],
        ["万元", "人", None],
        ["甲", "1", "2"],
        ["茶园", 10, 300],
    ]))
    assert roles(layout) == ["header", "header", "header", "data"]
    assert layout.columns[1].unit == "wan"


# --- merged cells in the body -------------------------------------------------------------


def test_a_cell_merged_down_fills_every_row(grid_of) -> None:
    layout = read_layout(grid_of([
        ["序号", "村名", "项目名称", "资金（万元）"],
        [1, "苗儿村", "水果基地", 20],
        [2, None, "蔬菜基地", 30],
        [3, "田江村", "蔬菜基地", 20],
    ], [(1, 1, 2, 1)]))
    assert [layout.cells[r][1] for r in (1, 2, 3)] == ["苗儿村", "苗儿村", "田江村"]
    assert (2, 1) in layout.filled


def test_a_name_merged_across_goes_to_the_name_column(grid_of) -> None:
    layout = read_layout(grid_of([
        ["序号", "村名", "项目名称", "建设内容", "资金（万元）"],
        [1, "苗儿村", "水果基地", "续建", 20],
        [2, "小额信贷贴息", None, None, 12],
    ], [(2, 1, 2, 3)]))
    assert layout.cells[2][1:4] == [None, "小额信贷贴息", None]
    assert roles(layout)[2] == "data"


# --- rows ---------------------------------------------------------------------------


def test_category_rows_carry_their_subtotals_and_are_checked(grid_of) -> None:
    layout = read_layout(grid_of([
        ["序号", "项目名称", "金额（万元）"],
        ["一、产业发展类", None, 90],
        ["（一）种植", None, 60],
        [1, "茶园", 60],
        ["（二）加工", None, 30],
        [2, "果园", 30],
        ["二、基础设施", None, 45],
        [3, "村道", 45],
        ["合　　计", None, 135],
    ], [(1, 0, 1, 1), (6, 0, 6, 1), (8, 0, 8, 1)]))
    assert roles(layout) == ["header", "category", "category", "data", "category", "data",
                             "category", "data", "total"]
    assert [r.level for r in layout.rows if r.role == "category"] == [1, 2, 2, 1]
    assert checks(layout) == [(1, 2, 90, 90, True), (2, 2, 60, 60, True), (4, 2, 30, 30, True),
                              (6, 2, 45, 45, True), (8, 2, 135, 135, True)]


def test_chinese_numerals_in_the_serial_column_mark_categories(grid_of) -> None:
    layout = read_layout(grid_of([
        ["序号", "项目名称", "资金（万元）"],
        ["一", "产业项目", 30],
        ["1", "茶园", 30],
        ["二", "就业项目", 5],
        ["1", "培训", 5],
    ]))
    assert roles(layout) == ["header", "category", "data", "category", "data"]


def test_totals_are_found_however_they_are_written(grid_of) -> None:
    for label in ("合计", "合　　计", "总 计", "合計", "全县合计", "总计：", "小计"):
        layout = read_layout(grid_of([["项目", "资金（万元）"], ["茶园", 1], ["果园", 2],
                                      [label, 3]]))
        want = "subtotal" if "小" in label else "total"
        assert roles(layout)[-1] == want, label
        assert checks(layout) == [(3, 1, 3, 3, True)], label


def test_a_total_on_top_sums_the_rows_below(grid_of) -> None:
    layout = read_layout(grid_of([
        ["县（市、区）", "分配资金（万元）"],
        ["合计", 1500],
        ["积石山县", 1000],
        ["临夏市", 500],
    ]))
    assert roles(layout) == ["header", "total", "data", "data"]
    assert checks(layout) == [(1, 1, 1500, 1500, True)]


def test_unlabelled_subtotal_and_total_rows_are_told_by_their_sums(grid_of) -> None:
    layout = read_layout(grid_of([
        ["序号", "村名", "项目名称", "资金（万元）"],
        [1, "甲村", "茶园", 20],
        [2, "乙村", "果园", 30],
        [None, None, None, 50],
        [3, "丙村", "鱼塘", 40],
        [None, None, None, 40],
        [None, None, None, 90],
    ]))
    assert roles(layout) == ["header", "data", "data", "subtotal", "data", "subtotal", "total"]
    assert all(ok for *_rest, ok in checks(layout))


def test_a_total_that_disagrees_is_reported_with_its_rows(grid_of) -> None:
    layout = read_layout(grid_of([["项目", "资金（万元）"], ["茶园", 10], ["果园", 20],
                                  ["合计", 35]]))
    (check,) = layout.checks
    assert (check.published, check.computed, check.ok, check.rows) == (35, 30, False, [1, 2])
    assert roles(layout)[-1] == "total"  # checked, never imported


def test_an_unlabelled_row_that_sums_nothing_is_data(grid_of) -> None:
    layout = read_layout(grid_of([["项目", "资金（万元）"], ["茶园", 10], [None, 7]]))
    assert roles(layout) == ["header", "data", "data"]


def test_footnotes_empty_rows_and_a_repeated_header(grid_of) -> None:
    layout = read_layout(grid_of([
        ["项目名称", "建设地点", "资金（万元）"],
        ["茶园", "甲镇", 10],
        [],
        ["项目名称", "建设地点", "资金（万元）"],
        ["果园", "乙镇", 20],
        ["合计", None, 30],
        ["注：本表资金为2024年第一批衔接资金。"],
        ["填表人：张三", None, "审核人：李四"],
        ["本表由县乡村振兴局负责解释，各乡镇按此执行并报送进度。"],
    ], [(6, 0, 6, 2)]))
    assert roles(layout) == ["header", "data", "empty", "header", "data", "total", "footnote",
                             "footnote", "footnote"]


def test_a_row_of_one_merged_text_between_data_is_a_category(grid_of) -> None:
    layout = read_layout(grid_of([
        ["项目名称", "地点", "资金（万元）"],
        ["城关镇", None, None],
        ["茶园", "甲村", 10],
    ], [(1, 0, 1, 2)]))
    assert roles(layout) == ["header", "category", "data"]


# --- values and units ---------------------------------------------------------------


def test_units_from_the_cells_and_assumed_from_the_figures(grid_of) -> None:
    layout = read_layout(grid_of([["项目", "资金", "补助"], ["茶园", "20万元", 1500000],
                                  ["果园", "30万元", 800000]]))
    assert (layout.columns[1].unit, layout.columns[1].unit_source) == ("wan", "cells")
    assert (layout.columns[2].unit, layout.columns[2].unit_source) == ("yuan", "assumed")
    layout = read_layout(grid_of([["项目", "投资规模"], ["茶园", "660.00"], ["果园", 251]]))
    assert (layout.columns[1].unit, layout.columns[1].unit_source) == ("wan", "assumed")
    assert layout.row_money(1) == Decimal(6_600_000)


def test_in_cell_notes_are_read_and_kept(grid_of) -> None:
    layout = read_layout(grid_of([["项目", "资金金额"], ["葡萄基地", "10(其中,灾情因素6万元)"],
                                  ["果园", "一百二十"], ["合计", 130]], None))
    assert layout.row_money(1) == Decimal(100_000)
    assert layout.notes[(1, 1)].parts == {"灾情因素": Decimal(60_000)}
    assert layout.row_money(2) == Decimal(1_200_000)
    assert all(c.ok for c in layout.checks)


def test_an_of_which_column_is_not_added_to_the_money(grid_of) -> None:
    layout = read_layout(grid_of([
        ["项目", "总投资（万元）", "其中：财政资金", "其中：贴息资金"],
        ["茶园", 100, 100, 30],
        ["果园", 50, 50, 0],
    ]))
    assert [c.part for c in layout.columns[1:]] == ["total", "part", "of"]
    assert layout.row_money(1) == Decimal(1_000_000)


def test_source_columns_without_a_total_add_up_and_stages_do_not(grid_of) -> None:
    layout = read_layout(grid_of([
        ["项目", "财政资金（万元）", "社会资金（万元）", "已拨付（万元）"],
        ["茶园", 100, 20, 60],
    ]))
    assert layout.row_money(1) == Decimal(1_200_000)
    assert [c.part for c in layout.columns[1:]] == ["part", "part", ""]


def test_a_number_column_that_does_not_add_up_is_not_checked(grid_of) -> None:
    layout = read_layout(grid_of([["项目", "资金（万元）", "占比（%）"], ["茶园", 10, 50],
                                  ["果园", 10, 50], ["合计", 20, 100]]))
    assert checks(layout) == [(3, 1, 20, 20, True)]
    assert layout.columns[2].kind == "number"


def test_a_person_corrects_a_role_and_a_unit(grid_of) -> None:
    rows = [["项目", "资金"], ["茶园", 10], ["果园", 20], ["全县合计数据", 30]]
    layout = read_layout(grid_of(rows), roles={3: "total"}, units={1: "yuan"})
    assert roles(layout)[-1] == "total" and layout.rows[3].corrected
    assert layout.columns[1].unit == "yuan" and layout.row_money(1) == Decimal(10)


def test_the_title_gives_the_year(grid_of) -> None:
    layout = read_layout(grid_of([["北塔区2020年第一批中央财政扶贫专项资金\n安排表"],
                                  ["项目", "资金（万元）"], ["茶园", 1]]))
    assert layout.title_year() == 2020
    layout = read_layout(grid_of([["2019—2020年项目表"], ["项目", "资金（万元）"], ["茶园", 1]]))
    assert layout.title_year() is None


def test_a_title_with_a_date_beside_it_is_not_the_header(grid_of) -> None:
    layout = read_layout(grid_of([
        ["某县2024年资金分配表", None, "2024年3月"],
        ["县（市、区）", "分配资金（万元）", "备注"],
        ["合计", 30, None],
        ["甲县", 10, None],
        ["乙县", 20, "续建"],
    ], [(0, 0, 0, 1)]))
    assert layout.header_rows == [1]
    assert roles(layout) == ["title", "header", "total", "data", "data"]


def test_one_header_word_on_a_second_line(grid_of) -> None:
    layout = read_layout(grid_of([
        ["序号", "项目名称", "建设地点", "投资", "责任单位"],
        [None, None, None, "规模", None],
        [1, "村道", "甲镇", 20, "交通局"],
    ]))
    assert layout.header_rows == [0, 1]
    assert layout.columns[3].label == "投资 / 规模"


def test_one_amount_merged_over_two_rows_is_counted_once(grid_of) -> None:
    layout = read_layout(grid_of([
        ["项目名称", "村", "资金（万元）"],
        ["联村道路", "甲村", 30],
        ["联村道路", "乙村", None],
        ["合计", None, 30],
    ], [(1, 2, 2, 2)]))
    assert [layout.row_money(r.index) for r in layout.data_rows()] == [Decimal(300_000), None]
    assert all(c.ok for c in layout.checks)


def test_years_as_column_headers_are_money_under_a_money_parent(grid_of) -> None:
    layout = read_layout(grid_of([
        ["项目", "资金（万元）", None],
        [None, "2021年", "2022年"],
        ["茶园", 10, 20],
        ["合计（万元）", 10, 20],
    ], [(0, 1, 0, 2), (0, 0, 1, 0)]))
    assert [c.kind for c in layout.columns] == ["text", "money", "money"]
    assert roles(layout)[-1] == "total" and len(layout.checks) == 2


def test_an_unnumbered_group_name_with_its_figures_is_a_category(grid_of) -> None:
    layout = read_layout(grid_of([
        ["序号", "项目名称", "资金（万元）"],
        [None, "城关镇", 90],
        [1, "茶园", 60],
        [2, "果园", 30],
        [None, "河口镇", 45],
        [3, "村道", 20],
        [4, "水渠", 25],
        [None, "小额信贷贴息", 12],
        [5, "培训", 8],
        ["合计", None, 155],
    ]))
    assert roles(layout) == ["header", "category", "data", "data", "category", "data", "data",
                             "data", "data", "total"]
    assert all(c.ok for c in layout.checks)


def test_a_percentage_column_reads_without_errors(grid_of) -> None:
    layout = read_layout(grid_of([["项目", "资金（万元）", "完成率"], ["茶园", 10, "85%"],
                                  ["果园", 10, "100％"]]))
    assert layout.columns[2].kind == "number" and not layout.notes


def test_an_unlabelled_total_on_top(grid_of) -> None:
    layout = read_layout(grid_of([["县（市、区）", "资金（万元）"], [None, 30], ["甲县", 10],
                                  ["乙县", 20]]))
    assert roles(layout) == ["header", "total", "data", "data"]
    assert layout.checks[0].ok


def test_group_heads_are_told_by_the_published_total(grid_of) -> None:
    layout = read_layout(grid_of([
        ["地区", "分配资金（万元）"],
        ["合计", 300],
        ["临夏州", 200],
        ["临夏市", 120],
        ["积石山县", 80],
        ["甘南州", 100],
        ["合作市", 60],
        ["夏河县", 40],
    ]))
    assert roles(layout) == ["header", "total", "category", "data", "data", "category", "data",
                             "data"]
    assert all(c.ok for c in layout.checks) and len(layout.checks) == 3
    # without a published total nothing is guessed
    layout = read_layout(grid_of([["地区", "资金（万元）"], ["临夏州", 200], ["临夏市", 120],
                                  ["积石山县", 80]]))
    assert roles(layout) == ["header", "data", "data", "data"]


def test_numbered_empty_rows_and_lines_under_the_table(grid_of) -> None:
    layout = read_layout(grid_of([
        ["序号", "项目名称", "资金（万元）"],
        [1, "茶园", 10],
        [2, None, None],
        ["说明："],
        ["1.资金单位为万元", None, None],
    ]))
    assert roles(layout) == ["header", "data", "empty", "footnote", "footnote"]


def test_a_township_total_under_a_grand_total_is_a_subtotal(grid_of) -> None:
    layout = read_layout(grid_of([
        ["乡镇", "项目名称", "资金（万元）"],
        ["城关镇", "茶园", 10],
        ["城关镇", "果园", 20],
        ["城关镇合计", None, 30],
        ["河口镇", "鱼塘", 5],
        ["河口镇合计", None, 5],
        ["总计", None, 35],
    ]))
    assert roles(layout) == ["header", "data", "data", "subtotal", "data", "subtotal", "total"]
    assert all(c.ok for c in layout.checks) and len(layout.checks) == 3
