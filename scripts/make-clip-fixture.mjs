#!/usr/bin/env node
// Generates fixtures/clip/wps-clipped-cells.pdf (and its truth): declarations drawn
// the way WPS Office draws a table cell that runs over a page break. WPS paints
// such a cell whole on BOTH pages, each time inside a clipping rectangle around
// the part of the cell on that page (q … re W n … Q); the lines that belong to
// the other page are painted outside the rectangle — in the page margin, or
// beyond the page edge — where nobody sees them, but every text layer holds
// them. WPS never cuts a line at the break: a line that would not fit whole
// above it is moved below it, with what follows. Borders of a split cell are
// drawn whole under the same clip too, so the parts of them off the page part
// are not seen either.
//
// Here: header cells (项目概况, 年度目标), table cells (三级指标, 指标解释) and
// merged 一级/二级 cells cross page breaks; every cell is drawn under a clip (as
// WPS draws them); a page-level clip around the printable area, as WPS writes
// it, with the page footer outside it. Clipped lines land in the margins and
// beyond the page edges.
//
// Two files, the same forms and truth:
//   wps-clipped-cells.pdf            read by the own reader
//   wps-clipped-cells-encrypted.pdf  encrypted with an owner password only (as
//                                    many published budgets are), which the own
//                                    reader leaves to pdf.js: its clips come from
//                                    pdf.js's operator list
// and wps-clipped-cells.lines.json: per page, the lines a person sees (in the
// order they are drawn) and the lines drawn out of sight, for the tests.
//
//   npm run fixtures:clip     (installs pdfkit and Noto Sans SC with --no-save, like npm run fixtures)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Beside the fixtures, not among them: their forms need cells joined across page breaks, which the
// parser does not do yet (test/clip.test.ts checks the reading; move them up once it does).
const OUT = path.join(ROOT, 'fixtures', 'clip');
const NAME = 'wps-clipped-cells';
const FONT = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
const FIXED_DATE = new Date(Date.UTC(2025, 6, 23, 9, 11, 45));
const TITLE = '二级项目支出绩效目标申报表';

const CFG = {
  page: [595.28, 841.89],
  margin: { top: 50, bottom: 50, left: 42, right: 42 },
  size: 10.5,
  lineFactor: 1.5,
  padH: 3,
  padV: 4,
  titleSize: 15,
  lineWidth: 0.6,
  grid: [0.16, 0.34, 0.16, 0.34],
  ind: [0.08, 0.12, 0.24, 0.13, 0.43],
};

// ---------------------------------------------------------------------------
// The forms: long 项目概况, 年度目标 and 指标解释 cells, so that breaks fall inside them.

const ind = (level1, level2, core, level3, value, target, explanation) => ({ level1, level2, core, level3, value, target, explanation, applicable: true });
const NA = (level1, level2) => ({ level1, level2, core: false, level3: '不适用', value: '不适用', target: null, explanation: '不适用', applicable: false });
const num = (operator, number, unit) => ({ operator, number, unit });

