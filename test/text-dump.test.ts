import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startsNumberedItem } from "../src/parse/join.js";
import { parseTextDump } from "../src/parse/text-dump.js";
import { FormSchema, type Form, type Indicator } from "../src/schema.js";

// The acceptance corpus, copied into fixtures/corpus/ by scripts/sync-corpus.mjs.
const corpus = (name: string) => fileURLToPath(new URL(`../fixtures/corpus/${name}`, import.meta.url));
const readCorpus = (name: string) => readFileSync(corpus(name), "utf8");
const truth = (name: string) => JSON.parse(readCorpus(name)) as Form[];

const TITLE = "二级项目支出绩效目标申报表";

/** A minimal declaration around the given table lines (and header overrides). */
function dump(table: string[], header: Partial<Record<"overview" | "annualGoal" | "longTermGoal", string[]>> = {}): string {
  return [
    TITLE,
    "项目编码： 440304221061500000045 项目名称： 测试项目",
    "申请单位： 深圳市福田区数据管理中心 一级预算单位： 深圳市福田区政务服务数据管理局（本级）",
    "实施期限： 3 项目类型： 15 履职类项目",
    "是否新增项目： 否 分配方式： 因素法",
    "项目总金额（中期规",
    "划，万元）：",
    "5,068.37",
    "本年度项目金额",
    "（万元）：",
    "1,689.46",
    ...(header.overview ?? ["项目概况： 测试概况"]),
    ...(header.annualGoal ?? ["年度目标： 测试目标"]),
    ...(header.longTermGoal ?? ["长期目标（跨度多年的", "项目需填）：", "测试长期目标"]),
    "一级指标 二级指标 三级指标 指标值 指标解释",
    ...table,
  ].join("\n\n");
}

const only = (text: string): Form => {
  const { forms } = parseTextDump(text);
  expect(forms).toHaveLength(1);
  return forms[0]!;
};

const row = (r: Partial<Indicator> & Pick<Indicator, "level3" | "value" | "explanation">): Indicator => ({
  level1: "产出",
  level2: "数量",
  core: true,
  target: null,
  applicable: true,
  ...r,
});

describe("seed.txt", () => {
  it("comes out exactly as seed.truth.json (deep equality, every field of all 20 forms)", () => {
    const { forms, warnings } = parseTextDump(readCorpus("seed.txt"));
    const expected = truth("seed.truth.json");
    expect(forms).toHaveLength(20);
    forms.forEach((form, i) => expect(form, `form ${i + 1}`).toStrictEqual(expected[i]));
    expect(forms).toStrictEqual(expected);
    expect(warnings).toEqual([]);
  });

  it("gives forms that satisfy the output schema", () => {
    for (const form of parseTextDump(readCorpus("seed.txt")).forms) FormSchema.parse(form);
  });
});

