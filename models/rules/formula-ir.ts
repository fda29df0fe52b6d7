// The checked, typed tree a formula compiles to, with the one row-at-a-time interpreter (explain traces, constant folding).
//
// The tree is split into number and boolean nodes so each evaluator is type-safe by construction; category fields
// never appear on their own: a comparison with a string is resolved at compile time to a set of dictionary codes.
import {
  clamp,
  ceil,
  equal,
  floor,
  isNaNValue,
  larger,
  largerEq,
  logBase,
  maxStep,
  minStep,
  mod,
  round,
  smaller,
  smallerEq,
} from './formula-runtime';

export type ArithOp = 'add' | 'sub' | 'mul' | 'div' | 'pow';
export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
export type LogicOp = 'and' | 'or' | 'xor';
/** Number functions after overload resolution (round with 1 or 2 arguments are different nodes). */
export type NumberFn =
  | 'abs'
  | 'sqrt'
  | 'exp'
  | 'log'
  | 'logBase'
  | 'floor'
  | 'ceil'
  | 'round'
  | 'roundN'
  | 'pow'
  | 'mod'
  | 'min'
  | 'max'
  | 'clamp';

/** A node giving a number per row. `text` is the mathjs rendering of the source node, shown in explain traces. */
export type NumberNode =
  | { k: 'const'; value: number; text: string; scalar: string | null }
  | { k: 'field'; slot: number; name: string; text: string }
  | { k: 'neg'; arg: NumberNode; text: string }
  | { k: 'arith'; op: ArithOp; a: NumberNode; b: NumberNode; text: string }
  | { k: 'call'; fn: NumberFn; args: NumberNode[]; text: string }
  | { k: 'cond'; c: BooleanNode; a: NumberNode; b: NumberNode; text: string };

/** A node giving true/false per row. */
export type BooleanNode =
  | { k: 'const'; value: boolean; text: string }
  | { k: 'compare'; op: CompareOp; a: NumberNode; b: NumberNode; text: string }
  /** category field equals one of `codes` (negate: equals none); code -1 (missing) and unknown codes equal nothing */
  | { k: 'catIn'; slot: number; name: string; codes: readonly number[]; negate: boolean; text: string }
  | { k: 'catMissing'; slot: number; name: string; text: string }
  | { k: 'isnan'; arg: NumberNode; text: string }
  | { k: 'not'; arg: BooleanNode; text: string }
  | { k: 'logic'; op: LogicOp; a: BooleanNode; b: BooleanNode; text: string }
  | { k: 'cond'; c: BooleanNode; a: BooleanNode; b: BooleanNode; text: string };

export type Root = { type: 'number'; node: NumberNode } | { type: 'boolean'; node: BooleanNode };

/** + - * / ^ on numbers (^ is Math.pow, as mathjs for real results). @example applyArith('pow', 1.02, 2) // 1.0404 */
export function applyArith(op: ArithOp, a: number, b: number): number {
  switch (op) {
    case 'add':
      return a + b;
    case 'sub':
      return a - b;
    case 'mul':
      return a * b;
    case 'div':
      return a / b;
    case 'pow':
      return Math.pow(a, b);
  }
}

/** Comparisons with mathjs tolerances; NaN makes all false except 'ne'. @example applyCompare('eq', 0.1 + 0.2, 0.3) // true */
export function applyCompare(op: CompareOp, a: number, b: number): boolean {
  switch (op) {
    case 'eq':
      return equal(a, b);
    case 'ne':
      return !equal(a, b);
    case 'lt':
      return smaller(a, b);
    case 'le':
      return smallerEq(a, b);
    case 'gt':
      return larger(a, b);
    case 'ge':
      return largerEq(a, b);
  }
}

