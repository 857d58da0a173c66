#!/usr/bin/env python3
"""Dev-time generator of the crafted files that must be refused (or read) quickly (tests/reader.rs,
tests/reader_ui.rs). Not in tests/data: tests/generated.rs inspects that folder whole.

CI never runs this script: it only reads the files committed beside it. Run it by hand
(python3 tests/crafted/make_crafted.py, standard library only) after changing it, and commit
the regenerated files together with the change.

Each file is small and damaged the way that, read naively, exhausts memory or never ends:

  crafted_cfb_fat_count.xls   a Compound File whose header claims 0xFFFFFFFF FAT sectors and
                              0xFFFFFFFF DIFAT sectors (calamine issues 684, 714)
  crafted_cfb_chain_loop.xls  a Compound File whose directory sector chain points back to
                              itself: a reader that follows it grows its buffer forever
  crafted_sst_count.xlsx      a valid workbook whose shared-string table declares
                              uniqueCount="4000000000" (calamine reserves 96 GB for it; the
                              app takes the count as the hint it is and imports the table)
  crafted_ods_repeat.ods      an ODS sheet whose one row, a number repeated across all 16384
                              columns, is repeated 6000 times: 98 million cells expanded
                              (3 GB) from a 1 kB file
  crafted_empty_rows.xlsx     a workbook whose sheet is 60 million empty rows (360 MB of XML
                              in a 0.4 MB file): no memory, but seconds of reading, for the
                              progress line and the cancel button
"""

import os
import struct
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

FREE, END, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def dir_entry(name, kind, child, start, size):
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    entry = encoded.ljust(64, b"\0")
    entry += struct.pack("<HBB", len(encoded), kind, 1)  # name length, type, black
    entry += struct.pack("<III", FREE, FREE, child)  # left, right, child
    entry += b"\0" * 16 + b"\0" * 4 + b"\0" * 16  # clsid, state bits, times
    entry += struct.pack("<IQ", start, size)
    assert len(entry) == 128
    return entry


def cfb(fat_sectors=1, difat_sectors=0, dir_next=END):
    """A version-3 Compound File: FAT in sector 0, directory in sector 1, an 8-sector
    "Workbook" stream in sectors 2-9 (its BIFF content is filler)."""
    header = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<II", 0, fat_sectors)  # directory sectors (v3: 0), FAT sectors
    header += struct.pack("<II", 1, 0)  # first directory sector, transaction
    header += struct.pack("<III", 4096, END, 0)  # mini cutoff, mini FAT start, mini FAT count
    header += struct.pack("<II", END, difat_sectors)  # DIFAT start, DIFAT count
    header += struct.pack("<I", 0) + struct.pack("<I", FREE) * 108
    assert len(header) == 512
    fat = [FATSECT, dir_next] + list(range(3, 10)) + [END]
    fat += [FREE] * (128 - len(fat))
    sectors = struct.pack("<128I", *fat)
    directory = dir_entry("Root Entry", 5, 1, END, 0) + dir_entry("Workbook", 2, FREE, 2, 4096)
    directory += dir_entry("", 0, FREE, 0, 0) * 2
    sectors += directory
    sectors += bytes(range(256)) * 16  # 4096 bytes of filler
    return header + sectors


def add(z, name, text, compress=zipfile.ZIP_DEFLATED):
    # A fixed date, so that regenerating gives the same bytes.
    info = zipfile.ZipInfo(name, date_time=(2024, 10, 25, 0, 0, 0))
    info.compress_type = compress
    z.writestr(info, text)


def minimal_xlsx(path, shared_strings):
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
            '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>136</v></c></row></sheetData>'
            "</worksheet>"
        ),
        "xl/sharedStrings.xml": shared_strings,
    }
    with zipfile.ZipFile(path, "w") as z:
        for name, text in parts.items():
            add(z, name, text)


def empty_rows(path):
    minimal_xlsx(
        path,
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">'
        "<si><t>乡镇（街道）</t></si><si><t>监测对象户数</t></si><si><t>毛田镇</t></si></sst>",
    )
    # Rewrite the sheet part as a stream of empty rows.
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist() if n != "xl/worksheets/sheet1.xml"}
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            add(z, name, data)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", date_time=(2024, 10, 25, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as f:
            f.write(
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            chunk = b"<row/>" * 1_000_000
            for _ in range(60):
                f.write(chunk)
            f.write(b"</sheetData></worksheet>")


def ods_repeat(path):
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet>"
        '<table:table table:name="Sheet1">'
        '<table:table-row table:number-rows-repeated="6000">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="136">'
        "<text:p>136</text:p></table:table-cell></table:table-row>"
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as z:
        add(z, "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        add(
            z,
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        add(z, "content.xml", content)


def main():
    def write(name, data):
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)

    write("crafted_cfb_fat_count.xls", cfb(fat_sectors=0xFFFFFFFF, difat_sectors=0xFFFFFFFF))
    write("crafted_cfb_chain_loop.xls", cfb(dir_next=1))
    minimal_xlsx(
        os.path.join(HERE, "crafted_sst_count.xlsx"),
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="4000000000">'
        "<si><t>乡镇（街道）</t></si><si><t>监测对象户数</t></si><si><t>毛田镇</t></si></sst>",
    )
    ods_repeat(os.path.join(HERE, "crafted_ods_repeat.ods"))
    empty_rows(os.path.join(HERE, "crafted_empty_rows.xlsx"))


if __name__ == "__main__":
    main()
