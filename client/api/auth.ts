/** Signing in and out, and who is signed in: /api/auth (session cookie, HttpOnly). */
import { signedInSchema, meSchema, type SessionUser } from '$domain/api/auth.schema';
import { networkProblem, readProblem, type Problem } from './problem';

export { ROLES, type Role, type SessionUser } from '$domain/api/auth.schema';

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
  const parsed = signedInSchema.safeParse(await response.json());
  if (!parsed.success) return { ok: false, problem: await readProblem(response) };
  return { ok: true, user: parsed.data.user };
}

export async function logout(): Promise<void> {
  await fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin' });
}
