#!/usr/bin/env node
// Writes fixtures/reader/decl-*.pdf: the same small declaration (two forms of
// a 二级项目支出绩效目标申报表) set by each producer whose PDFs budget units
// send, so that the own reader's equality with pdf.js is tested on each
// (test/own-reader.test.ts) and the bench's producer mix (bench/run.mjs) has
// them. The PDFs are committed: CI has none of these tools. Regenerating needs
//   LibreOffice Writer and Calc (soffice), Chromium (chromium), ReportLab
//   (python3-reportlab), librsvg (rsvg-convert, cairo), Ghostscript (ps2pdf),
//   XeLaTeX (texlive-xetex), and the fonts fonts-noto-cjk and fonts-wqy-zenhei.
// Producers stamp dates and IDs, so a rerun gives other bytes, not other text.
//
//   node scripts/make-producer-mix.mjs            # all of them
//   node scripts/make-producer-mix.mjs chromium   # only those whose name contains a word given
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "fixtures", "reader");
const tmp = mkdtempSync(join(tmpdir(), "producer-mix-"));

// --- the declaration ------------------------------------------------------------------
const FORMS = [
  {
    code: "440303241061500000317",
    name: "社区公共卫生服务项目（其他商品和服务支出）",
    applicant: "深圳市罗湖区卫生健康服务中心",
    unit: "深圳市罗湖区卫生健康局（本级）",
    period: "3",
    type: "12 民生类项目",
    isNew: "否",
    method: "项目法",
    total: "1,286.40",
    annual: "428.80",
    overview: "1.项目背景：根据辖区居民基本公共卫生服务需要。\n2.项目内容：开展健康档案管理、慢病随访和健康教育。",
    annualGoal: "完成辖区居民健康档案更新和慢病随访，提升基本公共卫生服务水平。",
    longTermGoal: "",
    rows: [
      ["产出", "数量", "健康档案更新份数", "≥12000 份", "该指标主要考察健康档案更新份数是否达到目标值"],
      ["产出", "数量", "慢病随访人次", "≥3600 人次", "该指标主要考察慢病随访人次是否达到目标值"],
      ["产出", "质量", "档案合格率", "≥95%", "该指标主要考察健康档案填写是否规范完整"],
      ["产出", "时效", "随访完成及时率", "100%", "该指标主要考察随访是否按期完成"],
      ["产出", "成本", "人均服务成本", "≤35.5 元", "该指标主要考察人均服务成本是否控制在预算内"],
      ["效益", "社会效益", "居民健康素养水平", "逐步提升", "该指标主要考察居民健康素养水平的变化"],
      ["效益", "生态效益", "不适用", "不适用", "不适用"],
      ["满意度", "服务对象满意度", "居民满意度", "≥90%", "该指标主要考察服务对象对项目实施的满意程度"],
    ],
  },
  {
    code: "440303241061500000402",
    name: "政务信息系统运行维护（委托业务费）",
    applicant: "深圳市罗湖区政务服务数据管理局",
    unit: "深圳市罗湖区政务服务数据管理局（本级）",
    period: "1",
    type: "15 履职类项目",
    isNew: "是",
    method: "因素法",
    total: "86.00",
    annual: "86.00",
    overview: "保障政务信息系统全年稳定运行。",
    annualGoal: "系统可用率达到要求，故障响应及时。",
    longTermGoal: "建成安全可靠的政务信息系统运行保障体系。",
    rows: [
      ["产出", "数量", "运维系统数量", "=18 个", "该指标主要考察纳入运维的系统数量"],
      ["产出", "质量", "系统可用率", "≥99.5%", "该指标主要考察系统全年可用时间占比"],
      ["产出", "时效", "故障响应时间", "≤2 小时", "该指标主要考察故障发生后的响应速度"],
      ["效益", "社会效益", "政务服务办理效率", "有效提高", "该指标主要考察系统对政务服务效率的作用"],
      ["效益", "可持续影响", "系统持续运行保障", "长期", "该指标主要考察系统运行保障的可持续性"],
      ["满意度", "服务对象满意度", "使用部门满意度", "≥90%", "该指标主要考察使用部门对运维服务的满意程度"],
    ],
  },
];
const TITLE = "二级项目支出绩效目标申报表";
const BANNER = "深圳市2025年区级部门预算 · 项目支出绩效目标";
const headerRows = (f) => [
  ["项目编码：", f.code, "项目名称：", f.name],
  ["申请单位：", f.applicant, "一级预算单位：", f.unit],
  ["实施期限：", f.period, "项目类型：", f.type],
  ["是否新增项目：", f.isNew, "分配方式：", f.method],
  ["项目总金额（中期规划，万元）：", f.total, "本年度项目金额（万元）：", f.annual],
];
const wideRows = (f) => [
  ["项目概况：", f.overview],
  ["年度目标：", f.annualGoal],
  ["长期目标（跨度多年的项目需填）：", f.longTermGoal],
];
const TABLE_HEAD = ["一级指标", "二级指标", "三级指标", "指标值", "指标解释"];
/** How many rows from `k` on share column `col` (and the columns before it): a merged cell's span. */
function span(rows, k, col) {
  let n = 1;
  while (k + n < rows.length && rows[k + n].slice(0, col + 1).every((v, c) => v === rows[k][c])) n++;
  return n;
}
const startsSpan = (rows, k, col) => k === 0 || rows[k - 1].slice(0, col + 1).some((v, c) => v !== rows[k][c]);
const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

