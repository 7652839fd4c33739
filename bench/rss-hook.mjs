// Preloaded by bench/run.mjs (node --import) into the perf-extract process:
// on exit, write the process's peak resident set size (worker threads
// included: they share the process) and its CPU time (user + system, all
// threads) to $BENCH_RSS_FILE as JSON.
import { writeFileSync } from "node:fs";
import { isMainThread } from "node:worker_threads";

if (isMainThread && process.env.BENCH_RSS_FILE) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    writeFileSync(
      process.env.BENCH_RSS_FILE,
      JSON.stringify({ rss: usage.maxRSS * 1024, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }),
    );
  });
}