describe("header", () => {
  it("reads labels wrapped anywhere, several pairs per line, and empty pages", () => {
    const form = only(
      dump([], {
        overview: ["项目概况： 测试概况"],
        annualGoal: ["年度目标： 目标"],
        longTermGoal: ["长期目标（跨度多年", "的项目需填）：", "长期"],
      }).replace("本年度项目金额\n\n（万元）：", "本年度项目金\n\n额（万元）："),
    );
    expect(form).toMatchObject({
      title: TITLE,
      pages: [],
      projectCode: "440304221061500000045",
      projectName: "测试项目",
      applicant: "深圳市福田区数据管理中心",
      budgetUnit: "深圳市福田区政务服务数据管理局（本级）",
      period: 3,
      projectTypeCode: "15",
      projectType: "履职类项目",
      isNew: false,
      allocationMethod: "因素法",
      totalAmount: 5068.37,
      annualAmount: 1689.46,
      overview: "测试概况",
      annualGoal: "目标",
      longTermGoal: "长期",
    });
  });

  it("keeps numbered items as hard breaks and joins soft wraps (nothing between CJK, a space between Latin/digits)", () => {
    const form = only(
      dump([], {
        overview: [
          "项目概况：",
          "1.项目背景：根据单位履职需要。",
          "2.项目内容：采购《福田区 IDC 机房服务项目采购合同》、保障区",
          "委区政府工作人员工作电脑的政务网络接入，共 2",
          "8 个点。",
          "（3）项目范围：全区。",
        ],
      }),
    );
    expect(form.overview).toBe(
      "1.项目背景：根据单位履职需要。\n2.项目内容：采购《福田区 IDC 机房服务项目采购合同》、保障区委区政府工作人员工作电脑的政务网络接入，共 2 8 个点。\n（3）项目范围：全区。",
    );
  });

  it("gives an empty longTermGoal when its cell is empty", () => {
    const form = only(dump(["产出", "*数量 人数 3 人 该指标主要考察人数"], { longTermGoal: ["长期目标（跨度多年的", "项目需填）："] }));
    expect(form.longTermGoal).toBe("");
    expect(form.indicators).toHaveLength(1);
  });

  it("ignores everything before the first heading", () => {
    const text = "深圳市2024年区级部门预算\n\n项目编码： 999 项目名称： 不是表格\n\n产出\n\n*数量 人数 3 人 该指标主要考察人数\n\n\n\n" + dump(["产出", "*数量 人数 3 人 该指标主要考察人数"]);
    const form = only(text);
    expect(form.projectCode).toBe("440304221061500000045");
    expect(form.projectName).toBe("测试项目");
  });

  it("keeps a truncated name and typos as printed, and a code wrapped over two lines without white space", () => {
    const form = only(
      dump(["产出", "*数量 人数 3 人 该指标主要考察人数"], { annualGoal: ["年度目标： 保障政务短息平台正常。。"] })
        .replace("项目编码： 440304221061500000045 项目名称： 测试项目", "项目编码： 4403042210615\n\n00000045 项目名称： 网络和信息安全运行维护（邮电费"),
    );
    expect(form.projectCode).toBe("440304221061500000045");
    expect(form.projectName).toBe("网络和信息安全运行维护（邮电费");
    expect(form.annualGoal).toBe("保障政务短息平台正常。。");
  });

  it("splits forms at every heading and numbers warnings from 1", () => {
    const one = dump(["产出", "*数量 人数 3 人 该指标主要考察人数"]);
    const two = one.replace("项目编码： 440304221061500000045 ", "");
    const { forms, warnings } = parseTextDump(`${one}\n\n\n\n${two}`);
    expect(forms).toHaveLength(2);
    expect(forms[1]!.projectCode).toBe("");
    expect(warnings).toContainEqual({ form: 2, page: null, field: "projectCode", about: "extraction", code: "label-missing", message: expect.any(String) });
  });

  it("reads CRLF line ends and form feeds", () => {
    const form = only(dump(["产出", "*数量 人数 3 人", "该指标主要考察人", "\f数是否达标"]).replace(/\n/g, "\r\n"));
    expect(form.indicators[0]!.explanation).toBe("该指标主要考察人数是否达标");
  });
});

