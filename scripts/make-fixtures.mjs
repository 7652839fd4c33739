#!/usr/bin/env node
// Generates the project's own test fixtures: fixtures/NAME.pdf + fixtures/NAME.truth.json.
//
//   npm run fixtures            # all fixtures
//   npm run fixtures -- NAME…   # only those
//
// Every form is built from a seeded PRNG (no Math.random, no clock), laid out by
// the small table engine below (our own line wrapping, so we know exactly which
// lines are printed where), then drawn either with pdfkit (embedded, subset Noto
// Sans SC / Noto Serif SC from npm) or with the raw PDF writer at the bottom
// (non-embedded STSong-Light, UniGB-UCS2-H). Dates and IDs are fixed, so a rerun
// gives the same bytes.
//
// The truth files follow docs/output.md exactly, with `pages` set to the
// 1-based pages each form really occupies. The wrapper checks, for every cell,
// that joining its printed lines by the SCHEMA rule (nothing between CJK, one
// space between two Latin letters/digits, "\n" only before a numbered item)
// gives back the truth string; generation fails loudly otherwise.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import { mulberry32 } from './prng.mjs';
import { repack } from './repack-fixture.mjs';
import { rotatePages } from './rotate-fixture.mjs';
import { addTextOperatorPages } from './text-operators-fixture.mjs';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'fixtures');

const FONT_FILES = {
  sans: {
    regular: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
    bold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
  },
  serif: {
    regular: require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf'),
    bold: require.resolve('@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf'),
  },
};

const FIXED_DATE = new Date(Date.UTC(2025, 0, 15, 8, 0, 0));
const TITLE = '二级项目支出绩效目标申报表';

const mm = (v) => (v * 72) / 25.4;
const PAGE = {
  A4: [595.28, 841.89],
  A4L: [841.89, 595.28],
  LETTER: [612, 792],
  A3: [841.89, 1190.55],
  K16: [mm(184), mm(260)], // 16开, a common Chinese government print size
};

// ---------------------------------------------------------------------------
// Deterministic randomness

