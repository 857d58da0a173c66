#!/usr/bin/env python3
"""Dev-time generator of the sample months 2024-08 and 2024-09 (assets/samples/).

The bundled 2024-10 sample is the seed month (湘乡市月调度表2024年10月.xlsx, the figures of
the source article). The two earlier months are derived from it so that trends, month-over-month
changes and ranks have something to show: a little less progress, township by township, with
every balance rule still holding. Needs openpyxl; the app never runs this script.
"""
import hashlib
import openpyxl
from openpyxl.styles import Alignment

SRC = "assets/samples/示例月调度表2024年10月.xlsx"


def factor(name, month, lo, hi):
    h = int(hashlib.sha256(f"{name}{month}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return lo + (hi - lo) * h


def num(v):
    if isinstance(v, str):
        v = v.strip().replace(",", "")
        return float(v) if v else 0.0
    return float(v or 0)


def earlier(row, name, month, steps):
    """The row as it stood `steps` months before October."""
    r = dict(row)
    mh, mp = r["C"], r["D"]
    new = r["E"]
    r["C"] = mh - new * steps
    r["D"] = mp - round(new * 2.2) * steps
    r["E"] = max(0, round(new * factor(name, month, 0.5, 1.5)))
    cleared_share = factor(name, month, 0.90, 0.99) ** steps
    r["F"] = round(r["F"] * cleared_share)
    r["G"] = max(r["F"], round(r["G"] * cleared_share))
    r["H"] = r["C"] - r["F"]
    r["I"] = max(r["H"], r["D"] - r["G"])
    r["D"] = r["G"] + r["I"]
    r["J"] = r["H"]
    r["K"] = round(r["K"] * (1 - 0.03 * steps))
    r["T"] = round(r["T"] * factor(name, month, 0.55, 0.9) ** steps, 1)
    r["V"] = round(r["V"] * factor(name, month, 0.6, 0.92) ** steps, 2)
    r["Z"] = round(r["Z"] * factor(name, month, 0.94, 0.995) ** steps)
    r["AD"] = max(0, r["AD"] - round(factor(name, month, 0, 1.4)))
    r["AE"] = max(0, round(r["AE"] * factor(name, month, 0.3, 1.2)))
    r["AG"] = min(r["AF"], round(r["AG"] * factor(name, month, 0.5, 1.0)))
    r["AH"] = round(min(100.0, r["AH"] * factor(name, month, 0.95, 1.04)), 1)
    r["AI"] = round(min(100.0, r["AI"] * factor(name, month, 0.9, 1.05)), 1)
    return r


def main():
    wb = openpyxl.load_workbook(SRC)
    ws = wb.active
    cols = [openpyxl.utils.get_column_letter(c) for c in range(3, 36)]
    rows = {}
    for r in range(6, 28):
        name = ws[f"B{r}"].value
        rows[r] = (name, {c: num(ws[f"{c}{r}"].value) for c in cols})
    for month, steps in ((9, 1), (8, 2)):
        out = openpyxl.load_workbook(SRC)
        o = out.active
        o["A1"] = f"湘乡市巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作月调度表（2024年{month}月）"
        o["AF2"] = f"填报时间：2024年{month}月25日"
        totals = {c: 0.0 for c in cols}
        for r, (name, row) in rows.items():
            e = earlier(row, name, month, steps)
            for c in cols:
                v = e[c]
                v = int(v) if float(v).is_integer() and c not in ("AH", "AI") else v
                o[f"{c}{r}"] = v
                o[f"{c}{r}"].alignment = Alignment(horizontal="center")
                totals[c] += e[c]
        for c in cols:
            t = totals[c]
            if c in ("AH", "AI"):
                t = round(t / len(rows), 1)
            elif c in ("T", "V"):
                t = round(t, 2)
            else:
                t = int(round(t))
            o[f"{c}5"] = t
        out.save(f"assets/samples/示例月调度表2024年{month}月.xlsx")


if __name__ == "__main__":
    main()
