#!/usr/bin/env node
// Declarations printed by an office suite, for the parser's "never silent" test:
// the forms of fixtures/a4-open-breaks.truth.json laid out once as a spreadsheet
// (merged cells, wrapped text, borders, fit to the page's width) and once as an
// HTML table, both printed to PDF by LibreOffice (Calc, and Writer/Web, which
// drops the HTML's borders: a table without ruling lines, cells centred).
//
//   node scripts/make-office-fixtures.mjs     (needs soffice; writes fixtures/office/)
//
// The truth is the source forms with `pages` left empty.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "fixtures", "office");
const forms = JSON.parse(readFileSync(join(root, "fixtures", "a4-open-breaks.truth.json"), "utf8"));
const work = mkdtempSync(join(tmpdir(), "office-fixtures-"));
const amount = (n) => n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const level2 = (i) => (i.core ? "*" : "") + i.level2;
/** Runs of indicators sharing a key: [first, count]. */
function runs(indicators, key) {
  const out = [];
  indicators.forEach((ind, i) => (i > 0 && key(indicators[i - 1]) === key(ind) ? out.at(-1)[1]++ : out.push([i, 1])));
  return out;
}

async function spreadsheet(path) {
  const wb = new ExcelJS.Workbook();
  wb.created = wb.modified = new Date(Date.UTC(2025, 0, 15));
  const ws = wb.addWorksheet("申报表", {
    pageSetup: { paperSize: 9, orientation: "portrait", fitToPage: true, fitToWidth: 1, fitToHeight: 0, margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 } },
  });
  ws.headerFooter.oddFooter = "第 &P 页";
  const widths = [9, 11, 20, 11, 30];
  ws.columns = widths.map((width) => ({ width }));
  const thin = { style: "thin" };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  // Row heights as "optimal row height" would set them: the tallest wrapped cell's lines.
  const fit = (row, cells) => {
    const lines = Math.max(1, ...cells.map(([text, width]) => String(text).split("\n").reduce((n, p) => n + Math.max(1, Math.ceil([...p].reduce((w, ch) => w + (/[\x00-\xff]/.test(ch) ? 1.1 : 2.1), 0) / (width - 1))), 0)));
    ws.getRow(row).height = lines * 14.5 + 3;
  };
  const frame = (r, align = {}) => {
    for (let c = 1; c <= 5; c++) Object.assign(ws.getCell(r, c), { border, alignment: { wrapText: true, vertical: "middle", ...align } });
  };
  let r = 1;
  for (const f of forms) {
    ws.mergeCells(r, 1, r, 5);
    Object.assign(ws.getCell(r, 1), { value: "二级项目支出绩效目标申报表", font: { size: 16, bold: true }, alignment: { horizontal: "center" } });
    ws.getRow(r++).height = 30;
    const pairs = [
      ["项目编码：", f.projectCode, "项目名称：", f.projectName],
      ["申请单位：", f.applicant, "一级预算单位：", f.budgetUnit],
      ["实施期限：", String(f.period), "项目类型：", `${f.projectTypeCode} ${f.projectType}`],
      ["是否新增项目：", f.isNew ? "是" : "否", "分配方式：", f.allocationMethod],
      ["项目总金额（中期规划，万元）：", amount(f.totalAmount), "本年度项目金额（万元）：", amount(f.annualAmount)],
    ];
    for (const [l1, v1, l2, v2] of pairs) {
      ws.mergeCells(r, 2, r, 3);
      [l1, v1, null, l2, v2].forEach((v, c) => v !== null && (ws.getCell(r, c + 1).value = v));
      frame(r);
      fit(r, [[l1, widths[0]], [v1, widths[1] + widths[2]], [l2, widths[3]], [v2, widths[4]]]);
      r++;
    }
    for (const [label, value] of [["项目概况：", f.overview], ["年度目标：", f.annualGoal], ["长期目标（跨度多年的项目需填）：", f.longTermGoal]]) {
      ws.mergeCells(r, 2, r, 5);
      ws.getCell(r, 1).value = label;
      ws.getCell(r, 2).value = value;
      frame(r);
      fit(r, [[label, widths[0]], [value, widths.slice(1).reduce((a, b) => a + b)]]);
      r++;
    }
    ["一级指标", "二级指标", "三级指标", "指标值", "指标解释"].forEach((h, c) => (ws.getCell(r, c + 1).value = h));
    frame(r, { horizontal: "center" });
    r++;
    const start = r;
    for (const ind of f.indicators) {
      [null, null, ind.level3, ind.value, ind.explanation].forEach((v, c) => v !== null && (ws.getCell(r, c + 1).value = v));
      frame(r);
      ws.getCell(r, 4).alignment = { wrapText: true, vertical: "middle", horizontal: "center" };
      fit(r, [[ind.level3, widths[2]], [ind.value, widths[3]], [ind.explanation, widths[4]], [level2(ind), widths[1]]]);
      r++;
    }
    for (const [col, key, text] of [[1, (i) => i.level1, (i) => i.level1], [2, (i) => i.level1 + level2(i), level2]]) {
      for (const [i, n] of runs(f.indicators, key)) {
        if (n > 1) ws.mergeCells(start + i, col, start + i + n - 1, col);
        Object.assign(ws.getCell(start + i, col), { value: text(f.indicators[i]), alignment: { wrapText: true, vertical: "middle", horizontal: "center" } });
      }
    }
    r += 2;
  }
  await wb.xlsx.writeFile(path);
}

