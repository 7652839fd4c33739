import { FORM_PRINTED_FIELDS, INDICATOR_PRINTED_FIELDS, type Document, type Form, type Place, type Warning } from "../schema.js";
import type { UnplacedPlace } from "../provenance.js";
import { CSV_LABELS_ZH } from "../write/csv.js";
import type { PageImage } from "./render.js";

// The review page: one self-contained HTML file (pictures inlined as data: URLs,
// style and script inline, a Content-Security-Policy that forbids every fetch),
// so that it opens from disk, offline, in any current browser. Every text in it
// comes from the PDF and is escaped; the script is the same for every document
// and reads what it needs from data- attributes.
//
// Left: the pages, each a picture with a box over every field's provenance
// (data-form, data-field, data-page), a form's fields in its colour, fields an
// extraction warning names in red, text that ended in no field outlined in red.
// Right: each form as a table, its warnings first. Clicking a value scrolls to
// its box and marks it; clicking a box goes to its value; hovering a box names
// the field and its value.

export interface ReviewInput {
  document: Document;
  pages: readonly PageImage[];
  unplaced?: readonly UnplacedPlace[];
}

// Form colours: distinct hues, none of them red (red is kept for warnings).
const COLOURS = ["#1f6fd1", "#1e9e4a", "#8a4fc7", "#d9822b", "#0f9ca8", "#8c5a3c", "#c2459c", "#5a6b7b"];

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

const fieldLabel = (field: string): string => (CSV_LABELS_ZH as Record<string, string>)[field] ?? field;

/** A value as a reader of the form sees it. */
function shown(value: unknown): string {
  if (value === null || value === undefined || value === "") return "";
  if (typeof value === "boolean") return value ? "是" : "否";
  return String(value);
}

const percent = (x: number, of: number): string => `${((100 * x) / of).toFixed(3)}%`;

function boxStyle(box: Place["box"], page: PageImage): string {
  const [x0, y0, x1, y1] = box;
  return `left:${percent(x0, page.width)};top:${percent(y0, page.height)};width:${percent(x1 - x0, page.width)};height:${percent(y1 - y0, page.height)}`;
}

/** "第 3 页", "第 3–4 页", "第 2、5 页". */
function pagesText(pages: readonly number[]): string {
  if (pages.length === 0) return "";
  const sorted = [...new Set(pages)].sort((a, b) => a - b);
  const contiguous = sorted.every((p, i) => i === 0 || p === sorted[i - 1]! + 1);
  return `第 ${sorted.length > 1 && contiguous ? `${sorted[0]}–${sorted.at(-1)}` : sorted.join("、")} 页`;
}

interface FieldEntry {
  form: number;
  /** The Form key, or indicators[j].key (as warnings name fields). */
  field: string;
  label: string;
  value: string;
  places: Place[];
  warned: "extraction" | "declaration" | null;
}

/** How seriously the warnings of a form name a field: a warning on `indicators[4]` names each of its cells. */
function warnedBy(warnings: readonly Warning[], form: number, field: string): FieldEntry["warned"] {
  let level: FieldEntry["warned"] = null;
  for (const w of warnings) {
    if (w.form !== form || w.field === null) continue;
    if (w.field !== field && !field.startsWith(`${w.field}.`)) continue;
    if (w.about === "extraction") return "extraction";
    level = "declaration";
  }
  return level;
}

function fieldsOf(form: Form, n: number, warnings: readonly Warning[]): { header: FieldEntry[]; rows: FieldEntry[][] } {
  const entry = (field: string, label: string, value: unknown, places: Place[] | undefined): FieldEntry => ({
    form: n,
    field,
    label,
    value: shown(value),
    places: places ?? [],
    warned: warnedBy(warnings, n, field),
  });
  const header = FORM_PRINTED_FIELDS.map((f) => entry(f, fieldLabel(f), form[f], form.provenance?.[f]));
  const rows = form.indicators.map((row, j) =>
    INDICATOR_PRINTED_FIELDS.map((f) => entry(`indicators[${j}].${f}`, fieldLabel(f), f === "level2" && row.core ? `*${row.level2}` : row[f], row.provenance?.[f])),
  );
  return { header, rows };
}

const keyOf = (e: { form: number; field: string }): string => `${e.form}/${e.field}`;

function tooltip(e: FieldEntry): string {
  const value = e.value.length > 300 ? `${e.value.slice(0, 300)}…` : e.value;
  return `表 ${e.form} · ${e.label}：${value}`;
}

