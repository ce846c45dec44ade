/**
 * Personal API tokens (/api/auth/tokens): a signed-in user lists, creates and
 * revokes their own; an admin lists and revokes everyone's
 * (/api/auth/admin/tokens). The token itself is shown once, at creation.
 */
import { createdTokenSchema, tokenListSchema, type ApiToken, type CreatedToken } from '$domain/api/auth.schema';
import { networkProblem, readProblem, type Problem } from './problem';

export type { ApiToken, CreatedToken } from '$domain/api/auth.schema';

export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: Problem };

/** Whose tokens: the signed-in user's own, or (admins) every user's. */
export type TokenScope = 'own' | 'all';

const base = (scope: TokenScope) => (scope === 'own' ? '/api/auth/tokens' : '/api/auth/admin/tokens');

async function call<T>(url: string, init: RequestInit, read: (response: Response) => Promise<T>): Promise<Outcome<T>> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', cache: 'no-store', ...init, headers: { Accept: 'application/json', ...init.headers } });
  } catch (cause) {
    return { ok: false, problem: networkProblem(cause) };
  }
  if (!response.ok) return { ok: false, problem: await readProblem(response) };
  return { ok: true, value: await read(response) };
}

export function listTokens(scope: TokenScope): Promise<Outcome<ApiToken[]>> {
  return call(base(scope), {}, async (r) => tokenListSchema.parse(await r.json()).tokens);
}

export function createToken(name: string, expiresDays: number | null): Promise<Outcome<CreatedToken>> {
  const body = expiresDays === null ? { name } : { name, expiresDays };
  return call('/api/auth/tokens', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, async (r) =>
    createdTokenSchema.parse(await r.json()),
  );
}

export function revokeToken(scope: TokenScope, id: number): Promise<Outcome<null>> {
  return call(`${base(scope)}/${id}`, { method: 'DELETE' }, async () => null);
}
