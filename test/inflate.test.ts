import { deflateSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DecodedStreams, EXPANSION_LIMITS, inspectStreams } from "../src/read/expansion.js";
import { withSyncInflate } from "../src/read/inflate.js";

// The DecompressionStream pdf.js is given while a document is read.

async function decompress(format: "deflate" | "gzip", data: Uint8Array): Promise<string> {
  const { readable, writable } = new DecompressionStream(format);
  const writer = writable.getWriter();
  void writer.write(data).then(() => writer.close()).catch(() => {});
  const chunks: Uint8Array[] = [];
  for await (const chunk of readable as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks).toString();
}

describe("withSyncInflate", () => {
  it("replaces DecompressionStream only while it runs, with one that inflates deflate and hands other formats to Node's", async () => {
    const original = globalThis.DecompressionStream;
    await withSyncInflate(1 << 20, async () => {
      expect(globalThis.DecompressionStream).not.toBe(original);
      expect(await decompress("deflate", deflateSync("hello, 二级项目"))).toBe("hello, 二级项目");
      expect(await decompress("gzip", gzipSync("gz"))).toBe("gz");
    });
    expect(globalThis.DecompressionStream).toBe(original);
  });

  it("errors the stream on damaged data and past its cap, as pdf.js expects (it then inflates by itself)", async () => {
    await withSyncInflate(100, async () => {
      await expect(decompress("deflate", new Uint8Array([1, 2, 3, 4]))).rejects.toThrow();
      await expect(decompress("deflate", deflateSync(Buffer.alloc(1000)))).rejects.toThrow();
    });
  });

  it("puts the original back when the work fails", async () => {
    const original = globalThis.DecompressionStream;
    await expect(withSyncInflate(100, async () => Promise.reject(new Error("x")))).rejects.toThrow("x");
    expect(globalThis.DecompressionStream).toBe(original);
  });
});

describe("streams the inspection decoded, for the object reader", () => {
  // A file of one Flate stream, its data intact or with a byte flipped.
  const content = Buffer.from("BT /F1 12 Tf 72 700 Td (hello) Tj ET\n".repeat(20));
  const file = (damaged: boolean): { pdf: Buffer; start: number; end: number } => {
    const z = deflateSync(content);
    if (damaged) z[z.length >> 1] = z[z.length >> 1]! ^ 0xff;
    const head = Buffer.from(`%PDF-1.4\n1 0 obj\n<< /Length ${z.length} /Filter /FlateDecode >>\nstream\n`);
    return { pdf: Buffer.concat([head, z, Buffer.from("\nendstream\nendobj\n%%EOF\n")]), start: head.length, end: head.length + z.length };
  };

  it("keeps an intact stream's decoded data, handed out once, for exactly its bytes and filters", async () => {
    const { pdf, start, end } = file(false);
    const decoded = new DecodedStreams();
    const report = await inspectStreams(pdf, EXPANSION_LIMITS, decoded);
    expect(report.damaged.size).toBe(0);
    expect(decoded.take(start, end - 1, ["FlateDecode"])).toBeUndefined();
    expect(decoded.take(start, end, ["ASCIIHexDecode", "FlateDecode"])).toBeUndefined();
    expect(Buffer.from(decoded.take(start, end, ["FlateDecode"])!)).toEqual(content);
    expect(decoded.take(start, end, ["FlateDecode"])).toBeUndefined();
  });

  it("keeps nothing of a damaged stream, which is reported instead", async () => {
    const { pdf, start, end } = file(true);
    const decoded = new DecodedStreams();
    const report = await inspectStreams(pdf, EXPANSION_LIMITS, decoded);
    expect([...report.damaged.keys()]).toEqual([1]);
    expect(decoded.take(start, end, ["FlateDecode"])).toBeUndefined();
  });
});