const FORMS = [
  {
    title: TITLE,
    pages: [],
    projectCode: '440306241010030000512',
    projectName: '政务云平台运维服务（委托业务费）',
    applicant: '深圳市宝安区政务服务数据管理局',
    budgetUnit: '深圳市宝安区政务服务数据管理局（本级）',
    period: 3,
    projectTypeCode: '10',
    projectType: '运转类项目',
    isNew: false,
    allocationMethod: '项目法',
    totalAmount: 1868.4,
    annualAmount: 622.8,
    overview: [
      '1.项目背景：为落实区委区政府关于政务云平台提质增效的工作部署，保障全区各单位业务系统持续稳定运行，需对政务云平台开展专业化运维服务。',
      '2.立项依据：《中华人民共和国预算法》《深圳市宝安区区级财政项目支出预算管理办法》及本单位年度工作计划。',
      '3.项目内容：委托第三方专业机构对政务云平台开展运维服务，服务内容含全天候值守、季度巡检、安全加固、数据备份与容灾演练。',
      '4.实施主体：深圳市宝安区政务服务数据管理局及其下属信息中心。',
      '5.实施范围：宝安区全区十个街道、一百二十四个社区及区直各单位。',
      '6.资金安排：本年度申请资金六百二十二万八千元，其中运维服务费占六成，安全服务费占四成。',
      '7.实施计划：一月至三月完成招标采购，四月至十一月组织实施，十二月完成验收结算。',
      '8.预期成效：有效提升政务云平台的服务能力和管理水平，保障业务系统全年稳定运行。',
    ].join('\n'),
    annualGoal: '通过本项目的实施，保障政务云平台全年稳定运行，系统可用率不低于百分之九十九点九，重大故障响应及时，服务对象满意度持续提升。',
    longTermGoal: '',
    indicators: [
      ind('产出', '数量', true, '运维服务覆盖业务系统数量', '≥120 个', num('≥', 120, '个'), '反映本项目运维服务覆盖的业务系统数量，以运维服务合同及年度运维报告中列明的系统清单为准，数据口径为当年一月一日至十二月三十一日。'),
      ind('产出', '数量', true, '季度巡检次数', '≥4 次', num('≥', 4, '次'), '反映季度巡检工作的完成情况，以巡检报告及签到记录为准，未能提供佐证材料的视同未完成。'),
      ind('产出', '质量', true, '政务云平台可用率', '≥99.9%', num('≥', 99.9, '%'), '反映政务云平台全年运行的稳定程度，计算方法为平台全年正常运行时长除以全年总时长，以运维监控系统导出的运行日志为准，计划停机时间不计入故障时长，评价时由项目实施单位提供监控报表、故障记录及整改台账，数据口径为当年全年。'),
      ind('产出', '质量', true, '安全事件处置率', '100%', num('=', 100, '%'), '反映运维期间发现的安全事件得到处置的比例，以安全事件处置台账为准。'),
      ind('产出', '时效', true, '故障响应时间', '≤30 分钟', num('≤', 30, '分钟'), '反映运维服务商对平台故障的响应速度，以工单系统记录的派单时间与响应时间之差为准。'),
      ind('产出', '成本', true, '项目预算控制数', '≤622.8 万元', num('≤', 622.8, '万元'), '反映项目实际支出控制在预算范围内的情况，以财务决算数据为准。'),
      NA('效益', '经济效益'),
      ind('效益', '社会效益', true, '业务系统连续运行保障', '有效保障', null, '反映项目实施对全区政务业务连续开展的保障作用，以年度运维报告及用户单位反馈为依据进行综合评价。'),
      ind('满意度', '服务对象满意度', true, '用户单位满意度', '≥95%', num('≥', 95, '%'), '反映用户单位对运维服务的满意程度，以年度满意度问卷调查结果为准。'),
    ],
  },
  {
    title: TITLE,
    pages: [],
    projectCode: '440306241030050000127',
    projectName: '社区长者食堂运营补助',
    applicant: '深圳市宝安区民政局',
    budgetUnit: '深圳市宝安区民政局（本级）',
    period: 1,
    projectTypeCode: '30',
    projectType: '民生类项目',
    isNew: true,
    allocationMethod: '因素法',
    totalAmount: 356,
    annualAmount: 356,
    overview: [
      '1.项目背景：为落实区委区政府关于完善社区居家养老服务体系的工作部署，对全区社区长者食堂的日常运营给予补助，保障老年人就餐服务持续稳定开展。',
      '2.立项依据：《深圳市社区长者食堂建设运营管理办法》及区民政局年度重点工作安排。',
      '3.项目内容：按照各食堂服务人次及星级评定结果分配运营补助，用于食材采购、人员薪酬、水电燃气及设备维护等日常运营支出。',
      '4.实施主体：深圳市宝安区民政局及各街道办事处。',
      '5.实施范围：全区已建成并通过验收的三十六家社区长者食堂。',
      '6.资金安排：本年度申请资金三百五十六万元，按季度预拨、年终清算。',
    ].join('\n'),
    annualGoal: '通过本项目的实施，保障全区社区长者食堂全年正常运营，为辖区老年人提供安全、便捷、实惠的助餐服务，服务对象满意度不低于百分之九十五。',
    longTermGoal: '建成覆盖全区的社区助餐服务网络，老年人助餐服务便利性和可及性持续提升。',
    indicators: [
      ind('产出', '数量', true, '补助长者食堂数量', '≥36 家', num('≥', 36, '家'), '反映获得运营补助的社区长者食堂数量，以区民政局核定的补助名单为准。'),
      ind('产出', '数量', true, '年度助餐服务人次', '≥180000 人次', num('≥', 180000, '人次'), '反映全区社区长者食堂全年提供助餐服务的人次，以助餐服务信息系统统计数据为准，评价时由各街道提供服务台账、刷卡记录及第三方抽查报告，数据口径为当年一月一日至十二月三十一日，未能提供佐证材料的视同未完成，重复就餐按实际人次计算。'),
      ind('产出', '质量', true, '食品安全检查合格率', '100%', num('=', 100, '%'), '反映长者食堂食品安全检查的合格情况，以市场监管部门检查结果为准。'),
      ind('产出', '时效', true, '补助资金拨付及时率', '≥95%', num('≥', 95, '%'), '反映补助资金按时拨付到位的情况，以国库支付记录为准。'),
      ind('产出', '成本', true, '单人次平均补助标准', '≤20 元', num('≤', 20, '元'), '反映每人次助餐服务的平均补助成本，以补助资金总额除以服务人次计算。'),
      ind('效益', '社会效益', true, '老年人就餐便利性', '明显提升', null, '反映项目实施后辖区老年人就近就餐便利程度的变化情况。'),
      NA('效益', '生态效益'),
      ind('满意度', '服务对象满意度', true, '就餐老年人满意度', '≥95%', num('≥', 95, '%'), '反映就餐老年人对助餐服务的满意程度，以第三方满意度调查结果为准。'),
    ],
  },
  {
    title: TITLE,
    pages: [],
    projectCode: '440306241020010000088',
    projectName: '全民健身设施维护',
    applicant: '深圳市宝安区文化广电旅游体育局',
    budgetUnit: '深圳市宝安区文化广电旅游体育局（本级）',
    period: 2,
    projectTypeCode: '20',
    projectType: '发展类项目',
    isNew: false,
    allocationMethod: '项目法',
    totalAmount: 480,
    annualAmount: 240,
    overview: '对全区公园、社区及学校开放场地的全民健身设施开展日常巡查、维修保养和更新替换，消除安全隐患，保障群众健身活动安全有序开展。',
    annualGoal: '通过本项目的实施，确保全民健身设施的扩展需求和正常运行，满足区委区政府各单位的使用需求。',
    longTermGoal: '通过本项目的实施，确保全民健身设施的扩展需求和正常运行，满足区委区政府各单位的使用需求。',
    indicators: [
      ind('产出', '数量', true, '维护健身设施点位数', '≥650 个', num('≥', 650, '个'), '反映年度内完成巡查维护的健身设施点位数量，以维护台账为准。'),
      ind('产出', '质量', true, '设施完好率', '≥98%', num('≥', 98, '%'), '反映健身设施处于完好可用状态的比例，以年末抽查结果为准。'),
      ind('效益', '社会效益', true, '群众健身安全保障', '有效保障', null, '反映项目实施对群众健身安全的保障作用，以全年设施安全事故发生情况为依据。'),
      ind('满意度', '服务对象满意度', true, '健身群众满意度', '≥90%', num('≥', 90, '%'), '反映健身群众对设施维护工作的满意程度，以问卷调查结果为准。'),
    ],
  },
];