// --- Chromium: HTML printed to PDF (Skia writes the CJK OpenType font as Type3 fonts) ---
function html() {
  const cell = (s, attrs = "") => `<td${attrs}>${esc(s).replace(/\n/g, "<br>")}</td>`;
  const forms = FORMS.map((f) => {
    const head = headerRows(f).map((r) => `<tr>${r.map((s, c) => cell(s, c % 2 ? "" : ' class="l"')).join("")}</tr>`);
    const wide = wideRows(f).map(([l, v]) => `<tr>${cell(l, ' class="l"')}${cell(v, ' colspan="3"')}</tr>`);
    const body = f.rows.map((r, k) => {
      const cells = r.map((s, c) => (c < 2 ? (startsSpan(f.rows, k, c) ? cell(s, ` rowspan="${span(f.rows, k, c)}"`) : "") : cell(s)));
      return `<tr>${cells.join("")}</tr>`;
    });
    return `<section><p class="b">${BANNER}</p><h1>${TITLE}</h1>
<table class="h"><colgroup><col style="width:18%"><col style="width:32%"><col style="width:18%"><col style="width:32%"></colgroup>${head.join("")}${wide.join("")}</table>
<table class="i"><colgroup><col style="width:10%"><col style="width:14%"><col style="width:22%"><col style="width:14%"><col style="width:40%"></colgroup>
<tr>${TABLE_HEAD.map((s) => `<th>${s}</th>`).join("")}</tr>${body.join("")}</table></section>`;
  });
  return `<!doctype html><html><head><meta charset="utf-8"><style>
@page { size: A4; margin: 18mm 15mm; }
body { font-family: "Noto Sans CJK SC"; font-size: 10pt; }
section { page-break-after: always; }
h1 { font-size: 16pt; text-align: center; margin: 6pt 0; }
.b { text-align: center; font-size: 9pt; margin: 0; }
table { border-collapse: collapse; width: 100%; }
td, th { border: 0.75pt solid black; padding: 3pt 4pt; vertical-align: middle; }
.i { margin-top: -0.75pt; }
</style></head><body>${forms.join("\n")}</body></html>`;
}

