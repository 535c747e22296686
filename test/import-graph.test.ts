/**
 * The modules of src/ import one way (issue 35): no cycle, not even one
 * closed through a type-only import. A stage's types live in a module of
 * their own (render/plan/types.ts, render/layout/page.ts, options.ts,
 * serve/context.ts, language/types.ts) that the stages before it can name.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src', import.meta.url).pathname;
const SPECIFIER = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function modules(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? modules(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** Each module's relative imports (type-only ones too), as files. */
function graph(): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const file of modules(SRC)) {
    const targets = [...readFileSync(file, 'utf8').matchAll(SPECIFIER)]
      .map((m) => normalize(join(dirname(file), m[1]!)).replace(/\.js$/, '.ts'))
      .filter((t) => existsSync(t));
    edges.set(file, targets);
  }
  return edges;
}

/** The cycles, each as the modules on it (Tarjan's strongly connected components of more than one module, or one importing itself). */
function cycles(edges: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      on.delete(w);
      component.push(relative(SRC, w));
      if (w === v) break;
    }
    if (component.length > 1 || (edges.get(v) ?? []).includes(v)) found.push(component.sort());
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('the import graph of src/', () => {
  it('has no cycle, type-only imports included', () => {
    const edges = graph();
    expect(edges.size).toBeGreaterThan(100);
    expect(cycles(edges)).toEqual([]);
  });

  it('would name a cycle: one made up of two modules is found', () => {
    const a = join(SRC, 'a.ts');
    const b = join(SRC, 'b.ts');
    expect(
      cycles(
        new Map([
          [a, [b]],
          [b, [a]],
        ]),
      ),
    ).toEqual([['a.ts', 'b.ts']]);
  });
});
