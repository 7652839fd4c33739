// The README lists every warning code with its meaning: exactly the table in the
// schema (WARNING_CODES), so that a code added, or its meaning changed, without
// the README following fails here.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { WARNING_CODES } from "../src/schema.js";
import { ROOT } from "./helpers.js";

const ROW = /^\| `([a-z0-9-]+)` \| (extraction|declaration) \| (.+) \|$/;

describe("README", () => {
  it("lists every warning code with its about and meaning, as WARNING_CODES has them", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const rows = readme
      .split("\n")
      .map((line) => ROW.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map(([, code, about, meaning]) => [code, { about, meaning }] as const);
    expect(rows.length, "the README's table of warning codes").toBeGreaterThan(0);
    expect(new Set(rows.map(([code]) => code)).size, "each code once").toBe(rows.length);
    expect(Object.fromEntries(rows)).toEqual(WARNING_CODES);
  });
});