// --- LibreOffice: flat ODF text (Writer) and spreadsheet (Calc) ---------------------------
const ODF_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"';
const odfText = (s) => s.split("\n").map((line) => `<text:p>${esc(line)}</text:p>`).join("");
function odfFontDecls(font) {
  return `<office:font-face-decls><style:font-face style:name="cjk" svg:font-family="'${font}'"/></office:font-face-decls>`;
}
const ODF_TEXT_PROPS = (size) =>
  `<style:text-properties style:font-name="cjk" style:font-name-asian="cjk" fo:font-size="${size}pt" style:font-size-asian="${size}pt"/>`;

function fodt() {
  const tables = FORMS.map((f, n) => {
    const head = [...headerRows(f), ...wideRows(f).map(([l, v]) => [l, v, null, null])]
      .map((r) => {
        const cells = r[2] === null
          ? `<table:table-cell table:style-name="c" table:number-columns-spanned="3">${odfText(r[1])}</table:table-cell><table:covered-table-cell/><table:covered-table-cell/>`
          : r.map((s) => `<table:table-cell table:style-name="c">${odfText(s)}</table:table-cell>`).join("");
        return `<table:table-row><table:table-cell table:style-name="c">${odfText(r[0])}</table:table-cell>${r[2] === null ? cells : cells.replace(/^<table:table-cell table:style-name="c">.*?<\/table:table-cell>/, "")}</table:table-row>`;
      })
      .join("");
    const body = f.rows
      .map((r, k) => {
        const cells = r.map((s, c) =>
          c < 2 && !startsSpan(f.rows, k, c)
            ? "<table:covered-table-cell/>"
            : `<table:table-cell table:style-name="c"${c < 2 ? ` table:number-rows-spanned="${span(f.rows, k, c)}"` : ""}>${odfText(s)}</table:table-cell>`,
        );
        return `<table:table-row>${cells.join("")}</table:table-row>`;
      })
      .join("");
    return `<text:p text:style-name="${n ? "tb" : "t0"}">${esc(BANNER)}</text:p><text:p text:style-name="title">${TITLE}</text:p>
<table:table table:name="H${n}" table:style-name="w"><table:table-column table:style-name="ca"/><table:table-column table:style-name="cb"/><table:table-column table:style-name="ca"/><table:table-column table:style-name="cb"/>${head}</table:table>
<table:table table:name="I${n}" table:style-name="w"><table:table-column table:style-name="i1"/><table:table-column table:style-name="i2"/><table:table-column table:style-name="i3"/><table:table-column table:style-name="i2"/><table:table-column table:style-name="i5"/>
<table:table-row>${TABLE_HEAD.map((s) => `<table:table-cell table:style-name="c">${odfText(s)}</table:table-cell>`).join("")}</table:table-row>${body}</table:table>`;
  });
  const col = (name, cm) => `<style:style style:name="${name}" style:family="table-column"><style:table-column-properties style:column-width="${cm}cm"/></style:style>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document ${ODF_NS} office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
${odfFontDecls("Noto Serif CJK SC")}
<office:styles><style:default-style style:family="paragraph">${ODF_TEXT_PROPS(10)}</style:default-style></office:styles>
<office:automatic-styles>
<style:style style:name="w" style:family="table"><style:table-properties style:width="18cm" table:align="center"/></style:style>
${col("ca", 3.2)}${col("cb", 5.8)}${col("i1", 1.8)}${col("i2", 2.6)}${col("i3", 3.8)}${col("i5", 7.2)}
<style:style style:name="c" style:family="table-cell"><style:table-cell-properties fo:border="0.75pt solid #000000" fo:padding="0.06cm" style:vertical-align="middle"/></style:style>
<style:style style:name="title" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.2cm"/><style:text-properties fo:font-size="16pt" style:font-size-asian="16pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
<style:style style:name="t0" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/></style:style>
<style:style style:name="tb" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:break-before="page"/></style:style>
</office:automatic-styles>
<office:body><office:text>${tables.join("\n")}</office:text></office:body></office:document>`;
}

