/** A failed load, kept as data so the UI can word it in either language. */
import { ApiError } from '../api/http';

export interface LoadError {
  /** What was being loaded, e.g. "parcels" or "/api/meta". */
  what: string;
  url: string | null;
  status: number | null;
  detail: string;
}

export function toLoadError(what: string, error: unknown): LoadError {
  if (error instanceof ApiError) return { what, url: error.url, status: error.status, detail: error.message };
  return { what, url: null, status: null, detail: error instanceof Error ? error.message : String(error) };
}
