/**
 * Who is signed in (GET /api/auth/me), and signing in and out. The session
 * itself is an HttpOnly cookie the page never sees; this only mirrors the
 * user and role so the UI can offer editing to editors and admins.
 */
import { fetchMe, login, logout, type SessionUser } from '../api/auth';
import type { Problem } from '../api/problem';

export class Session {
  user = $state.raw<SessionUser | null>(null);
  /** 'unknown' until /api/auth/me has answered. */
  status = $state<'unknown' | 'ready'>('unknown');
  dialogOpen = $state(false);
  signingIn = $state(false);
  loginProblem = $state.raw<Problem | null>(null);

  readonly canEdit = $derived(this.user?.role === 'editor' || this.user?.role === 'admin');
  readonly isAdmin = $derived(this.user?.role === 'admin');

  async load(): Promise<void> {
    try {
      this.user = await fetchMe();
    } catch {
      this.user = null;
    }
    this.status = 'ready';
  }

  openDialog(): void {
    this.loginProblem = null;
    this.dialogOpen = true;
  }

  closeDialog(): void {
    this.dialogOpen = false;
  }

  async signIn(username: string, password: string): Promise<boolean> {
    this.signingIn = true;
    this.loginProblem = null;
    try {
      const result = await login(username, password);
      if (!result.ok) {
        this.loginProblem = result.problem;
        return false;
      }
      this.user = result.user;
      this.dialogOpen = false;
      return true;
    } finally {
      this.signingIn = false;
    }
  }

  async signOut(): Promise<void> {
    await logout().catch(() => undefined);
    this.user = null;
  }

  /** A write came back 401: the session ended (expired, or signed out elsewhere). */
  expired(): void {
    this.user = null;
    this.openDialog();
  }
}
