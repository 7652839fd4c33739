import { describe, expect, it } from "vitest";
import { normalizeText } from "../src/normalize.js";

describe("normalizeText", () => {
  it("maps Kangxi radicals to the ideographs they stand for", () => {
    expect(normalizeText("⼆级项⽬⽀出绩效⽬标申报表")).toBe("二级项目支出绩效目标申报表");
  });
  it("maps CJK-radical-supplement forms, which have no decomposition", () => {
    expect(normalizeText("⻔⻓⻋⻚⺠⻰⻅⻣")).toBe("门长车页民龙见骨");
  });
  it("gives the simplified form where NFKC would give the traditional one", () => {
    expect("⼾".normalize("NFKC")).toBe("戶");
    expect(normalizeText("⼾")).toBe("户");
    expect(normalizeText("⾭")).toBe("青");
  });
  it("changes nothing else: full-width punctuation, digits and letters stay", () => {
    const text = "项目概况：（1）ＡＢＣ，１２３；≥95% ＞90%　IDC 机房";
    expect(normalizeText(text)).toBe(text);
  });
});
