#!/usr/bin/env python3
"""Validate assets/catalogue/regions.csv (China's administrative divisions).

Usage: python3 check_regions.py [path/to/regions.csv]
Defaults to regions.csv next to this script. Standard library only.
Exits 0 and prints a summary when every check passes; otherwise prints each
problem found and exits 1.

Reference data (mainland China, GB/T 2260 codes, situation of 2023):
31 provincial-level divisions and 333 prefecture-level divisions
(293 prefecture-level cities, 7 prefectures 地区, 30 autonomous prefectures
自治州, 3 leagues 盟). The four municipalities have no prefecture-level rows.
"""

import csv
import io
import os
import re
import sys
from collections import Counter, defaultdict

HEADER = ["code", "parent_code", "level", "name_zh", "name_en",
          "short_zh", "short_en", "aliases"]
NATION_CODE = "100000"

# code -> (name_zh, expected number of prefecture-level divisions in 2023)
PROVINCES = {
    "110000": ("北京市", 0),
    "120000": ("天津市", 0),
    "130000": ("河北省", 11),
    "140000": ("山西省", 11),
    "150000": ("内蒙古自治区", 12),
    "210000": ("辽宁省", 14),
    "220000": ("吉林省", 9),
    "230000": ("黑龙江省", 13),
    "310000": ("上海市", 0),
    "320000": ("江苏省", 13),
    "330000": ("浙江省", 11),
    "340000": ("安徽省", 16),
    "350000": ("福建省", 9),
    "360000": ("江西省", 11),
    "370000": ("山东省", 16),
    "410000": ("河南省", 17),
    "420000": ("湖北省", 13),
    "430000": ("湖南省", 14),
    "440000": ("广东省", 21),
    "450000": ("广西壮族自治区", 14),
    "460000": ("海南省", 4),
    "500000": ("重庆市", 0),
    "510000": ("四川省", 21),
    "520000": ("贵州省", 9),
    "530000": ("云南省", 16),
    "540000": ("西藏自治区", 7),
    "610000": ("陕西省", 10),
    "620000": ("甘肃省", 14),
    "630000": ("青海省", 8),
    "640000": ("宁夏回族自治区", 5),
    "650000": ("新疆维吾尔自治区", 14),
}

# Prefecture-level divisions by kind (suffix of name_zh) for the whole country.
CITY_KINDS = {"市": 293, "地区": 7, "自治州": 30, "盟": 3}

HEILONGJIANG = {
    "230100": ("哈尔滨市", "Harbin"),
    "230200": ("齐齐哈尔市", "Qiqihar"),
    "230300": ("鸡西市", "Jixi"),
    "230400": ("鹤岗市", "Hegang"),
    "230500": ("双鸭山市", "Shuangyashan"),
    "230600": ("大庆市", "Daqing"),
    "230700": ("伊春市", "Yichun"),
    "230800": ("佳木斯市", "Jiamusi"),
    "230900": ("七台河市", "Qitaihe"),
    "231000": ("牡丹江市", "Mudanjiang"),
    "231100": ("黑河市", "Heihe"),
    "231200": ("绥化市", "Suihua"),
    "232700": ("大兴安岭地区", "Daxing'anling"),
}

JIXI = {
    "230302": ("鸡冠区", "Jiguan"),
    "230303": ("恒山区", "Hengshan"),
    "230304": ("滴道区", "Didao"),
    "230305": ("梨树区", "Lishu"),
    "230306": ("城子河区", "Chengzihe"),
    "230307": ("麻山区", "Mashan"),
    "230321": ("鸡东县", "Jidong"),
    "230381": ("虎林市", "Hulin"),
    "230382": ("密山市", "Mishan"),
}

# Allowed endings of name_zh per level. County-level also allows 旗 and 林区
# so that Inner Mongolia's banners / Shennongjia can be added later.
SUFFIXES = {
    "nation": ("全国",),
    "province": ("省", "自治区", "市"),
    "city": ("市", "地区", "自治州", "盟"),
    "county": ("区", "县", "市", "旗"),
}
LEVEL_ORDER = {"nation": 0, "province": 1, "city": 2, "county": 3}
EN_RE = re.compile(r"^[A-Za-z\u00fc\u00dc][A-Za-z\u00fc\u00dc' ()\-]*[A-Za-z)]$")
ZH_RE = re.compile(r"^[\u4e00-\u9fff]+$")


