// Lets electronegativity 1.10.3 run beside TypeScript 7: its parser (@typescript-eslint/typescript-estree 4.x, hoisted
// to the top of node_modules) needs TypeScript's classic JS API, which TS 7 no longer has, so its `require('typescript')`
// is pointed at the TypeScript 4.2 that electronegativity ships in its own node_modules. Loaded with `node --require`.
const Module = require('node:module');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..', '..');
const nested = path.join(root, 'node_modules', '@doyensec', 'electronegativity', 'node_modules', 'typescript');
const original = Module._resolveFilename;
Module._resolveFilename = function resolveTypescript(request, parent, ...rest) {
  const fromEstree = parent && typeof parent.filename === 'string' && parent.filename.includes(`${path.sep}@typescript-eslint${path.sep}`);
  if (fromEstree && (request === 'typescript' || request.startsWith('typescript/'))) {
    return original.call(this, nested + request.slice('typescript'.length), parent, ...rest);
  }
  return original.call(this, request, parent, ...rest);
};