function fods() {
  // One sheet: each form's header grid in columns A–D and its table in A–E, one after the other.
  const rows = [];
  const cell = (s, extra = "") => `<table:table-cell table:style-name="c" office:value-type="string"${extra}>${odfText(s)}</table:table-cell>`;
  for (const f of FORMS) {
    rows.push(`<table:table-row table:style-name="tall">${cell(TITLE, ' table:number-columns-spanned="5"')}<table:covered-table-cell/><table:covered-table-cell/><table:covered-table-cell/><table:covered-table-cell/></table:table-row>`);
    for (const r of headerRows(f)) rows.push(`<table:table-row>${r.map((s, c) => cell(s, c === 3 ? ' table:number-columns-spanned="2"' : "")).join("")}<table:covered-table-cell/></table:table-row>`);
    for (const [l, v] of wideRows(f)) rows.push(`<table:table-row>${cell(l)}${cell(v, ' table:number-columns-spanned="4"')}<table:covered-table-cell/><table:covered-table-cell/><table:covered-table-cell/></table:table-row>`);
    rows.push(`<table:table-row>${TABLE_HEAD.map((s) => cell(s)).join("")}</table:table-row>`);
    f.rows.forEach((r, k) => {
      const cells = r.map((s, c) => (c < 2 && !startsSpan(f.rows, k, c) ? "<table:covered-table-cell/>" : cell(s, c < 2 ? ` table:number-rows-spanned="${span(f.rows, k, c)}"` : "")));
      rows.push(`<table:table-row>${cells.join("")}</table:table-row>`);
    });
    rows.push(`<table:table-row table:style-name="brk"><table:table-cell/></table:table-row>`);
  }
  const col = (name, cm) => `<style:style style:name="${name}" style:family="table-column"><style:table-column-properties style:column-width="${cm}cm"/></style:style>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document ${ODF_NS} office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
${odfFontDecls("Noto Sans CJK SC")}
<office:styles><style:default-style style:family="table-cell">${ODF_TEXT_PROPS(9)}</style:default-style></office:styles>
<office:automatic-styles>
${col("a", 2.8)}${col("b", 3.6)}${col("c", 3.4)}${col("d", 2.4)}${col("e", 4.6)}
<style:style style:name="tall" style:family="table-row"><style:table-row-properties style:row-height="0.9cm" style:use-optimal-row-height="false"/></style:style>
<style:style style:name="brk" style:family="table-row"><style:table-row-properties fo:break-before="page"/></style:style>
<style:style style:name="c" style:family="table-cell"><style:table-cell-properties fo:border="0.75pt solid #000000" fo:wrap-option="wrap" style:vertical-align="middle"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet><table:table table:name="申报表"><table:table-column table:style-name="a"/><table:table-column table:style-name="b"/><table:table-column table:style-name="c"/><table:table-column table:style-name="d"/><table:table-column table:style-name="e"/>
${rows.join("\n")}</table:table></office:spreadsheet></office:body></office:document>`;
}