function valueCell(e: FieldEntry): string {
  const classes = ["value", ...(e.warned ? [`warned-${e.warned}`] : []), ...(e.places.length ? ["placed"] : [])];
  const goto = e.places.length ? ` data-goto="${escapeHtml(keyOf(e))}" tabindex="0" title="在页面上显示"` : "";
  return `<td class="${classes.join(" ")}"${goto}>${escapeHtml(e.value)}</td>`;
}

function warningItem(w: Warning, formFields: ReadonlyMap<string, FieldEntry>): string {
  const field = w.field !== null ? formFields.get(`${w.form}/${w.field}`) : undefined;
  const where = [w.page !== null ? `第 ${w.page} 页` : "", w.field !== null ? (field?.label ?? w.field) : ""].filter(Boolean).join(" · ");
  const goto = field?.places.length ? ` data-goto="${escapeHtml(keyOf(field))}" tabindex="0"` : w.page !== null ? ` data-goto-page="${w.page}" tabindex="0"` : "";
  const kind = w.about === "extraction" ? "需核对" : "申报内容";
  return `<li class="warning ${w.about}"${goto}><span class="kind">${kind}</span> ${where ? `<span class="where">${escapeHtml(where)}</span> ` : ""}${escapeHtml(w.message)} <code>${escapeHtml(w.code)}</code></li>`;
}

function formSection(form: Form, n: number, doc: Document, fields: ReturnType<typeof fieldsOf>, byKey: ReadonlyMap<string, FieldEntry>): string {
  const warnings = doc.warnings.filter((w) => w.form === n);
  const head = fields.header.map((e) => `<tr><th>${escapeHtml(e.label)}</th>${valueCell(e)}</tr>`).join("");
  const rows = fields.rows
    .map((cells, j) => `<tr class="${form.indicators[j]!.applicable ? "" : "not-applicable"}">${cells.map(valueCell).join("")}</tr>`)
    .join("");
  const table = form.indicators.length
    ? `<table class="indicators"><thead><tr>${INDICATOR_PRINTED_FIELDS.map((f) => `<th>${fieldLabel(f)}</th>`).join("")}</tr></thead><tbody>${rows}</tbody></table>`
    : `<p class="none">没有读到指标行。</p>`;
  return `<section class="form f${colourIndex(n)}" id="form-${n}" data-form="${n}">
<h2><span class="swatch"></span>表 ${n} · ${escapeHtml(form.projectName || "（无项目名称）")}</h2>
<p class="meta">${escapeHtml([pagesText(form.pages), form.projectCode ? `项目编码 ${form.projectCode}` : ""].filter(Boolean).join(" · "))}</p>
${warnings.length ? `<ul class="warnings">${warnings.map((w) => warningItem(w, byKey)).join("")}</ul>` : `<p class="ok">没有警告。</p>`}
<table class="header">${head}</table>
${table}
</section>`;
}

const colourIndex = (n: number): number => (n - 1) % COLOURS.length;

function pageFigure(page: PageImage, boxes: readonly FieldEntry[], unplaced: readonly UnplacedPlace[]): string {
  const parts: string[] = [];
  for (const e of boxes) {
    for (const place of e.places) {
      if (place.page !== page.page) continue;
      const classes = ["box", `f${colourIndex(e.form)}`, ...(e.warned ? [`warned-${e.warned}`] : [])];
      parts.push(
        `<div class="${classes.join(" ")}" data-form="${e.form}" data-field="${escapeHtml(e.field)}" data-page="${page.page}" data-key="${escapeHtml(keyOf(e))}" style="${boxStyle(place.box, page)}" title="${escapeHtml(tooltip(e))}"></div>`,
      );
    }
  }
  for (const u of unplaced) {
    if (u.page === page.page) parts.push(`<div class="unplaced" data-page="${u.page}" style="${boxStyle(u.box, page)}" title="${escapeHtml(`未归入任何字段的文字：${u.text}`)}"></div>`);
  }
  const picture = page.image
    ? `<img src="data:${page.image.mime};base64,${Buffer.from(page.image.data).toString("base64")}" width="${page.image.pixelWidth}" height="${page.image.pixelHeight}" alt="第 ${page.page} 页">`
    : `<p class="unrendered">此页无法显示${page.problem ? `（${escapeHtml(page.problem)}）` : ""}</p>`;
  return `<figure class="page" id="page-${page.page}" data-page="${page.page}" style="--w:${page.width.toFixed(1)};aspect-ratio:${page.width.toFixed(2)} / ${page.height.toFixed(2)}">
<figcaption>第 ${page.page} 页</figcaption>${picture}${parts.join("")}</figure>`;
}

