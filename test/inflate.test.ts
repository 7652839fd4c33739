import { deflateSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
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
