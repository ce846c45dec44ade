/**
 * Process plumbing for bench/load.ts: every server is started in its own
 * process group (detached) so that stopping it also stops its children
 * (tsx, lighttpd's FastCGI mapserv workers), every wait is bounded in time,
 * and everything still running is stopped on exit or Ctrl-C.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

export interface Started {
  name: string;
  child: ChildProcess;
  logFile: string;
}

const running = new Set<Started>();

/** Starts `cmd args` detached (own process group), stdout+stderr to logFile. */
export function startGroup(name: string, cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; logFile: string }): Started {
  const fd = openSync(opts.logFile, 'a');
  const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const started = { name, child, logFile: opts.logFile };
  running.add(started);
  child.once('exit', () => running.delete(started));
  return started;
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM to the whole group, then SIGKILL after `graceMs` if anything is left. */
export async function stopGroup(s: Started, graceMs = 5000): Promise<void> {
  const pid = s.child.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  const until = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < until) await sleep(100);
  if (groupAlive(pid)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    const hard = Date.now() + 2000;
    while (groupAlive(pid) && Date.now() < hard) await sleep(50);
  }
  running.delete(s);
}

/** Synchronous last resort (process 'exit'): SIGKILL every group still listed. */
function killAllSync(): void {
  for (const s of running) {
    try {
      if (s.child.pid !== undefined) process.kill(-s.child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  running.clear();
}
process.once('exit', killAllSync);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    killAllSync();
    process.exit(130);
  });
}

/** Polls `url` until it answers 2xx, the process exits, or `timeoutMs` passes. */
export async function waitForHttp(url: string, s: Started, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (s.child.exitCode !== null || s.child.signalCode !== null) {
      throw new Error(`${s.name} exited (${s.child.exitCode ?? s.child.signalCode}) before answering; see ${s.logFile}:\n${tail(s.logFile)}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(200);
  }
  throw new Error(`${s.name} did not answer ${url} within ${timeoutMs} ms; see ${s.logFile}:\n${tail(s.logFile)}`);
}

export function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Runs a command to completion (bounded), throwing with its output on failure. */
export function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs: number }): string {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, encoding: 'utf8', timeout: opts.timeoutMs, maxBuffer: 64 * 1024 * 1024, killSignal: 'SIGKILL' });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
  return `${r.stdout}${r.stderr}`;
}

export function which(cmd: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8', timeout: 5000 });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Resident memory of one process, MiB (Linux /proc), or NaN. */
export function rssMiB(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * CPU time (user + system, ms) used so far by every live process in process
 * group `pgid` (Linux /proc; clock ticks assumed 100 Hz, Linux's USER_HZ).
 * Differences around a wrk run give CPU per request, which other load on the
 * machine does not inflate the way it inflates latency.
 */
export function groupCpuMs(pgid: number | undefined): number {
  if (pgid === undefined) return NaN;
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the ")" closing the command name: state ppid pgrp session … utime(14) stime(15).
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      /* exited meanwhile */
    }
  }
  return ticks * 10;
}

/** CPU time (ms) used so far by every live process whose command name is `comm` (e.g. the PostgreSQL backends). */
export function commandCpuMs(comm: string): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== comm) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      /* exited meanwhile */
    }
  }
  return ticks * 10;
}

function firstLine(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 5000 });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n').find((l) => l.trim())?.trim() ?? '?';
}

/** 1, 5 and 15-minute load averages (other work sharing the cores shows here). */
export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return '?';
  }
}

export function machineReport(): string[] {
  let os = '?';
  try {
    os = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? '?';
  } catch {
    /* not Linux */
  }
  const load = loadAverage();
  return [
    `Machine: nproc ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os}, load average before run ${load}`,
    `Node ${process.version}; ${firstLine('mapserv', ['-v']).replace(/ SUPPORTS=.*/, '')}; ${firstLine('ogr2ogr', ['--version'])}; ${firstLine('wrk', ['-v'])}; ${firstLine('lighttpd', ['-v'])}`,
  ];
}