// --- ReportLab: platypus tables, CJK in STSong-Light (not embedded, UniGB-UCS2-H) -----------
// Two variants: `standard` sets digits and codes in Helvetica and the page furniture in
// Times-Roman and Courier (the standard 14 fonts, not embedded); `cid` sets everything in STSong-Light.
const REPORTLAB = String.raw`
import json, sys
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import SimpleDocTemplate, Paragraph, Table, TableStyle, PageBreak, Spacer
from reportlab.lib.units import mm
pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
forms, variant, path = json.load(sys.stdin), sys.argv[1], sys.argv[2]
standard = variant == "standard"
body = ParagraphStyle("b", fontName="STSong-Light", fontSize=9, leading=12, wordWrap="CJK")
title = ParagraphStyle("t", fontName="STSong-Light", fontSize=16, leading=22, alignment=1)
banner = ParagraphStyle("n", fontName="STSong-Light", fontSize=9, leading=12, alignment=1)
import re
def para(text, style=body):
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")
    if standard:
        text = re.sub(r"([0-9A-Za-z.,%=]+)", r'<font name="Helvetica">\1</font>', text)
    return Paragraph(text, style)
grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
story = []
for f in forms:
    story += [para(f["banner"], banner), Spacer(1, 4), para(f["title"], title), Spacer(1, 4)]
    head = [[para(s) for s in r] for r in f["head"]] + [[para(l), para(v), "", ""] for l, v in f["wide"]]
    t = Table(head, colWidths=[32*mm, 58*mm, 32*mm, 58*mm])
    style = TableStyle(grid.getCommands() + [("SPAN", (1, k), (3, k)) for k in range(len(f["head"]), len(head))])
    t.setStyle(style)
    rows = [[para(s) for s in f["tableHead"]]] + [[para(s) for s in r] for r in f["rows"]]
    spans = [("SPAN", (c, 1 + k), (c, k + n)) for c, k, n in f["spans"] if n > 1]
    i = Table(rows, colWidths=[18*mm, 26*mm, 38*mm, 26*mm, 72*mm], repeatRows=1)
    i.setStyle(TableStyle(grid.getCommands() + spans))
    story += [t, i, PageBreak()]
def furniture(canvas, doc):
    canvas.saveState()
    if standard:
        canvas.setFont("Times-Roman", 8)
        canvas.drawString(15*mm, 10*mm, "Budget declaration, generated for tests")
        canvas.setFont("Courier", 8)
        canvas.drawRightString(195*mm, 10*mm, "Page %d" % doc.page)
    else:
        canvas.setFont("STSong-Light", 8)
        canvas.drawCentredString(105*mm, 10*mm, "第 %d 页" % doc.page)
    canvas.restoreState()
SimpleDocTemplate(path, pagesize=A4, leftMargin=15*mm, rightMargin=15*mm, topMargin=15*mm, bottomMargin=18*mm).build(story, onFirstPage=furniture, onLaterPages=furniture)
`;

function reportlabInput() {
  return JSON.stringify(
    FORMS.map((f) => ({
      banner: BANNER,
      title: TITLE,
      head: headerRows(f),
      wide: wideRows(f),
      tableHead: TABLE_HEAD,
      rows: f.rows,
      spans: f.rows.flatMap((_, k) => [0, 1].filter((c) => startsSpan(f.rows, k, c)).map((c) => [c, k, span(f.rows, k, c)])),
    })),
  );
}

// --- cairo (through librsvg): an SVG page laid out here, in a grid of lines -----------------
/** Characters of `text` that fit `width` points at `size` (CJK one em, others half an em), line by line. */
function wrap(text, width, size) {
  const lines = [];
  for (const para of text.split("\n")) {
    let line = "";
    let w = 0;
    for (const ch of para) {
      const cw = ch.charCodeAt(0) > 0x2e80 ? size : size * 0.55;
      if (w + cw > width && line) {
        lines.push(line);
        line = "";
        w = 0;
      }
      line += ch;
      w += cw;
    }
    lines.push(line);
  }
  return lines;
}