/** The number functions, with mathjs semantics. @example applyFunction('min', [3, NaN, 1]) // NaN */
export function applyFunction(fn: NumberFn, args: readonly number[]): number {
  const x = args[0] ?? NaN;
  const y = args[1] ?? NaN;
  switch (fn) {
    case 'abs':
      return Math.abs(x);
    case 'sqrt':
      return Math.sqrt(x);
    case 'exp':
      return Math.exp(x);
    case 'log':
      return Math.log(x);
    case 'logBase':
      return logBase(x, y);
    case 'floor':
      return floor(x);
    case 'ceil':
      return ceil(x);
    case 'round':
      return round(x);
    case 'roundN':
      return round(x, y);
    case 'pow':
      return Math.pow(x, y);
    case 'mod':
      return mod(x, y);
    case 'clamp':
      return clamp(x, y, args[2] ?? NaN);
    case 'min': {
      let m = x;
      for (let j = 1; j < args.length; j++) m = minStep(m, args[j] ?? NaN);
      return m;
    }
    case 'max': {
      let m = x;
      for (let j = 1; j < args.length; j++) m = maxStep(m, args[j] ?? NaN);
      return m;
    }
  }
}

/**
 * Codes in the set? A lookup table indexed by code + 1 (so -1 → index 0, never a member) gives the same answer.
 * @example inCodes([1, 2], -1) // false
 */
export function inCodes(codes: readonly number[], code: number): boolean {
  for (const c of codes) if (c === code) return true;
  return false;
}

/** One row's inputs by slot: numbers for number fields, dictionary codes for category fields (labels for traces). */
export interface RowValues {
  values: readonly number[];
  labels: ReadonlyArray<string | null>;
}

export type Step = { text: string; value: number | boolean | string };

function fieldStep(row: RowValues, slot: number, text: string, steps: Step[] | null): void {
  if (steps) steps.push({ text, value: row.labels[slot] ?? NaN });
}

/**
 * Evaluates a number node for one row. With `steps`, records every node's value in evaluation order (children
 * before parents); literal constants are left out (their value is their text), scalars are kept.
 * `and`, `or` and `? :` are lazy, as in mathjs, so a trace shows only the branch that was taken.
 * @example evalNumber({ k: 'field', slot: 0, name: 'age', text: 'age' }, { values: [7], labels: [null] }, []) // 7
 */
export function evalNumber(node: NumberNode, row: RowValues, steps: Step[] | null): number {
  let v: number;
  switch (node.k) {
    case 'const':
      v = node.value;
      if (steps && node.scalar !== null) steps.push({ text: node.text, value: v });
      return v;
    case 'field':
      v = row.values[node.slot] ?? NaN;
      break;
    case 'neg':
      v = -evalNumber(node.arg, row, steps);
      break;
    case 'arith': {
      const a = evalNumber(node.a, row, steps);
      v = applyArith(node.op, a, evalNumber(node.b, row, steps));
      break;
    }
    case 'call': {
      const args: number[] = [];
      for (const arg of node.args) args.push(evalNumber(arg, row, steps));
      v = applyFunction(node.fn, args);
      break;
    }
    case 'cond':
      v = evalBoolean(node.c, row, steps) ? evalNumber(node.a, row, steps) : evalNumber(node.b, row, steps);
      break;
  }
  if (steps) steps.push({ text: node.text, value: v });
  return v;
}

/**
 * Evaluates a boolean node for one row; see evalNumber.
 * @example evalBoolean({ k: 'catMissing', slot: 0, name: 's', text: 'ismissing(s)' }, { values: [-1], labels: [null] }, null) // true
 */
