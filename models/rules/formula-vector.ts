// The no-eval fallback: a checked formula compiled to closures that evaluate one block of rows per node (column-at-a-time).
//
// Per-row closures pay a function call per node per row; here each node runs one tight, monomorphic loop over a block
// of BLOCK rows, so the call overhead is spread over the block. Both branches of `? :` and both sides of and/or are
// computed for the block, which is safe because formulas have no side effects and NaN never throws; every operation
// uses the same helpers as the generated code, so results are bit-identical.
import type { BooleanNode, CompareOp, NumberNode, Root } from './formula-ir';
import type { Kernel } from './formula-codegen';
import { ceil, clamp, equal, floor, isNaNValue, larger, largerEq, logBase, maxStep, minStep, mod, round, smaller, smallerEq } from './formula-runtime';

/** Rows per block: large enough to amortise the closure calls, small enough that a node's buffer stays in cache. */
const BLOCK = 1024;

type NumberBlock = (start: number, length: number) => Float64Array;
type BooleanBlock = (start: number, length: number) => Uint8Array;

/** The columns of the evaluate() call in progress; kernels read them by slot. */
interface Context {
  cols: ReadonlyArray<Float64Array | Int32Array>;
}

function numberColumn(ctx: Context, slot: number): Float64Array {
  const c = ctx.cols[slot];
  if (!(c instanceof Float64Array)) throw new TypeError(`formula: slot ${slot} is not a number column`);
  return c;
}
function categoryColumn(ctx: Context, slot: number): Int32Array {
  const c = ctx.cols[slot];
  if (!(c instanceof Int32Array)) throw new TypeError(`formula: slot ${slot} is not a category column`);
  return c;
}

function numberBlock(node: NumberNode, ctx: Context): NumberBlock {
  const r = new Float64Array(BLOCK);
  switch (node.k) {
    case 'const': {
      r.fill(node.value);
      return () => r;
    }
    case 'field': {
      const slot = node.slot;
      return (s, l) => numberColumn(ctx, slot).subarray(s, s + l);
    }
    case 'neg': {
      const a = numberBlock(node.arg, ctx);
      return (s, l) => {
        const x = a(s, l);
        for (let j = 0; j < l; j++) r[j] = -x[j];
        return r;
      };
    }
    case 'arith':
      return arithBlock(node, ctx, r);
    case 'cond': {
      const c = booleanBlock(node.c, ctx);
      const a = numberBlock(node.a, ctx);
      const b = numberBlock(node.b, ctx);
      return (s, l) => {
        const t = c(s, l);
        const x = a(s, l);
        const y = b(s, l);
        for (let j = 0; j < l; j++) r[j] = t[j] === 1 ? x[j] : y[j];
        return r;
      };
    }
    case 'call':
      return callBlock(node, ctx, r);
  }
}

function arithBlock(node: Extract<NumberNode, { k: 'arith' }>, ctx: Context, r: Float64Array): NumberBlock {
  const a = numberBlock(node.a, ctx);
  const b = numberBlock(node.b, ctx);
  switch (node.op) {
    case 'add':
      return (s, l) => {
        const x = a(s, l);
        const y = b(s, l);
        for (let j = 0; j < l; j++) r[j] = x[j] + y[j];
        return r;
      };
    case 'sub':
      return (s, l) => {
        const x = a(s, l);
        const y = b(s, l);
        for (let j = 0; j < l; j++) r[j] = x[j] - y[j];
        return r;
      };
    case 'mul':
      return (s, l) => {
        const x = a(s, l);
        const y = b(s, l);
        for (let j = 0; j < l; j++) r[j] = x[j] * y[j];
        return r;
      };
    case 'div':
      return (s, l) => {
        const x = a(s, l);
        const y = b(s, l);
        for (let j = 0; j < l; j++) r[j] = x[j] / y[j];
        return r;
      };
    case 'pow':
      return (s, l) => {
        const x = a(s, l);
        const y = b(s, l);
        for (let j = 0; j < l; j++) r[j] = Math.pow(x[j], y[j]);
        return r;
      };
  }
}

function unary(r: Float64Array, a: NumberBlock, f: (x: number) => number): NumberBlock {
  return (s, l) => {
    const x = a(s, l);
    for (let j = 0; j < l; j++) r[j] = f(x[j]);
    return r;
  };
}
function binary(r: Float64Array, a: NumberBlock, b: NumberBlock, f: (x: number, y: number) => number): NumberBlock {
  return (s, l) => {
    const x = a(s, l);
    const y = b(s, l);
    for (let j = 0; j < l; j++) r[j] = f(x[j], y[j]);
    return r;
  };
}

function callBlock(node: Extract<NumberNode, { k: 'call' }>, ctx: Context, r: Float64Array): NumberBlock {
  const args = node.args.map((a) => numberBlock(a, ctx));
  const [a, b, c] = args;
  if (!a) throw new TypeError('formula: a function without arguments');
  const second = (): NumberBlock => {
    if (!b) throw new TypeError('formula: missing argument');
    return b;
  };
  switch (node.fn) {
    case 'abs':
      return unary(r, a, Math.abs);
    case 'sqrt':
      return unary(r, a, Math.sqrt);
    case 'exp':
      return unary(r, a, Math.exp);
    case 'log':
      return unary(r, a, Math.log);
    case 'floor':
      return unary(r, a, floor);
    case 'ceil':
      return unary(r, a, ceil);
    case 'round':
      return unary(r, a, (x) => round(x));
    case 'roundN':
      return binary(r, a, second(), round);
    case 'logBase':
      return binary(r, a, second(), logBase);
    case 'pow':
      return binary(r, a, second(), Math.pow);
    case 'mod':
      return binary(r, a, second(), mod);
    case 'clamp': {
      const y = second();
      if (!c) throw new TypeError('formula: missing argument');
      return (s, l) => {
        const xs = a(s, l);
        const lo = y(s, l);
        const hi = c(s, l);
        for (let j = 0; j < l; j++) r[j] = clamp(xs[j], lo[j], hi[j]);
        return r;
      };
    }
    case 'min':
    case 'max': {
      const step = node.fn === 'min' ? minStep : maxStep;
      const rest = args.slice(1);
      return (s, l) => {
        const x = a(s, l);
        for (let j = 0; j < l; j++) r[j] = x[j];
        for (const next of rest) {
          const y = next(s, l);
          for (let j = 0; j < l; j++) r[j] = step(r[j], y[j]);
        }
        return r;
      };
    }
  }
}

