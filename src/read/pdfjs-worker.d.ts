// pdf.js ships no types for its worker half; it is imported only for its side
// effects (see loadPdfjs in pdf.ts).
declare module "pdfjs-dist/legacy/build/pdf.worker.mjs" {
  export const WorkerMessageHandler: unknown;
}
