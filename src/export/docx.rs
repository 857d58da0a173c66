//! The brief as a Word document in the GB/T 9704-2012 layout, written as WordprocessingML
//! and zipped (no docx library: the few parts a 公文 needs are written exactly as the
//! standard asks — page, margins, 22 × 28 grid, East-Asian fonts with fallbacks, odd/even
//! page numbers "— 1 —", tables with repeated header rows, PNG charts).

use std::fmt::Write as _;
use std::io::Write as _;

use super::ExportError;
use super::brief::{Align, Block, Brief, Cell, Chart, Paragraph, SpanFont, Table};

// Page and grid, in twips (1/20 pt).
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
const MARGIN_TOP: u32 = 2098;
const MARGIN_BOTTOM: u32 = 1984;
const MARGIN_LEFT: u32 = 1588;
const MARGIN_RIGHT: u32 = 1474;
/// 版心 156 mm wide.
const TEXT_W: u32 = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT;
/// 225 mm ÷ 22 lines.
const LINE_PITCH: u32 = 579;
/// 156 mm ÷ 28 characters = 15.79 pt: 3号 (16 pt) set 0.25 pt tighter, in 1/20 pt. A plain
/// character spacing, not a character grid: Word, WPS and LibreOffice all lay it out alike
/// (LibreOffice spreads text on a "linesAndChars" grid).
const CHAR_SPACING: i32 = -5;
/// One character, in twips.
const CHAR: f32 = 315.0;
/// Page number 7 mm under the 版心: footer distance ≈ 23 mm.
const FOOTER: u32 = 1304;

const EMU_PER_TWIP: u64 = 635;
/// No extra space between Chinese and digits ("1804户", not "1804 户"), as the seed writes it.
const NO_AUTOSPACE: &str = r#"<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>"#;

const BODY_FONT: &str = "仿宋_GB2312";
const TITLE_FONT: &str = "方正小标宋简体";
const HEI_FONT: &str = "黑体";
const KAI_FONT: &str = "楷体_GB2312";
const PAGE_FONT: &str = "宋体";

/// Sizes in half-points.
const SZ_BODY: u32 = 32; // 3号
const SZ_TITLE: u32 = 44; // 2号
const SZ_PAGE: u32 = 28; // 4号
const SZ_TABLE: u32 = 21; // 五号
const SZ_TABLE_SMALL: u32 = 18; // 小五

pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 forbids.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn fonts(name: &str) -> String {
    format!(
        r#"<w:rFonts w:ascii="{n}" w:hAnsi="{n}" w:eastAsia="{n}" w:cs="{n}" w:hint="eastAsia"/>"#,
        n = name
    )
}

fn hex(c: [u8; 3]) -> String {
    crate::palette::hex(c)
}

/// (file name in word/media, PNG bytes)
type Images = Vec<(String, std::sync::Arc<Vec<u8>>)>;

struct Doc {
    body: String,
    images: Images,
    next_id: u32,
}