describe("indicator table", () => {
  it("joins an explanation that starts beside the value and wraps below it", () => {
    const form = only(dump(["产出", "*数量 发放离退休干部节日慰问金人数 3 人", "该指标主要考察发放离退休干部节日慰问金", "人数是否达到目标人数"]));
    expect(form.indicators).toEqual([
      row({
        level3: "发放离退休干部节日慰问金人数",
        value: "3 人",
        target: { operator: "=", number: 3, unit: "人" },
        explanation: "该指标主要考察发放离退休干部节日慰问金人数是否达到目标人数",
      }),
    ]);
  });

  it("reads a 三级指标 wrapped over two lines with the value alone on its own line", () => {
    const form = only(
      dump([
        "效益",
        "*社会效益",
        "保障办公人员电脑政务网络按规定",
        "时限内接入",
        "有效",
        "该指标主要考察是有有效保障办公人员电脑",
        "政务网络按规定时限内接入",
        "生态效益 不适用 不适用 不适用",
      ]),
    );
    expect(form.indicators[0]).toEqual(
      row({
        level1: "效益",
        level2: "社会效益",
        level3: "保障办公人员电脑政务网络按规定时限内接入",
        value: "有效",
        explanation: "该指标主要考察是有有效保障办公人员电脑政务网络按规定时限内接入",
      }),
    );
  });

  it("reads a 三级指标 wrapped before a line holding the value and the explanation", () => {
    const form = only(dump(["产出", "*时效", "补丁更新及信息安全事故处理及时", "性", "及时 该指标主要考察信息安全事故是否及时处理"]));
    expect(form.indicators[0]).toMatchObject({ level2: "时效", level3: "补丁更新及信息安全事故处理及时性", value: "及时" });
  });

  it("shares a page-break continuation line between the 三级指标 and the 指标解释", () => {
    const form = only(
      dump([
        "产出 *数量",
        "288 芯汇聚层光缆维护及设备维保 5 条 该指标主要考察 288 芯汇聚层光缆维护数",
        "\n\n",
        "完成率 量是否达到目标数值",
        "新增链路接入点 ＞1 个",
        "该指标主要考察新增链路接入点是否达到目",
        "标数值",
      ]),
    );
    expect(form.indicators).toEqual([
      row({
        level3: "288 芯汇聚层光缆维护及设备维保完成率",
        value: "5 条",
        target: { operator: "=", number: 5, unit: "条" },
        explanation: "该指标主要考察 288 芯汇聚层光缆维护数量是否达到目标数值",
      }),
      row({
        level3: "新增链路接入点",
        value: "＞1 个",
        target: { operator: ">", number: 1, unit: "个" },
        explanation: "该指标主要考察新增链路接入点是否达到目标数值",
      }),
    ]);
  });

  it("continues an explanation across a page break", () => {
    const form = only(
      dump([
        "效益",
        "*社会效益 有效提高离退休干部人员退休生活 有效 该指标主要考察是否有效提高离退休干部人",
        "\n\n",
        "员退休生活",
        "生态效益 不适用 不适用 不适用",
      ]),
    );
    expect(form.indicators[0]!.explanation).toBe("该指标主要考察是否有效提高离退休干部人员退休生活");
    expect(form.indicators[0]!.level3).toBe("有效提高离退休干部人员退休生活");
  });

  it("tells a new row's wrapped 三级指标 from the end of the previous explanation", () => {
    const form = only(
      dump([
        "产出",
        "*数量",
        "福田区电子政务外网安全系统保",
        "护",
        "≥153 个系统",
        "该指标主要考察福田区电子政务外网安全系统保护",
        "数量是否达到目标数值",
        "福田区电子政务外网安全服务器",
        "保护",
        "≥700 台",
        "该指标主要考察福田区电子政务外网安全服务器保",
        "护数量是否达到目标数值",
      ]),
    );
    expect(form.indicators.map((r) => [r.level3, r.value, r.explanation])).toEqual([
      ["福田区电子政务外网安全系统保护", "≥153 个系统", "该指标主要考察福田区电子政务外网安全系统保护数量是否达到目标数值"],
      ["福田区电子政务外网安全服务器保护", "≥700 台", "该指标主要考察福田区电子政务外网安全服务器保护数量是否达到目标数值"],
    ]);
  });

  it("keeps 不适用 rows with applicable false, however the 一级/二级指标 are placed", () => {
    const form = only(
      dump([
        "效益 经济效益 不适用 不适用 不适用",
        "*社会效益 保障中心正常运转 有效 该指标主要考察是否有效保障中心正常运转",
        "生态效益 不适用 不适用 不适用",
        "满意度",
        "*服务对象满意度 用户投诉数 0 该指标主要考察用户投诉情况",
        "其他满意度",
        "不适用",
        "不适用",
        "不适用",
      ]),
    );
    const na = (level1: string, level2: string) =>
      ({ level1, level2, core: false, level3: "不适用", value: "不适用", target: null, explanation: "不适用", applicable: false }) as Indicator;
    expect(form.indicators).toEqual([
      na("效益", "经济效益"),
      row({ level1: "效益", level2: "社会效益", level3: "保障中心正常运转", value: "有效", explanation: "该指标主要考察是否有效保障中心正常运转" }),
      na("效益", "生态效益"),
      row({
        level1: "满意度",
        level2: "服务对象满意度",
        level3: "用户投诉数",
        value: "0",
        target: { operator: "=", number: 0, unit: "" },
        explanation: "该指标主要考察用户投诉情况",
      }),
      na("满意度", "其他满意度"),
    ]);
  });

  it("takes a 一级指标 and a *二级指标 at the start of a row line, and unknown names too", () => {
    const form = only(
      dump([
        "满意度 *服务对象满意度 用户投诉率 ≤2% 该指标主要考察用户投诉情况",
        "成本指标 *经济成本 单位成本 ≤30 万元 该指标主要考察单位成本",
        "*社会成本 社会影响成本 无 该指标主要考察社会成本",
        "影响力 社会影响 不适用 不适用 不适用",
      ]),
    );
    expect(form.indicators.map((r) => [r.level1, r.level2, r.core, r.level3, r.value])).toEqual([
      ["满意度", "服务对象满意度", true, "用户投诉率", "≤2%"],
      ["成本指标", "经济成本", true, "单位成本", "≤30 万元"],
      ["成本指标", "社会成本", true, "社会影响成本", "无"],
      ["影响力", "社会影响", false, "不适用", "不适用"],
    ]);
  });

  it("takes an unknown 一级指标 alone on its line before a *二级指标, but not an explanation's last line", () => {
    const form = only(
      dump([
        "产出",
        "*数量 消防设备维保机房 7 个",
        "该指标主要考察消防设备维保机房的数量是",
        "否达到目标数量",
        "*质量 合格率 100% 该指标主要考察是否合格",
        "治理成效",
        "*治理水平 治理能力 有效 该指标主要考察治理能力",
      ]),
    );
    expect(form.indicators.map((r) => [r.level1, r.level2, r.explanation])).toEqual([
      ["产出", "数量", "该指标主要考察消防设备维保机房的数量是否达到目标数量"],
      ["产出", "质量", "该指标主要考察是否合格"],
      ["治理成效", "治理水平", "该指标主要考察治理能力"],
    ]);
  });

  it("reads a value printed beside the 三级指标 without a space-free boundary: IDC 机房… 有效", () => {
    const form = only(dump(["效益", "*社会效益 IDC 机房运行维护有效性 有效", "该指标主要考察 IDC 机房是否有效运行维护", "正常"]));
    expect(form.indicators[0]).toMatchObject({
      level3: "IDC 机房运行维护有效性",
      value: "有效",
      explanation: "该指标主要考察 IDC 机房是否有效运行维护正常",
    });
  });

  it("does not take a number opening a 三级指标 for the value", () => {
    const form = only(dump(["产出", "*质量", "288 芯汇聚层光缆维护验收合格率 100%", "该指标主要考察 288 芯汇聚层光缆维护验", "收是否合格"]));
    expect(form.indicators[0]).toMatchObject({ level3: "288 芯汇聚层光缆维护验收合格率", value: "100%", explanation: "该指标主要考察 288 芯汇聚层光缆维护验收是否合格" });
  });

  it("skips a table header repeated on a continuation page", () => {
    const form = only(dump(["产出", "*数量 人数 3 人 该指标主要考察人", "\n\n", "一级指标 二级指标 三级指标 指标值 指标解释", "数是否达标"]));
    expect(form.indicators[0]!.explanation).toBe("该指标主要考察人数是否达标");
  });
});

