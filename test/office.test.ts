import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extract } from "../src/extract.js";
import type { Form } from "../src/schema.js";
import { FIXTURES, truthOf } from "./helpers.js";

// Declarations printed by LibreOffice (scripts/make-office-fixtures.mjs): a
// spreadsheet and an HTML table printed by Writer, which drops the borders and
// centres merged cells its own way. Whatever the parser cannot be sure of, it
// must say: a form that differs from its truth carries a warning.

const OFFICE = join(FIXTURES, "office");
const squash = (v: unknown): unknown =>
  typeof v === "string" ? v.replace(/\s+/g, "") : Array.isArray(v) ? v.map(squash) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, squash(x)])) : v;
const same = (a: Form, b: Form) => JSON.stringify(squash({ ...a, pages: [] })) === JSON.stringify(squash({ ...b, pages: [] }));

describe.each(readdirSync(OFFICE).filter((f) => f.endsWith(".pdf")))("%s", (name) => {
  it("gives every form exactly, or names it in a warning: never a silent wrong form", async () => {
    const doc = await extract(join(OFFICE, name));
    const truth = truthOf(join(OFFICE, name));
    expect(doc.forms.length).toBe(truth.length);
    const silent = truth.map((t, i) => i).filter((i) => !same(doc.forms[i]!, truth[i]!) && !doc.warnings.some((w) => w.form === i + 1));
    expect(silent).toEqual([]);
  });
});