impl Doc {
    fn run(&mut self, text: &str, font: Option<&str>, size: Option<u32>, extra: &str) {
        let mut rpr = String::new();
        if let Some(f) = font {
            rpr.push_str(&fonts(f));
        }
        rpr.push_str(extra);
        if let Some(sz) = size {
            let _ = write!(rpr, r#"<w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/>"#);
        }
        let _ = write!(
            self.body,
            r#"<w:r>{}<w:t xml:space="preserve">{}</w:t></w:r>"#,
            if rpr.is_empty() {
                String::new()
            } else {
                format!("<w:rPr>{rpr}</w:rPr>")
            },
            esc(text)
        );
    }

    fn ppr(p: &Paragraph, extra: &str) -> String {
        let jc = match p.align {
            Align::Justify => "both",
            Align::Center => "center",
            Align::Right => "right",
            Align::Left => "left",
        };
        let left = (p.left_indent * CHAR).round() as i64;
        let first = ((p.first_indent - p.left_indent) * CHAR).round() as i64;
        let right = (p.right_indent * CHAR).round() as i64;
        let mut ind = format!(r#"<w:ind w:left="{left}" w:right="{right}""#);
        if first >= 0 {
            let _ = write!(ind, r#" w:firstLine="{first}""#);
            if p.left_indent == 0.0 && p.first_indent > 0.0 {
                let _ = write!(
                    ind,
                    r#" w:firstLineChars="{}""#,
                    (p.first_indent * 100.0) as i64
                );
            }
        } else {
            let _ = write!(ind, r#" w:hanging="{}""#, -first);
        }
        ind.push_str("/>");
        format!(
            r#"<w:pPr>{NO_AUTOSPACE}{extra}<w:spacing w:line="{LINE_PITCH}" w:lineRule="exact"/>{ind}<w:jc w:val="{jc}"/></w:pPr>"#
        )
    }

    fn paragraph(&mut self, p: &Paragraph) {
        let ppr = Self::ppr(p, "");
        self.body.push_str("<w:p>");
        self.body.push_str(&ppr);
        for s in &p.spans {
            let font = match s.font {
                SpanFont::Body => None,
                SpanFont::Hei => Some(HEI_FONT),
                SpanFont::Kai => Some(KAI_FONT),
            };
            self.run(&s.text, font, None, "");
        }
        self.body.push_str("</w:p>");
    }

    fn empty(&mut self) {
        let _ = write!(
            self.body,
            r#"<w:p><w:pPr>{NO_AUTOSPACE}<w:spacing w:line="{LINE_PITCH}" w:lineRule="exact"/></w:pPr></w:p>"#
        );
    }

    fn heading(&mut self, text: &str) {
        let _ = write!(
            self.body,
            r#"<w:p><w:pPr><w:keepNext/>{NO_AUTOSPACE}<w:spacing w:line="{LINE_PITCH}" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="632"/><w:jc w:val="both"/><w:outlineLvl w:val="0"/></w:pPr>"#
        );
        self.run(text, Some(HEI_FONT), None, "");
        self.body.push_str("</w:p>");
    }

    fn title(&mut self, text: &str, page_break: bool) {
        let _ = write!(
            self.body,
            r#"<w:p><w:pPr><w:keepNext/>{}{NO_AUTOSPACE}<w:snapToGrid w:val="0"/><w:spacing w:line="{LINE_PITCH}" w:lineRule="exact"/><w:jc w:val="center"/></w:pPr>"#,
            if page_break {
                "<w:pageBreakBefore/>"
            } else {
                ""
            }
        );
        self.run(text, Some(TITLE_FONT), Some(SZ_TITLE), "");
        self.body.push_str("</w:p>");
    }

    fn table(&mut self, t: &Table) {
        let sz = if t.small { SZ_TABLE_SMALL } else { SZ_TABLE };
        let line = if t.small { 260 } else { 300 };
        // Caption: 黑体 4号, centred, kept with the table.
        if !t.title.is_empty() {
            let _ = write!(
                self.body,
                r#"<w:p><w:pPr><w:keepNext/>{NO_AUTOSPACE}<w:spacing w:line="{LINE_PITCH}" w:lineRule="exact"/><w:jc w:val="center"/></w:pPr>"#
            );
            self.run(&t.title, Some(HEI_FONT), Some(28), "");
            self.body.push_str("</w:p>");
        }

        let total: f32 = t.columns.iter().map(|c| c.width).sum::<f32>().max(0.001);
        let widths: Vec<u32> = t
            .columns
            .iter()
            .map(|c| (c.width / total * TEXT_W as f32).floor() as u32)
            .collect();
        let border = r#"w:val="single" w:sz="4" w:space="0" w:color="000000""#;
        let _ = write!(
            self.body,
            r#"<w:tbl><w:tblPr><w:tblW w:w="{TEXT_W}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders><w:top {b}/><w:left {b}/><w:bottom {b}/><w:right {b}/><w:insideH {b}/><w:insideV {b}/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="57" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>"#,
            b = border
        );
        for w in &widths {
            let _ = write!(self.body, r#"<w:gridCol w:w="{w}"/>"#);
        }
        self.body.push_str("</w:tblGrid>");
        // Header row, repeated on every page.
        self.body
            .push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
        for (c, w) in t.columns.iter().zip(&widths) {
            let mut cell = Cell::text(&c.title);
            cell.fill = Some([0xF2, 0xF2, 0xF2]);
            self.cell(&cell, *w, sz, line, true, false);
        }
        self.body.push_str("</w:tr>");
        for row in &t.rows {
            self.body.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
            for (i, (c, w)) in row.iter().zip(&widths).enumerate() {
                let wide = t.columns.get(i).is_some_and(|c| c.width / total > 0.3);
                self.cell(c, *w, sz, line, false, wide);
            }
            self.body.push_str("</w:tr>");
        }
        self.body.push_str("</w:tbl>");
        if let Some(note) = &t.note {
            let _ = write!(
                self.body,
                r#"<w:p><w:pPr>{NO_AUTOSPACE}<w:snapToGrid w:val="0"/><w:spacing w:before="60" w:line="300" w:lineRule="exact"/><w:jc w:val="left"/></w:pPr>"#
            );
            self.run(note, None, Some(SZ_TABLE), "");
            self.body.push_str("</w:p>");
        } else {
            self.empty();
        }
    }

    fn cell(&mut self, c: &Cell, width: u32, sz: u32, line: u32, header: bool, left: bool) {
        let shd = c
            .fill
            .map(|f| {
                format!(
                    r#"<w:shd w:val="clear" w:color="auto" w:fill="{}"/>"#,
                    hex(f)
                )
            })
            .unwrap_or_default();
        let _ = write!(
            self.body,
            r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shd}<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr>{NO_AUTOSPACE}<w:snapToGrid w:val="0"/><w:spacing w:line="{line}" w:lineRule="exact"/><w:jc w:val="{}"/></w:pPr>"#,
            if left { "left" } else { "center" }
        );
        let mut extra = String::new();
        if c.bold && !header {
            extra.push_str("<w:b/><w:bCs/>");
        }
        if let Some(col) = c.color {
            let _ = write!(extra, r#"<w:color w:val="{}"/>"#, hex(col));
        }
        let font = if header { Some(HEI_FONT) } else { None };
        self.run(&c.text, font, Some(sz), &extra);
        self.body.push_str("</w:p></w:tc>");
    }

    fn chart(&mut self, c: &Chart) {
        self.next_id += 1;
        let id = self.next_id;
        let rid = format!("rIdImg{id}");
        self.images.push((format!("chart{id}.png"), c.png.clone()));
        // Fit the 版心 width.
        let max_w = u64::from(TEXT_W) * EMU_PER_TWIP;
        // At most 46% of its height, so two charts share a page.
        let max_h = 225 * 36_000 * 46 / 100;
        let (w, h) = (u64::from(c.width.max(1)), u64::from(c.height.max(1)));
        let mut cx = max_w;
        let mut cy = max_w * h / w;
        if cy > max_h {
            cy = max_h;
            cx = max_h * w / h;
        }
        let name = esc(&c.title);
        let _ = write!(
            self.body,
            r#"<w:p><w:pPr><w:keepNext/>{NO_AUTOSPACE}<w:snapToGrid w:val="0"/><w:spacing w:before="120" w:after="120" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/></w:pPr><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="{id}" name="{name}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="{id}" name="chart{id}.png" descr="{name}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#
        );
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            match b {
                Block::Heading(h) => self.heading(h),
                Block::Paragraph(p) => self.paragraph(p),
                Block::Table(t) => self.table(t),
                Block::Chart(c) => self.chart(c),
            }
        }
    }
}

fn document(brief: &Brief) -> (String, Images) {
    let mut d = Doc {
        body: String::with_capacity(256 * 1024),
        images: Vec::new(),
        next_id: 0,
    };
    // 标题: one empty line above, centred, 2号小标宋; 主送 one line below.
    d.empty();
    d.title(&brief.title, false);
    d.empty();
    d.paragraph(&brief.recipients_paragraph());
    d.blocks(&brief.body);
    if !brief.attachments.is_empty() {
        d.empty();
        for p in brief.attachment_note() {
            d.paragraph(&p);
        }
    }
    d.empty();
    d.empty();
    for p in brief.closing() {
        d.paragraph(&p);
    }
    for a in &brief.attachments {
        // 附件: new page, "附件1" in 黑体 top left, its title centred.
        let _ = write!(
            d.body,
            r#"<w:p><w:pPr><w:keepNext/><w:pageBreakBefore/>{NO_AUTOSPACE}<w:spacing w:line="{LINE_PITCH}" w:lineRule="exact"/></w:pPr>"#
        );
        d.run(&a.label, Some(HEI_FONT), None, "");
        d.body.push_str("</w:p>");
        d.empty();
        d.title(&a.title, false);
        d.empty();
        d.blocks(&a.blocks);
    }
    let body = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>{}<w:sectPr><w:footerReference w:type="default" r:id="rIdFooterOdd"/><w:footerReference w:type="even" r:id="rIdFooterEven"/><w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/><w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" w:left="{MARGIN_LEFT}" w:header="851" w:footer="{FOOTER}" w:gutter="0"/><w:pgNumType w:fmt="decimal" w:start="1"/><w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="{LINE_PITCH}"/></w:sectPr></w:body></w:document>"#,
        d.body
    );
    (body, d.images)
}

/// "— 1 —", 4号宋体; odd pages right and even pages left, one character in from the edge.
fn footer(odd: bool) -> String {
    let (jc, ind) = if odd {
        ("right", r#"<w:ind w:right="280"/>"#)
    } else {
        ("left", r#"<w:ind w:left="280"/>"#)
    };
    let rpr = format!(
        r#"<w:rPr>{}<w:sz w:val="{SZ_PAGE}"/><w:szCs w:val="{SZ_PAGE}"/></w:rPr>"#,
        fonts(PAGE_FONT)
    );
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:p><w:pPr>{NO_AUTOSPACE}<w:snapToGrid w:val="0"/>{ind}<w:jc w:val="{jc}"/></w:pPr><w:r>{rpr}<w:t xml:space="preserve">— </w:t></w:r><w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r><w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r><w:r>{rpr}<w:t>1</w:t></w:r><w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r><w:r>{rpr}<w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>"#
    )
}

fn styles() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr>{}<w:spacing w:val="{CHAR_SPACING}"/><w:kern w:val="2"/><w:sz w:val="{SZ_BODY}"/><w:szCs w:val="{SZ_BODY}"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl w:val="0"/>{NO_AUTOSPACE}<w:spacing w:line="{LINE_PITCH}" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#,
        fonts(BODY_FONT)
    )
}

/// Fonts with the fallbacks Word and WPS use when the first is missing.
fn font_table() -> String {
    let font = |name: &str, alt: &str, family: &str| {
        format!(
            r#"<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="fixed"/></w:font>"#
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{}{}{}{}{}</w:fonts>"#,
        font(BODY_FONT, "仿宋", "modern"),
        font(TITLE_FONT, "宋体", "roman"),
        font(HEI_FONT, "SimHei", "modern"),
        font(KAI_FONT, "楷体", "modern"),
        font(PAGE_FONT, "SimSun", "roman"),
    )
}

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/><w:drawingGridVerticalSpacing w:val="579"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/><w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/><w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>"#;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

fn document_rels(images: &Images) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/><Relationship Id="rIdFooterOdd" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/><Relationship Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>"#,
    );
    for (name, _) in images {
        let id = name.trim_start_matches("chart").trim_end_matches(".png");
        let _ = write!(
            s,
            r#"<Relationship Id="rIdImg{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/{name}"/>"#
        );
    }
    s.push_str("</Relationships>");
    s
}

fn core(brief: &Brief) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><dc:language>zh-CN</dc:language></cp:coreProperties>"#,
        esc(&brief.title),
        esc(&brief.signature.concat())
    )
}