function html(path) {
  const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/\n/g, "<br>");
  let doc = `<html><head><meta charset="utf-8"><style>body{font-size:10pt} table{border-collapse:collapse;width:100%} td{border:1px solid #000;padding:2px 4px;vertical-align:middle} h1{text-align:center;font-size:16pt}</style></head><body>`;
  for (const f of forms) {
    doc += "<h1>二级项目支出绩效目标申报表</h1><table>";
    const pair = (a, b, c, d) => (doc += `<tr><td width="12%">${a}</td><td width="38%" colspan="2">${esc(b)}</td><td width="12%">${c}</td><td width="38%" colspan="2">${esc(d)}</td></tr>`);
    pair("项目编码：", f.projectCode, "项目名称：", f.projectName);
    pair("申请单位：", f.applicant, "一级预算单位：", f.budgetUnit);
    pair("实施期限：", f.period, "项目类型：", `${f.projectTypeCode} ${f.projectType}`);
    pair("是否新增项目：", f.isNew ? "是" : "否", "分配方式：", f.allocationMethod);
    pair("项目总金额（中期规划，万元）：", amount(f.totalAmount), "本年度项目金额（万元）：", amount(f.annualAmount));
    for (const [label, value] of [["项目概况：", f.overview], ["年度目标：", f.annualGoal], ["长期目标（跨度多年的项目需填）：", f.longTermGoal]]) {
      doc += `<tr><td>${label}</td><td colspan="5">${esc(value)}</td></tr>`;
    }
    doc += '</table><table><tr><td width="9%">一级指标</td><td width="12%">二级指标</td><td width="26%">三级指标</td><td width="13%">指标值</td><td width="40%">指标解释</td></tr>';
    const first1 = new Map(runs(f.indicators, (i) => i.level1));
    const first2 = new Map(runs(f.indicators, (i) => i.level1 + level2(i)));
    f.indicators.forEach((ind, i) => {
      doc += "<tr>";
      if (first1.has(i)) doc += `<td rowspan="${first1.get(i)}">${ind.level1}</td>`;
      if (first2.has(i)) doc += `<td rowspan="${first2.get(i)}">${level2(ind)}</td>`;
      doc += `<td>${esc(ind.level3)}</td><td>${esc(ind.value)}</td><td>${esc(ind.explanation)}</td></tr>`;
    });
    doc += "</table><p>&nbsp;</p>";
  }
  writeFileSync(path, `${doc}</body></html>`);
}

function print(input, filter, name) {
  execFileSync("soffice", ["--headless", `-env:UserInstallation=file://${join(work, "profile")}`, "--convert-to", filter, "--outdir", work, input], { stdio: "ignore", timeout: 180_000 });
  renameSync(input.replace(/\.\w+$/, ".pdf"), join(out, `${name}.pdf`));
  writeFileSync(join(out, `${name}.truth.json`), `${JSON.stringify(forms.map((f) => ({ ...f, pages: [] })), null, 2)}\n`);
  console.log(`fixtures/office/${name}.pdf`);
}

mkdirSync(out, { recursive: true });
try {
  await spreadsheet(join(work, "calc-declaration.xlsx"));
  print(join(work, "calc-declaration.xlsx"), "pdf", "calc-declaration");
  html(join(work, "writer-declaration.html"));
  print(join(work, "writer-declaration.html"), "pdf:writer_web_pdf_Export", "writer-declaration");
} finally {
  rmSync(work, { recursive: true, force: true });
}
