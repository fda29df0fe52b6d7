// Generates one JavaScript loop over typed arrays for a checked formula (where the context allows `new Function`).
//
// Nothing from the user's text is spliced into the code: columns are `c0, c1, …` by slot, constants are written by
// numberLiteral() from numbers, category strings arrive as integer codes, and helpers come from a fixed table.
import type { BooleanNode, CompareOp, NumberFn, NumberNode, Root } from './formula-ir';
import { RUNTIME, type Runtime } from './formula-runtime';

/** Column-at-a-time kernel: writes rows [0, n) (or only rows with mask[i] === 1) of the result into out. */
export type Kernel = (cols: ReadonlyArray<Float64Array | Int32Array>, n: number, out: Float64Array | Uint8Array, mask: Uint8Array | undefined) => void;

/**
 * A number as JavaScript source that reads back bit for bit (String() round-trips every double), in brackets so a
 * negative value never meets a minus sign. Refuses anything but a number, as a last guard against injection.
 * @example numberLiteral(-0.5) // '(-0.5)'
 */
export function numberLiteral(value: number): string {
  if (typeof value !== 'number') throw new TypeError('numberLiteral: not a number');
  if (value !== value) return '(NaN)';
  if (Object.is(value, -0)) return '(-0)';
  if (value === Infinity) return '(Infinity)';
  if (value === -Infinity) return '(-Infinity)';
  return `(${String(value)})`;
}

const COMPARE_HELPER: Readonly<Record<CompareOp, string>> = { eq: 'H.eq', ne: '!H.eq', lt: 'H.lt', le: 'H.le', gt: 'H.gt', ge: 'H.ge' };
const ARITH_SYMBOL = { add: '+', sub: '-', mul: '*', div: '/' } as const;

class Emitter {
  /** lookup tables for category sets with more than one code: index code + 1 → 1 if a member */
  readonly tables: Uint8Array[] = [];

  num(node: NumberNode): string {
    switch (node.k) {
      case 'const':
        return numberLiteral(node.value);
      case 'field':
        return `c${slotIndex(node.slot)}[i]`;
      case 'neg':
        return `(-${this.num(node.arg)})`;
      case 'arith':
        if (node.op === 'pow') return `Math.pow(${this.num(node.a)}, ${this.num(node.b)})`;
        return `(${this.num(node.a)} ${ARITH_SYMBOL[node.op]} ${this.num(node.b)})`;
      case 'call':
        return this.call(node.fn, node.args.map((a) => this.num(a)));
      case 'cond':
        return `(${this.bool(node.c)} ? ${this.num(node.a)} : ${this.num(node.b)})`;
    }
  }

  private call(fn: NumberFn, args: string[]): string {
    const [x = '(NaN)', y = '(NaN)', z = '(NaN)'] = args;
    switch (fn) {
      case 'abs':
        return `Math.abs(${x})`;
      case 'sqrt':
        return `Math.sqrt(${x})`;
      case 'exp':
        return `Math.exp(${x})`;
      case 'log':
        return `Math.log(${x})`;
      case 'pow':
        return `Math.pow(${x}, ${y})`;
      case 'logBase':
        return `H.logBase(${x}, ${y})`;
      case 'floor':
        return `H.floor(${x})`;
      case 'ceil':
        return `H.ceil(${x})`;
      case 'round':
        return `H.round(${x})`;
      case 'roundN':
        return `H.round(${x}, ${y})`;
      case 'mod':
        return `H.mod(${x}, ${y})`;
      case 'clamp':
        return `H.clamp(${x}, ${y}, ${z})`;
      case 'min':
      case 'max': {
        const step = fn === 'min' ? 'H.minStep' : 'H.maxStep';
        let acc = x;
        for (let j = 1; j < args.length; j++) acc = `${step}(${acc}, ${args[j] ?? '(NaN)'})`;
        return acc;
      }
    }
  }

  bool(node: BooleanNode): string {
    switch (node.k) {
      case 'const':
        return node.value ? 'true' : 'false';
      case 'compare':
        return `(${COMPARE_HELPER[node.op]}(${this.num(node.a)}, ${this.num(node.b)}))`;
      case 'catIn': {
        const column = `c${slotIndex(node.slot)}[i]`;
        if (node.codes.length === 0) return node.negate ? 'true' : 'false';
        if (node.codes.length === 1) return `(${column} ${node.negate ? '!==' : '==='} ${numberLiteral(node.codes[0] ?? -2)})`;
        const table = new Uint8Array(Math.max(...node.codes) + 2);
        for (const code of node.codes) table[code + 1] = 1;
        this.tables.push(table);
        // out-of-range codes read undefined, which is not 1: they match nothing, as in the other evaluators
        return `(t${this.tables.length - 1}[${column} + 1] ${node.negate ? '!==' : '==='} 1)`;
      }
      case 'catMissing':
        return `(c${slotIndex(node.slot)}[i] === -1)`;
      case 'isnan':
        return `H.isnan(${this.num(node.arg)})`;
      case 'not':
        return `(!${this.bool(node.arg)})`;
      case 'logic': {
        const op = node.op === 'and' ? '&&' : node.op === 'or' ? '||' : '!==';
        return `(${this.bool(node.a)} ${op} ${this.bool(node.b)})`;
      }
      case 'cond':
        return `(${this.bool(node.c)} ? ${this.bool(node.a)} : ${this.bool(node.b)})`;
    }
  }
}

/** Slots are array indices we assign; checking them keeps even a corrupted tree from emitting anything else. */
function slotIndex(slot: number): number {
  if (!Number.isInteger(slot) || slot < 0) throw new TypeError('codegen: bad slot');
  return slot;
}

/**
 * Generates the kernel for a (folded) tree. Returns the source too, for tests and debugging.
 * @example generateKernel({ type: 'number', node: { k: 'field', slot: 0, name: 'x', text: 'x' } }, 1).source
 *   // contains 'out[i] = c0[i];'
 */
export function generateKernel(root: Root, slotCount: number): { kernel: Kernel; source: string } {
  const emitter = new Emitter();
  const expr = root.type === 'number' ? emitter.num(root.node) : `(${emitter.bool(root.node)} ? 1 : 0)`;
  const columns = Array.from({ length: slotCount }, (_, k) => `const c${k} = cols[${k}];`).join(' ');
  const tables = emitter.tables.map((_, k) => `const t${k} = T[${k}];`).join(' ');
  const source = [
    '"use strict";',
    tables,
    'return function kernel(cols, n, out, mask) {',
    `  ${columns}`,
    '  if (mask === undefined) {',
    `    for (let i = 0; i < n; i++) out[i] = ${expr};`,
    '  } else {',
    `    for (let i = 0; i < n; i++) if (mask[i] === 1) out[i] = ${expr};`,
    '  }',
    '};',
  ].join('\n');
  const factory = new Function('H', 'T', source) as (h: Runtime, t: readonly Uint8Array[]) => Kernel;
  return { kernel: factory(RUNTIME, emitter.tables), source };
}
