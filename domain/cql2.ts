/**
 * CQL2-text filters (OGC API – Features Part 3), the part QGIS and GDAL send:
 * comparisons, AND/OR/NOT, parentheses, IN, BETWEEN, IS [NOT] NULL and LIKE,
 * on a collection's queryables only. Parsed into a small tree the server
 * turns into parameterised query conditions (never SQL text) and
 * `evaluateCql2` evaluates over a feature's properties with SQL's
 * three-valued logic, so the two can be held to the same answers.
 *
 * QGIS writes `(NOT ("status" = 'planned'))`, `(supplyYear IS NULL)` and
 * quotes identifiers with double quotes (qgsoapifcql2textexpressioncompiler.cpp).
 */

export type QueryableKind = 'string' | 'integer' | 'number';
export type Cql2Literal = string | number;
export type ComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Cql2Expr =
  | { op: 'and' | 'or'; args: Cql2Expr[] }
  | { op: 'not'; arg: Cql2Expr }
  | { op: 'compare'; comparison: ComparisonOp; property: string; value: Cql2Literal }
  | { op: 'in'; property: string; values: Cql2Literal[] }
  | { op: 'between'; property: string; low: number; high: number }
  | { op: 'isNull'; property: string }
  | { op: 'like'; property: string; pattern: string };

export type Cql2Result = { ok: true; expr: Cql2Expr } | { ok: false; reason: string };

/** Longest filter accepted: far past anything typed, short enough that parsing is cheap. */
export const MAX_FILTER_CHARS = 4000;
/** Deepest nesting accepted, so a hostile filter cannot exhaust the stack. */
const MAX_DEPTH = 50;

type Token =
  | { t: 'ident'; v: string }
  | { t: 'word'; v: string }
  | { t: 'string'; v: string }
  | { t: 'number'; v: number }
  | { t: 'punct'; v: string };

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'IN', 'BETWEEN', 'IS', 'NULL', 'LIKE', 'TRUE', 'FALSE']);

