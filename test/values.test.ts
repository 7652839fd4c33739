import { describe, expect, it } from "vitest";
import { parseAmount, parsePeriod, parseProjectType, parseTarget, parseYesNo } from "../src/parse/values.js";
import { joinLines, startsNumberedItem } from "../src/parse/join.js";
import { matchLabel, tableHeaderColumn } from "../src/vocabulary.js";

describe("parseTarget", () => {
  it.each([
    ["≥95%", { operator: "≥", number: 95, unit: "%" }],
    ["＞90%", { operator: ">", number: 90, unit: "%" }],
    [">=98%", { operator: "≥", number: 98, unit: "%" }],
    ["≤2%", { operator: "≤", number: 2, unit: "%" }],
    ["＜5 天", { operator: "<", number: 5, unit: "天" }],
    ["100%", { operator: "=", number: 100, unit: "%" }],
    ["3 人", { operator: "=", number: 3, unit: "人" }],
    ["≥1000 万条", { operator: "≥", number: 1000, unit: "万条" }],
    ["5,068 元", { operator: "=", number: 5068, unit: "元" }],
    ["24 小时内", { operator: "=", number: 24, unit: "小时内" }],
    ["0", { operator: "=", number: 0, unit: "" }],
    ["7所", { operator: "=", number: 7, unit: "所" }],
  ])("%s", (value, target) => expect(parseTarget(value)).toEqual(target));
  it.each(["及时", "有效", "不适用", "每季度末", "每年", "全区", "1.8-2%"])("%s is qualitative", (value) =>
    expect(parseTarget(value)).toBeNull(),
  );
});

describe("header values", () => {
  it("parses amounts with thousands separators", () => {
    expect(parseAmount("5,068.37")).toBe(5068.37);
    expect(parseAmount("0.00")).toBe(0);
    expect(parseAmount("")).toBeNull();
    expect(parseAmount("约 5 万")).toBeNull();
  });
  it("parses period, project type and yes/no", () => {
    expect(parsePeriod("3")).toBe(3);
    expect(parsePeriod("3年")).toBe(3);
    expect(parseProjectType("15 履职类项目")).toEqual({ code: "15", name: "履职类项目" });
    expect(parseProjectType("")).toEqual({ code: null, name: null });
    expect(parseYesNo("是")).toBe(true);
    expect(parseYesNo("否")).toBe(false);
    expect(parseYesNo("")).toBeNull();
  });
});

describe("joinLines", () => {
  it("joins CJK soft wraps with nothing and Latin/digit wraps with a space", () => {
    expect(joinLines([{ text: "该指标主要考察发放离退休干部节日慰问金" }, { text: "人数是否达到目标人数" }])).toBe(
      "该指标主要考察发放离退休干部节日慰问金人数是否达到目标人数",
    );
    expect(joinLines([{ text: "running IDC" }, { text: "services" }])).toBe("running IDC services");
  });
  it("keeps hard breaks before numbered items and after short lines", () => {
    expect(joinLines([{ text: "1.项目背景：需要。" }, { text: "2.项目内容：支持。" }])).toBe("1.项目背景：需要。\n2.项目内容：支持。");
    expect(joinLines([{ text: "第一段", endsShort: true }, { text: "第二段" }])).toBe("第一段\n第二段");
    expect(startsNumberedItem("（1）内容")).toBe(true);
    expect(startsNumberedItem("1.02 亿元")).toBe(false);
  });
});

describe("matchLabel", () => {
  it("recognises a label wrapped anywhere, with its colon", () => {
    expect(matchLabel("项目总金额（中期规 划，万元）：")).toEqual({ key: "totalAmount", rest: "", length: 15 });
    expect(matchLabel("本年度项目金 额（万元）：")).toEqual({ key: "annualAmount", rest: "", length: 12 });
    expect(matchLabel("长期目标（跨度多年 的项目需填）：")).toEqual({ key: "longTermGoal", rest: "", length: 16 });
  });
  it("returns the value printed in the same cell after the label", () => {
    expect(matchLabel("项目编码： 440304221061500000045")).toEqual({ key: "projectCode", rest: "440304221061500000045", length: 5 });
    expect(matchLabel("实施期限:3")).toEqual({ key: "period", rest: "3", length: 5 });
  });
  it("does not take value text for a label", () => {
    expect(matchLabel("项目法")).toBeNull();
    expect(matchLabel("深圳市福田区数据管理中心")).toBeNull();
  });
});

describe("tableHeaderColumn", () => {
  it("knows the table header's cells in the wordings templates use", () => {
    expect(["一级指标", "二级指标", "三级指标", "指标值", "指标解释"].map(tableHeaderColumn)).toEqual([0, 1, 2, 3, 4]);
    expect(["年度指标值", "指标值（目标值）", "目标值", "指标说明"].map(tableHeaderColumn)).toEqual([3, 3, 3, 4]);
  });
  it("never takes a body cell that mentions a header word for a header", () => {
    expect(["年度指标值达成率", "该指标主要考察指标值", "三级指标完成率", "不适用"].map(tableHeaderColumn)).toEqual([null, null, null, null]);
  });
});