export function evalBoolean(node: BooleanNode, row: RowValues, steps: Step[] | null): boolean {
  let v: boolean;
  switch (node.k) {
    case 'const':
      return node.value;
    case 'compare': {
      const a = evalNumber(node.a, row, steps);
      v = applyCompare(node.op, a, evalNumber(node.b, row, steps));
      break;
    }
    case 'catIn':
      fieldStep(row, node.slot, node.name, steps);
      v = inCodes(node.codes, row.values[node.slot] ?? -1) !== node.negate;
      break;
    case 'catMissing':
      fieldStep(row, node.slot, node.name, steps);
      v = (row.values[node.slot] ?? -1) === -1;
      break;
    case 'isnan':
      v = isNaNValue(evalNumber(node.arg, row, steps));
      break;
    case 'not':
      v = !evalBoolean(node.arg, row, steps);
      break;
    case 'logic': {
      const a = evalBoolean(node.a, row, steps);
      if (node.op === 'and') v = a && evalBoolean(node.b, row, steps);
      else if (node.op === 'or') v = a || evalBoolean(node.b, row, steps);
      else v = a !== evalBoolean(node.b, row, steps);
      break;
    }
    case 'cond':
      v = evalBoolean(node.c, row, steps) ? evalBoolean(node.a, row, steps) : evalBoolean(node.b, row, steps);
      break;
  }
  if (steps) steps.push({ text: node.text, value: v });
  return v;
}

const NO_ROW: RowValues = { values: [], labels: [] };

/**
 * Constant folding: a node whose children are all constants (literals or scalars) becomes a constant, computed by
 * the same functions every evaluator uses, so folded and unfolded trees give identical numbers.
 * @example foldNumber(tree of '2 * uplift' with uplift = 0.02) // { k: 'const', value: 0.04, … }
 */
export function foldNumber(node: NumberNode): NumberNode {
  switch (node.k) {
    case 'const':
    case 'field':
      return node;
    case 'neg': {
      const arg = foldNumber(node.arg);
      return arg.k === 'const' ? constNumber(-arg.value, node.text) : { ...node, arg };
    }
    case 'arith': {
      const a = foldNumber(node.a);
      const b = foldNumber(node.b);
      if (a.k === 'const' && b.k === 'const') return constNumber(applyArith(node.op, a.value, b.value), node.text);
      return { ...node, a, b };
    }
    case 'call': {
      const args = node.args.map(foldNumber);
      const values: number[] = [];
      for (const a of args) if (a.k === 'const') values.push(a.value);
      if (values.length === args.length) return constNumber(applyFunction(node.fn, values), node.text);
      return { ...node, args };
    }
    case 'cond': {
      const c = foldBoolean(node.c);
      const a = foldNumber(node.a);
      const b = foldNumber(node.b);
      if (c.k === 'const') return c.value ? a : b;
      return { ...node, c, a, b };
    }
  }
}

/** Constant folding for boolean nodes; see foldNumber. @example foldBoolean(tree of 'not (1 > 2)') // { k: 'const', value: true, … } */
export function foldBoolean(node: BooleanNode): BooleanNode {
  switch (node.k) {
    case 'const':
    case 'catIn':
    case 'catMissing':
      return node;
    case 'compare': {
      const a = foldNumber(node.a);
      const b = foldNumber(node.b);
      if (a.k === 'const' && b.k === 'const') return constBoolean(applyCompare(node.op, a.value, b.value), node.text);
      return { ...node, a, b };
    }
    case 'isnan': {
      const arg = foldNumber(node.arg);
      return arg.k === 'const' ? constBoolean(isNaNValue(arg.value), node.text) : { ...node, arg };
    }
    case 'not': {
      const arg = foldBoolean(node.arg);
      return arg.k === 'const' ? constBoolean(!arg.value, node.text) : { ...node, arg };
    }
    case 'logic': {
      const a = foldBoolean(node.a);
      const b = foldBoolean(node.b);
      if (a.k === 'const' && b.k === 'const') return constBoolean(evalBoolean({ ...node, a, b }, NO_ROW, null), node.text);
      return { ...node, a, b };
    }
    case 'cond': {
      const c = foldBoolean(node.c);
      const a = foldBoolean(node.a);
      const b = foldBoolean(node.b);
      if (c.k === 'const') return c.value ? a : b;
      return { ...node, c, a, b };
    }
  }
}

function constNumber(value: number, text: string): NumberNode {
  return { k: 'const', value, text, scalar: null };
}
function constBoolean(value: boolean, text: string): BooleanNode {
  return { k: 'const', value, text };
}