class FilterError extends Error {}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'") {
      // A quote inside a string is doubled: 'O''Brien'.
      let v = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new FilterError('unterminated string literal');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            v += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += text[i++];
      }
      tokens.push({ t: 'string', v });
    } else if (ch === '"') {
      let v = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new FilterError('unterminated quoted property name');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            v += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += text[i++];
      }
      tokens.push({ t: 'ident', v });
    } else if (/[0-9]/.test(ch) || (ch === '-' && /[0-9.]/.test(text[i + 1] ?? '')) || (ch === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?/.exec(text.slice(i))!;
      tokens.push({ t: 'number', v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!;
      const upper = m[0].toUpperCase();
      tokens.push(KEYWORDS.has(upper) ? { t: 'word', v: upper } : { t: 'ident', v: m[0] });
      i += m[0].length;
    } else {
      const two = text.slice(i, i + 2);
      if (two === '<>' || two === '<=' || two === '>=') {
        tokens.push({ t: 'punct', v: two });
        i += 2;
      } else if ('=<>(),'.includes(ch)) {
        tokens.push({ t: 'punct', v: ch });
        i++;
      } else {
        throw new FilterError(`unexpected character ${JSON.stringify(ch)} at ${i}`);
      }
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly queryables: Readonly<Record<string, QueryableKind>>,
  ) {}

  parse(): Cql2Expr {
    const expr = this.or(0);
    if (this.pos < this.tokens.length) throw new FilterError(`unexpected ${this.describe(this.tokens[this.pos]!)}`);
    return expr;
  }

  private describe(token: Token): string {
    return token.t === 'string' ? `'${token.v}'` : String(token.v);
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private isWord(v: string): boolean {
    const token = this.peek();
    return token?.t === 'word' && token.v === v;
  }

  private isPunct(v: string): boolean {
    const token = this.peek();
    return token?.t === 'punct' && token.v === v;
  }

  private expectPunct(v: string): void {
    if (!this.isPunct(v)) throw new FilterError(`expected "${v}"${this.peek() ? ` before ${this.describe(this.peek()!)}` : ' at the end'}`);
    this.pos++;
  }

  private or(depth: number): Cql2Expr {
    if (depth > MAX_DEPTH) throw new FilterError('filter nests too deeply');
    const args = [this.and(depth)];
    while (this.isWord('OR')) {
      this.pos++;
      args.push(this.and(depth));
    }
    return args.length === 1 ? args[0]! : { op: 'or', args };
  }

  private and(depth: number): Cql2Expr {
    const args = [this.not(depth)];
    while (this.isWord('AND')) {
      this.pos++;
      args.push(this.not(depth));
    }
    return args.length === 1 ? args[0]! : { op: 'and', args };
  }

  private not(depth: number): Cql2Expr {
    if (this.isWord('NOT')) {
      this.pos++;
      return { op: 'not', arg: this.not(depth + 1) };
    }
    if (this.isPunct('(')) {
      this.pos++;
      const inner = this.or(depth + 1);
      this.expectPunct(')');
      return inner;
    }
    return this.predicate();
  }

  private literal(): Cql2Literal {
    const token = this.peek();
    if (token?.t === 'string' || token?.t === 'number') {
      this.pos++;
      if (token.t === 'number' && !Number.isFinite(token.v)) throw new FilterError('number out of range');
      return token.v;
    }
    throw new FilterError(token ? `expected a literal, found ${this.describe(token)}` : 'expected a literal at the end');
  }

  private typed(property: string, value: Cql2Literal): Cql2Literal {
    const kind = this.queryables[property]!;
    if (kind === 'string' && typeof value !== 'string') throw new FilterError(`${property} is text: compare it with a quoted string`);
    if (kind !== 'string' && typeof value !== 'number') throw new FilterError(`${property} is a number: compare it with a number`);
    return value;
  }

  private predicate(): Cql2Expr {
    const token = this.peek();
    if (token?.t !== 'ident') {
      throw new FilterError(token ? `expected a property name, found ${this.describe(token)}` : this.pos === 0 ? 'empty filter' : 'expected a property name at the end');
    }
    this.pos++;
    const property = token.v;
    if (!Object.hasOwn(this.queryables, property)) {
      throw new FilterError(`${property} is not a queryable (queryables: ${Object.keys(this.queryables).join(', ')})`);
    }
    const kind = this.queryables[property]!;

    if (this.isWord('IS')) {
      this.pos++;
      const negated = this.isWord('NOT');
      if (negated) this.pos++;
      if (!this.isWord('NULL')) throw new FilterError('expected NULL after IS');
      this.pos++;
      const expr: Cql2Expr = { op: 'isNull', property };
      return negated ? { op: 'not', arg: expr } : expr;
    }
    const negated = this.isWord('NOT');
    if (negated) this.pos++;
    let expr: Cql2Expr;
    if (this.isWord('IN')) {
      this.pos++;
      this.expectPunct('(');
      const values = [this.typed(property, this.literal())];
      while (this.isPunct(',')) {
        this.pos++;
        values.push(this.typed(property, this.literal()));
      }
      this.expectPunct(')');
      expr = { op: 'in', property, values };
    } else if (this.isWord('BETWEEN')) {
      this.pos++;
      if (kind === 'string') throw new FilterError(`BETWEEN applies to numeric queryables; ${property} is text`);
      const low = this.typed(property, this.literal()) as number;
      if (!this.isWord('AND')) throw new FilterError('expected AND in BETWEEN');
      this.pos++;
      const high = this.typed(property, this.literal()) as number;
      expr = { op: 'between', property, low, high };
    } else if (this.isWord('LIKE')) {
      this.pos++;
      if (kind !== 'string') throw new FilterError(`LIKE applies to text queryables; ${property} is a number`);
      expr = { op: 'like', property, pattern: this.typed(property, this.literal()) as string };
    } else if (!negated && this.peek()?.t === 'punct' && ['=', '<>', '<', '<=', '>', '>='].includes(String(this.peek()!.v))) {
      const comparison = this.tokens[this.pos++]!.v as ComparisonOp;
      const value = this.typed(property, this.literal());
      // Text order differs between SQLite (bytes) and PostgreSQL (the database's collation).
      if (kind === 'string' && comparison !== '=' && comparison !== '<>') {
        throw new FilterError(`${comparison} applies to numeric queryables; ${property} is text (use =, <>, IN or LIKE)`);
      }
      expr = { op: 'compare', comparison, property, value };
    } else {
      const next = this.peek();
      throw new FilterError(`expected an operator after ${property}${next ? `, found ${this.describe(next)}` : ''}`);
    }
    return negated ? { op: 'not', arg: expr } : expr;
  }
}

/** Parses a CQL2-text filter over the given queryables (name → kind). */
export function parseCql2Text(text: string, queryables: Readonly<Record<string, QueryableKind>>): Cql2Result {
  if (text.length > MAX_FILTER_CHARS) return { ok: false, reason: `filter longer than ${MAX_FILTER_CHARS} characters` };
  try {
    return { ok: true, expr: new Parser(tokenize(text), queryables).parse() };
  } catch (e) {
    if (e instanceof FilterError) return { ok: false, reason: e.message };
    throw e;
  }
}

/** A LIKE pattern (`%` any run, `_` one character, `\` escapes) as an anchored, case-sensitive RegExp. */
export function likeToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]!);
    else if (ch === '%') source += '[\\s\\S]*';
    else if (ch === '_') source += '[\\s\\S]';
    else source += escapeRegExp(ch);
  }
  return new RegExp(`^${source}$`, 'u');
}

function escapeRegExp(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}

/** true / false / null (unknown), as SQL evaluates the same condition. */
export function evaluateCql2(expr: Cql2Expr, properties: Readonly<Record<string, unknown>>): boolean | null {
  switch (expr.op) {
    case 'and': {
      let unknown = false;
      for (const a of expr.args) {
        const v = evaluateCql2(a, properties);
        if (v === false) return false;
        if (v === null) unknown = true;
      }
      return unknown ? null : true;
    }
    case 'or': {
      let unknown = false;
      for (const a of expr.args) {
        const v = evaluateCql2(a, properties);
        if (v === true) return true;
        if (v === null) unknown = true;
      }
      return unknown ? null : false;
    }
    case 'not': {
      const v = evaluateCql2(expr.arg, properties);
      return v === null ? null : !v;
    }
    case 'isNull':
      return properties[expr.property] === null || properties[expr.property] === undefined;
  }
  const value = properties[expr.property];
  if (value === null || value === undefined) return null;
  switch (expr.op) {
    case 'compare': {
      const v = value as Cql2Literal;
      const w = expr.value;
      switch (expr.comparison) {
        case '=':
          return v === w;
        case '<>':
          return v !== w;
        case '<':
          return v < w;
        case '<=':
          return v <= w;
        case '>':
          return v > w;
        case '>=':
          return v >= w;
      }
      return null;
    }
    case 'in':
      return expr.values.includes(value as Cql2Literal);
    case 'between':
      return (value as number) >= expr.low && (value as number) <= expr.high;
    case 'like':
      return likeToRegExp(expr.pattern).test(String(value));
  }
}