const COMPARE_FN: Readonly<Record<Exclude<CompareOp, 'ne'>, (a: number, b: number) => boolean>> = {
  eq: equal,
  lt: smaller,
  le: smallerEq,
  gt: larger,
  ge: largerEq,
};

function booleanBlock(node: BooleanNode, ctx: Context): BooleanBlock {
  const r = new Uint8Array(BLOCK);
  switch (node.k) {
    case 'const':
      r.fill(node.value ? 1 : 0);
      return () => r;
    case 'compare': {
      const a = numberBlock(node.a, ctx);
      const b = numberBlock(node.b, ctx);
      if (node.op === 'ne') {
        return (s, l) => {
          const x = a(s, l);
          const y = b(s, l);
          for (let j = 0; j < l; j++) r[j] = equal(x[j], y[j]) ? 0 : 1;
          return r;
        };
      }
      const f = COMPARE_FN[node.op];
      return (s, l) => {
        const x = a(s, l);
        const y = b(s, l);
        for (let j = 0; j < l; j++) r[j] = f(x[j], y[j]) ? 1 : 0;
        return r;
      };
    }
    case 'catIn': {
      const slot = node.slot;
      const hit = node.negate ? 0 : 1;
      const miss = 1 - hit;
      // same lookup table as the generated code: index code + 1, so -1 (missing) and unknown codes are never members
      const table = new Uint8Array((node.codes.length > 0 ? Math.max(...node.codes) : -1) + 2);
      for (const code of node.codes) table[code + 1] = 1;
      return (s, l) => {
        const col = categoryColumn(ctx, slot);
        for (let j = 0; j < l; j++) r[j] = table[col[s + j] + 1] === 1 ? hit : miss;
        return r;
      };
    }
    case 'catMissing': {
      const slot = node.slot;
      return (s, l) => {
        const col = categoryColumn(ctx, slot);
        for (let j = 0; j < l; j++) r[j] = col[s + j] === -1 ? 1 : 0;
        return r;
      };
    }
    case 'isnan': {
      const a = numberBlock(node.arg, ctx);
      return (s, l) => {
        const x = a(s, l);
        for (let j = 0; j < l; j++) r[j] = isNaNValue(x[j]) ? 1 : 0;
        return r;
      };
    }
    case 'not': {
      const a = booleanBlock(node.arg, ctx);
      return (s, l) => {
        const x = a(s, l);
        for (let j = 0; j < l; j++) r[j] = x[j] === 1 ? 0 : 1;
        return r;
      };
    }
    case 'logic': {
      const a = booleanBlock(node.a, ctx);
      const b = booleanBlock(node.b, ctx);
      const op = node.op;
      return (s, l) => {
        const x = a(s, l);
        const y = b(s, l);
        if (op === 'and') for (let j = 0; j < l; j++) r[j] = x[j] & y[j];
        else if (op === 'or') for (let j = 0; j < l; j++) r[j] = x[j] | y[j];
        else for (let j = 0; j < l; j++) r[j] = x[j] ^ y[j];
        return r;
      };
    }
    case 'cond': {
      const c = booleanBlock(node.c, ctx);
      const a = booleanBlock(node.a, ctx);
      const b = booleanBlock(node.b, ctx);
      return (s, l) => {
        const t = c(s, l);
        const x = a(s, l);
        const y = b(s, l);
        for (let j = 0; j < l; j++) r[j] = t[j] === 1 ? x[j] : y[j];
        return r;
      };
    }
  }
}

/**
 * Builds the no-eval kernel for a (folded) tree; same contract as the generated one.
 * @example buildBlockKernel({ type: 'number', node: { k: 'field', slot: 0, name: 'x', text: 'x' } })([new Float64Array([1, 2])], 2, new Float64Array(2), undefined)
 */
export function buildBlockKernel(root: Root): Kernel {
  const ctx: Context = { cols: [] };
  const block: (s: number, l: number) => Float64Array | Uint8Array = root.type === 'number' ? numberBlock(root.node, ctx) : booleanBlock(root.node, ctx);
  return (cols, n, out, mask) => {
    ctx.cols = cols;
    try {
      for (let s = 0; s < n; s += BLOCK) {
        const l = Math.min(BLOCK, n - s);
        if (mask !== undefined) {
          let any = false;
          for (let j = 0; j < l; j++) {
            if (mask[s + j] === 1) {
              any = true;
              break;
            }
          }
          if (!any) continue;
          const values = block(s, l);
          for (let j = 0; j < l; j++) if (mask[s + j] === 1) out[s + j] = values[j];
        } else {
          const values = block(s, l);
          for (let j = 0; j < l; j++) out[s + j] = values[j];
        }
      }
    } finally {
      // do not keep the caller's columns alive between calls
      ctx.cols = [];
    }
  };
}