// The second form starts low on its page, so that its 项目概况 runs over the break.
const SPACE_BEFORE = new Map([[FORMS[1].projectCode, 170]]);

// ---------------------------------------------------------------------------
// Wrapping (the truth is the lines re-joined by the SCHEMA rule: nothing between
// CJK characters; these texts never break between two Latin letters or digits).

const isAlnum = (c) => /^[A-Za-z0-9.%]$/.test(c);
const NO_START = new Set([...'，。、；：？！）》」』”’%％·…,.;:)']);
const NO_END = new Set([...'（《「『“‘(≥≤＞＜><=＝*']);
const canBreak = (a, b) => a !== ' ' && b !== ' ' && !(isAlnum(a) && isAlnum(b)) && !NO_START.has(b) && !NO_END.has(a);

function wrap(text, maxW, width) {
  const out = [];
  for (const para of text.split('\n')) {
    const chars = [...para];
    let start = 0;
    const from = out.length;
    while (start < chars.length) {
      let end = start;
      let w = 0;
      while (end < chars.length && w + width(chars[end]) <= maxW) w += width(chars[end++]);
      if (end < chars.length) {
        while (end > start + 1 && !canBreak(chars[end - 1], chars[end])) end--;
        if (end === start + 1 && !canBreak(chars[start], chars[end])) throw new Error(`no break in ${para}`);
      }
      out.push(chars.slice(start, end).join(''));
      start = end;
    }
    if (out.slice(from).join('') !== para) throw new Error(`the lines of "${para}" do not re-join to it`);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Layout: pages of cells (each a clip rectangle and the lines painted under it,
// the visible ones and those out of sight), rules, and rules drawn under a clip.

class Layout {
  constructor(width) {
    this.width = width;
    this.pages = [];
    this.lh = CFG.size * CFG.lineFactor;
    this.x0 = CFG.margin.left;
    this.W = CFG.page[0] - CFG.margin.left - CFG.margin.right;
    this.top = CFG.margin.top;
    this.bottom = CFG.page[1] - CFG.margin.bottom;
    this.stats = { splitRows: 0, splitMerged: 0, linesInMargin: 0, linesBeyondEdge: 0, rulesUnderClip: 0 };
    this.splits = [];
    this.newPage();
  }
  newPage() {
    this.page = { n: this.pages.length + 1, cells: [], rules: [] };
    this.pages.push(this.page);
    this.y = this.top;
    if (this.current) this.current.pages.add(this.page.n);
  }
  textWidth(s, size = CFG.size) {
    return [...s].reduce((a, c) => a + this.width(c, size), 0);
  }
  wrapCell(s, w, size = CFG.size) {
    return s ? wrap(s, w - 2 * CFG.padH - 0.5, (c) => this.width(c, size)) : [];
  }
  /** A cell painted on `page`: clipped to `clip`, its lines at their places (some maybe outside the clip). */
  cell(page, clip, lines, { size = CFG.size, frame = null } = {}) {
    page.cells.push({ clip, lines, size, frame });
  }
  hline(x1, x2, y, page = this.page) {
    page.rules.push({ t: 'h', x1, x2, y });
  }
  vline(x, y1, y2, page = this.page) {
    page.rules.push({ t: 'v', x, y1, y2 });
  }
  /** The lines of a cell from its top (top-aligned), or centred in a height. */
  linesAt(texts, x, w, top, { align = 'left', size = CFG.size } = {}) {
    return texts.map((s, i) => {
      const lw = this.textWidth(s, size);
      const lx = align === 'center' ? x + (w - lw) / 2 : x + CFG.padH;
      return { s, x: lx, y: top + i * size * CFG.lineFactor, h: size * CFG.lineFactor };
    });
  }
  /**
   * A table row: cells [{x, w, lines, align}] top-aligned, `bounds` its vertical
   * lines, `topFrom` where its top line starts. Split the WPS way when it does
   * not fit: the lines that fit whole above the break stay, the rest go below
   * it; the whole cell is painted on both pages, clipped to each page's part.
   * Returns the row's parts [{page, top, bottom}].
   */
  row(cells, bounds, topFrom) {
    const { padV } = CFG;
    const lh = this.lh;
    const n = Math.max(1, ...cells.map((c) => c.lines.length));
    const h = n * lh + 2 * padV;
    if (this.y + h <= this.bottom) {
      this.frame(bounds, topFrom, this.y, this.y + h);
      for (const c of cells) this.cell(this.page, [c.x, this.y, c.w, h], this.linesAt(c.lines, c.x, c.w, this.y + padV, c));
      const part = { page: this.page, top: this.y, bottom: this.y + h };
      this.y += h;
      return [part];
    }
    const k = Math.floor((this.bottom - this.y - padV) / lh);
    if (k < 1 || k >= n) {
      // Nothing fits (or everything but the padding): the row moves to the next page whole.
      this.hline(this.x0, this.x0 + this.W, this.y);
      this.newPage();
      return this.row(cells, bounds, bounds[0]);
    }
    this.stats.splitRows++;
    this.splits.push(`${cells[0].lines.join('').slice(0, 8)}(${k}/${n})`);
    const a = this.bottom - this.y; // the part above the break
    const b = 2 * padV + (n - k) * lh; // the part below it
    // Line i of the cell, from the cell's top; lines from k on are moved below the break.
    const offset = (i) => padV + i * lh + (i >= k ? a - padV - k * lh + padV : 0);
    const first = this.page;
    const rowTopA = this.y;
    this.newPage();
    const second = this.page;
    const rowTopB = this.y - a; // where the whole cell's top lies on the second page (above it)
    const total = a + b;
    for (const [page, rowTop, clipTop, clipH] of [
      [first, rowTopA, rowTopA, a],
      [second, rowTopB, this.y, b],
    ]) {
      // The borders of the whole row, drawn under the part's clip.
      this.stats.rulesUnderClip++;
      const frame = [];
      frame.push({ t: 'h', x1: page === first ? topFrom : bounds[0], x2: bounds.at(-1), y: rowTop });
      frame.push({ t: 'h', x1: bounds[0], x2: bounds.at(-1), y: rowTop + total });
      for (const x of bounds) frame.push({ t: 'v', x, y1: rowTop, y2: rowTop + total });
      this.cell(page, [bounds[0], clipTop, bounds.at(-1) - bounds[0], clipH], [], { frame });
      for (const c of cells) {
        const lines = c.lines.map((s, i) => ({ ...this.linesAt([s], c.x, c.w, 0, c)[0], y: rowTop + offset(i) }));
        this.cell(page, [c.x, clipTop, c.w, clipH], lines);
      }
    }
    this.y += b;
    return [
      { page: first, top: rowTopA, bottom: rowTopA + a },
      { page: second, top: rowTopB + a, bottom: rowTopB + a + b },
    ];
  }
  /** A row's frame: its top line from `topFrom`, its vertical lines. */
  frame(bounds, topFrom, top, bottom) {
    this.hline(topFrom, bounds.at(-1), top);
    for (const x of bounds) this.vline(x, top, bottom);
  }

  form(f) {
    const { padV } = CFG;
    const W = this.W;
    const x0 = this.x0;
    // Blank rows before it (a spreadsheet's gap between two tables), placing its page breaks.
    this.y += SPACE_BEFORE.get(f.projectCode) ?? 0;
    // The title, a cell of its own.
    const ts = CFG.titleSize;
    if (this.y + ts * 2.2 + 3 * this.lh > this.bottom) this.newPage();
    this.current = { pages: new Set([this.page.n]) };
    const tw = this.textWidth(TITLE, ts);
    this.cell(this.page, [x0, this.y, W, ts * 2.2], [{ s: TITLE, x: x0 + (W - tw) / 2, y: this.y + ts * 0.4, h: ts * 1.45 }], { size: ts });
    this.y += ts * 2.2;

    const g = CFG.grid.map((x) => x * W);
    const gb = [x0, x0 + g[0], x0 + g[0] + g[1], x0 + g[0] + g[1] + g[2], x0 + W];
    const amount = (v) => v.toFixed(2);
    const pairs = [
      [['项目编码：', f.projectCode], ['项目名称：', f.projectName]],
      [['申请单位：', f.applicant], ['一级预算单位：', f.budgetUnit]],
      [['实施期限：', String(f.period)], ['项目类型：', `${f.projectTypeCode} ${f.projectType}`]],
      [['是否新增项目：', f.isNew ? '是' : '否'], ['分配方式：', f.allocationMethod]],
      [['项目总金额（中期规划，万元）：', amount(f.totalAmount)], ['本年度项目金额（万元）：', amount(f.annualAmount)]],
    ];
    for (const [[l1, v1], [l2, v2]] of pairs) {
      const cells = [
        [l1, 0],
        [v1, 1],
        [l2, 2],
        [v2, 3],
      ].map(([s, i]) => ({ x: gb[i], w: g[i], lines: this.wrapCell(s, g[i]) }));
      this.row(cells, gb, x0);
    }
    for (const [label, value] of [
      ['项目概况：', f.overview],
      ['年度目标：', f.annualGoal],
      ['长期目标（跨度多年的项目需填）：', f.longTermGoal],
    ]) {
      this.row(
        [
          { x: gb[0], w: g[0], lines: this.wrapCell(label, g[0]) },
          { x: gb[1], w: W - g[0], lines: this.wrapCell(value, W - g[0]) },
        ],
        [gb[0], gb[1], gb[4]],
        x0,
      );
    }

    const c = CFG.ind.map((x) => x * W);
    const cb = [x0];
    for (const w of c) cb.push(cb.at(-1) + w);
    const head = ['一级指标', '二级指标', '三级指标', '指标值', '指标解释'];
    this.row(head.map((s, i) => ({ x: cb[i], w: c[i], lines: this.wrapCell(s, c[i]), align: 'center' })), cb, x0);

    // Rows; the merged 一级/二级 cells are painted afterwards over their rows' parts.
    const groups = [];
    f.indicators.forEach((r, i) => {
      const prev = f.indicators[i - 1];
      const new1 = !prev || prev.level1 !== r.level1;
      const new2 = new1 || prev.level2 !== r.level2 || prev.core !== r.core;
      const cells = [2, 3, 4].map((k) => ({ x: cb[k], w: c[k], lines: this.wrapCell([r.level3, r.value, r.explanation][k - 2], c[k]) }));
      const parts = this.row(cells, cb, new1 ? cb[0] : new2 ? cb[1] : cb[2]);
      for (const [col, fresh, label] of [
        [0, new1, r.level1],
        [1, new2, `${r.core ? '*' : ''}${r.level2}`],
      ]) {
        if (fresh) groups.push({ col, label, parts: [] });
        const gr = groups.findLast((x) => x.col === col);
        for (const p of parts) {
          const last = gr.parts.at(-1);
          if (last && last.page === p.page) last.bottom = p.bottom;
          else gr.parts.push({ ...p });
        }
      }
    });
    this.hline(x0, x0 + W, this.y);
    for (const gr of groups) this.merged(gr, cb[gr.col], c[gr.col]);
    this.y += 24;
    const pages = [...this.current.pages].sort((a, b) => a - b);
    this.current = null;
    return pages;
  }

  /**
   * A merged cell: its label centred in the whole cell, which may run over page
   * breaks; painted on every page the cell is on, clipped to that page's part.
   * A label that would straddle a break is moved below it, as WPS does.
   */
  merged(gr, x, w) {
    const lines = this.wrapCell(gr.label, w);
    const blockH = lines.length * this.lh;
    const heights = gr.parts.map((p) => p.bottom - p.top);
    const total = heights.reduce((a, b) => a + b, 0);
    let top = (total - blockH) / 2;
    let start = 0;
    for (const h of heights.slice(0, -1)) {
      start += h;
      if (top < start && top + blockH > start) top = start + CFG.padV;
    }
    if (gr.parts.length > 1) this.stats.splitMerged++;
    let before = 0;
    for (const [i, p] of gr.parts.entries()) {
      const cellTop = p.top - before;
      this.cell(p.page, [x, p.top, w, heights[i]], this.linesAt(lines, x, w, cellTop + top, { align: 'center' }));
      before += heights[i];
    }
  }
}

// ---------------------------------------------------------------------------
// Drawing: every cell under its clip, inside a page-level clip around the
// printable area (as WPS writes it), the footer outside it.

function drawing(doc, pages, record) {
  const [PW, PH] = CFG.page;
  const lw = CFG.lineWidth;
  const area = [CFG.margin.left - 12, CFG.margin.top - 12, PW - CFG.margin.left - CFG.margin.right + 24, PH - CFG.margin.top - CFG.margin.bottom + 24];
  const inside = (r, line) => line.y >= r[1] - 0.01 && line.y + line.h <= r[1] + r[3] + 0.01 && line.x >= r[0] - 0.01;
  for (const p of pages) {
    doc.addPage({ size: CFG.page, margin: 0 });
    const seen = [];
    const unseen = [];
    doc.save();
    doc.rect(...area).clip();
    for (const cell of p.cells) {
      doc.save();
      doc.rect(...cell.clip).clip();
      doc.font('regular').fontSize(cell.size).fillColor('black');
      for (const line of cell.lines) {
        const boxH = doc.currentLineHeight();
        doc.text(line.s, line.x, line.y + (line.h - boxH) / 2, { lineBreak: false });
        if (inside(cell.clip, line) && inside(area, line)) seen.push(line.s);
        else unseen.push({ text: line.s, where: line.y + line.h <= 0 || line.y >= PH ? 'beyond the page edge' : 'in the margin' });
      }
      if (cell.frame) strokeRules(doc, cell.frame, lw);
      doc.restore();
    }
    strokeRules(doc, p.rules, lw);
    doc.restore();
    const footer = `第 ${p.n} 页`;
    doc.font('regular').fontSize(CFG.size).text(footer, (PW - doc.widthOfString(footer)) / 2, PH - CFG.margin.bottom * 0.6, { lineBreak: false });
    seen.push(footer);
    record.push({ page: p.n, seen, unseen });
  }
}

function strokeRules(doc, rules, lw) {
  doc.lineWidth(lw).strokeColor('black');
  for (const r of rules) {
    if (r.t === 'h') doc.moveTo(r.x1, r.y).lineTo(r.x2, r.y).stroke();
    else doc.moveTo(r.x, r.y1).lineTo(r.x, r.y2).stroke();
  }
}

function render(pages, options = {}) {
  const doc = new PDFDocument({
    size: CFG.page,
    margin: 0,
    autoFirstPage: false,
    compress: true,
    info: { Title: `perf-extract fixture ${NAME}`, Author: 'perf-extract', Creator: 'WPS 表格 (imitated by scripts/make-clip-fixture.mjs)', Producer: 'PDFKit', CreationDate: FIXED_DATE, ModDate: FIXED_DATE },
    ...options,
  });
  doc.registerFont('regular', FONT);
  const record = [];
  return new Promise((resolve, reject) => {
    const chunks = [];
    doc.on('data', (d) => chunks.push(d));
    doc.on('end', () => resolve({ bytes: Buffer.concat(chunks), record }));
    doc.on('error', reject);
    drawing(doc, pages, record);
    doc.end();
  });
}

async function main() {
  const measure = new PDFDocument({ autoFirstPage: false });
  measure.registerFont('regular', FONT);
  const layout = new Layout((ch, size) => measure.font('regular').fontSize(size).widthOfString(ch));
  for (const f of FORMS) f.pages = layout.form(f);
  for (const p of layout.pages) {
    for (const cell of p.cells) {
      for (const line of cell.lines) {
        if (line.y + line.h <= 0 || line.y >= CFG.page[1]) layout.stats.linesBeyondEdge++;
        else if (line.y < cell.clip[1] - 0.01 || line.y + line.h > cell.clip[1] + cell.clip[3] + 0.01) layout.stats.linesInMargin++;
      }
    }
  }
  fs.mkdirSync(OUT, { recursive: true });
  const plain = await render(layout.pages);
  fs.writeFileSync(path.join(OUT, `${NAME}.pdf`), plain.bytes);
  // RC4 (PDF 1.4), not AES: its key comes from the file's ID and the passwords, so a rerun gives the same bytes.
  const locked = await render(layout.pages, { pdfVersion: '1.4', ownerPassword: 'wps-owner', permissions: { printing: 'highResolution', copying: false, modifying: false } });
  fs.writeFileSync(path.join(OUT, `${NAME}-encrypted.pdf`), locked.bytes);
  const truth = `${JSON.stringify(FORMS, null, 2)}\n`;
  fs.writeFileSync(path.join(OUT, `${NAME}.truth.json`), truth);
  fs.writeFileSync(path.join(OUT, `${NAME}-encrypted.truth.json`), truth);
  fs.writeFileSync(path.join(OUT, `${NAME}.lines.json`), `${JSON.stringify(plain.record, null, 2)}\n`);
  const st = Object.entries(layout.stats).map(([k, v]) => `${k}=${v}`).join(' ');
  console.log(`${NAME}.pdf (and -encrypted)  ${FORMS.length} forms  ${layout.pages.length} pages  pages ${FORMS.map((f) => f.pages.join(',')).join(' | ')}  ${st}  split: ${layout.splits.join(' ')}`);
}

await main();
