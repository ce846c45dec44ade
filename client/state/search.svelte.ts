/**
 * The search box's state: the typed query, the results of the newest request
 * (older ones are aborted, so a slow answer never replaces a newer one) and
 * which result the keyboard is on.
 */
import { fetchSearch, type SearchResult } from '../api/search';

/** Wait this long after the last key before asking the server, ms. */
const DEBOUNCE_MS = 180;
const RESULT_LIMIT = 12;

export class SearchState {
  query = $state('');
  results = $state.raw<readonly SearchResult[]>([]);
  total = $state(0);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  /** Index of the highlighted result, -1 for none. */
  active = $state(-1);
  open = $state(false);

  #timer: ReturnType<typeof setTimeout> | null = null;
  #request: AbortController | null = null;

  setQuery(text: string): void {
    this.query = text;
    this.open = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#request?.abort();
    if (text.trim() === '') {
      this.results = [];
      this.total = 0;
      this.status = 'idle';
      this.active = -1;
      return;
    }
    this.status = 'loading';
    this.#timer = setTimeout(() => void this.#run(text), DEBOUNCE_MS);
  }

  async #run(text: string): Promise<void> {
    const request = new AbortController();
    this.#request = request;
    try {
      const body = await fetchSearch(text, RESULT_LIMIT, request.signal);
      if (request.signal.aborted) return;
      this.results = body.results;
      this.total = body.total;
      this.active = body.results.length > 0 ? 0 : -1;
      this.status = 'ready';
    } catch {
      if (request.signal.aborted) return;
      this.results = [];
      this.total = 0;
      this.status = 'error';
    }
  }

  move(step: 1 | -1): void {
    if (this.results.length === 0) return;
    this.open = true;
    this.active = (this.active + step + this.results.length) % this.results.length;
  }

  close(): void {
    this.open = false;
  }
}
