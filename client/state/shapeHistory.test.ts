/**
 * The undo stack the parcel editor and the feature sketch share. It is a
 * runes module, and vitest here has no Svelte plugin, so the test compiles
 * it the way the client build does (TypeScript stripped, then Svelte's
 * module compiler) and imports the result with Svelte's client runtime.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileModule } from 'svelte/compiler';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ShapeHistory as ShapeHistoryClass } from './shapeHistory.svelte';

interface Snap {
  geometry: string | null;
  action: string;
}

let ShapeHistory: typeof ShapeHistoryClass;

beforeAll(async () => {
  const source = readFileSync(new URL('./shapeHistory.svelte.ts', import.meta.url), 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, useDefineForClassFields: true } }).outputText;
  const compiled = compileModule(js, { filename: 'shapeHistory.svelte.js', generate: 'client' }).js.code;
  const runtime = pathToFileURL(createRequire(import.meta.url).resolve('svelte/internal/client')).href;
  const file = join(mkdtempSync(join(tmpdir(), 'shape-history-')), 'shapeHistory.mjs');
  writeFileSync(file, compiled.replaceAll("'svelte/internal/client'", `'${runtime}'`));
  ({ ShapeHistory } = (await import(pathToFileURL(file).href)) as { ShapeHistory: typeof ShapeHistoryClass });
});

const snap = (geometry: string | null, action: string): Snap => Object.freeze({ geometry, action });

describe('ShapeHistory', () => {
  it('has nothing to undo or redo right after a reset', () => {
    const history = new ShapeHistory<Snap>();
    history.reset(snap(null, 'start'));
    expect(history.canUndo).toBe(false);
    expect(history.canRedo).toBe(false);
    expect(history.undo()).toBeNull();
    expect(history.redo()).toBeNull();
  });

  it('undoes to the state before each push and redoes forward again', () => {
    const history = new ShapeHistory<Snap>();
    history.reset(snap(null, 'start'));
    history.push(snap('a', 'draw'));
    history.push(snap('b', 'edit'));
    expect(history.canUndo).toBe(true);
    expect(history.undoAction).toBe('edit');
    expect(history.undo()).toEqual(snap('a', 'draw'));
    expect(history.redoAction).toBe('edit');
    expect(history.undo()).toEqual(snap(null, 'start'));
    expect(history.canUndo).toBe(false);
    expect(history.redo()).toEqual(snap('a', 'draw'));
    expect(history.redo()).toEqual(snap('b', 'edit'));
    expect(history.canRedo).toBe(false);
    expect(history.actions).toEqual(['start', 'draw', 'edit']);
  });

  it('drops the redo branch when a new edit is pushed after an undo', () => {
    const history = new ShapeHistory<Snap>();
    history.reset(snap(null, 'start'));
    history.push(snap('a', 'draw'));
    history.undo();
    history.push(snap('c', 'clip'));
    expect(history.canRedo).toBe(false);
    expect(history.redo()).toBeNull();
    expect(history.actions).toEqual(['start', 'clip']);
  });

  it('keeps at most maxSnapshots states, dropping the oldest', () => {
    const history = new ShapeHistory<Snap>(3);
    history.reset(snap(null, 'start'));
    for (const g of ['a', 'b', 'c', 'd']) history.push(snap(g, 'draw'));
    expect(history.actions).toHaveLength(3);
    expect(history.undo()).toEqual(snap('c', 'draw'));
    expect(history.undo()).toEqual(snap('b', 'draw'));
    expect(history.undo()).toBeNull();
  });
});
