/**
 * API tokens on screen: one list per scope (the user's own; every user's for
 * admins), revoking one, and creating one whose secret is kept only until the
 * user leaves the section (the server never shows it again).
 */
import { createToken, listTokens, revokeToken, type ApiToken, type CreatedToken, type TokenScope } from '../api/tokens';
import type { Problem } from '../api/problem';

export class ApiTokenList {
  tokens = $state.raw<ApiToken[]>([]);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  problem = $state.raw<Problem | null>(null);
  /** The token just made (own scope only), shown once. */
  created = $state.raw<CreatedToken | null>(null);
  busy = $state(false);

  constructor(readonly scope: TokenScope) {}

  async load(): Promise<void> {
    this.status = 'loading';
    const outcome = await listTokens(this.scope);
    if (outcome.ok) {
      this.tokens = outcome.value;
      this.status = 'ready';
      this.problem = null;
    } else {
      this.status = 'error';
      this.problem = outcome.problem;
    }
  }

  async revoke(id: number): Promise<void> {
    this.busy = true;
    const outcome = await revokeToken(this.scope, id);
    this.busy = false;
    // 404: already gone (revoked elsewhere); the reload shows the truth either way.
    this.problem = outcome.ok || outcome.problem.code === 'NOT_FOUND' ? null : outcome.problem;
    await this.load();
  }

  async create(name: string, expiresDays: number | null): Promise<boolean> {
    this.busy = true;
    const outcome = await createToken(name, expiresDays);
    this.busy = false;
    if (!outcome.ok) {
      this.problem = outcome.problem;
      return false;
    }
    this.created = outcome.value;
    this.problem = null;
    await this.load();
    return true;
  }
}
