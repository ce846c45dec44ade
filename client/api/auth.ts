/** Signing in and out, and who is signed in: /api/auth (session cookie, HttpOnly). */
import { z } from 'zod';
import { networkProblem, readProblem, type Problem } from './problem';

export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const userSchema = z.object({ id: z.number(), username: z.string(), role: z.enum(ROLES) });
export type SessionUser = z.output<typeof userSchema>;

const meSchema = z.object({ user: userSchema.nullable() });
const loginSchema = z.object({ user: userSchema });

export async function fetchMe(): Promise<SessionUser | null> {
  const response = await fetch('/api/auth/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!response.ok) return null;
  const parsed = meSchema.safeParse(await response.json());
  return parsed.success ? parsed.data.user : null;
}

export async function login(username: string, password: string): Promise<{ ok: true; user: SessionUser } | { ok: false; problem: Problem }> {
  let response: Response;
  try {
    response = await fetch('/api/auth/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  } catch (cause) {
    return { ok: false, problem: networkProblem(cause) };
  }
  if (!response.ok) return { ok: false, problem: await readProblem(response) };
  const parsed = loginSchema.safeParse(await response.json());
  if (!parsed.success) return { ok: false, problem: await readProblem(response) };
  return { ok: true, user: parsed.data.user };
}

export async function logout(): Promise<void> {
  await fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin' });
}
