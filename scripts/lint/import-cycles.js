// ESLint rule `local/no-import-cycle`: no module may reach itself through relative imports,
// type-only imports included (a type cycle still ties two modules' designs together, and
// eslint-plugin-import's no-cycle skips them). The graph of the other files is read from disk
// once per ESLint process (TypeScript's own import scanner); the linted file's imports come
// from its AST, so an edit that closes a cycle is reported before it is saved.
import ts from 'typescript';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, resolve, relative } from 'node:path';

const EXTENSIONS = ['', '.ts', '.tsx', '.js', '.mjs', '/index.ts', '/index.tsx'];

function resolveSpec(from, spec) {
  if (!spec.startsWith('./') && !spec.startsWith('../')) return null;
  const base = resolve(dirname(from), spec);
  for (const e of EXTENSIONS) {
    const f = base + e;
    if (existsSync(f) && statSync(f).isFile()) return f;
  }
  return null;
}

const diskImports = new Map();
function importsOnDisk(file) {
  let out = diskImports.get(file);
  if (!out) {
    let text = '';
    try { text = readFileSync(file, 'utf8'); } catch { /* a file that went away imports nothing */ }
    out = ts.preProcessFile(text, true, true).importedFiles.map((i) => resolveSpec(file, i.fileName)).filter((f) => f !== null);
    diskImports.set(file, out);
  }
  return out;
}

/** A path of imports from `start` back to `target`, or null. */
function pathBack(start, target) {
  const prev = new Map([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const f = queue.shift();
    for (const g of importsOnDisk(f)) {
      if (g === target) {
        const path = [g];
        for (let x = f; x !== null; x = prev.get(x)) path.push(x);
        return path.reverse();
      }
      if (!prev.has(g)) { prev.set(g, f); queue.push(g); }
    }
  }
  return null;
}

export const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'no import cycles, type-only imports included' },
    schema: [],
    messages: { cycle: 'import cycle: {{path}} (move what both need to a module both may import)' },
  },
  create(context) {
    const file = resolve(context.filename);
    const root = context.cwd;
    const check = (node) => {
      const spec = node.source && node.source.type === 'Literal' ? node.source.value : null;
      if (typeof spec !== 'string') return;
      const target = resolveSpec(file, spec);
      if (!target || target === file) return;
      const back = pathBack(target, file);
      if (back) context.report({ node: node.source, messageId: 'cycle', data: { path: [file, ...back].map((f) => relative(root, f)).join(' -> ') } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default { rules: { 'no-import-cycle': noImportCycle } };