describe("other extractors' habits", () => {
  it("drops page numbers and a running page header, and ignores a continued heading", () => {
    const page1 = dump(["产出", "*数量 人数 3 人 该指标主要考察人"]);
    const text = `某市预算公开\n${page1}\n\n第 1 页\f某市预算公开\n${TITLE}（续）\n数是否达标\n\n- 2 -\f某市预算公开\n`;
    const form = only(text);
    expect(form.indicators).toHaveLength(1);
    expect(form.indicators[0]!.explanation).toBe("该指标主要考察人数是否达标");
  });

  it("reads a label whose fragments are printed beside its value (长期目标（跨度 通过… / 多年的项目需填） …)", () => {
    const form = only(
      dump(["产出", "*数量 人数 3 人 该指标主要考察人数"], {
        longTermGoal: ["长期目标（跨度 通过本项目的实施，保证福田区电子政务", "多年的项目需填） 外网正常运行", "："],
      }),
    );
    expect(form.longTermGoal).toBe("通过本项目的实施，保证福田区电子政务外网正常运行");
    expect(form.annualGoal).toBe("测试目标");
  });

  it("reads a label wrapped around a line of its value and a colon on its own line", () => {
    const form = only(
      dump(["产出", "*数量 人数 3 人 该指标主要考察人数"], {
        longTermGoal: ["长期目标（跨度", "通过本项目的实施，保证", "多年的项目需填）", "各单位的互联网业务", "："],
      }),
    );
    expect(form.longTermGoal).toBe("通过本项目的实施，保证各单位的互联网业务");
  });

  it("reads a label wrapped at the end of a line that holds another label's value", () => {
    const form = only(
      dump(["产出", "*数量 人数 3 人 该指标主要考察人数"]).replace(
        "项目总金额（中期规\n\n划，万元）：\n\n5,068.37\n\n本年度项目金额\n\n（万元）：\n\n1,689.46",
        "项目总金额（中期\n规划，万元）\n： 5,068.37 本年度项目金额（万\n元）\n： 1,689.46",
      ),
    );
    expect([form.totalAmount, form.annualAmount]).toEqual([5068.37, 1689.46]);
  });

  it("reads a 三级指标 that begins on a line of its own and ends on its value's line", () => {
    // The first row shows how wide a 三级指标 line is (its explanation ended short, so
    // the next line can only open a row); the third needs that to be told apart.
    const form = only(
      dump([
        "产出",
        "*时效 系统运维响应时间 24 小时内 该指标主要考察响应时间",
        "应用系统运行维护完成及时",
        "性 及时 该指标主要考察应用系统运行维护是否",
        "及时完成",
        "*质量 系统巡检验收合格率 100% 该指标主要考察系统巡检验收是否合格",
        "应用系统运行维护验收合格",
        "率 100% 该指标主要考察应用系统运行维护是否",
        "验收合格",
      ]),
    );
    expect(form.indicators.map((r) => [r.level3, r.explanation])).toEqual([
      ["系统运维响应时间", "该指标主要考察响应时间"],
      ["应用系统运行维护完成及时性", "该指标主要考察应用系统运行维护是否及时完成"],
      ["系统巡检验收合格率", "该指标主要考察系统巡检验收是否合格"],
      ["应用系统运行维护验收合格率", "该指标主要考察应用系统运行维护是否验收合格"],
    ]);
  });

  it("reads a table printed a cell per line: 一级指标 ahead of their rows, wrapped 二级指标, 不适用 one per line", () => {
    const form = only(
      dump([
        "一级指",
        "标",
        "产出",
        "效益",
        "二级指标",
        "三级指标",
        "指标值",
        "指标解释",
        "*数量",
        "政务短信平台群发量",
        "≥1000 万",
        "条",
        "该指标主要考察政务短信平台群发量情",
        "况",
        "经济效益",
        "不适用",
        "不适用",
        "不适用",
        "可持续影",
        "响",
        "不适用",
        "不适用",
        "不适用",
      ]).replace("一级指标 二级指标 三级指标 指标值 指标解释\n\n", ""),
    );
    expect(form.indicators.map((r) => [r.level1, r.level2, r.level3, r.value, r.explanation, r.applicable])).toEqual([
      ["产出", "数量", "政务短信平台群发量", "≥1000 万条", "该指标主要考察政务短信平台群发量情况", true],
      ["效益", "经济效益", "不适用", "不适用", "不适用", false],
      ["效益", "可持续影响", "不适用", "不适用", "不适用", false],
    ]);
    expect(form.indicators[0]!.target).toEqual({ operator: "≥", number: 1000, unit: "万条" });
  });

  it("reads a 三级指标 that is a 二级指标's name, and one that opens with a number and a measure word", () => {
    const form = only(
      dump([
        "满意度",
        "*服务对象满意度",
        "服务对象满意度 90% 该指标主要考察服务对象满意度",
        "产出 *数量",
        "288 芯汇聚层光缆",
        "维护完成率",
        "5 条",
        "该指标主要考察光缆维护数量",
      ]),
    );
    expect(form.indicators.map((r) => [r.level1, r.level2, r.core, r.level3, r.value])).toEqual([
      ["满意度", "服务对象满意度", true, "服务对象满意度", "90%"],
      ["产出", "数量", true, "288 芯汇聚层光缆维护完成率", "5 条"],
    ]);
  });
});

