import { basename, dirname, join } from "node:path";
import { writeAtomically } from "../batch/atomic.js";
import { describeFailure, describeWriteError } from "../batch/failure.js";
import { discoverInputs, type InputFile } from "../batch/inputs.js";
import { isFolderOutput, mirrorFile, sameFile, statOrUndefined } from "../batch/plan.js";
import type { Reporter } from "../batch/progress.js";
import { needsReview } from "../warning.js";
import { reviewPdf } from "./index.js";

// `perf-extract review`: one review page per input PDF, written beside it
// (NAME.review.html), into the file -o names (one input), or under -o FOLDER/
// mirroring the input tree. The inputs are drawn one after another in this
// thread (drawing a page is the slow part, and pdf.js draws in the thread that
// asks); a failed input is reported and the others go on.

export const REVIEW_EXTENSION = ".review.html";

export interface ReviewRunOptions {
  output?: string;
  password?: string;
  maxBytes: number;
  maxPages: number;
  skipNa: boolean;
}

/** Where each input's review page goes, or a usage error. */
export function reviewTargets(files: readonly InputFile[], output: string | undefined): string[] | string {
  if (output === undefined) return files.map((file) => join(dirname(file.path), basename(file.path).replace(/\.pdf$/i, "") + REVIEW_EXTENSION));
  if (isFolderOutput(output)) return files.map((file) => mirrorFile(output, file, REVIEW_EXTENSION));
  if (!/\.html?$/i.test(output)) return `the review page is an HTML file: name it .html ("${output}"), or end a folder name with /`;
  if (files.length > 1) return `${files.length} inputs give ${files.length} review pages, which do not fit in the one file "${output}"; give a folder: -o FOLDER/`;
  if (!statOrUndefined(dirname(output))?.isDirectory()) return `the folder of the output "${output}" does not exist; create it first`;
  return [output];
}

/** Writes every input's review page; returns the exit status (0, or 1 when an input failed or needs a look). */
export async function runReviews(inputs: readonly string[], options: ReviewRunOptions, reporter: Reporter, usage: (message: string) => never): Promise<number> {
  if (inputs.includes("-")) usage("review reads PDF files, not standard input: give the file's path");
  const discovery = await discoverInputs(inputs, { exclude: options.output !== undefined && isFolderOutput(options.output) ? [options.output] : [] });
  let failed = 0;
  let flagged = false;
  for (const problem of discovery.problems) {
    if (problem.warning) reporter.warn(problem.path, problem.reason);
    else {
      reporter.fail(problem.path, problem.reason);
      failed++;
    }
  }
  // A text dump has no page to draw; one found in a folder is passed over, one named is an error.
  const files: InputFile[] = [];
  for (const file of discovery.files) {
    if (!/\.txt$/i.test(file.path)) files.push(file);
    else if (file.named) {
      reporter.fail(file.path, "a text dump has no pages to show; review needs the PDF it was taken from.");
      failed++;
    } else reporter.debug(`${file.path}: a text dump, no review page`);
  }
  const targets = reviewTargets(files, options.output);
  if (typeof targets === "string") return usage(targets);
  files.forEach((file, i) => {
    if (sameFile(file.path, targets[i]!)) usage(`refusing to write a review page over the input "${file.path}"; choose another -o`);
  });

  let written = 0;
  for (const [i, file] of files.entries()) {
    let html: string;
    try {
      const { html: page, result } = await reviewPdf(file.path, {
        source: file.path,
        ...(options.password !== undefined ? { password: options.password } : {}),
        maxBytes: options.maxBytes,
        maxPages: options.maxPages,
        skipNotApplicable: options.skipNa,
      });
      html = page;
      if (result.textLost || needsReview(result.document)) flagged = true;
      reporter.debug(`${file.path}: ${result.document.forms.length} forms, ${result.document.warnings.length} warnings`);
    } catch (error) {
      reporter.fail(file.path, describeFailure(error), error instanceof Error ? error.stack : undefined);
      failed++;
      continue;
    }
    try {
      await writeAtomically(targets[i]!, html, { mkdirs: true });
      written++;
      reporter.info(`wrote ${targets[i]}`);
    } catch (error) {
      reporter.fail(targets[i]!, describeWriteError(error), error instanceof Error ? error.stack : undefined);
      failed++;
    }
  }
  if (written > 1) reporter.info(`${written} review pages written`);
  return failed > 0 || flagged ? 1 : 0;
}
