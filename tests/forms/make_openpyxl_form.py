"""Dev-time generator of tests/forms/form_openpyxl_202411.xlsx: the blank reporting form of
2024-11 (written by `dispatch-desk form`), filled in by openpyxl the way other programs fill
it: values typed into the input cells, the data validation kept, and no cached results for
the 合计 formulas (openpyxl does not calculate). tests/form.rs imports it and expects exactly
the figures filled in here (the seed month's, from ../shared/fixtures/expected).

    dispatch-desk --workspace /tmp/ws form --month 2024-11 --out /tmp/blank.xlsx
    python3 tests/forms/make_openpyxl_form.py /tmp/blank.xlsx   # needs openpyxl
"""
import csv
import sys

import openpyxl

EXPECTED = "../shared/fixtures/expected/湘乡市月调度表2024年10月.xlsx.csv"
OUT = "tests/forms/form_openpyxl_202411.xlsx"
HEADER_ROW = 4  # 1-based: the row of indicator names with their units
NAMES = "assets/templates/sample.toml"


def names():
    """indicator id -> name, from the bundled template."""
    import tomllib

    with open(NAMES, "rb") as f:
        t = tomllib.load(f)
    return {i["id"]: i["name"] for i in t["indicators"]}


def main(blank):
    wb = openpyxl.load_workbook(blank)
    ws = wb["调度表"]
    by_name = {}
    for cell in ws[HEADER_ROW]:
        if isinstance(cell.value, str):
            by_name[cell.value.split("（")[0]] = cell.column
    rows = {}
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        v = ws.cell(r, 2).value
        if isinstance(v, str):
            rows[v] = r
    id_name = names()
    with open(EXPECTED, encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    for line in table:
        r = rows[line["township"]]
        for key, value in line.items():
            if key == "township" or value == "":
                continue
            c = by_name[id_name[key]]
            ws.cell(r, c).value = float(value) if "." in value else int(value)
    wb.save(OUT)


if __name__ == "__main__":
    main(sys.argv[1])
