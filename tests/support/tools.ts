/**
 * External tools some suites need (Chromium, GDAL's ogrinfo, poppler's pdftotext). Without one a
 * suite reports itself skipped with the reason — except under CI=true, where
 * a missing tool fails the run instead of silently passing.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

export const IN_CI = process.env.CI === 'true';

export function chromiumPath(): string | null {
  const candidate = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return existsSync(candidate) ? candidate : null;
}

export function hasOgrinfo(): boolean {
  try {
    execFileSync('ogrinfo', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** Poppler's pdftotext (Debian poppler-utils), to read back the text of a printed PDF. */
export function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** Debian's nginx (for the reverse-proxy suite); NGINX_PATH overrides. */
export function nginxPath(): string | null {
  for (const candidate of [process.env.NGINX_PATH, '/usr/sbin/nginx', '/usr/bin/nginx']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return null;
}

/** Whether to skip a suite needing `tool`; throws under CI so a missing tool is a failure. */
export function skipWithout(tool: string, available: boolean): boolean {
  if (available) return false;
  const reason = `${tool} not found: suite skipped (install it, or set CHROMIUM_PATH for the browser)`;
  if (IN_CI) throw new Error(`${reason} — CI=true requires it`);
  console.warn(reason);
  return true;
}