const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>dispatch-desk</Application></Properties>"#;

/// The .docx file's bytes.
pub fn render(brief: &Brief) -> Result<Vec<u8>, ExportError> {
    let err = |e: &dyn std::fmt::Display| ExportError::Render {
        what: "Word 文档",
        detail: e.to_string(),
    };
    let (document, images) = document(brief);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(512 * 1024)));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let parts: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("docProps/core.xml", core(brief)),
        ("docProps/app.xml", APP.to_string()),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", document_rels(&images)),
        ("word/styles.xml", styles()),
        ("word/settings.xml", SETTINGS.to_string()),
        ("word/fontTable.xml", font_table()),
        ("word/footer1.xml", footer(true)),
        ("word/footer2.xml", footer(false)),
    ];
    for (name, text) in parts {
        zip.start_file(name, deflated).map_err(|e| err(&e))?;
        zip.write_all(text.as_bytes()).map_err(|e| err(&e))?;
    }
    for (name, png) in &images {
        // PNG is already compressed.
        zip.start_file(format!("word/media/{name}"), stored)
            .map_err(|e| err(&e))?;
        zip.write_all(png).map_err(|e| err(&e))?;
    }
    let cursor = zip.finish().map_err(|e| err(&e))?;
    Ok(cursor.into_inner())
}
