/**
 * `npx tsx bench/load.profile.ts FILE.cpuprofile [N]`: the N functions with
 * the most self time in a V8 CPU profile (from `bench/load.ts --cpu-prof
 * --keep`, which leaves it under the kept folder's p<size>/cpuprof/), and the
 * same time grouped by package / source folder — to see where Land Ledger's
 * time goes under load without opening DevTools.
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: Node[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

function group(url: string): string {
  if (!url) return '(native/V8)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  const own = /\/(server|domain|scripts)\/(.*?)(?:\?.*)?$/.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  if (url.startsWith('node:')) return url;
  return url.replace(/^file:\/\//, '');
}

export function summarize(file: string, top = 25): string[] {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const totalUs = p.endTime - p.startTime;
  // Self time per node from samples × time deltas (more exact than hitCount × interval).
  const self = new Map<number, number>();
  if (p.samples && p.timeDeltas) {
    for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
  }
  const byFn = new Map<string, number>();
  const byGroup = new Map<string, number>();
  let idle = 0;
  for (const n of p.nodes) {
    const us = self.get(n.id) ?? 0;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    const key = `${functionName || '(anonymous)'}  ${group(url)}${url ? `:${lineNumber + 1}` : ''}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
    const g = functionName === '(garbage collector)' ? '(garbage collector)' : group(url);
    byGroup.set(g, (byGroup.get(g) ?? 0) + us);
  }
  const busy = totalUs - idle;
  const pct = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)}%`;
  const lines = [`${file}: ${(totalUs / 1e6).toFixed(1)} s profiled, ${(busy / 1e6).toFixed(1)} s busy (percentages of busy time)`, '', 'by package / source file:'];
  for (const [g, us] of [...byGroup].sort((a, b) => b[1] - a[1]).slice(0, 15)) lines.push(`  ${pct(us)}  ${g}`);
  lines.push('', `top ${top} functions by self time:`);
  for (const [k, us] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${k}`);
  return lines;
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const [file, n] = process.argv.slice(2);
  if (!file) {
    console.error('usage: npx tsx bench/load.profile.ts FILE.cpuprofile [N]');
    process.exit(2);
  }
  for (const l of summarize(file, n ? Number(n) : 25)) console.log(l);
}