/** One page per form: text runs (x, y baseline, size, text) and ruling lines, A4 in points, y downwards. */
function layoutPages() {
  const size = 9;
  const lead = 12;
  const left = 42;
  return FORMS.map((f) => {
    const texts = [];
    const lines = [];
    let y = 50;
    texts.push({ x: 297.5, y, size, text: BANNER, anchor: "middle" });
    y += 28;
    texts.push({ x: 297.5, y, size: 16, text: TITLE, anchor: "middle" });
    y += 16;
    // Rows of cells: each cell is [x, width, text]; the row is as tall as its tallest cell.
    const row = (cells, top, { rules = true, skipTop = [] } = {}) => {
      const wrapped = cells.map(([, w, t]) => wrap(t, w - 8, size));
      const h = Math.max(...wrapped.map((l) => l.length)) * lead + 8;
      cells.forEach(([x, w], k) => {
        wrapped[k].forEach((t, n) => texts.push({ x: x + 4, y: top + 4 + size + n * lead, size, text: t }));
        if (!rules) return;
        if (!skipTop.includes(k)) lines.push([x, top, x + w, top]);
        lines.push([x, top, x, top + h], [x + w, top, x + w, top + h]);
      });
      return h;
    };
    const hw = [96, 160, 96, 159];
    const hx = [left, left + 96, left + 256, left + 352];
    for (const r of headerRows(f)) y += row(r.map((t, k) => [hx[k], hw[k], t]), y);
    for (const [l, v] of wideRows(f)) y += row([[left, 96, l], [left + 96, 415, v]], y);
    const iw = [52, 70, 110, 70, 209];
    const ix = iw.map((_, k) => left + iw.slice(0, k).reduce((a, b) => a + b, 0));
    y += row(TABLE_HEAD.map((t, k) => [ix[k], iw[k], t]), y);
    f.rows.forEach((r, k) => {
      // A merged 一级/二级 cell: its text in its first row, no line between its rows.
      const skipTop = [0, 1].filter((c) => !startsSpan(f.rows, k, c));
      y += row(r.map((t, c) => [ix[c], iw[c], skipTop.includes(c) ? "" : t]), y, { skipTop });
    });
    lines.push([left, y, left + 511, y]);
    return { texts, lines };
  });
}

