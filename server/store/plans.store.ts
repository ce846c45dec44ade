/** Plans and their targets (targets stored as validated JSON definitions). */
import type { Kysely, Transaction } from 'kysely';
import {
  targetDefinitionSchema,
  type Plan,
  type PlanWithTargets,
  type TargetDefinition,
} from '../../domain/target.schema';
import type { Database } from '../db/schema';
import { nowIso } from './spatial';

type Executor = Kysely<Database> | Transaction<Database>;

function toPlan(row: { id: string; nameZh: string; nameEn: string; periodStart: number; periodEnd: number; sourceDocument: string | null }): Plan {
  return {
    id: row.id,
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    sourceDocument: row.sourceDocument,
  };
}

export async function listPlans(db: Executor): Promise<Plan[]> {
  const rows = await db.selectFrom('plans').selectAll().orderBy('periodStart', 'desc').orderBy('id').execute();
  return rows.map(toPlan);
}

/** The plan with its active (not retired) targets in display order, or null. */
export async function loadPlan(db: Executor, planId: string): Promise<PlanWithTargets | null> {
  const row = await db.selectFrom('plans').selectAll().where('id', '=', planId).executeTakeFirst();
  if (!row) return null;
  const targets = await db
    .selectFrom('targets')
    .select(['definition'])
    .where('planId', '=', planId)
    .where('retired', '=', 0)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return {
    ...toPlan(row),
    // Parsed through the schema so a definition written by an older version gets today's defaults.
    targets: targets.map((t) => targetDefinitionSchema.parse(JSON.parse(t.definition)) as TargetDefinition),
  };
}

export async function insertPlan(db: Executor, plan: PlanWithTargets): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('plans')
    .values({
      id: plan.id,
      nameZh: plan.nameZh,
      nameEn: plan.nameEn,
      periodStart: plan.periodStart,
      periodEnd: plan.periodEnd,
      sourceDocument: plan.sourceDocument,
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  let position = 0;
  for (const target of plan.targets) {
    await db
      .insertInto('targets')
      .values({
        planId: plan.id,
        code: target.code,
        position: position++,
        definition: JSON.stringify(target),
        retired: 0,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
  }
}
