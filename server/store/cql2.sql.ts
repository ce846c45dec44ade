/**
 * A parsed CQL2 filter (domain/cql2.ts) as a Kysely condition: every value
 * is a bound parameter and every column comes from the collection's
 * queryables, so no part of the filter text reaches SQL as text.
 */
import type { ExpressionBuilder, Expression, Kysely, Transaction } from 'kysely';
import type { Cql2Expr } from '../../domain/cql2';
import { likeCaseSensitive } from '../db/dialect';
import type { CollectionDescriptor } from './collections';

export function cql2Condition(db: Kysely<any> | Transaction<any>, d: CollectionDescriptor, eb: ExpressionBuilder<any, any>, expr: Cql2Expr): Expression<any> {
  const column = (property: string) => d.queryables[property]!.column;
  switch (expr.op) {
    case 'and':
      return eb.and(expr.args.map((a) => cql2Condition(db, d, eb, a)));
    case 'or':
      return eb.or(expr.args.map((a) => cql2Condition(db, d, eb, a)));
    case 'not':
      return eb.not(cql2Condition(db, d, eb, expr.arg));
    case 'compare':
      return eb(column(expr.property), expr.comparison, expr.value);
    case 'in':
      return eb(column(expr.property), 'in', expr.values);
    case 'between':
      return eb.between(column(expr.property), expr.low, expr.high);
    case 'isNull':
      return eb(column(expr.property), 'is', null);
    case 'like':
      return likeCaseSensitive(db, column(expr.property), expr.pattern);
  }
}