// ───────── variants: truth forms rendered back to dumps with other wraps and layouts ─────────

/** A small deterministic generator, so every variant is the same on every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ascii = (ch: string | undefined) => ch !== undefined && /[\x21-\x7e]/.test(ch);
const widthOf = (s: string) => [...s].reduce((w, ch) => w + (/\s/.test(ch) || ascii(ch) ? 0.5 : 1), 0);

/**
 * Wraps like a layout engine: lines of about `w` ems, never at a space or before
 * an ASCII character (re-joining such a break would change the text), never so
 * that a line opens like a numbered item or an explanation. Where the last break
 * that fits would leave a line short by more than an em (a Latin run in the way,
 * where a real engine would break at the space), the line overflows a little
 * instead: a line of a wrapped cell is always about full.
 */
function wrap(text: string, w: number): string[] {
  const out: string[] = [];
  let rest = [...text];
  while (widthOf(rest.join("")) > w) {
    const fits: number[] = [];
    const over: number[] = [];
    let acc = 0;
    for (let i = 0; i < rest.length - 1; i++) {
      acc += widthOf(rest[i]!);
      const a = rest[i]!, b = rest[i + 1]!;
      const tail = rest.slice(i + 1).join("");
      const ok = !/\s/.test(a) && !/\s/.test(b) && !ascii(b) && !startsNumberedItem(tail) && !/^(?:该|本|此)指标/.test(tail);
      if (!ok) continue;
      if (acc <= w) fits.push(i + 1);
      else over.push(i + 1);
      if (acc > w + 2) break;
    }
    const widthAt = (n: number) => widthOf(rest.slice(0, n).join(""));
    let best = fits.at(-1);
    if ((best === undefined || widthAt(best) < w - 1) && over[0] !== undefined && widthAt(over[0]) <= w + 2) best = over[0];
    best ??= over[0];
    if (best === undefined) break;
    out.push(rest.slice(0, best).join(""));
    rest = rest.slice(best);
  }
  out.push(rest.join(""));
  return out;
}

