#!/usr/bin/env python3
"""Dev-time generator of the sample months 2024-08 and 2024-09 (assets/samples/).

The bundled 2024-10 sample is the seed month (湘乡市月调度表2024年10月.xlsx, the figures of
the source article). The two earlier months are derived from it so that trends, month-over-month
changes and ranks have something to show: a little less progress, township by township, with
every balance rule still holding. Needs openpyxl; the app never runs this script.

It also writes the sample 重点村 roster (示例重点村名单2024年10月.xlsx): the 36 key villages of
October's 产业发展重点村数, 50万元 each (1800万元), each with a 联点市级领导, a 后盾单位 and a
驻村工作队队长, and the township's 衔接资金已拨付 split over its villages. Names are invented.
`python3 scripts/make_samples.py --roster` writes the roster alone.
"""
import sys
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


VILLAGE_STEMS = [
    "石潭", "花桥", "大坪", "田心", "枫树", "长塘", "白果", "双江", "新桥", "龙泉", "桃源", "洪山",
    "金坪", "荷塘", "柳林", "马家", "杨柳", "青山", "东湖", "南岭", "高峰", "水口", "竹山", "黄泥",
    "泉水", "梅花", "樟木", "松林", "鹿鸣", "铁坪", "茶园", "狮子", "凤形", "云峰", "横塘", "栗木",
]
SURNAMES = "李王张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = ["建国", "志强", "海波", "丽华", "卫东", "红梅", "国平", "晓军", "文斌", "春生", "秀英", "德明"]
UNITS = [
    "市发展和改革局", "市财政局", "市教育局", "市卫生健康局", "市农业农村局", "市水利局", "市交通运输局",
    "市自然资源局", "市住房和城乡建设局", "市人力资源和社会保障局", "市民政局", "市商务局", "市文化旅游广电体育局",
    "市市场监督管理局", "市生态环境局", "市林业局", "市医疗保障局", "市退役军人事务局", "市供销社", "市税务局",
    "市公安局", "市司法局", "市审计局", "市统计局", "市应急管理局", "市城市管理局", "市工业和信息化局",
    "市科学技术局", "市档案馆", "市总工会", "团市委", "市妇联", "市科协", "市残联", "市融媒体中心", "市人民医院",
]


def person(i, salt):
    h = int(hashlib.sha256(f"{salt}{i}".encode()).hexdigest()[:8], 16)
    return SURNAMES[h % len(SURNAMES)] + GIVEN[(h // 97) % len(GIVEN)]


def roster():
    """The sample roster: each township's key villages and the township's paid funds split
    over them, so that some townships are on schedule in October and some are not."""
    ws = openpyxl.load_workbook(SRC).active
    out = openpyxl.Workbook()
    o = out.active
    o.title = "重点村名单"
    o["A1"] = "湘乡市36个重点帮扶村联点帮扶情况表（2024年10月）"
    o.merge_cells("A1:I1")
    o.append(["序号", "乡镇（街道）", "村", "联点市级领导", "后盾单位", "驻村工作队队长",
              "衔接资金计划（万元）", "已拨付（万元）", "备注"])
    n = 0
    for r in range(6, 28):
        town = ws[f"B{r}"].value
        villages = int(num(ws[f"R{r}"].value))
        paid = num(ws[f"T{r}"].value)
        if villages == 0:
            continue
        # Funds reach one village after another: each up to October's 序时进度 (42万元),
        # then what is left tops them up to plan, first village first.
        amounts = []
        rest = paid
        for _ in range(villages):
            a = min(rest, 42.0)
            amounts.append(a)
            rest -= a
        for k in range(villages):
            a = min(rest, 50.0 - amounts[k])
            amounts[k] += a
            rest -= a
        first = o.max_row + 1
        for k in range(villages):
            o.append([n + 1, town if k == 0 else None, VILLAGE_STEMS[n] + "村", person(n, "leader"),
                      UNITS[n], person(n, "team"), 50, round(amounts[k], 1), None])
            n += 1
        if villages > 1:
            o.merge_cells(f"B{first}:B{first + villages - 1}")
    o.append([None, "合计", None, None, None, None, 50 * n, None, None])
    o.append(["填表人：市乡村振兴局", None, None, None, None, None, None, None, None])
    out.save("assets/samples/示例重点村名单2024年10月.xlsx")
    print(f"{n} villages")


if __name__ == "__main__":
    if "--roster" not in sys.argv:
        main()
    roster()
