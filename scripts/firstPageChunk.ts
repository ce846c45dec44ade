/**
 * Chunk naming for the client build. Rolldown treats the page's entry and
 * every import() target alike, so application modules the first page shares
 * with a lazy part, or that two lazy parts share, become small chunks of
 * their own: one request each on the first load. This puts those modules in
 * the first page's chunk instead; dependencies (node_modules) keep the
 * default placement, so a lazy part's libraries stay in that part.
 */
interface ModuleGraph {
  getModuleInfo(id: string): { importedIds: readonly string[]; dynamicallyImportedIds: readonly string[] } | null;
}

const isAppSource = (id: string) => !id.includes('node_modules') && !id.startsWith('\0');

/** App modules reached from `root` through static imports. */
function staticClosure(graph: ModuleGraph, root: string): Set<string> {
  const seen = new Set<string>([root]);
  const queue = [root];
  while (queue.length) {
    for (const next of graph.getModuleInfo(queue.pop()!)?.importedIds ?? []) {
      if (isAppSource(next) && !seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/** The app modules that belong in the first page's chunk: its own, and those two or more lazy parts share. */
export function firstPageModules(graph: ModuleGraph, entry: string): Set<string> {
  const first = staticClosure(graph, entry);
  const lazyRoots = new Set<string>();
  const visited = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const id = queue.pop()!;
    if (visited.has(id)) continue;
    visited.add(id);
    const info = graph.getModuleInfo(id);
    for (const next of info?.importedIds ?? []) if (isAppSource(next)) queue.push(next);
    for (const next of info?.dynamicallyImportedIds ?? []) {
      if (!isAppSource(next)) continue;
      lazyRoots.add(next);
      queue.push(next);
    }
  }
  const reach = new Map<string, number>();
  for (const root of lazyRoots) {
    for (const id of staticClosure(graph, root)) if (!first.has(id)) reach.set(id, (reach.get(id) ?? 0) + 1);
  }
  for (const [id, count] of reach) if (count > 1 && !lazyRoots.has(id)) first.add(id);
  return first;
}

/** A rolldown codeSplitting group name function: 'index' for first-page modules, else default placement. */
export function firstPageChunk(entry: string): (id: string, ctx: ModuleGraph) => string | null {
  let modules: Set<string> | null = null;
  return (id, ctx) => {
    modules ??= firstPageModules(ctx, entry);
    return modules.has(id) ? 'index' : null;
  };
}

/**
 * Build-only plugin: index.html also names the map's chunks (the lazily
 * imported module `lazyModule` and the chunks it imports, MapLibre's among
 * them) as modulepreload, so they download and compile while the first
 * page's script runs instead of after it asks for them. A preload does not
 * hold back the first paint.
 */
export function preloadLazyChunk(lazyModule: string): import('vite').Plugin {
  return {
    name: 'land-ledger-preload-map',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return;
        const chunks = Object.values(bundle).filter((c): c is import('rolldown').OutputChunk => c.type === 'chunk');
        const root = chunks.find((c) => c.facadeModuleId === lazyModule);
        const entry = chunks.find((c) => c.isEntry);
        if (!root || !entry) return;
        const files = [root.fileName, ...root.imports].filter((f) => f !== entry.fileName && !entry.imports.includes(f));
        return files.map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` }, injectTo: 'head' as const }));
      },
    },
  };
}
