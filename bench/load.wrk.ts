/**
 * Load generation for bench/load.ts: the fixed bbox windows and tile list,
 * a wrk Lua script that cycles through a file of request paths, and a parser
 * for `wrk --latency` output.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './load.procs';

/** Deterministic PRNG (mulberry32), as in bench/run.ts. */
function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Bbox = [number, number, number, number];

/**
 * ~500 m × 500 m windows (0.0052° of longitude ≈ 506 m and 0.0045° of latitude
 * ≈ 499 m at 28.96°N) around the zones near 28.96°N 106.93°E: half centred on
 * the seeded zones, half spread over the area that `npm run gen` fills at every
 * size from 10k up (106.85–107.01°E, 28.89–28.99°N), so each window holds
 * parcels at 10k, 100k and 200k alike.
 */
export function bboxWindows(n = 64): Bbox[] {
  const rnd = prng(20261126);
  const zones: Bbox[] = [
    [106.9069, 28.9977, 106.9225, 29.009], [106.948, 28.9657, 106.9731, 28.9811], [106.8523, 28.9743, 106.8665, 28.9853],
    [106.8945, 28.9278, 106.9141, 28.9389], [106.959, 28.9597, 106.9851, 28.9735], [106.9505, 28.9991, 106.9764, 29.0143],
    [106.8476, 28.9731, 106.879, 28.9927],
  ];
  const W = 0.0052;
  const H = 0.0045;
  const out: Bbox[] = [];
  for (let i = 0; i < n; i++) {
    let cx: number;
    let cy: number;
    if (i % 2 === 0) {
      const z = zones[(i / 2) % zones.length]!;
      cx = z[0] + rnd() * (z[2] - z[0]);
      cy = z[1] + rnd() * (z[3] - z[1]);
    } else {
      cx = 106.855 + rnd() * 0.15;
      cy = 28.895 + rnd() * 0.09;
    }
    const r = (v: number) => Math.round(v * 1e6) / 1e6;
    out.push([r(cx - W / 2), r(cy - H / 2), r(cx + W / 2), r(cy + H / 2)]);
  }
  return out;
}

/** Every z12–z15 tile over 106.85–107.01°E, 28.89–29.00°N (the district around the zones). */
export function tileList(minZoom = 12, maxZoom = 15): { z: number; x: number; y: number }[] {
  const [w, s, e, n] = [106.85, 28.89, 107.01, 29.0];
  const tx = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
  const ty = (lat: number, z: number) => {
    const r = (lat * Math.PI) / 180;
    return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
  };
  const tiles: { z: number; x: number; y: number }[] = [];
  for (let z = minZoom; z <= maxZoom; z++) {
    for (let x = tx(w, z); x <= tx(e, z); x++) for (let y = ty(n, z); y <= ty(s, z); y++) tiles.push({ z, x, y });
  }
  return tiles;
}

const LUA = `-- Cycles through the request paths in the file named by WRK_PATHS, each thread from its own offset.
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
  if #line > 0 then paths[#paths + 1] = line end
end
local counter = 0
offset = 0 -- global: setup() sets it in each thread's own Lua state
function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 7919)
end
local i = 0
function request()
  i = i + 1
  return wrk.format("GET", paths[((i + offset) % #paths) + 1])
end
`;

export function writeLuaScript(dir: string): string {
  const file = join(dir, 'cycle.lua');
  writeFileSync(file, LUA);
  return file;
}

export interface WrkResult {
  requests: number;
  rps: number;
  p50ms: number;
  p90ms: number;
  p99ms: number;
  /** Mean response size (transfer ÷ requests), KiB, headers included. */
  kibPerResponse: number;
  non2xx: number;
  socketErrors: string;
  /** CPU (user + system) of the server's process group per request, ms; filled in by bench/load.ts. */
  cpuMsPerRequest?: number;
}

function toMs(value: string, unit: string): number {
  const v = Number(value);
  return unit === 'us' ? v / 1000 : unit === 's' ? v * 1000 : unit === 'm' ? v * 60_000 : v;
}

function toBytes(value: string, unit: string): number {
  const k = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[unit] ?? 1;
  return Number(value) * k;
}

export function parseWrk(out: string): WrkResult {
  const pct = (p: string) => {
    const m = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out);
    if (!m) throw new Error(`wrk output has no ${p}% line:\n${out}`);
    return toMs(m[1]!, m[2]!);
  };
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const total = /(\d+) requests in/.exec(out);
  const transfer = /Transfer\/sec:\s+([\d.]+)(B|KB|MB|GB)/.exec(out);
  if (!rps || !total) throw new Error(`unexpected wrk output:\n${out}`);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  const socket = /Socket errors: (.*)/.exec(out);
  return {
    requests: Number(total[1]),
    rps: Number(rps[1]),
    p50ms: pct('50'),
    p90ms: pct('90'),
    p99ms: pct('99'),
    kibPerResponse: transfer ? toBytes(transfer[1]!, transfer[2]!) / Number(rps[1]) / 1024 : NaN,
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    socketErrors: socket ? socket[1]!.trim() : '',
  };
}

/** wrk against `origin` cycling through `paths` (written to a file in `dir`). */
export function runWrk(opts: { dir: string; name: string; origin: string; paths: string[]; duration: number; connections: number; threads: number; lua: string }): WrkResult {
  const pathsFile = join(opts.dir, `${opts.name}.paths`);
  writeFileSync(pathsFile, `${opts.paths.join('\n')}\n`);
  const out = run(
    'wrk',
    ['-t', String(opts.threads), '-c', String(opts.connections), '-d', `${opts.duration}s`, '--timeout', '10s', '--latency', '-s', opts.lua, `${opts.origin}/`],
    { env: { ...process.env, WRK_PATHS: pathsFile }, timeoutMs: (opts.duration + 60) * 1000 },
  );
  writeFileSync(join(opts.dir, `${opts.name}.wrk.txt`), out);
  return parseWrk(out);
}
