#!/usr/bin/env python3
"""Dev-time generator of workbooks whose formulas were saved without their results, as
tools that do not calculate write them (a `<f>` with no `<v>`). tests/villages.rs reads them.

CI never runs this script: it only reads the files committed beside it. Run it by hand
(python3 tests/uncalculated/make_uncalculated.py, standard library only) after changing it,
and commit the regenerated files with the change.

  data_formula.xlsx      a county sheet whose 东郊乡 人数 (C5) is =B5*2 with no result:
                         refused at C5
  total_formula.xlsx     the same sheet with every data cell a number and the 合计 row
                         =SUM(…) with no result: imported, the 合计 check skipped with a notice
  subtotal_formula.xlsx  a village sheet whose 小计 rows are =SUM(…) with no result:
                         imported from the villages, each 小计 check skipped with a notice
"""

import os
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))


def col(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def cell(r, c, v):
    ref = f"{col(c)}{r + 1}"
    if v is None:
        return ""
    if isinstance(v, tuple):  # ("=", formula): no cached result
        return f'<c r="{ref}"><f>{escape(v[1])}</f></c>'
    if isinstance(v, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
    return f'<c r="{ref}"><v>{v}</v></c>'


def workbook(path, rows, sheet="Sheet1"):
    data = "".join(
        f'<row r="{r + 1}">' + "".join(cell(r, c, v) for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows)
    )
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>",
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{data}</sheetData></worksheet>",
    }
    with zipfile.ZipFile(os.path.join(HERE, path), "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)


def county(data_formula):
    rows = [
        ["湘乡市2024年10月监测帮扶情况表"],
        ["乡镇（街道）", "监测对象户数（户）", "监测对象人数（人）"],
        ["毛田镇", 20, 41],
        ["栗山镇", 19, 42],
        ["东郊乡", 23, ("=", "B5*2") if data_formula else 56],
        ["合计", ("=", "SUM(B3:B5)"), ("=", "SUM(C3:C5)")],
    ]
    return rows


workbook("data_formula.xlsx", county(True))
workbook("total_formula.xlsx", county(False))
workbook(
    "subtotal_formula.xlsx",
    [
        ["湘乡市2024年10月村级明细表"],
        ["乡镇（街道）", "村（社区）", "监测对象户数（户）", "衔接资金已拨付（万元）"],
        ["东郊乡", "新塘村", 12, 21.35],
        [None, "石门村", 11, 17.15],
        ["东郊乡小计", None, ("=", "SUM(C3:C4)"), ("=", "SUM(D3:D4)")],
        ["毛田镇", "毛田村", 20, 33.33],
        ["毛田镇小计", None, ("=", "SUM(C6)"), ("=", "SUM(D6)")],
        ["合计", None, 43, 71.83],
    ],
    sheet="村级明细",
)
