#!/usr/bin/env python3
"""Dev-time generator of the legacy-format samples read by tests/generated.rs.

CI never runs this script: it only reads the files committed beside it. Run it by hand
(python3 tests/data/make_legacy.py, needs the xlwt and odfpy packages) after changing the
data below, and commit the regenerated files together with the change.

Both files hold the same county sheet, shaped the way townships send it:
  row 1  title merged across the table, naming the month (2024年10月)
  row 2  填报单位 / 填报时间 line
  rows 3-4  two header rows: 序号 and 乡镇（街道） merged down, a 监测帮扶 group header merged
            over six indicator columns, the rate column merged down
  row 5  合计 (equal to the sum of the township rows)
  rows 6-9  four townships, two of them spelled loosely (虞塘镇, 东山办事处)
  rows 11-12  备注 and the signature line
The rate column holds fractions under a percent number format (0.955 shows as 95.5%).

  legacy_202410.xls            Excel 97-2003 (BIFF8), written by xlwt
  legacy_202410.ods            OpenDocument spreadsheet, written by odfpy
  legacy_bad_total_202410.xls  the .xls with a 合计 one too high in C5 (357, the rows add up
                               to 356): accepted, with a warning at that cell
"""

import os

HERE = os.path.dirname(os.path.abspath(__file__))

TITLE = "湘乡市巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作月调度表（2024年10月）"
META = ["填报单位：湘乡市乡村振兴局", "填报时间：2024年10月25日"]
GROUP = "监测帮扶"
NAMES = [
    "监测对象户数（户）",
    "监测对象人数（人）",
    "风险已消除户数（户）",
    "风险已消除人数（人）",
    "风险未消除户数（户）",
    "风险未消除人数（人）",
]
RATE = "驻村工作队在岗率（%）"
ROWS = [
    ("毛田镇", [136, 301, 80, 170, 56, 131], 0.955),
    ("虞塘镇", [98, 220, 60, 130, 38, 90], 1.0),
    ("东山办事处", [45, 97, 25, 50, 20, 47], 0.9),
    ("育塅乡", [77, 160, 41, 88, 36, 72], 0.875),
]
NOTE = "备注：风险已消除户数+风险未消除户数=监测对象户数。"
SIGN = "单位负责人：王某某    填表人：李某某    联系电话：0732-5621234"
WIDTH = 3 + len(NAMES)  # 序号, 乡镇, six indicators, the rate: columns A..I


def totals():
    return [sum(r[1][i] for r in ROWS) for i in range(len(NAMES))]


def make_xls(path, total_bump=0):
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("10月")
    pct = xlwt.easyxf(num_format_str="0.0%")
    ws.write_merge(0, 0, 0, WIDTH - 1, TITLE)
    ws.write(1, 0, META[0])
    ws.write(1, 6, META[1])
    ws.write_merge(2, 3, 0, 0, "序号")
    ws.write_merge(2, 3, 1, 1, "乡镇（街道）")
    ws.write_merge(2, 2, 2, 1 + len(NAMES), GROUP)
    for i, name in enumerate(NAMES):
        ws.write(3, 2 + i, name)
    ws.write_merge(2, 3, WIDTH - 1, WIDTH - 1, RATE)
    ws.write(4, 1, "合计")
    for i, v in enumerate(totals()):
        ws.write(4, 2 + i, v + (total_bump if i == 0 else 0))
    for k, (town, values, rate) in enumerate(ROWS):
        r = 5 + k
        ws.write(r, 0, k + 1)
        ws.write(r, 1, town)
        for i, v in enumerate(values):
            ws.write(r, 2 + i, v)
        ws.write(r, WIDTH - 1, rate, pct)
    ws.write(6 + len(ROWS), 0, NOTE)
    ws.write(7 + len(ROWS), 0, SIGN)
    wb.save(path)


def make_ods(path):
    from odf.number import PercentageStyle, Number, Text as NumText
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    pstyle = PercentageStyle(name="pct")
    pstyle.addElement(Number(decimalplaces="1", minintegerdigits="1"))
    pstyle.addElement(NumText(text="%"))
    doc.automaticstyles.addElement(pstyle)
    pcell = Style(name="pctcell", family="table-cell", datastylename="pct")
    doc.automaticstyles.addElement(pcell)

    def text(s, **span):
        c = TableCell(valuetype="string", **span)
        c.addElement(P(text=s))
        return c

    def num(v, percent=False):
        if percent:
            c = TableCell(valuetype="percentage", value=v, stylename=pcell)
            c.addElement(P(text=f"{v * 100:.1f}%"))
        else:
            c = TableCell(valuetype="float", value=v)
            c.addElement(P(text=str(v)))
        return c

    def blank():
        return TableCell()

    def row(cells):
        r = TableRow()
        for c in cells:
            r.addElement(c)
        return r

    t = Table(name="10月")
    t.addElement(
        row([text(TITLE, numbercolumnsspanned=WIDTH)] + [CoveredTableCell() for _ in range(WIDTH - 1)])
    )
    t.addElement(row([text(META[0])] + [blank() for _ in range(5)] + [text(META[1])]))
    t.addElement(
        row(
            [text("序号", numberrowsspanned=2), text("乡镇（街道）", numberrowsspanned=2)]
            + [text(GROUP, numbercolumnsspanned=len(NAMES))]
            + [CoveredTableCell() for _ in range(len(NAMES) - 1)]
            + [text(RATE, numberrowsspanned=2)]
        )
    )
    t.addElement(
        row([CoveredTableCell(), CoveredTableCell()] + [text(n) for n in NAMES] + [CoveredTableCell()])
    )
    t.addElement(row([blank(), text("合计")] + [num(v) for v in totals()]))
    for k, (town, values, rate) in enumerate(ROWS):
        t.addElement(row([num(k + 1), text(town)] + [num(v) for v in values] + [num(rate, True)]))
    t.addElement(row([blank()]))
    t.addElement(row([text(NOTE)]))
    t.addElement(row([text(SIGN)]))
    doc.spreadsheet.addElement(t)
    doc.save(path)


if __name__ == "__main__":
    make_xls(os.path.join(HERE, "legacy_202410.xls"))
    make_ods(os.path.join(HERE, "legacy_202410.ods"))
    make_xls(os.path.join(HERE, "legacy_bad_total_202410.xls"), total_bump=1)
    print("wrote legacy_202410.xls, legacy_202410.ods and legacy_bad_total_202410.xls in", HERE)