function svgPage(page) {
  const text = page.texts
    .map((t) => `<text x="${t.x}" y="${t.y}" font-size="${t.size}"${t.anchor ? ` text-anchor="${t.anchor}"` : ""}>${esc(t.text)}</text>`)
    .join("\n");
  const rules = page.lines.map(([x1, y1, x2, y2]) => `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}"/>`).join("\n");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="595pt" height="842pt" viewBox="0 0 595 842">
<g font-family="Noto Sans CJK SC">${text}</g>
<g stroke="black" stroke-width="0.6">${rules}</g></svg>`;
}

// --- XeLaTeX: longtables in Noto Serif CJK (an OpenType CFF font: CIDFontType0C, Identity-H) ---
function tex() {
  const t = (s) => s.replace(/\\/g, "\\textbackslash{}").replace(/([%&#$_{}])/g, "\\$1").replace(/\n/g, "\\newline ");
  const forms = FORMS.map((f) => {
    const head = headerRows(f).map((r) => `${r.map(t).join(" & ")} \\\\ \\hline`);
    const wide = wideRows(f).map(([l, v]) => `${t(l)} & \\multicolumn{3}{P{13.1cm}|}{${t(v)}} \\\\ \\hline`);
    const body = f.rows.map((r, k) => {
      const cells = r.map((s, c) => (c < 2 ? (startsSpan(f.rows, k, c) ? `\\multirow[t]{${span(f.rows, k, c)}}{*}{\\parbox[t]{${c ? 2.1 : 1.4}cm}{\\raggedright ${t(s)}}}` : "") : t(s)));
      const next = k + 1 < f.rows.length ? (startsSpan(f.rows, k + 1, 0) ? 1 : startsSpan(f.rows, k + 1, 1) ? 2 : 3) : 1;
      return `${cells.join(" & ")} \\\\ ${next === 1 ? "\\hline" : `\\cline{${next}-5}`}`;
    });
    return `\\begin{center}{\\small ${t(BANNER)}}\\\\[6pt]{\\Large\\bfseries ${TITLE}}\\end{center}
\\noindent\\begin{tabular}{|P{2.9cm}|P{5.1cm}|P{2.9cm}|P{4.6cm}|}\\hline
${head.join("\n")}
${wide.join("\n")}
\\end{tabular}\\par\\nointerlineskip
\\noindent\\begin{longtable}{|P{1.4cm}|P{2.1cm}|P{3.2cm}|P{2.2cm}|P{5.7cm}|}\\hline
${TABLE_HEAD.join(" & ")} \\\\ \\hline\\endhead
${body.join("\n")}
\\end{longtable}\\newpage`;
  });
  return `\\documentclass[10pt]{article}
\\usepackage[a4paper,margin=18mm]{geometry}
\\usepackage{fontspec,longtable,multirow,array}
\\newcolumntype{P}[1]{>{\\raggedright\\arraybackslash}p{#1}}
\\setmainfont{Noto Serif CJK SC}
\\XeTeXlinebreaklocale "zh"
\\XeTeXlinebreakskip = 0pt plus 1pt
\\setlength{\\LTpre}{0pt}
\\pagestyle{plain}
\\begin{document}
${forms.join("\n")}
\\end{document}
`;
}

// --- run the producers -------------------------------------------------------------------
function python() {
  for (const candidate of ["python3", "/usr/bin/python3"]) {
    if (spawnSync(candidate, ["-c", "import reportlab"]).status === 0) return candidate;
  }
  throw new Error("no python3 with reportlab (Debian: python3-reportlab)");
}
const run = (cmd, args, options = {}) => execFileSync(cmd, args, { cwd: tmp, stdio: ["pipe", "ignore", "inherit"], ...options });

const PRODUCERS = {
  "libreoffice-writer": () => {
    writeFileSync(join(tmp, "writer.fodt"), fodt());
    run("soffice", ["--headless", "--convert-to", "pdf", "--outdir", tmp, join(tmp, "writer.fodt")], { stdio: "ignore" });
    return "writer.pdf";
  },
  "libreoffice-calc": () => {
    writeFileSync(join(tmp, "calc.fods"), fods());
    run("soffice", ["--headless", "--convert-to", "pdf", "--outdir", tmp, join(tmp, "calc.fods")], { stdio: "ignore" });
    return "calc.pdf";
  },
  chromium: () => {
    writeFileSync(join(tmp, "page.html"), html());
    run("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", `--print-to-pdf=${join(tmp, "chromium.pdf")}`, `file://${join(tmp, "page.html")}`], { stdio: "ignore" });
    return "chromium.pdf";
  },
  "reportlab-standard": () => {
    run(python(), ["-c", REPORTLAB, "standard", join(tmp, "rl-standard.pdf")], { input: reportlabInput() });
    return "rl-standard.pdf";
  },
  "reportlab-cid": () => {
    run(python(), ["-c", REPORTLAB, "cid", join(tmp, "rl-cid.pdf")], { input: reportlabInput() });
    return "rl-cid.pdf";
  },
  cairo: () => {
    const pages = layoutPages().map((page, k) => {
      writeFileSync(join(tmp, `page${k}.svg`), svgPage(page));
      return `page${k}.svg`;
    });
    run("rsvg-convert", ["-f", "pdf", "-o", "cairo.pdf", ...pages]);
    return "cairo.pdf";
  },
  ghostscript: () => {
    // Ghostscript's pdfwrite, given the Writer PDF: it writes every object, font and
    // content stream anew (from PostScript that it writes itself, CJK fonts lose their
    // Unicode maps, and no one can read their text).
    if (!existsSync(join(tmp, "writer.pdf"))) PRODUCERS["libreoffice-writer"]();
    run("ps2pdf", ["writer.pdf", "ghostscript.pdf"]);
    return "ghostscript.pdf";
  },
  xelatex: () => {
    writeFileSync(join(tmp, "decl.tex"), tex());
    for (let pass = 0; pass < 2; pass++) run("xelatex", ["-interaction=batchmode", "decl.tex"]);
    return "decl.pdf";
  },
};

const wanted = process.argv.slice(2);
try {
  for (const [name, make] of Object.entries(PRODUCERS)) {
    if (wanted.length && !wanted.some((w) => name.includes(w))) continue;
    const made = make();
    copyFileSync(join(tmp, made), join(out, `decl-${name}.pdf`));
    console.log(`fixtures/reader/decl-${name}.pdf (${readFileSync(join(out, `decl-${name}.pdf`)).length} bytes)`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