def main(path):
    errors = []

    def err(msg):
        errors.append(msg)

    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        err("file starts with a UTF-8 BOM")
    if b"\r" in raw:
        err("file contains carriage returns (must use Unix newlines)")
    if not raw.endswith(b"\n"):
        err("file does not end with a newline")
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as e:
        print(f"FAIL: not valid UTF-8: {e}")
        return 1
    for lineno, line in enumerate(text.split("\n")[:-1], start=1):
        if line.count(",") != 7:
            err(f"line {lineno}: expected exactly 7 commas (no commas inside fields, no blank lines)")
    if '"' in text:
        err("file contains double quotes (no field should need CSV quoting)")

    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header != HEADER:
        err(f"bad header: {header!r}, expected {HEADER!r}")
        for e in errors:
            print("FAIL:", e)
        return 1

    rows = []
    for lineno, rec in enumerate(reader, start=2):
        if len(rec) != len(HEADER):
            err(f"line {lineno}: {len(rec)} fields")
            continue
        r = dict(zip(HEADER, rec))
        r["_line"] = lineno
        for k in HEADER:
            if r[k] != r[k].strip():
                err(f"line {lineno}: field {k} has surrounding whitespace")
        rows.append(r)

    # --- codes ---
    by_code = {}
    for r in rows:
        c = r["code"]
        if not re.fullmatch(r"\d{6}", c):
            err(f"line {r['_line']}: code {c!r} is not six digits")
        if c in by_code:
            err(f"duplicate code {c}")
        by_code[c] = r

    # --- levels, parents, code structure ---
    for r in rows:
        c, p, lvl = r["code"], r["parent_code"], r["level"]
        where = f"{c} {r['name_zh']}"
        if lvl not in LEVEL_ORDER:
            err(f"{where}: bad level {lvl!r}")
            continue
        if lvl == "nation":
            if c != NATION_CODE or p != "":
                err(f"{where}: nation must be {NATION_CODE} with empty parent")
            continue
        if p not in by_code:
            err(f"{where}: parent {p!r} does not exist")
            continue
        plvl = by_code[p]["level"]
        if LEVEL_ORDER.get(plvl, -9) != LEVEL_ORDER[lvl] - 1:
            err(f"{where}: level {lvl} but parent {p} is {plvl}")
        if lvl == "province" and not (c.endswith("0000") and p == NATION_CODE):
            err(f"{where}: province code must be XX0000 under {NATION_CODE}")
        if lvl == "city" and not (c[:2] == p[:2] and c[2:4] != "00" and c.endswith("00")):
            err(f"{where}: city code inconsistent with parent {p}")
        if lvl == "county" and not (c[:4] == p[:4] and c[4:] != "00"):
            err(f"{where}: county code inconsistent with parent {p}")

    # --- names ---
    for r in rows:
        where = f"{r['code']} {r['name_zh']}"
        for k in ("name_zh", "name_en", "short_zh", "short_en"):
            if not r[k]:
                err(f"{where}: empty {k}")
        lvl = r["level"]
        if lvl in SUFFIXES and not r["name_zh"].endswith(SUFFIXES[lvl]):
            err(f"{where}: name_zh lacks a proper {lvl} suffix {SUFFIXES[lvl]}")
        if r["name_zh"] and not ZH_RE.match(r["name_zh"]):
            err(f"{where}: name_zh has non-Chinese characters")
        if r["short_zh"] and not ZH_RE.match(r["short_zh"]):
            err(f"{where}: short_zh has non-Chinese characters")
        if r["short_zh"] and not r["name_zh"].startswith(r["short_zh"]):
            err(f"{where}: short_zh {r['short_zh']!r} is not a prefix of name_zh")
        for k in ("name_en", "short_en"):
            if r[k] and not EN_RE.match(r[k]):
                err(f"{where}: {k} {r[k]!r} has unexpected characters")
        if r["short_en"] and r["short_en"] not in r["name_en"]:
            err(f"{where}: short_en {r['short_en']!r} not contained in name_en")
        if lvl == "city":
            if r["name_zh"].endswith("自治州") and not r["name_en"].endswith("Autonomous Prefecture"):
                err(f"{where}: autonomous prefecture name_en should end with 'Autonomous Prefecture'")
            if r["name_zh"].endswith("盟") and not r["name_en"].endswith(" League"):
                err(f"{where}: league name_en should end with ' League'")

    # --- aliases ---
    name_zh_owner = defaultdict(set)
    for r in rows:
        name_zh_owner[r["name_zh"]].add(r["code"])
    for name, owners in name_zh_owner.items():
        if len(owners) > 1 and any(by_code[o]["level"] != "county" for o in owners):
            err(f"name_zh {name} used by several non-county rows: {sorted(owners)}")
    for r in rows:
        where = f"{r['code']} {r['name_zh']}"
        if not r["aliases"]:
            continue
        items = r["aliases"].split(";")
        own = {r["name_zh"], r["short_zh"], r["name_en"], r["short_en"]}
        for a in items:
            if not a or a != a.strip():
                err(f"{where}: empty or padded alias in {r['aliases']!r}")
            if a in own:
                err(f"{where}: alias {a!r} repeats one of its own name fields")
            other = name_zh_owner.get(a, set()) - {r["code"]}
            if other:
                err(f"{where}: alias {a!r} is the name_zh of {sorted(other)}")
        dup = [a for a, n in Counter(items).items() if n > 1]
        if dup:
            err(f"{where}: repeated aliases {dup}")

    # --- counts ---
    levels = Counter(r["level"] for r in rows)
    if levels["nation"] != 1:
        err(f"expected 1 nation row, got {levels['nation']}")
    if levels["province"] != 31:
        err(f"expected 31 provinces, got {levels['province']}")
    if levels["city"] != 333:
        err(f"expected 333 prefecture-level rows, got {levels['city']}")

    provinces = {r["code"]: r for r in rows if r["level"] == "province"}
    if set(provinces) != set(PROVINCES):
        err(f"province codes differ: missing {sorted(set(PROVINCES) - set(provinces))}, "
            f"extra {sorted(set(provinces) - set(PROVINCES))}")
    for code, (name, _n) in PROVINCES.items():
        if code in provinces and provinces[code]["name_zh"] != name:
            err(f"province {code}: name_zh {provinces[code]['name_zh']!r}, expected {name!r}")

    cities_by_prov = defaultdict(list)
    for r in rows:
        if r["level"] == "city":
            cities_by_prov[r["parent_code"]].append(r)
    for code, (name, n) in PROVINCES.items():
        got = len(cities_by_prov.get(code, []))
        if got != n:
            err(f"{name} {code}: expected {n} prefecture-level divisions, got {got}")
    if sum(n for _name, n in PROVINCES.values()) != 333:
        err("internal: expected-count table does not add up to 333")

    kinds = Counter()
    for r in rows:
        if r["level"] == "city":
            for suf in ("自治州", "地区", "盟", "市"):
                if r["name_zh"].endswith(suf):
                    kinds[suf] += 1
                    break
    if dict(kinds) != CITY_KINDS:
        err(f"prefecture-level kinds {dict(kinds)}, expected {CITY_KINDS}")

    # Heilongjiang: exactly the 13 listed divisions
    hlj = {r["code"]: (r["name_zh"], r["name_en"]) for r in cities_by_prov.get("230000", [])}
    if hlj != HEILONGJIANG:
        for code in sorted(set(hlj) | set(HEILONGJIANG)):
            if hlj.get(code) != HEILONGJIANG.get(code):
                err(f"Heilongjiang {code}: got {hlj.get(code)}, expected {HEILONGJIANG.get(code)}")

    # Jixi: exactly the 9 listed county-level divisions
    jixi = {r["code"]: (r["name_zh"], r["name_en"]) for r in rows
            if r["level"] == "county" and r["parent_code"] == "230300"}
    if jixi != JIXI:
        for code in sorted(set(jixi) | set(JIXI)):
            if jixi.get(code) != JIXI.get(code):
                err(f"Jixi {code}: got {jixi.get(code)}, expected {JIXI.get(code)}")

    # Cities sharing an English name must carry "Name (Province)" aliases.
    prov_en = {c: r["name_en"] for c, r in provinces.items()}
    en_users = defaultdict(list)
    for r in rows:
        if r["level"] in ("province", "city"):
            en_users[r["short_en"]].append(r)
    for en, users in en_users.items():
        if len(users) < 2:
            continue
        for r in users:
            if r["level"] != "city":
                continue
            want = f"{en} ({prov_en.get(r['parent_code'], '?')})"
            if want not in r["aliases"].split(";"):
                err(f"{r['code']} {r['name_zh']}: shares English name {en!r}; add alias {want!r}")

    if errors:
        for e in errors:
            print("FAIL:", e)
        print(f"{len(errors)} problem(s) in {path}")
        return 1
    print(f"OK: {path}")
    print("rows by level: " + ", ".join(f"{k}={levels[k]}" for k in LEVEL_ORDER))
    print("prefecture-level kinds: " + ", ".join(f"{k}={kinds[k]}" for k in CITY_KINDS))
    return 0


if __name__ == "__main__":
    default = os.path.join(os.path.dirname(os.path.abspath(__file__)), "regions.csv")
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else default))