interface Style {
  seed: number;
  /** Column widths in ems: 三级指标, 指标解释, the header's text cells. */
  w3: number;
  wE: number;
  wText: number;
  /** Where the long labels wrap (character index). */
  labelBreaks: [number, number, number];
  /** Blank line between printed lines (as in seed.txt) or none. */
  blank: boolean;
  /** How a page break is printed, and roughly how many lines a page holds. */
  pageBreak: string;
  pageLines: number;
  /** Every label and every cell on its own line (a column-by-column extractor). */
  cellPerLine?: boolean;
}

function amount(n: number | null): string {
  return n === null ? "" : n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function renderForm(f: Form, st: Style, rnd: () => number): string[][] {
  // Blocks of lines; a page break may fall between any two lines of the table
  // (the renderer decides), or is forced where a block starts with "PB".
  const L: string[] = [];
  const pair = (a: string, av: string, b: string, bv: string) => {
    if (st.cellPerLine) L.push(a, av, b, bv);
    else L.push(`${a} ${av} ${b} ${bv}`);
  };
  const cut = (label: string, at: number) => [label.slice(0, at), label.slice(at)];
  L.push(TITLE);
  if (rnd() < 0.3 && !st.cellPerLine) {
    const code = f.projectCode;
    L.push(`项目编码： ${code.slice(0, 11)}`, `${code.slice(11)} 项目名称： ${f.projectName}`);
  } else pair("项目编码：", f.projectCode, "项目名称：", f.projectName);
  pair("申请单位：", f.applicant, "一级预算单位：", f.budgetUnit);
  pair("实施期限：", String(f.period), "项目类型：", `${f.projectTypeCode} ${f.projectType}`);
  pair("是否新增项目：", f.isNew ? "是" : "否", "分配方式：", f.allocationMethod ?? "");
  L.push(...cut("项目总金额（中期规划，万元）：", st.labelBreaks[0]), amount(f.totalAmount));
  L.push(...cut("本年度项目金额（万元）：", st.labelBreaks[1]), amount(f.annualAmount));
  const textField = (label: string[], text: string) => {
    const lines = text ? text.split("\n").flatMap((item) => wrap(item, st.wText)) : [];
    if (label.length === 1 && lines.length && !st.cellPerLine && rnd() < 0.5) {
      L.push(`${label[0]} ${lines[0]}`, ...lines.slice(1));
    } else L.push(...label, ...lines);
  };
  textField(["项目概况："], f.overview);
  textField(["年度目标："], f.annualGoal);
  textField(cut("长期目标（跨度多年的项目需填）：", st.labelBreaks[2]), f.longTermGoal);
  if (st.cellPerLine) L.push("一级指标", "二级指标", "三级指标", "指标值", "指标解释");
  else L.push("一级指标 二级指标 三级指标 指标值 指标解释");

  const blocks: string[][] = [L];
  let l1 = "";
  let l2 = "";
  for (const r of f.indicators) {
    const B: string[] = [];
    const prefix: string[] = [];
    const star = (r.core ? "*" : "") + r.level2;
    const newL1 = r.level1 !== l1;
    const newL2 = newL1 || r.level2 !== l2;
    [l1, l2] = [r.level1, r.level2];
    if (st.cellPerLine) {
      if (newL1) B.push(r.level1);
      if (newL2) B.push(star);
      if (!r.applicable) B.push("不适用", "不适用", "不适用");
      else B.push(...wrap(r.level3, st.w3), r.value, ...wrap(r.explanation, st.wE));
      blocks.push(B);
      continue;
    }
    if (newL1) (rnd() < 0.5 ? prefix : B).push(r.level1);
    if (newL2) {
      if (rnd() < 0.6 || !r.applicable) prefix.push(star);
      else B.push(prefix.splice(0).concat(star).join(" "));
    }
    const p = prefix.length ? prefix.join(" ") + " " : "";
    if (!r.applicable) {
      B.push(`${p}不适用 不适用 不适用`);
      blocks.push(B);
      continue;
    }
    const l3 = wrap(r.level3, st.w3);
    const e = wrap(r.explanation, st.wE);
    const qualitative = r.target === null;
    // `xxx IDC 有效`: a qualitative value after Latin text cannot be told apart from the 三级指标.
    const valueBeside = !(qualitative && ascii(r.level3.at(-1)));
    const layouts = ["columns", "valueWithE"];
    if (l3.length === 1 && valueBeside) layouts.push("merged", "valueLine");
    if (l3.length === 1 && valueBeside && e.length >= 2 && !ascii(r.level3.at(-1))) layouts.push("pageSplit");
    if (l3.length >= 2 && e.length >= l3.length && valueBeside && l3.every((x) => !ascii(x.at(-1)))) layouts.push("pageSplit");
    const layout = layouts[Math.floor(rnd() * layouts.length)];
    switch (layout) {
      case "merged":
        B.push(`${p}${l3[0]} ${r.value} ${e[0]}`, ...e.slice(1));
        break;
      case "valueLine":
        B.push(`${p}${l3[0]} ${r.value}`, ...e);
        break;
      case "valueWithE":
        B.push(`${p}${l3[0]}`, ...l3.slice(1), `${r.value} ${e[0]}`, ...e.slice(1));
        break;
      case "pageSplit": {
        // The row is cut by a page break: each cell's rest goes on together, in column order.
        B.push(`${p}${l3[0]} ${r.value} ${e[0]}`, "PB");
        for (let i = 1; i < Math.max(l3.length, e.length); i++) B.push([l3[i], e[i]].filter(Boolean).join(" "));
        break;
      }
      default:
        B.push(`${p}${l3[0]}`, ...l3.slice(1), r.value, ...e);
    }
    blocks.push(B);
  }
  return blocks;
}

function render(forms: Form[], st: Style): string {
  const rnd = prng(st.seed);
  const sep = st.blank ? "\n\n" : "\n";
  const out: string[] = ["某区部门预算 · 项目支出绩效目标（封面）", "目录 1"];
  let onPage = 0;
  for (const f of forms) {
    for (const block of renderForm(f, st, rnd)) {
      for (const line of block) {
        if (line === "PB" || ++onPage > st.pageLines) {
          out.push(st.pageBreak);
          onPage = 0;
          if (line === "PB") continue;
        }
        out.push(line);
      }
    }
  }
  return out.join(sep).replace(new RegExp(`${sep}(${st.pageBreak})${sep}`, "g"), "$1");
}

const STYLES: Style[] = [
  { seed: 1, w3: 15, wE: 19, wText: 55, labelBreaks: [9, 7, 10], blank: true, pageBreak: "\n\n\n\n", pageLines: 37 },
  { seed: 2, w3: 9, wE: 12, wText: 30, labelBreaks: [3, 3, 4], blank: false, pageBreak: "\n\n\n", pageLines: 53 },
  { seed: 3, w3: 11, wE: 17, wText: 42, labelBreaks: [7, 6, 8], blank: true, pageBreak: "\f", pageLines: 44 },
  { seed: 4, w3: 12, wE: 22, wText: 40, labelBreaks: [6, 5, 7], blank: false, pageBreak: "\n\f\n", pageLines: 61, cellPerLine: true },
];

describe("variant dumps rendered from the truths", () => {
  const sources = ["seed.truth.json", "synth-101.truth.json", "synth-102.truth.json"];
  for (const source of sources) {
    for (const st of STYLES) {
      it(`${source} in style ${st.seed} (三级指标 ${st.w3} em, 指标解释 ${st.wE} em${st.cellPerLine ? ", a cell per line" : ""})`, () => {
        const expected = truth(source);
        const text = render(expected, st);
        const { forms } = parseTextDump(text);
        expect(forms).toHaveLength(expected.length);
        forms.forEach((form, i) => expect(form, `form ${i + 1}`).toStrictEqual(expected[i]));
      });
    }
  }

  it("the renderer really varies the layout (sanity check on the test itself)", () => {
    const text = render(truth("seed.truth.json"), STYLES[1]!);
    expect(text).not.toBe(readCorpus("seed.txt"));
    expect(text).toMatch(/项目总\n金额（中期规划，万元）：/);
    expect(text.split("\n").filter((l) => l === "").length).toBeGreaterThan(3); // page breaks
  });
});

describe("other extractors", () => {
  it("never throws and finds every form in a pdftotext-like dump (one cell per paragraph)", () => {
    const text = render(truth("synth-102.truth.json"), { ...STYLES[3]!, blank: true, seed: 9 });
    const { forms } = parseTextDump(text);
    expect(forms).toHaveLength(10);
  });
});
