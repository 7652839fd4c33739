// Measures a command as a process tree (Linux /proc): its wall time, the CPU
// time (user + system) of the command and of every process it started and
// waited for, and the peak of the tree's memory, sampled every SAMPLE_MS.
// Worker processes are part of the tree, so their memory and CPU count as much
// as the main process's.
//
// Memory is measured two ways. `rss` sums the resident sets, so the pages that
// the tree's processes share (Node's own code and libraries, about 40 MB) are
// counted once per process: an upper bound. `memory` counts each process's
// private pages and the shared ones once (the most any process of the tree
// maps): what the tree takes from the machine, as one process's RSS would.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const SAMPLE_MS = 20;
const TICK_MS = 10; // USER_HZ = 100 on Linux

/** Every process's parent, from /proc. */
function parents() {
  const parentOf = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "latin1");
      // the command name (field 2) may hold spaces; the fields after its ")" are fixed
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parentOf.set(Number(name), Number(fields[1]));
    } catch {
      // the process ended while being read
    }
  }
  return parentOf;
}

/** The memory of `root` and all its descendants, in bytes: { rss, memory } (see above). */
function treeMemory(root) {
  const parentOf = parents();
  const inTree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parentOf) {
      if (!inTree.has(pid) && inTree.has(ppid)) {
        inTree.add(pid);
        grew = true;
      }
    }
  }
  let rss = 0;
  let own = 0;
  let shared = 0;
  for (const pid of inTree) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "latin1");
      const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(rollup)?.[1] ?? 0) * 1024;
      rss += kb("Rss");
      own += kb("Private_Clean") + kb("Private_Dirty");
      shared = Math.max(shared, kb("Shared_Clean") + kb("Shared_Dirty"));
    } catch {
      // ended
    }
  }
  return { rss, memory: own + shared };
}

/**
 * Runs `command args` (its standard output discarded) and resolves
 * { ms, cpuMs, rss, memory, status, stderr }. The command runs under a shell that, once it
 * has waited for it, reads its own children's CPU time from /proc/self/stat.
 */
export function measure(command, args, { env = process.env, cwd, scratch, sampleMemory = true } = {}) {
  const statFile = join(scratch, `stat-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const script = `"$@" >/dev/null; s=$?; cat /proc/$$/stat > "${statFile}"; exit $s`;
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn("sh", ["-c", script, "sh", command, ...args], { env, cwd, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    let rss = 0;
    let memory = 0;
    const sample = () => {
      const now = treeMemory(child.pid);
      rss = Math.max(rss, now.rss);
      memory = Math.max(memory, now.memory);
    };
    // Sampling reads /proc for every process every SAMPLE_MS: on two cores that
    // slows a command of a few tenths of a second by a third, so a timing of
    // such a command is taken without it (sampleMemory: false; memory then 0).
    const timer = sampleMemory ? setInterval(sample, SAMPLE_MS) : undefined;
    if (sampleMemory) sample();
    child.on("error", reject);
    child.on("close", (status) => {
      if (timer) clearInterval(timer);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      let cpuMs = null;
      try {
        const stat = readFileSync(statFile, "latin1");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        // fields 16 and 17 of /proc/PID/stat (cutime, cstime): CPU of the waited-for children
        cpuMs = (Number(fields[13]) + Number(fields[14])) * TICK_MS;
        rmSync(statFile, { force: true });
      } catch {
        // the shell did not get that far
      }
      resolvePromise({ ms, cpuMs, rss, memory, status, stderr });
    });
  });
}