/** The review page of a document whose forms carry provenance, over the pictures of its pages. */
export function reviewHtml({ document: doc, pages, unplaced = [] }: ReviewInput): string {
  const fields = doc.forms.map((form, i) => fieldsOf(form, i + 1, doc.warnings));
  const all = fields.flatMap((f) => [...f.header, ...f.rows.flat()]);
  const byKey = new Map(all.map((e) => [keyOf(e), e]));
  const extraction = doc.warnings.filter((w) => w.about === "extraction").length;
  const general = doc.warnings.filter((w) => w.form === null);
  const rows = doc.forms.reduce((n, f) => n + f.indicators.length, 0);
  const summary = [
    `<strong>${doc.forms.length}</strong> 张申报表`,
    `<strong>${rows}</strong> 个指标`,
    `<strong>${doc.pageCount ?? pages.length}</strong> 页`,
    `<strong>${doc.warnings.length}</strong> 条警告${extraction ? `，其中 <strong class="bad">${extraction}</strong> 条需对照原件核对` : ""}`,
    ...(unplaced.length ? [`<strong class="bad">${unplaced.length}</strong> 处文字未归入任何字段`] : []),
  ].join("　·　");
  const legend = doc.forms
    .map((form, i) => `<a href="#form-${i + 1}" class="f${colourIndex(i + 1)}"><span class="swatch"></span>表 ${i + 1}</a>`)
    .join("");
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>核对：${escapeHtml(doc.source)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="summary">
<h1>申报表核对 · <span class="source">${escapeHtml(doc.source)}</span></h1>
<p>${summary}</p>
<p class="legend">${legend}<span class="key"><span class="swatch warned"></span>需核对的字段</span><span class="key"><span class="swatch unplaced"></span>未归入字段的文字</span></p>
${general.length ? `<ul class="warnings">${general.map((w) => warningItem(w, byKey)).join("")}</ul>` : ""}
</header>
<main>
<section class="pages" aria-label="页面">
${pages.map((page) => pageFigure(page, all, unplaced)).join("\n")}
</section>
<aside class="forms" aria-label="申报表">
${doc.forms.map((form, i) => formSection(form, i + 1, doc, fields[i]!, byKey)).join("\n")}
</aside>
</main>
<div id="status" role="status" hidden></div>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

const STYLE = `
*{box-sizing:border-box}
html,body{height:100%;margin:0}
body{display:flex;flex-direction:column;font:14px/1.5 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;color:#1d2733;background:#e9ecef}
${COLOURS.map((c, i) => `.f${i}{--c:${c}}`).join("")}
.summary{padding:10px 18px;background:#fff;border-bottom:1px solid #c9d0d6}
.summary h1{font-size:17px;margin:0 0 4px}
.summary p{margin:2px 0}
.source{font-weight:normal;color:#555;word-break:break-all}
.bad{color:#c62828}
.legend a,.legend .key{display:inline-flex;align-items:center;gap:4px;margin-right:14px;color:inherit;text-decoration:none}
.swatch{display:inline-block;width:12px;height:12px;border:2px solid var(--c);background:color-mix(in srgb,var(--c) 25%,transparent);vertical-align:-1px;margin-right:4px}
.swatch.warned{--c:#d32f2f}
.swatch.unplaced{border:2px dashed #d32f2f;background:none}
main{flex:1;min-height:0;display:grid;grid-template-columns:minmax(0,1fr) minmax(380px,44%)}
.pages,.forms{overflow:auto;padding:14px}
.page{position:relative;margin:0 auto 22px;width:min(100%,calc(var(--w) * 1.5px));background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.25)}
.page figcaption{position:absolute;bottom:100%;left:0;font-size:12px;color:#555}
.page img{display:block;width:100%;height:100%}
.unrendered{margin:0;padding:40px;color:#c62828}
.page .box,.page .unplaced{position:absolute}
.box{border:1.5px solid var(--c);background:color-mix(in srgb,var(--c) 12%,transparent);cursor:pointer}
.box:hover{background:color-mix(in srgb,var(--c) 30%,transparent)}
.box.warned-extraction{--c:#d32f2f;border-width:2px}
.box[data-field="title"]::before{content:"表 " attr(data-form);position:absolute;left:0;bottom:100%;padding:0 5px;font-size:11px;line-height:1.4;color:#fff;background:var(--c);white-space:nowrap}
.page .unplaced{border:2px dashed #d32f2f}
.box.selected{outline:3px solid #111;outline-offset:2px;animation:flash 1s 2}
@keyframes flash{50%{outline-color:#ffd400}}
.form{background:#fff;margin:0 0 18px;padding:10px 12px;border-top:5px solid var(--c);box-shadow:0 1px 3px rgba(0,0,0,.2)}
.form h2{font-size:16px;margin:0}
.meta{margin:0 0 6px;color:#555;font-size:12px}
.ok{color:#2e7d32;margin:4px 0}
.warnings{margin:6px 0;padding:0;list-style:none}
.warning{margin:3px 0;padding:4px 8px;border-left:4px solid;font-size:13px}
.warning.extraction{border-color:#d32f2f;background:#fdecea}
.warning.declaration{border-color:#ed9c00;background:#fff6e0}
.warning .kind{font-weight:bold}
.warning code{color:#666;font-size:11px}
.warning[data-goto],.warning[data-goto-page]{cursor:pointer}
table{border-collapse:collapse;width:100%;margin:6px 0;font-size:13px}
th,td{border:1px solid #cfd6dc;padding:3px 6px;vertical-align:top;text-align:left}
th{background:#f3f5f7;font-weight:600}
.header th{width:9em}
td.value{white-space:pre-wrap;word-break:break-word}
td.placed{cursor:pointer}
td.placed:hover,td.selected{background:color-mix(in srgb,var(--c) 15%,transparent)}
td.selected{outline:2px solid var(--c)}
td.warned-extraction{background:#fdecea;box-shadow:inset 3px 0 #d32f2f}
td.warned-declaration{background:#fff6e0;box-shadow:inset 3px 0 #ed9c00}
tr.not-applicable td{color:#888}
.none{color:#c62828}
#status{position:fixed;left:12px;bottom:12px;max-width:min(640px,90vw);padding:6px 10px;background:rgba(20,28,36,.92);color:#fff;border-radius:4px;font-size:13px;white-space:pre-wrap;pointer-events:none}
@media (max-width:900px){main{grid-template-columns:1fr}.pages,.forms{overflow:visible}}
`;

// The page's only script: it reads data- attributes, never the document's text.
const SCRIPT = `
(() => {
  const boxes = new Map();
  for (const box of document.querySelectorAll(".box[data-key]")) {
    if (!boxes.has(box.dataset.key)) boxes.set(box.dataset.key, []);
    boxes.get(box.dataset.key).push(box);
  }
  const cells = new Map();
  for (const cell of document.querySelectorAll("td[data-goto]")) cells.set(cell.dataset.goto, cell);
  let marked = [];
  const mark = (elements) => {
    for (const e of marked) e.classList.remove("selected");
    marked = elements;
    for (const e of marked) {
      e.classList.remove("selected");
      void e.offsetWidth;
      e.classList.add("selected");
    }
  };
  const showField = (key) => {
    const found = boxes.get(key) || [];
    const cell = cells.get(key);
    if (found.length) found[0].scrollIntoView({ block: "center", behavior: "smooth" });
    mark([...found, ...(cell ? [cell] : [])]);
  };
  const go = (target) => {
    const box = target.closest(".box[data-key]");
    if (box) {
      const cell = cells.get(box.dataset.key);
      if (cell) cell.scrollIntoView({ block: "center", behavior: "smooth" });
      mark([...(boxes.get(box.dataset.key) || []), ...(cell ? [cell] : [])]);
      return;
    }
    const field = target.closest("[data-goto]");
    if (field) return showField(field.dataset.goto);
    const page = target.closest("[data-goto-page]");
    if (page) document.getElementById("page-" + page.dataset.gotoPage)?.scrollIntoView({ block: "start", behavior: "smooth" });
  };
  document.addEventListener("click", (event) => go(event.target));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target instanceof Element) go(event.target);
  });
  const status = document.getElementById("status");
  document.addEventListener("mouseover", (event) => {
    const box = event.target instanceof Element && event.target.closest(".box, .unplaced");
    if (box) {
      status.textContent = box.getAttribute("title");
      status.hidden = false;
    } else status.hidden = true;
  });
})();
`;