class Rng {
  constructor(seed) {
    this.f = mulberry32(seed);
  }
  next() {
    return this.f();
  }
  int(lo, hi) {
    return lo + Math.floor(this.f() * (hi - lo + 1));
  }
  pick(arr) {
    return arr[Math.floor(this.f() * arr.length)];
  }
  chance(p) {
    return this.f() < p;
  }
  digits(n) {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
  /** k distinct elements of arr, in random order */
  sample(arr, k) {
    const pool = arr.slice();
    const out = [];
    while (out.length < k && pool.length) out.push(pool.splice(Math.floor(this.f() * pool.length), 1)[0]);
    return out;
  }
}

// ---------------------------------------------------------------------------
// Form data (vocabulary borrowed from the corpus truths)

const DISTRICTS = [
  ['福田区', '440304'],
  ['罗湖区', '440303'],
  ['南山区', '440305'],
  ['宝安区', '440306'],
  ['龙岗区', '440307'],
  ['盐田区', '440308'],
  ['龙华区', '440309'],
  ['坪山区', '440310'],
  ['光明区', '440311'],
];
const BUREAUS = [
  { name: '政务服务数据管理局', short: '政务服务数据管理', subjects: ['数据中心', '政务外网', '电子政务云', 'IDC 机房', '视频会议系统', 'i 深圳 App', '网络和信息安全', '应用系统', '基础设施'] },
  { name: '教育局', short: '教育', subjects: ['校园', '智慧校园平台', '学位申请系统', '校园安全'] },
  { name: '民政局', short: '民政', subjects: ['养老服务中心', '社区长者食堂', '婚姻登记系统'] },
  { name: '交通运输局', short: '交通运输', subjects: ['停车场', '道路巡查', '公交站台', '智能交通信号系统'] },
  { name: '卫生健康局', short: '卫生健康', subjects: ['社区健康服务中心', '公共卫生应急物资', '家庭医生签约平台'] },
  { name: '应急管理局', short: '应急管理', subjects: ['避难场所', '应急广播系统', '森林防火监测'] },
  { name: '城市管理和综合执法局', short: '城市管理', subjects: ['市容巡查', '公园绿地', 'LED 显示屏', 'UPS 电源'] },
  { name: '文化广电旅游体育局', short: '文化体育', subjects: ['文化馆', '公共图书馆', '全民健身设施'] },
];
const KINDS = ['运行维护', '建设项目', '升级改造', '安全保障', '设备购置', '服务采购', '维保服务'];
const EXPENSES = ['其他商品和服务支出', '维修（护）费', '邮电费', '电费', '委托业务费', '专用材料购置费', '物业管理费'];
const TYPES = [
  ['12', '民生类项目'],
  ['13', '政策类项目'],
  ['15', '履职类项目'],
  ['15', '履职类项目'],
  ['16', '运转类项目'],
  ['21', '基本建设项目'],
];
const QUALITATIVE = ['及时', '有效', '每年', '每月', '每季度末', '逐步改善', '明显提升', '有效提高', '有效保障', '全区'];
const EXPL_BASE = [
  (l3) => `该指标主要考察${l3}是否达标`,
  (l3) => `该指标主要考察${l3}是否达到目标值`,
  (l3) => `该指标主要考察${l3}情况`,
  (l3) => `该指标用于反映${l3}的完成情况，数据来源于年度工作台账及第三方核查记录`,
];
const EXPL_SUFFIX = [
  '，评价时结合服务对象问卷调查、现场抽查和系统日志综合判定，相关佐证材料须完整归档',
  '，按照《预算绩效管理办法》要求，由项目实施部门在每季度末汇总统计并报送区财政局备案',
  '，考核口径为本年度内实际完成数与计划数之比，计算公式为实际完成数÷计划数×100%',
  '，如遇不可抗力因素导致未能按期完成的，应在年度绩效自评报告中说明原因及整改措施',
];

const OPERATOR = { '': '=', '=': '=', '＝': '=', '≥': '≥', '>=': '≥', '≤': '≤', '<=': '≤', '>': '>', '＞': '>', '<': '<', '＜': '<' };

const round2 = (x) => Math.round(x * 100) / 100;

function withCommas(intStr) {
  return intStr.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
/** 5068.37 → "5,068.37" (amounts are printed with 2 decimals and thousands separators) */
function fmtAmount(n) {
  const [i, f] = n.toFixed(2).split('.');
  return `${withCommas(i)}.${f}`;
}

/** A quantitative value and its parsed target, built from parts so the truth is right by construction. */
function quant(rng, { ops, number, unit, space = true, commas = false }) {
  const op = rng.pick(ops);
  let num = Number.isInteger(number) ? String(number) : String(number);
  if (commas && number >= 1000) {
    const [i, f] = num.split('.');
    num = withCommas(i) + (f ? `.${f}` : '');
  }
  const value = `${op}${num}${unit && space ? ' ' : ''}${unit}`;
  return { value, target: { operator: OPERATOR[op], number, unit } };
}
function qual(v) {
  return { value: v, target: null };
}
function pct(rng, ns, ops = ['', '≥', '≥', '＞', '>=', '=']) {
  const n = rng.pick(ns);
  return quant(rng, { ops: n === 100 ? ['', '='] : ops, number: n, unit: '%', space: false });
}

/** Generators of indicator rows per 二级指标: each returns {level3, value, target}. */
function indicatorPool(rng, ctx) {
  const { subject, annualAmount } = ctx;
  const count = (name, units, big = false) => () => {
    const unit = rng.pick(units);
    const number = big ? rng.pick([12, 288, 500, 1000, 1200, 3000]) : rng.pick([1, 2, 3, 4, 5, 7, 12, 22, 36, 153, 700]);
    return { level3: name, ...quant(rng, { ops: ['', '≥', '≥', '＞', '>='], number, unit, space: rng.chance(0.7), commas: rng.chance(0.4) }) };
  };
  return {
    数量: [
      count(`${subject}维护数量`, ['个', '台', '套', '项']),
      count('巡检次数', ['次']),
      count('服务人次', ['万人次'], true),
      count('培训场次', ['场']),
      count('完成项目数量', ['个', '项']),
      count('设备购置数量', ['台', '套']),
      count('数据归集条数', ['万条'], true),
      count('覆盖站点数', ['个', '个系统']),
    ],
    质量: ['故障修复率', '设备正常运行率', '问题整改完成率', '系统可用率（按全年 7*24 小时计算）', '验收合格率', '数据准确率'].map(
      (name) => () => ({ level3: name, ...pct(rng, [85, 90, 95, 98, 99.5, 100, 100]) }),
    ),
    时效: [
      () => ({ level3: `${subject}完成及时性`, ...qual(rng.pick(['及时', '每年'])) }),
      () => ({ level3: '故障响应时间', ...quant(rng, { ops: ['', '≤'], number: rng.pick([2, 24, 48]), unit: '小时内', space: rng.chance(0.8) }) }),
      () => ({ level3: '资金支付及时性', ...qual(rng.pick(['及时', '每季度末', '每月'])) }),
      () => (rng.chance(0.5) ? { level3: '服务期限', ...quant(rng, { ops: [''], number: 12, unit: '个月' }) } : { level3: '服务期限', ...qual('每年') }),
    ],
    成本: [
      () => ({ level3: '支出进度达标率', ...pct(rng, [90, 95, 100]) }),
      () => ({ level3: '单位成本控制率', ...pct(rng, [2, 3, 5], ['≤', '<=', '＜']) }),
      () => ({ level3: '项目预算控制数', ...quant(rng, { ops: ['≤'], number: annualAmount > 0 ? annualAmount : 30.5, unit: '万元', commas: true, space: rng.chance(0.4) }) }),
    ],
    经济效益: [() => ({ level3: '节约财政资金', ...quant(rng, { ops: ['≥'], number: rng.pick([1000, 3000]), unit: '万元' }) })],
    社会效益: [
      () => ({ level3: `保障${subject}正常运转`, ...qual(rng.pick(['有效', '有效保障'])) }),
      () => ({ level3: '提升群众办事便利度', ...qual(rng.pick(['明显提升', '有效保障'])) }),
      () => ({ level3: '受益人数', ...quant(rng, { ops: ['≥', '＞'], number: rng.pick([12, 288, 500]), unit: '万人次' }) }),
      () => ({ level3: '有效提高公共服务水平', ...qual('有效提高') }),
      () => ({ level3: '服务覆盖范围', ...qual('全区') }),
    ],
    生态效益: [() => ({ level3: '节能降耗', ...qual('逐步改善') })],
    可持续影响: [
      () => ({ level3: `${subject}长效运行机制`, ...qual(rng.pick(['逐步改善', '有效'])) }),
      () => ({ level3: '持续发挥项目效益', ...qual('每年') }),
    ],
    服务对象满意度: ['服务对象满意度', '群众满意度', '工作人员满意度', '使用单位满意度'].map(
      (name) => () => ({ level3: name, ...pct(rng, [85, 90, 95, 98], ['≥', '＞', '', '>=']) }),
    ),
  };
}

const NA = { level3: '不适用', value: '不适用', target: null, explanation: '不适用', applicable: false };

/**
 * One form. opts: longName (prob.), longExpl (prob. an explanation gets suffixes),
 * numbered (prob. the overview is a numbered list), short (few rows, short texts),
 * emptyLongTerm (prob.), district/bureau (fixed unit), narrowValues (no values too wide for a narrow 指标值 column).
 */
function genForm(rng, opts = {}) {
  const o = { longName: 0.25, longExpl: 0.35, numbered: 0.6, short: false, emptyLongTerm: 0.25, ...opts };
  const [district, dcode] = o.district ?? rng.pick(DISTRICTS);
  const bureau = o.bureau ?? rng.pick(BUREAUS);
  const subject = rng.pick(bureau.subjects);
  const expense = rng.pick(EXPENSES);
  const applicant = rng.chance(0.35)
    ? `深圳市${district}${bureau.name}`
    : `深圳市${district}${bureau.short}${rng.pick(['服务中心', '保障中心', '事务中心', '信息中心'])}`;
  const budgetUnit = `深圳市${district}${bureau.name}（本级）`;
  const kind = rng.pick(KINDS);
  let projectName = `${subject}${kind}`;
  if (rng.chance(o.longName)) {
    const kind2 = rng.pick(KINDS.filter((k) => k !== kind));
    const mid = rng.pick(['设施', '系统', '设备']);
    projectName = `${subject}${kind}及配套${kind2.startsWith(mid) ? '' : mid}${kind2}（${expense}）`;
  }
  else if (rng.chance(0.5)) projectName += `（${expense}）`;
  const [projectTypeCode, projectType] = rng.pick(TYPES);
  const yy = String(rng.int(22, 25));
  const projectCode = `${dcode}${yy}10${projectTypeCode}${rng.pick(['00', '03', '05'])}0000${rng.digits(3)}`;
  const period = rng.pick([1, 2, 3, 3, 3, 5]);
  let annualAmount;
  const r = rng.next();
  if (r < 0.12) annualAmount = 0;
  else if (r < 0.45) annualAmount = round2(1 + rng.next() * 99);
  else if (r < 0.75) annualAmount = round2(100 + rng.next() * 900);
  else annualAmount = round2(1000 + rng.next() * 6000);
  const totalAmount = round2(annualAmount * period);
  const isNew = rng.chance(0.25);
  const allocationMethod = rng.pick(['因素法', '因素法', '项目法']);

  let overview = projectName;
  if (!o.short && rng.chance(o.numbered)) {
    const items = [
      `1.项目背景：${rng.pick([`为保障${subject}正常运行，特实施此项目。`, `落实区委区政府工作部署，提升${subject}服务水平。`, '根据单位履职需要。'])}`,
      `2.项目内容：${rng.pick(['主要用于', '用于采购'])}《${district}${subject}运维服务合同》、《${district}${subject}设备维保服务采购合同》等${rng.chance(0.5) ? `，保障${subject}全年稳定运行` : ''}。`,
    ];
    if (rng.chance(0.6)) items.push(`3.项目范围：${applicant.replace('深圳市', '')}。`, `4.项目实施部门：${applicant.replace('深圳市', '')}。`);
    overview = items.join('\n');
  }
  const goals = [
    `通过本项目的实施，确保${subject}的扩展需求和正常运行，满足区委区政府各单位的使用需求。`,
    `完成${subject}年度工作任务，服务对象满意度不低于 95%`,
    `通过本项目的实施，保障${subject}正常运行，提升${district}公共服务水平`,
  ];
  let annualGoal = o.short ? `完成${subject}年度工作任务` : rng.pick(goals);
  if (o.longTexts) {
    // Long numbered 项目概况 and 年度目标 (a page break is bound to fall inside some).
    const items = [
      `项目背景：${subject}已运行多年，部分设施设备老化，需持续投入保障运行；`,
      `立项依据：《${district}区级财政项目支出预算管理办法》及年度工作计划；`,
      `项目内容：委托第三方专业机构对${subject}开展运维服务，服务内容含 7×24 小时值守和季度巡检；`,
      `实施主体：${applicant.replace('深圳市', '')}；`,
      `资金安排：按照合同约定分季度支付，本年度申请资金 ${fmtAmount(annualAmount)} 万元；`,
      `实施计划：1 月至 3 月完成招标采购，4 月至 11 月组织实施，12 月完成验收结算；`,
      `预期成效：有效提升${subject}的服务能力和管理水平；`,
      `绩效管理：建立绩效运行监控台账，每季度开展一次绩效运行监控并报送区财政局；`,
      `风险防控：严格执行政府采购和合同管理制度，防范资金使用风险。`,
    ];
    overview = rng.sample(items, rng.int(6, 9)).map((s, i) => `（${i + 1}）${s}`).join('\n');
    const goalItems = [
      `完成${subject}全年运行维护任务，设施设备完好率保持在 95% 以上；`,
      `组织开展${subject}巡查检查 96 次，发现问题及时整改，整改完成率达到 100%；`,
      `全年服务对象满意度达到 98% 以上，投诉问题办结率达到 100%；`,
      `建立健全${subject}管理制度和应急处置预案，全年不发生重大安全责任事故；`,
      `做好${subject}数据统计和台账管理，按季度向主管部门报送工作进展情况；`,
      `按期完成${subject}相关合同的签订、履约和验收工作，资金支付进度符合序时要求。`,
    ];
    annualGoal = rng.sample(goalItems, rng.int(4, 6)).map((s, i) => `${i + 1}.${s}`).join('\n');
  }
  const lt = rng.next();
  const longTermGoal = lt < o.emptyLongTerm ? '' : lt < 0.75 ? annualGoal : rng.pick(goals);

  const pool = indicatorPool(rng, { subject, annualAmount });
  if (o.national) Object.assign(pool, { 经济成本: pool.成本, 社会成本: pool.成本, 生态环境成本: pool.成本, 生态效益: pool.生态效益 });
  // a long amount (≤1,689.46 万元) has no break opportunity narrower than "≤1,689.46 万"
  if (o.narrowValues) pool.成本 = pool.成本.slice(0, 2);
  const plan = o.national
    ? [
        // The national 2021+ template: 成本指标 a 一级 of its own, names ending in 指标.
        ['产出', '数量', true, rng.int(1, 3)],
        ['产出', '质量', true, rng.int(1, 2)],
        ['产出', '时效', true, rng.int(1, 2)],
        ['成本', '经济成本', rng.chance(0.5), rng.int(1, 2)],
        ['成本', '社会成本', false, -1],
        ['成本', '生态环境成本', false, rng.chance(0.7) ? -1 : 1],
        ['效益', '经济效益', false, rng.chance(0.75) ? -1 : 1],
        ['效益', '社会效益', true, rng.int(1, 2)],
        ['效益', '生态效益', false, -1],
        ['效益', '可持续影响', false, rng.chance(0.6) ? -1 : 1],
        ['满意度', '服务对象满意度', true, rng.int(1, 2)],
      ]
    : o.short
    ? [
        ['产出', '数量', true, rng.int(1, 2)],
        ['产出', '质量', true, 1],
        ['产出', '时效', true, rng.int(0, 1)],
        ['产出', '成本', true, 1],
        ['效益', '经济效益', false, rng.chance(0.3) ? -1 : 0],
        ['效益', '社会效益', true, 1],
        ['满意度', '服务对象满意度', true, 1],
      ]
    : [
        ['产出', '数量', true, rng.int(1, 3)],
        ['产出', '质量', true, rng.int(1, 3)],
        ['产出', '时效', true, rng.int(1, 2)],
        ['产出', '成本', true, rng.int(1, 2)],
        ['效益', '经济效益', false, rng.chance(0.75) ? -1 : 1],
        ['效益', '社会效益', true, rng.int(1, 2)],
        ['效益', '生态效益', false, rng.chance(0.85) ? -1 : 1],
        ['效益', '可持续影响', false, rng.chance(0.6) ? -1 : 1],
        ['满意度', '服务对象满意度', true, rng.int(1, 2)],
        ['满意度', '其他满意度', false, -1],
      ];
  const indicators = [];
  for (const [base1, base2, core, n] of plan) {
    if (n === 0) continue;
    const [level1, level2] = o.national ? [`${base1}指标`, `${base2}指标`] : [base1, base2];
    if (n < 0) {
      indicators.push({ level1, level2, core, ...NA });
      continue;
    }
    for (const g of rng.sample(pool[base2], n)) {
      const row = g();
      let explanation = rng.pick(EXPL_BASE)(row.level3);
      if (!o.short && rng.chance(o.longExpl)) {
        for (const s of rng.sample(EXPL_SUFFIX, rng.pick([1, 1, 2]))) explanation += s;
      }
      indicators.push({ level1, level2, core, level3: row.level3, value: row.value, target: row.target, explanation, applicable: true });
    }
  }

  return {
    title: TITLE,
    pages: [],
    projectCode,
    projectName,
    applicant,
    budgetUnit,
    period,
    projectTypeCode,
    projectType,
    isNew,
    allocationMethod,
    totalAmount,
    annualAmount,
    overview,
    annualGoal,
    longTermGoal,
    indicators,
  };
}

// ---------------------------------------------------------------------------
// Line wrapping (ours, so the truth is known) and its self-check

const isAlnum = (c) => /^[A-Za-z0-9]$/.test(c);
const isSpace = (c) => c === ' ' || c === '\t';
const NO_START = new Set([...'，。、；：？！）》」』”’%％·…,.;:)']);
const NO_END = new Set([...'（《「『“‘(≥≤＞＜><=＝*']);
const NUMBERED = /^(\d+[.．、]|（\d+）|\(\d+\))/;

function canBreak(a, b, code) {
  if (code) return /\d/.test(a) && /\d/.test(b);
  if (isSpace(a) || isSpace(b)) return false;
  if (isAlnum(a) && isAlnum(b)) return false;
  if ((/\d/.test(a) && /[.,%]/.test(b)) || (/[.,]/.test(a) && /\d/.test(b))) return false;
  if (NO_START.has(b) || NO_END.has(a)) return false;
  return true;
}

/** SCHEMA rule for re-joining soft-wrapped lines. */
function joinSoft(lines, code) {
  let s = '';
  for (const l of lines) {
    if (s && !code && isAlnum(s.at(-1)) && isAlnum(l[0])) s += ' ';
    s += l;
  }
  return s;
}

/**
 * Wrap text into lines no wider than maxW. Returns {lines, paras} where paras
 * is the per-paragraph split (hard breaks are "\n" in the text).
 * opts.code: a project code (breaks between digits, re-joined with nothing).
 * opts.check: verify the SCHEMA join rule gives the text back.
 */
function wrapText(text, maxW, cw, opts = {}) {
  const { code = false, check = true, size = 10 } = opts;
  if (text === '') return [];
  const out = [];
  for (const para of text.split('\n')) {
    const chars = [...para];
    const lines = [];
    const widths = [];
    let start = 0;
    while (start < chars.length) {
      let w = 0;
      let end = start;
      while (end < chars.length && w + cw(chars[end]) <= maxW) w += cw(chars[end++]);
      if (end === chars.length) {
        lines.push(chars.slice(start).join(''));
        widths.push(w);
        break;
      }
      if (end === start) throw new Error(`character wider than cell: ${chars[start]}`);
      let cut = -1;
      let next = -1;
      for (let b = end; b > start; b--) {
        if (!code && chars[b] === ' ' && isAlnum(chars[b - 1]) && isAlnum(chars[b + 1] ?? '')) {
          if (!NUMBERED.test(chars.slice(b + 1, b + 8).join(''))) {
            cut = b;
            next = b + 1;
            break;
          }
        }
        if (canBreak(chars[b - 1], chars[b], code) && (code || !NUMBERED.test(chars.slice(b, b + 8).join('')))) {
          cut = b;
          next = b;
          break;
        }
      }
      if (cut < 0) throw new Error(`no break opportunity in "${para}" (width ${maxW.toFixed(1)})`);
      const line = chars.slice(start, cut).join('');
      lines.push(line);
      widths.push([...line].reduce((a, c) => a + cw(c), 0));
      start = next;
    }
    if (check) {
      const joined = joinSoft(lines, code);
      if (joined !== para) throw new Error(`wrap does not re-join: ${JSON.stringify(lines)} vs ${JSON.stringify(para)}`);
      // A soft-wrapped line must end near the right edge, or a reader would take it for a hard break.
      for (let i = 0; i < lines.length - 1; i++) {
        if (maxW - widths[i] > 3.5 * size) throw new Error(`soft line ends short: ${JSON.stringify(lines[i])} in ${JSON.stringify(para)}`);
      }
    }
    out.push(...lines);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Layout engine: produces pages of drawing ops in top-left coordinates.

class Engine {
  constructor(cfg, measure) {
    this.cfg = cfg;
    this.measure = measure; // (ch, font, size) -> width
    this.cache = new Map();
    this.pages = [];
    this.page = null;
    this.y = 0;
    this.tableOpen = false;
    this.form = null;
    this.lineH = cfg.size * cfg.lineFactor;
    // what the layout actually produced, printed per fixture so the README's claims stay checkable
    this.stats = { formsMidPage: 0, splitRows: 0, splitHeaderCells: 0, mergedAcrossPages: 0, wrappedCodes: 0, wrappedValues: 0, repeatedHeaders: 0, orphanHeaders: 0 };
  }
  cw(font, size) {
    const key = `${font}/${size}`;
    let m = this.cache.get(key);
    if (!m) this.cache.set(key, (m = new Map()));
    return (ch) => {
      let w = m.get(ch);
      if (w === undefined) m.set(ch, (w = this.measure(ch, font, size)));
      return w;
    };
  }
  width(s, font = 'regular', size = this.cfg.size) {
    const cw = this.cw(font, size);
    return [...s].reduce((a, c) => a + cw(c), 0);
  }
  wrap(s, w, opts = {}) {
    const font = opts.font ?? 'regular';
    const size = opts.size ?? this.cfg.size;
    return wrapText(s, w - 2 * this.cfg.padH - 0.5, this.cw(font, size), { ...opts, size });
  }
  get x0() {
    return this.cfg.margin.left;
  }
  get W() {
    return this.cfg.pageSize[0] - this.cfg.margin.left - this.cfg.margin.right;
  }
  get bottom() {
    return this.cfg.pageSize[1] - this.cfg.margin.bottom;
  }
  newPage(decorate = true) {
    this.page = { n: this.pages.length + 1, ops: [], decorate };
    this.pages.push(this.page);
    this.y = this.cfg.margin.top;
    this.tableOpen = false;
  }
  touch(page = this.page) {
    if (this.form) this.form.pages.add(page.n);
  }
  text(s, x, y, { size = this.cfg.size, font = 'regular', lineH = size * this.cfg.lineFactor, page = this.page } = {}) {
    if (s === '') return;
    page.ops.push({ t: 'text', s, x, y, size, font, lineH });
    this.touch(page);
  }
  hline(x1, x2, y, page = this.page) {
    if (this.cfg.rules === 'none') return;
    page.ops.push({ t: 'h', x1, x2, y });
  }
  vline(x, y1, y2, page = this.page) {
    if (this.cfg.rules === 'none') return;
    page.ops.push({ t: 'v', x, y1, y2 });
  }
  /** draw lines of a cell: x/w the cell, y/h the box the lines sit in */
  cellText(lines, x, w, y, h, { align = 'left', valign = this.cfg.valign, font = 'regular', size = this.cfg.size, page = this.page } = {}) {
    const lh = size * this.cfg.lineFactor;
    const blockH = lines.length * lh;
    const ty = valign === 'middle' ? y + (h - blockH) / 2 : y + this.cfg.padV;
    lines.forEach((l, i) => {
      const lw = this.width(l, font, size);
      const lx = align === 'center' ? x + (w - lw) / 2 : align === 'right' ? x + w - this.cfg.padH - lw : x + this.cfg.padH;
      this.text(l, lx, ty + i * lh, { size, font, lineH: lh, page });
    });
  }
  /**
   * A page break. `split`: a row (or cell) goes on across it; with breakRule
   * 'open' no rule closes it at the bottom of this page (nor opens its rest on the
   * next), as browsers and report engines print a cut cell.
   */
  breakPage(split = false) {
    if (this.tableOpen && !(split && this.cfg.breakRule === 'open')) this.hline(this.x0, this.x0 + this.W, this.y);
    this.newPage();
  }
  endTable() {
    if (this.tableOpen) this.hline(this.x0, this.x0 + this.W, this.y);
    this.tableOpen = false;
  }
  /** a table row fragment: bounds = x positions of its vertical lines; topFrom = x where its top line starts */
  rowFrame(bounds, h, topFrom, noTop = false) {
    const from = this.tableOpen ? topFrom : bounds[0];
    if (!noTop) this.hline(from, bounds.at(-1), this.y);
    for (const x of bounds) this.vline(x, this.y, this.y + h);
    this.tableOpen = true;
  }

  // --- prose helpers for report pages -------------------------------------
  heading(s, size = this.cfg.size * 1.5, align = 'center') {
    const lh = size * 1.6;
    const lw = this.width(s, 'bold', size);
    const x = align === 'center' ? this.x0 + (this.W - lw) / 2 : this.x0;
    this.text(s, x, this.y, { size, font: 'bold', lineH: lh });
    this.y += lh + 6;
  }
  paragraph(s, { indent = 2 } = {}) {
    const size = this.cfg.size * 1.1;
    const lh = size * 1.8;
    const ind = indent * size;
    // first line indented, the rest full width
    const cw = this.cw('regular', size);
    const first = wrapText(s, this.W - ind, cw, { check: false, size })[0];
    const rest = s.slice(first.length);
    const tail = rest ? wrapText(rest, this.W, cw, { check: false, size }) : [];
    [first, ...tail].forEach((l, i) => {
      if (this.y + lh > this.bottom) this.newPage();
      this.text(l, this.x0 + (i === 0 ? ind : 0), this.y, { size, lineH: lh });
      this.y += lh;
    });
    this.y += 4;
  }
  simpleTable(fracs, rows, { aligns = [], headerRows = 1 } = {}) {
    const ws = fracs.map((f) => f * this.W);
    const bounds = [this.x0];
    for (const w of ws) bounds.push(bounds.at(-1) + w);
    for (const [ri, row] of rows.entries()) {
      const cells = row.map((s, i) => this.wrap(s, ws[i]));
      const h = Math.max(1, ...cells.map((c) => c.length)) * this.lineH + 2 * this.cfg.padV;
      if (this.y + h > this.bottom) this.breakPage();
      this.rowFrame(bounds, h, bounds[0]);
      cells.forEach((c, i) =>
        this.cellText(c, bounds[i], ws[i], this.y, h, { align: ri < headerRows ? 'center' : aligns[i] ?? 'left', valign: 'middle', font: ri < headerRows ? 'bold' : 'regular' }),
      );
      this.y += h;
    }
    this.endTable();
  }

  // --- the form -----------------------------------------------------------
  layoutForm(form, first) {
    const cfg = this.cfg;
    const { padV } = cfg;
    const lh = this.lineH;
    const W = this.W;
    const x0 = this.x0;

    // header grid: 4 columns label/value/label/value, then full-width rows
    const g = cfg.grid.map((f) => f * W);
    const gb = [x0, x0 + g[0], x0 + g[0] + g[1], x0 + g[0] + g[1] + g[2], x0 + W];
    const pair = [
      [['项目编码：', form.projectCode, { code: true }], ['项目名称：', form.projectName]],
      [['申请单位：', form.applicant], ['一级预算单位：', form.budgetUnit]],
      [['实施期限：', form.period == null ? '' : String(form.period)], ['项目类型：', form.projectTypeCode ? `${form.projectTypeCode} ${form.projectType}` : '']],
      [['是否新增项目：', form.isNew == null ? '' : form.isNew ? '是' : '否'], ['分配方式：', form.allocationMethod ?? '']],
      [
        ['项目总金额（中期规划，万元）：', form.totalAmount == null ? '' : fmtAmount(form.totalAmount), { align: 'right' }],
        ['本年度项目金额（万元）：', form.annualAmount == null ? '' : fmtAmount(form.annualAmount), { align: 'right' }],
      ],
    ];
    const full = [
      ['项目概况：', form.overview],
      ['年度目标：', form.annualGoal],
      ['长期目标（跨度多年的项目需填）：', form.longTermGoal],
    ];
    const gridRows = [];
    for (const [[l1, v1, o1 = {}], [l2, v2, o2 = {}]] of pair) {
      const cells = [
        { lines: this.wrap(l1, g[0], { check: false }), x: gb[0], w: g[0] },
        { lines: this.wrap(v1, g[1], o1), x: gb[1], w: g[1], align: o1.align },
        { lines: this.wrap(l2, g[2], { check: false }), x: gb[2], w: g[2] },
        { lines: this.wrap(v2, g[3], o2), x: gb[3], w: g[3], align: o2.align },
      ];
      gridRows.push({ cells, bounds: gb });
    }
    for (const [l, v] of full) {
      const cells = [
        { lines: this.wrap(l, g[0], { check: false }), x: gb[0], w: g[0] },
        { lines: this.wrap(v, W - g[0]), x: gb[1], w: W - g[0] },
      ];
      gridRows.push({ cells, bounds: [gb[0], gb[1], gb[4]] });
    }
    for (const r of gridRows) r.h = Math.max(1, ...r.cells.map((c) => c.lines.length)) * lh + 2 * padV;

    // indicator table
    const c = cfg.ind.map((f) => f * W);
    const cb = [x0];
    for (const w of c) cb.push(cb.at(-1) + w);
    const headFont = cfg.headerBold ? 'bold' : 'regular';
    const head = ['一级指标', '二级指标', '三级指标', cfg.valueHead ?? '指标值', '指标解释'].map((s, i) => this.wrap(s, c[i], { check: false, font: headFont }));
    const headH = Math.max(...head.map((l) => l.length)) * lh + 2 * padV;

    const rows = form.indicators.map((ind, i) => {
      const prev = form.indicators[i - 1];
      const newL1 = !prev || prev.level1 !== ind.level1;
      const newL2 = newL1 || prev.level2 !== ind.level2 || prev.core !== ind.core;
      const cells = [this.wrap(ind.level3, c[2]), this.wrap(ind.value, c[3]), this.wrap(ind.explanation, c[4])];
      const n = Math.max(1, ...cells.map((x) => x.length));
      return { ind, newL1, newL2, cells, n, h: n * lh + 2 * padV };
    });
    // merged groups
    const groups = (key) => {
      const out = [];
      rows.forEach((r, i) => {
        if (key(r)) out.push({ from: i, to: i, text: '', segs: new Map() });
        else out.at(-1).to = i;
      });
      return out;
    };
    const g1 = groups((r) => r.newL1);
    const g2 = groups((r) => r.newL2);
    for (const gr of g1) gr.lines = this.wrap(rows[gr.from].ind.level1, c[0], { check: false });
    for (const gr of g2) {
      const r0 = rows[gr.from].ind;
      gr.lines = this.wrap(`${r0.core ? '*' : ''}${r0.level2}`, c[1], { check: false });
    }
    for (const gr of [...g2, ...g1]) {
      const need = gr.lines.length * lh + 2 * padV;
      let have = 0;
      for (let i = gr.from; i <= gr.to; i++) have += rows[i].h;
      if (have < need) rows[gr.to].h += need - have;
    }
    rows.forEach((r, i) => {
      r.g1 = g1.find((gr) => gr.from <= i && i <= gr.to);
      r.g2 = g2.find((gr) => gr.from <= i && i <= gr.to);
    });

    // --- place it ---
    const titleSize = cfg.titleSize;
    const titleH = titleSize * 2.2;
    if (!this.page || cfg.flow === 'newpage' || (first && cfg.firstFormNewPage)) this.newPage();
    else {
      const gap = this.y > cfg.margin.top + 1 ? cfg.formGap : 0;
      if (this.y + gap + titleH + gridRows[0].h > this.bottom) this.newPage();
      else this.y += gap;
    }
    if (this.y > cfg.margin.top + 1) this.stats.formsMidPage++;
    if (gridRows[0].cells[1].lines.length > 1) this.stats.wrappedCodes++;
    this.stats.wrappedValues += rows.filter((r) => r.cells[1].length > 1).length;
    this.form = { pages: new Set() };
    const tw = this.width(TITLE, 'bold', titleSize);
    this.text(TITLE, x0 + (W - tw) / 2, this.y + titleSize * 0.4, { size: titleSize, font: 'bold', lineH: titleSize * 1.45 });
    this.y += titleH;

    const openBreak = cfg.breakRule === 'open';
    for (const r of gridRows) {
      if (this.y + r.h > this.bottom) {
        const room = Math.floor((this.bottom - this.y - 2 * padV) / lh);
        const [label, value] = r.cells;
        if (cfg.headerSplit && r.cells.length === 2 && room >= 1 && room < value.lines.length) {
          // A long 项目概况/年度目标 cut by the page break: the value's lines go on in
          // the row's part on the next page; its label is printed in one part only.
          const parts = [value.lines.slice(0, room), value.lines.slice(room)];
          const hs = parts.map((lines) => Math.max(lines.length, 1) * lh + 2 * padV);
          const labelH = label.lines.length * lh + 2 * padV;
          const at = cfg.labelAt === 'last' ? 1 : cfg.labelAt === 'first' ? 0 : (hs[0] + hs[1]) / 2 < hs[0] ? 0 : 1;
          hs[at] = Math.max(hs[at], labelH);
          parts.forEach((lines, k) => {
            if (k === 1) {
              this.breakPage(true);
              this.stats.splitHeaderCells++;
            }
            this.rowFrame(r.bounds, hs[k], x0, k === 1 && openBreak);
            if (k === at) this.cellText(label.lines, label.x, label.w, this.y, hs[k], {});
            this.cellText(lines, value.x, value.w, this.y, hs[k], { valign: 'top' });
            this.y += hs[k];
          });
          continue;
        }
        this.breakPage();
      }
      this.rowFrame(r.bounds, r.h, x0);
      for (const cell of r.cells) this.cellText(cell.lines, cell.x, cell.w, this.y, r.h, { align: cell.align });
      this.y += r.h;
    }

    const placeHeader = () => {
      this.rowFrame(cb, headH, x0);
      head.forEach((l, i) => this.cellText(l, cb[i], c[i], this.y, headH, { align: 'center', valign: 'middle', font: headFont }));
      this.y += headH;
    };
    const firstNeed = cfg.split === 'lines' ? lh + 2 * padV : rows[0].h;
    if (this.y + headH + (cfg.keepHeader ? firstNeed : 0) > this.bottom) this.breakPage();
    placeHeader();
    if (this.y + (cfg.split === 'lines' ? firstNeed : rows[0].h) > this.bottom) this.stats.orphanHeaders++;

    const seg = (gr, y, h) => {
      const s = gr.segs.get(this.page) ?? { page: this.page, top: y, bottom: y };
      s.bottom = Math.max(s.bottom, y + h);
      gr.segs.set(this.page, s);
    };
    const fragment = (r, lines, h, continued, rest = false) => {
      const topFrom = continued ? cb[0] : r.newL1 ? cb[0] : r.newL2 ? cb[1] : cb[2];
      this.rowFrame(cb, h, topFrom, rest && openBreak);
      const align = [cfg.l3Align ?? 'left', 'center', 'left'];
      lines.forEach((l, k) => this.cellText(l, cb[k + 2], c[k + 2], this.y, h, { align: align[k], valign: cfg.split === 'lines' ? 'top' : cfg.valign }));
      seg(r.g1, this.y, h);
      seg(r.g2, this.y, h);
      this.y += h;
    };
    const newIndPage = (split = false) => {
      this.breakPage(split);
      if (cfg.repeatHeader) {
        placeHeader();
        this.stats.repeatedHeaders++;
      }
    };
    for (const r of rows) {
      if (this.y + r.h <= this.bottom) {
        fragment(r, r.cells, r.h, false);
        continue;
      }
      const k = Math.floor((this.bottom - this.y - 2 * padV) / lh);
      if (cfg.split === 'lines' && k >= 1 && k < r.n) {
        // split inside the cells: first k lines here, the rest on the next page
        fragment(r, r.cells.map((l) => l.slice(0, k)), k * lh + 2 * padV, false);
        this.stats.splitRows++;
        let rest = r.cells.map((l) => l.slice(k));
        newIndPage(true);
        while (rest.some((l) => l.length)) {
          const m = Math.max(...rest.map((l) => l.length));
          const room = Math.floor((this.bottom - this.y - 2 * padV) / lh);
          const take = Math.min(m, room);
          fragment(r, rest.map((l) => l.slice(0, take)), take * lh + 2 * padV, true, true);
          rest = rest.map((l) => l.slice(take));
          if (rest.some((l) => l.length)) newIndPage(true);
        }
        continue;
      }
      newIndPage();
      fragment(r, r.cells, r.h, true);
    }
    this.endTable();

    // merged 一级/二级 cells: text in the first part of the cell ('first') or in each
    // part ('repeat') when the cell is split by page breaks. A part too short for the
    // wrapped label gets it on one line, shrunk to fit (like a spreadsheet's
    // shrink-to-fit), so the label never lands only on a later page.
    const placeMerged = (gr, col) => {
      const need = gr.lines.length * lh + 2 * padV;
      let segs = [...gr.segs.values()];
      if (cfg.merged === 'middle' && segs.length > 1) {
        // Centred on the whole merged cell, across its pages: printed only on the
        // page its middle falls on (the other parts stay empty).
        let half = segs.reduce((a, s) => a + s.bottom - s.top, 0) / 2;
        const s = segs.find((seg) => (half -= seg.bottom - seg.top) <= 0) ?? segs.at(-1);
        const mid = s.bottom + half;
        const top = Math.min(Math.max(mid - need / 2, s.top), s.bottom - need);
        if (s.bottom - s.top >= need) {
          this.cellText(gr.lines, cb[col], c[col], top, need, { align: 'center', page: s.page });
          return;
        }
        segs = [s];
      }
      if (cfg.merged !== 'repeat') segs = segs.slice(0, 1);
      for (const s of segs) {
        const h = s.bottom - s.top;
        if (h >= need - 0.01) {
          this.cellText(gr.lines, cb[col], c[col], s.top, h, { align: 'center', page: s.page });
        } else {
          const label = gr.lines.join('');
          const size = Math.min(cfg.size, (cfg.size * (c[col] - 2 * cfg.padH - 0.5)) / this.width(label));
          this.cellText([label], cb[col], c[col], s.top, h, { align: 'center', size, page: s.page });
        }
      }
    };
    this.stats.mergedAcrossPages += [...g1, ...g2].filter((gr) => gr.segs.size > 1).length;
    for (const gr of g1) placeMerged(gr, 0);
    for (const gr of g2) placeMerged(gr, 1);

    const pages = [...this.form.pages].sort((a, b) => a - b);
    this.form = null;
    return pages;
  }

  decorate() {
    const { header, footer, margin } = this.cfg;
    const total = this.pages.length;
    const size = this.cfg.size * 0.9;
    for (const p of this.pages) {
      if (!p.decorate) continue;
      if (header) {
        const s = header;
        const w = this.width(s, 'regular', size);
        p.ops.push({ t: 'text', s, x: this.x0 + (this.W - w) / 2, y: margin.top * 0.4, size, font: 'regular', lineH: size * this.cfg.lineFactor });
        if (this.cfg.rules !== 'none') p.ops.push({ t: 'h', x1: this.x0, x2: this.x0 + this.W, y: margin.top * 0.4 + size * 1.6 });
      }
      if (footer) {
        const s = footer(p.n, total);
        const w = this.width(s, 'regular', size);
        p.ops.push({ t: 'text', s, x: this.x0 + (this.W - w) / 2, y: this.cfg.pageSize[1] - margin.bottom * 0.6, size, font: 'regular', lineH: size * this.cfg.lineFactor });
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Backends

function pdfkitBackend(cfg) {
  const doc = new PDFDocument({
    size: cfg.pageSize,
    margin: 0,
    autoFirstPage: false,
    compress: true,
    info: {
      Title: `perf-extract fixture ${cfg.name}`,
      Author: 'perf-extract',
      Creator: 'perf-extract scripts/make-fixtures.mjs',
      Producer: 'PDFKit',
      CreationDate: FIXED_DATE,
      ModDate: FIXED_DATE,
    },
  });
  const files = FONT_FILES[cfg.font];
  doc.registerFont('regular', files.regular);
  doc.registerFont('bold', files.bold);
  const measure = (ch, font, size) => doc.font(font).fontSize(size).widthOfString(ch);
  const render = (pages) =>
    new Promise((resolve, reject) => {
      const chunks = [];
      doc.on('data', (d) => chunks.push(d));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
      const lw = cfg.lineWidth ?? 0.6;
      for (const p of pages) {
        doc.addPage({ size: cfg.pageSize, margin: 0 });
        for (const op of p.ops) {
          if (op.t === 'text') {
            doc.font(op.font).fontSize(op.size).fillColor('black');
            const boxH = doc.currentLineHeight();
            doc.text(op.s, op.x, op.y + (op.lineH - boxH) / 2, { lineBreak: false });
          } else if (cfg.rules === 'fill') {
            // rules drawn as thin filled rectangles (what spreadsheet exporters do)
            if (op.t === 'h') doc.rect(op.x1 - lw / 2, op.y - lw / 2, op.x2 - op.x1 + lw, lw).fill('black');
            else doc.rect(op.x - lw / 2, op.y1, lw, op.y2 - op.y1).fill('black');
          } else {
            doc.lineWidth(lw).strokeColor('black');
            if (op.t === 'h') doc.moveTo(op.x1, op.y).lineTo(op.x2, op.y).stroke();
            else doc.moveTo(op.x, op.y1).lineTo(op.x, op.y2).stroke();
          }
        }
      }
      doc.end();
    });
  return { measure, render };
}

/**
 * A minimal PDF writer for a NON-embedded CID font: Type0 STSong-Light with the
 * predefined CMap UniGB-UCS2-H (CIDFontType0, no FontFile, no ToUnicode).
 * Text is written as UCS-2 hex strings, rules as `m l S`. Widths: ASCII (CIDs
 * 1–95 under this CMap) half an em, everything else a full em.
 */
function rawCidBackend(cfg) {
  const ASC = 0.88;
  const measure = (ch, _font, size) => {
    const cp = ch.codePointAt(0);
    if (cp > 0xffff) throw new Error(`not in UCS-2: ${ch}`);
    return (cp >= 0x20 && cp <= 0x7e ? 0.5 : 1) * size;
  };
  const n = (v) => (Math.round(v * 100) / 100).toString();
  const render = async (pages) => {
    const [PW, PH] = cfg.pageSize;
    const lw = cfg.lineWidth ?? 0.6;
    const objects = [];
    const add = (body) => objects.push(body) && objects.length;
    add('<< /Type /Catalog /Pages 2 0 R >>'); // 1
    add(null); // 2 pages, filled in below
    add('<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>'); // 3
    add('<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 5 0 R /DW 1000 /W [1 95 500] >>'); // 4
    add('<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>'); // 5
    add(`<< /Title (perf-extract fixture ${cfg.name}) /Creator (perf-extract scripts/make-fixtures.mjs) /Producer (perf-extract raw CID writer) /CreationDate (D:20250115080000Z) /ModDate (D:20250115080000Z) >>`); // 6
    const kids = [];
    for (const p of pages) {
      const ops = ['q', '0 g', '0 G', `${n(lw)} w`];
      for (const op of p.ops) {
        if (op.t === 'text') {
          const hex = [...op.s].map((ch) => ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')).join('');
          const base = op.y + op.lineH / 2 + op.size * (ASC - 0.5) - op.size * 0.08;
          ops.push(`BT /F1 ${n(op.size)} Tf 1 0 0 1 ${n(op.x)} ${n(PH - base)} Tm <${hex}> Tj ET`);
        } else if (op.t === 'h') ops.push(`${n(op.x1)} ${n(PH - op.y)} m ${n(op.x2)} ${n(PH - op.y)} l S`);
        else ops.push(`${n(op.x)} ${n(PH - op.y1)} m ${n(op.x)} ${n(PH - op.y2)} l S`);
      }
      ops.push('Q');
      const data = zlib.deflateSync(Buffer.from(ops.join('\n'), 'latin1'), { level: 9 });
      const contents = add({ dict: `<< /Length ${data.length} /Filter /FlateDecode >>`, data });
      kids.push(add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${n(PW)} ${n(PH)}] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contents} 0 R >>`));
    }
    objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
    const parts = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
    let off = parts[0].length;
    const offsets = [];
    objects.forEach((o, i) => {
      offsets.push(off);
      const buf =
        typeof o === 'string'
          ? Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`, 'latin1')
          : Buffer.concat([Buffer.from(`${i + 1} 0 obj\n${o.dict}\nstream\n`, 'latin1'), o.data, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
      parts.push(buf);
      off += buf.length;
    });
    const id = crypto.createHash('md5').update(`perf-extract fixture ${cfg.name}`).digest('hex');
    let xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
    for (const o of offsets) xref += `${String(o).padStart(10, '0')} 00000 n \n`;
    xref += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R /ID [<${id}> <${id}>] >>\nstartxref\n${off}\n%%EOF\n`;
    parts.push(Buffer.from(xref, 'latin1'));
    return Buffer.concat(parts);
  };
  return { measure, render };
}

// ---------------------------------------------------------------------------
// Budget-report pages around the forms (cover, prose, a numbers table)

function reportPrelude(e, rng, forms) {
  const unit = forms[0].budgetUnit.replace('（本级）', '');
  e.newPage(false);
  e.y = e.cfg.pageSize[1] * 0.3;
  e.heading(`${unit}`, e.cfg.size * 2.4);
  e.heading('2025年部门预算', e.cfg.size * 2.4);
  e.y = e.cfg.pageSize[1] * 0.7;
  e.heading('二〇二五年一月', e.cfg.size * 1.4);

  e.newPage();
  e.heading('目　录');
  for (const s of ['第一部分　部门概况', '第二部分　部门收支总表', '第三部分　项目支出绩效目标', '第四部分　名词解释']) e.paragraph(s, { indent: 0 });

  e.newPage();
  e.heading('第一部分　部门概况');
  e.paragraph(`${unit}是区政府工作部门，主要负责贯彻执行国家、省、市有关法律法规和方针政策，统筹推进本行业领域的规划编制、标准制定和监督管理工作，组织实施区委区政府确定的重点项目。`);
  e.paragraph('本部门预算包括部门本级及所属单位预算。按照全面实施预算绩效管理的要求，本部门对全部二级项目编制了绩效目标，并随部门预算一并公开。以下各表金额单位除特别注明外均为万元。');
  e.paragraph('与上年相比，本年度预算安排坚持过紧日子的要求，一般性支出继续压减，重点保障民生领域和基本公共服务支出，项目支出结构进一步优化。');

  e.newPage();
  e.heading('第二部分　部门收支总表');
  const inc = [
    ['一般公共预算拨款收入', round2(2000 + rng.next() * 8000)],
    ['政府性基金预算拨款收入', round2(rng.next() * 500)],
    ['国有资本经营预算拨款收入', 0],
    ['事业收入', round2(rng.next() * 300)],
    ['其他收入', round2(rng.next() * 80)],
  ];
  const exp = [
    ['一般公共服务支出', 0.55],
    ['公共安全支出', 0.05],
    ['教育支出', 0.08],
    ['社会保障和就业支出', 0.17],
    ['卫生健康支出', 0.15],
  ];
  const totalIn = round2(inc.reduce((a, [, v]) => a + v, 0));
  const expRows = exp.map(([k, f]) => [k, round2(totalIn * f)]);
  expRows[expRows.length - 1][1] = round2(totalIn - expRows.slice(0, -1).reduce((a, [, v]) => a + v, 0));
  const rows = [['收入项目', '预算数', '支出项目', '预算数']];
  for (let i = 0; i < 5; i++) rows.push([inc[i][0], fmtAmount(inc[i][1]), expRows[i][0], fmtAmount(expRows[i][1])]);
  rows.push(['本年收入合计', fmtAmount(totalIn), '本年支出合计', fmtAmount(totalIn)]);
  const w = e.width('单位：万元');
  e.text('单位：万元', e.x0 + e.W - w, e.y);
  e.y += e.lineH + 4;
  e.simpleTable([0.3, 0.2, 0.3, 0.2], rows, { aligns: ['left', 'right', 'left', 'right'] });
  e.y += 16;
  e.paragraph(`本年收入预算合计${fmtAmount(totalIn)}万元，支出预算合计${fmtAmount(totalIn)}万元，收支平衡。`);

  e.newPage();
  e.heading('第三部分　项目支出绩效目标');
  e.paragraph(`本部门共编报二级项目${forms.length}个，每个项目的二级项目支出绩效目标申报表见后页。绩效指标分为产出、效益、满意度三类，带“*”号的为核心指标。`);
  e.paragraph('指标值为定量的，以“≥”“≤”“＞”“＜”表示目标方向；不适用的指标如实填列“不适用”。');
}

function reportTrailer(e) {
  e.newPage();
  e.heading('第四部分　名词解释');
  e.paragraph('1.一般公共预算拨款收入：指区级财政当年拨付的资金。', { indent: 0 });
  e.paragraph('2.项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。', { indent: 0 });
  e.paragraph('3.绩效目标：指财政预算资金计划在一定期限内达到的产出和效果，由一级指标、二级指标和三级指标构成。', { indent: 0 });
  e.paragraph('4.本年度项目金额：指项目在本预算年度内安排的资金，单位为万元。', { indent: 0 });
}

// ---------------------------------------------------------------------------
// What a report prints after a form: a signature block under its table, another
// budget table of the report, a closing prose section. None of it is the form's.

function signatureBlock(e) {
  const s = '单位负责人：王建国　　　　填报人：李晓梅　　　　联系电话：0755-8312 4567　　　　填报日期：2025年1月10日';
  if (e.y + 3 * e.lineH > e.bottom) return;
  e.y += e.lineH * 0.8;
  e.text(s, e.x0, e.y);
  e.y += e.lineH * 1.5;
}

function budgetTable(e, forms, title) {
  if (e.y + 10 * e.lineH > e.bottom) e.newPage();
  else e.y += 12;
  const unit = forms[0].applicant;
  e.heading(title, e.cfg.size * 1.4);
  e.text(`部门（单位）：${unit}`, e.x0, e.y);
  const w = e.width('金额单位：万元');
  e.text('金额单位：万元', e.x0 + e.W - w, e.y);
  e.y += e.lineH + 4;
  const rows = [['项目编码', '项目名称', '项目类型', '实施期限', '本年预算', '财政拨款', '其他资金']];
  let sum = 0;
  for (const f of forms) {
    rows.push([f.projectCode, f.projectName, f.projectType, `${f.period}年`, fmtAmount(f.annualAmount), fmtAmount(f.annualAmount), '0.00']);
    sum += f.annualAmount;
  }
  rows.push(['', '合  计', '', '', fmtAmount(sum), fmtAmount(sum), '0.00']);
  e.simpleTable([0.24, 0.27, 0.11, 0.08, 0.1, 0.1, 0.1], rows, { aligns: ['left', 'left', 'left', 'left', 'right', 'right', 'right'] });
}

function afterForms(e, forms, i) {
  signatureBlock(e);
  if (i === 1) budgetTable(e, forms.slice(0, 2), '表三　项目支出预算明细表（一）');
  if (i === forms.length - 1) {
    // Reports start each table on a page of its own.
    e.newPage();
    budgetTable(e, forms, '表六　项目支出预算明细表');
    e.newPage();
    e.heading('第五章　名词解释');
    e.paragraph('一般公共预算拨款：指区级财政当年从一般公共预算中安排给本部门的资金。', { indent: 0 });
    e.paragraph('绩效目标：指预算资金计划在一定期限内达到的产出和效果，由绩效指标及其指标值构成。', { indent: 0 });
  }
}

// ---------------------------------------------------------------------------
// The fixtures

const BASE = {
  size: 9,
  lineFactor: 1.45,
  titleSize: 16,
  padH: 3,
  padV: 3,
  rules: 'stroke',
  lineWidth: 0.6,
  valign: 'middle',
  flow: 'newpage',
  split: 'never',
  merged: 'first',
  repeatHeader: false,
  keepHeader: true,
  headerBold: false,
  formGap: 24,
  font: 'sans',
  backend: 'pdfkit',
};

const FIXTURES = [
  {
    name: 'a4-portrait-ruled-sans',
    what: 'A4 portrait, fully ruled (stroked lines), cells vertically centred, Noto Sans SC; narrow label column so labels wrap mid-word (项目总金额（中期… / …万元）：); one form per page start, long tables run onto a second page with the merged 一级 cell continuing (text printed once, in its first part); no page header/footer.',
    seed: 1001,
    count: 5,
    data: { longExpl: 0.3, longName: 0.3 },
    cfg: { pageSize: PAGE.A4, margin: { top: 48, bottom: 48, left: 42, right: 42 }, grid: [0.13, 0.37, 0.13, 0.37], ind: [0.09, 0.12, 0.27, 0.13, 0.39], headerBold: true },
  },
  {
    name: 'a4-landscape-filled-serif',
    what: 'A4 landscape, rules drawn as thin filled rectangles (no stroked lines), Noto Serif SC, indicator header repeated on every continuation page, running page header text and `第 N 页` footer, merged 一级/二级 text repeated in each page part.',
    seed: 2002,
    count: 6,
    data: { longExpl: 0.5 },
    cfg: {
      font: 'serif',
      size: 10,
      titleSize: 18,
      pageSize: PAGE.A4L,
      margin: { top: 56, bottom: 50, left: 40, right: 40 },
      rules: 'fill',
      lineWidth: 0.5,
      grid: [0.12, 0.38, 0.12, 0.38],
      ind: [0.08, 0.11, 0.26, 0.12, 0.43],
      repeatHeader: true,
      merged: 'repeat',
      header: '深圳市2025年区级部门预算 · 项目支出绩效目标',
      footer: (n) => `第 ${n} 页`,
    },
  },
  {
    name: '16k-borderless-top',
    what: 'Non-standard 16开 page (184×260 mm), no ruling lines at all, cells top-aligned, forms flow one after another (a form starts mid-page), table header may be separated from its body by a page break, `- N -` footer.',
    seed: 3003,
    count: 5,
    data: { longExpl: 0.4 },
    cfg: {
      pageSize: PAGE.K16,
      margin: { top: 40, bottom: 46, left: 34, right: 34 },
      rules: 'none',
      valign: 'top',
      flow: 'continuous',
      keepHeader: false,
      padV: 3.5,
      size: 8.5,
      titleSize: 15,
      grid: [0.16, 0.34, 0.16, 0.34],
      ind: [0.1, 0.14, 0.26, 0.13, 0.37],
      footer: (n) => `- ${n} -`,
    },
  },
  {
    name: 'a4-multi-per-page',
    what: 'A4 portrait, 8 short forms (4–7 indicator rows, one-line cells) flowing continuously: two or three forms on one page, forms starting mid-page; ruled, Noto Serif SC, smaller type.',
    seed: 4004,
    count: 8,
    data: { short: true, longName: 0.1 },
    cfg: {
      font: 'serif',
      size: 8,
      titleSize: 13,
      pageSize: PAGE.A4,
      margin: { top: 40, bottom: 40, left: 40, right: 40 },
      flow: 'continuous',
      formGap: 22,
      padV: 2.5,
      grid: [0.15, 0.35, 0.15, 0.35],
      ind: [0.09, 0.13, 0.28, 0.13, 0.37],
    },
  },
  {
    name: 'letter-split-rows',
    what: 'US Letter (8.5×11 in), ruled, top-aligned; rows split by a page break inside their cells (a long 指标解释 starts on one page and ends on the next), merged 一级/二级 cells continuing across the break, no repeated header, `第 N 页 共 M 页` footer, forms flowing continuously.',
    seed: 5005,
    count: 6,
    data: { longExpl: 0.85, longName: 0.3 },
    cfg: {
      pageSize: PAGE.LETTER,
      margin: { top: 44, bottom: 54, left: 50, right: 50 },
      valign: 'top',
      split: 'lines',
      flow: 'continuous',
      keepHeader: true,
      grid: [0.15, 0.35, 0.15, 0.35],
      ind: [0.09, 0.12, 0.23, 0.13, 0.43],
      footer: (n, total) => `第 ${n} 页 共 ${total} 页`,
    },
  },
  {
    name: 'a3-large',
    what: 'A3 portrait (large page) with larger type, ruled, vertically centred, two forms per page flowing continuously, running header and `第 N 页` footer.',
    seed: 6006,
    count: 4,
    data: { longExpl: 0.3 },
    cfg: {
      pageSize: PAGE.A3,
      size: 11,
      titleSize: 20,
      margin: { top: 64, bottom: 60, left: 60, right: 60 },
      flow: 'continuous',
      formGap: 36,
      grid: [0.14, 0.36, 0.14, 0.36],
      ind: [0.08, 0.12, 0.27, 0.12, 0.41],
      header: '深圳市罗湖区2025年部门预算',
      footer: (n) => `第 ${n} 页`,
    },
  },
  {
    name: 'budget-report',
    what: 'Forms inside a larger budget report: cover page, contents, prose, a 部门收支总表 with numbers (4-column, like the header grid), an intro page naming the form in a sentence, then the forms (one per page start) and a trailing 名词解释 prose page; printed page numbers start after the cover (`- N -` ≠ PDF page); narrow value columns so project codes and 指标值 wrap inside their cells.',
    seed: 7007,
    count: 5,
    data: { longExpl: 0.4, narrowValues: true, sameUnit: true },
    cfg: {
      pageSize: PAGE.A4,
      margin: { top: 56, bottom: 56, left: 50, right: 50 },
      grid: [0.2, 0.19, 0.2, 0.41],
      ind: [0.1, 0.13, 0.3, 0.1, 0.37],
      l3Align: 'left',
      header: '2025年部门预算',
      footer: (n) => `- ${n - 1} -`,
      prelude: reportPrelude,
      trailer: reportTrailer,
    },
  },
  {
    name: 'cid-stsong-nonembedded',
    what: 'Written by the raw PDF writer in this script: text in the NON-embedded standard font STSong-Light (Type0/CIDFontType0, Adobe-GB1, predefined CMap UniGB-UCS2-H, no FontFile, no ToUnicode), UCS-2 hex strings, rules as `m l S`. Readable by pdf.js only with its CMaps (cMapUrl/cMapPacked).',
    seed: 8008,
    count: 3,
    data: { longExpl: 0.3 },
    cfg: {
      backend: 'cid',
      pageSize: PAGE.A4,
      margin: { top: 50, bottom: 50, left: 45, right: 45 },
      grid: [0.15, 0.35, 0.15, 0.35],
      ind: [0.09, 0.13, 0.27, 0.13, 0.38],
    },
  },
  // Page breaks inside cells (issue 9): each of these has a layout the forms above do not.
  {
    name: 'a4-open-breaks',
    what: 'A4 portrait, ruled as a browser prints a table: a cell cut by a page break has no rule at the break on either page. Long numbered 项目概况/年度目标 run over page breaks with their label, vertically centred in the whole row, printed on one page only; rows split inside their cells; merged 一级/二级 cells centred on their whole span across pages, so their text may be printed on the continuation page only. Running header and `第 N 页，共 M 页` footer; forms flow on.',
    seed: 9023,
    count: 6,
    data: { longTexts: true, longExpl: 0.6 },
    cfg: {
      pageSize: PAGE.A4,
      margin: { top: 52, bottom: 52, left: 46, right: 46 },
      flow: 'continuous',
      split: 'lines',
      breakRule: 'open',
      headerSplit: true,
      labelAt: 'middle',
      merged: 'middle',
      grid: [0.14, 0.36, 0.14, 0.36],
      ind: [0.09, 0.12, 0.26, 0.13, 0.4],
      header: '2025年区级部门预算项目支出绩效目标申报',
      footer: (n, total) => `第 ${n} 页，共 ${total} 页`,
    },
  },
  {
    name: 'a4l-repeated-head-split',
    what: 'A4 landscape, ruled the way a report engine splits a table: the table head is repeated on each continuation page with no rule between it and the rest of a row cut by the break (the head and the row\'s tail share one ruled box); 项目概况/年度目标 cut by a break with the label printed on the continuation page only; `- N -` footer.',
    seed: 10038,
    count: 6,
    data: { longTexts: true, longExpl: 0.7 },
    cfg: {
      font: 'serif',
      size: 9.5,
      pageSize: PAGE.A4L,
      margin: { top: 46, bottom: 50, left: 40, right: 40 },
      flow: 'continuous',
      split: 'lines',
      breakRule: 'open',
      repeatHeader: true,
      headerSplit: true,
      labelAt: 'last',
      grid: [0.12, 0.38, 0.12, 0.38],
      ind: [0.08, 0.11, 0.25, 0.11, 0.45],
      footer: (n) => `- ${n} -`,
    },
  },
  {
    name: 'a4-forms-then-tables',
    what: 'Forms inside a report, each followed by a signature block (单位负责人/填报人/联系电话) under its table; a ruled budget table (项目支出预算明细表, other columns) after the second form on the same page, and another after the last form, then a prose 名词解释 page. Ruled, closed rules at breaks (a row cut by a break is ruled off on both pages), 项目概况/年度目标 cut by breaks with the label on the first page only.',
    seed: 11039,
    count: 4,
    data: { longTexts: true, longExpl: 0.4, sameUnit: true },
    cfg: {
      pageSize: PAGE.A4,
      margin: { top: 50, bottom: 50, left: 44, right: 44 },
      flow: 'continuous',
      split: 'lines',
      headerSplit: true,
      labelAt: 'first',
      grid: [0.15, 0.35, 0.15, 0.35],
      ind: [0.09, 0.12, 0.27, 0.13, 0.39],
      footer: (n) => `第 ${n} 页`,
      afterForm: afterForms,
    },
  },
  {
    name: 'a4-borderless-glued',
    what: 'A4 portrait, no ruling lines, cells vertically centred: project codes fill their narrow value column so that each ends a few points before the next label (`440310…项目名称：` reads as one run); rows split by page breaks; merged 一级/二级 cells centred on their whole span across pages; forms flow on.',
    seed: 12012,
    count: 5,
    data: { longExpl: 0.5 },
    cfg: {
      pageSize: PAGE.A4,
      margin: { top: 48, bottom: 52, left: 40, right: 40 },
      rules: 'none',
      flow: 'continuous',
      split: 'lines',
      merged: 'middle',
      keepHeader: true,
      grid: [0.14, 0.218, 0.16, 0.482],
      ind: [0.09, 0.13, 0.26, 0.13, 0.39],
      footer: (n) => `- ${n} -`,
    },
  },
  {
    name: 'a4-national-wording',
    what: 'The national 2021+ template: 一级 产出指标/成本指标/效益指标/满意度指标, 二级 names ending in 指标, 成本指标 a 一级 with 经济/社会/生态环境成本指标 (some 不适用), the value column headed 年度指标值. Ruled, top-aligned, rows split by page breaks with merged cells continuing, `第 N 页` footer.',
    seed: 13013,
    count: 5,
    data: { national: true, longExpl: 0.4 },
    cfg: {
      font: 'serif',
      pageSize: PAGE.A4,
      margin: { top: 48, bottom: 50, left: 44, right: 44 },
      valign: 'top',
      flow: 'continuous',
      split: 'lines',
      valueHead: '年度指标值',
      grid: [0.15, 0.35, 0.15, 0.35],
      ind: [0.1, 0.14, 0.25, 0.13, 0.38],
      footer: (n) => `第 ${n} 页`,
    },
  },
];

async function buildFixture(fx) {
  const cfg = { ...BASE, ...fx.cfg, name: fx.name };
  const backend = cfg.backend === 'cid' ? rawCidBackend(cfg) : pdfkitBackend(cfg);
  const rng = new Rng(fx.seed);
  const forms = [];
  const data = { ...fx.data };
  if (data.sameUnit) Object.assign(data, { district: rng.pick(DISTRICTS), bureau: rng.pick(BUREAUS) });
  for (let i = 0; i < fx.count; i++) forms.push(genForm(rng, data));
  // every fixture has at least one empty 长期目标
  if (!forms.some((f) => f.longTermGoal === '')) forms[1 % forms.length].longTermGoal = '';
  const e = new Engine(cfg, backend.measure);
  if (cfg.prelude) cfg.prelude(e, rng, forms);
  forms.forEach((f, i) => {
    f.pages = e.layoutForm(f, i === 0);
    cfg.afterForm?.(e, forms, i);
  });
  if (cfg.trailer) cfg.trailer(e);
  e.decorate();
  const pdf = await backend.render(e.pages);
  fs.writeFileSync(path.join(OUT_DIR, `${fx.name}.pdf`), pdf);
  fs.writeFileSync(path.join(OUT_DIR, `${fx.name}.truth.json`), `${JSON.stringify(forms, null, 2)}\n`);
  return { name: fx.name, pages: e.pages.length, forms: forms.length, bytes: pdf.length, stats: e.stats };
}

async function main() {
  const only = process.argv.slice(2);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const fx of FIXTURES) {
    if (only.length && !only.includes(fx.name)) continue;
    const r = await buildFixture(fx);
    const st = Object.entries(r.stats).filter(([, v]) => v).map(([k, v]) => `${k}=${v}`).join(' ');
    console.log(`${r.name}.pdf  ${r.forms} forms  ${r.pages} pages  ${(r.bytes / 1024).toFixed(0)} KiB  ${st}`);
  }
  // The same forms as a4-portrait-ruled-sans, restructured (object streams, a
  // cross-reference stream, form XObjects, an incremental update): see repack-fixture.mjs.
  if (!only.length || only.includes(REPACKED.name)) {
    const { bytes } = repack(fs.readFileSync(path.join(OUT_DIR, `${REPACKED.from}.pdf`)));
    fs.writeFileSync(path.join(OUT_DIR, `${REPACKED.name}.pdf`), bytes);
    fs.copyFileSync(path.join(OUT_DIR, `${REPACKED.from}.truth.json`), path.join(OUT_DIR, `${REPACKED.name}.truth.json`));
    console.log(`${REPACKED.name}.pdf  repacked from ${REPACKED.from}.pdf  ${(bytes.length / 1024).toFixed(0)} KiB`);
  }
  // The same forms as a4-multi-per-page, its pages turned by /Rotate: see rotate-fixture.mjs.
  if (!only.length || only.includes(ROTATED.name)) {
    const bytes = rotatePages(fs.readFileSync(path.join(OUT_DIR, `${ROTATED.from}.pdf`)), ROTATED.rotations);
    fs.writeFileSync(path.join(OUT_DIR, `${ROTATED.name}.pdf`), bytes);
    fs.copyFileSync(path.join(OUT_DIR, `${ROTATED.from}.truth.json`), path.join(OUT_DIR, `${ROTATED.name}.truth.json`));
    console.log(`${ROTATED.name}.pdf  ${ROTATED.from}.pdf with pages rotated ${ROTATED.rotations.join(', ')}`);
  }
  // For the own text reader's equivalence test (no truth: it holds no new form):
  // three pages of every text operator pdfkit never writes and of Type3 fonts; see text-operators-fixture.mjs.
  if (!only.length || only.includes(TEXT_OPERATORS.name)) {
    const bytes = addTextOperatorPages(fs.readFileSync(path.join(OUT_DIR, `${TEXT_OPERATORS.from}.pdf`)));
    fs.mkdirSync(path.join(OUT_DIR, 'reader'), { recursive: true });
    fs.writeFileSync(path.join(OUT_DIR, 'reader', `${TEXT_OPERATORS.name}.pdf`), bytes);
    console.log(`reader/${TEXT_OPERATORS.name}.pdf  ${TEXT_OPERATORS.from}.pdf with three pages of text operators`);
  }
}

const TEXT_OPERATORS = { name: 'text-operators', from: 'a3-large' };

const ROTATED = { name: 'a4-rotated-pages', from: 'a4-multi-per-page', rotations: [90, 180, 270, 0] };

const REPACKED = { name: 'a4-objstm-forms', from: 'a4-portrait-ruled-sans' };

await main();
