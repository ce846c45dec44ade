/**
 * Field mappings remembered per source (issue 6): after a commit, the mapping
 * used is kept in a `settings` row keyed by the file's format and attribute
 * names (domain/io/fieldMapping.ts sourceSignature), and offered first the
 * next time a file with the same signature arrives.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { fieldMappingSchema } from '../../domain/api/imports.schema';
import { defaultMapping, type FieldMapping } from '../../domain/io/fieldMapping';
import type { Database } from '../db/schema';
import { nowIso } from './spatial';

type Executor = Kysely<Database> | Transaction<Database>;

export { fieldMappingSchema };

const storedSchema = z.object({ signature: z.string(), mapping: fieldMappingSchema });

/** The settings key of a signature (hashed: signatures can be long). */
function keyFor(signature: string): string {
  return `importMapping:${createHash('sha256').update(signature).digest('hex').slice(0, 32)}`;
}

/** The remembered mapping for a signature, restricted to attributes the file has; else the default mapping. */
export async function suggestedMapping(db: Executor, signature: string, attributes: readonly string[]): Promise<{ mapping: FieldMapping; remembered: boolean }> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', keyFor(signature)).executeTakeFirst();
  if (row) {
    const parsed = storedSchema.safeParse(JSON.parse(row.value));
    if (parsed.success && parsed.data.signature === signature) {
      const present = new Set(attributes);
      const mapping = Object.fromEntries(Object.entries(parsed.data.mapping).filter(([a]) => present.has(a))) as FieldMapping;
      return { mapping, remembered: true };
    }
  }
  return { mapping: defaultMapping(attributes), remembered: false };
}

/** Remembers the mapping used for a signature (insert or update; works on both stores). */
export async function rememberMapping(trx: Executor, signature: string, mapping: FieldMapping): Promise<void> {
  const key = keyFor(signature);
  const value = JSON.stringify({ signature, mapping });
  const row = await trx.selectFrom('settings').select('version').where('key', '=', key).executeTakeFirst();
  if (row) await trx.updateTable('settings').set({ value, version: row.version + 1, updatedAt: nowIso() }).where('key', '=', key).execute();
  else await trx.insertInto('settings').values({ key, value, version: 1, updatedAt: nowIso() }).execute();
}
