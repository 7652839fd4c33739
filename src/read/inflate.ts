import { constants, inflateSync } from "node:zlib";

// pdf.js inflates every Flate stream it reads (content streams, fonts, CMaps)
// through the web's DecompressionStream, which Node runs on its thread pool. For
// the small streams of a PDF the round trip costs more than the inflating, and
// the reading thread sits idle meanwhile (a sixth of the reading time). While a
// document is read, pdf.js is given a DecompressionStream that keeps the same
// interface but inflates in one native call when its input ends.
//
// It replaces the global only while documents are being read, and is a working
// DecompressionStream for "deflate" (other formats go to Node's own), so other
// code running in this thread at that moment is served correctly, if less
// incrementally. Damaged data errors the stream, as Node's does, and pdf.js then
// falls back to its own inflater.

type DecompressionStreamClass = typeof globalThis.DecompressionStream;

function syncInflateStream(original: DecompressionStreamClass, cap: number): DecompressionStreamClass {
  // A constructor function returning its object, so that other formats can be handed to Node's own.
  function SyncInflateStream(format: string) {
    if (format !== "deflate") return new original(format as ConstructorParameters<DecompressionStreamClass>[0]);
    const chunks: Uint8Array[] = [];
    return new TransformStream<ArrayBufferView | ArrayBuffer, Uint8Array>({
      transform(chunk) {
        chunks.push(ArrayBuffer.isView(chunk) ? new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength) : new Uint8Array(chunk));
      },
      flush(controller) {
        const out = inflateSync(Buffer.concat(chunks), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: cap });
        controller.enqueue(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
      },
    });
  }
  return SyncInflateStream as unknown as DecompressionStreamClass;
}

let depth = 0;
let saved: DecompressionStreamClass | undefined;

/** Runs `read` with pdf.js's stream inflating done synchronously (see above); nests. */
export async function withSyncInflate<T>(cap: number, read: () => Promise<T>): Promise<T> {
  if (depth++ === 0) {
    saved = globalThis.DecompressionStream;
    if (saved) globalThis.DecompressionStream = syncInflateStream(saved, cap);
  }
  try {
    return await read();
  } finally {
    if (--depth === 0 && saved) globalThis.DecompressionStream = saved;
  }
}
