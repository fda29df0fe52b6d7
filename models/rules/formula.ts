// The formula compiler: rule formulas (a safe subset of mathjs) checked once and compiled to column-at-a-time kernels.
//
// Pipeline: restricted mathjs parse → whitelist walk and type check (formula-check) → typed tree (formula-ir) →
// constant folding → a generated loop (formula-codegen) where `new Function` is allowed, else block-wise closures
// (formula-vector). Explain traces interpret the unfolded tree row by row. All paths share formula-runtime, so they
// agree bit for bit, and agree with mathjs on numbers (its tolerant comparisons, its round/floor/ceil/mod).
//
// Language: numbers, field and parameter names, ( ), + - * / ^, unary - +, == != < <= > >= (chains like 5 <= age < 11
// as in mathjs), and or xor not, c ? a : b, and the functions min max abs round floor ceil sqrt exp log pow mod clamp
// oneof isnan ismissing. Quoted text only as the other side of == / != with a category field, or in oneof().
// Missing values: NaN propagates through arithmetic; <, <=, >, >=, == with NaN are false and != is true (mathjs
// and IEEE: != is the negation of ==); a missing category (-1) equals no value.
import { canGenerateCode } from './codegen-support';
import { checkText, formulaError } from './formula-check';
import { generateKernel, type Kernel } from './formula-codegen';
import { evalBoolean, evalNumber, foldBoolean, foldNumber, type Root, type RowValues, type Step } from './formula-ir';
import { buildBlockKernel } from './formula-vector';

export type FieldKind = { kind: 'number' } | { kind: 'category'; dictionary: readonly string[]; vocabulary?: readonly string[] };
export type FieldSchema = Record<string, FieldKind>;

export interface FormulaError {
  rule: string;
  text: string;
  /** 0-based character index into text, or -1 when the problem is the whole formula */
  position: number;
  /** a full sentence naming the rule and the place, e.g. 'Rule "band.B3.when": at character 12 of "age > 5 and foo": unknown name "foo". Known names: age, setting.' */
  message: string;
}

export interface CompileOptions {
  /** the rule's name, used in every error */
  rule: string;
  /** per-row columns the expression may read */
  fields: FieldSchema;
  /** named constants (parameters already looked up for the date) */
  scalars?: Record<string, number>;
  expect: 'number' | 'boolean';
  /** auto = codegen where canGenerateCode(), else closure */
  mode?: 'auto' | 'codegen' | 'closure';
}

/** number fields: Float64Array (NaN = missing); category fields: Int32Array codes into the dictionary (-1 = missing) */
export type ColumnData = Float64Array | Int32Array;

export interface CompiledFormula {
  rule: string;
  text: string;
  resultType: 'number' | 'boolean';
  mode: 'codegen' | 'closure';
  fieldsUsed: string[];
  scalarsUsed: string[];
  /** Column-at-a-time: evaluates rows [0, rowCount) — or only rows where mask[i] === 1 when a mask is given (others untouched) — into out (Float64Array for number, Uint8Array 0/1 for boolean). */
  evaluate(columns: Record<string, ColumnData>, rowCount: number, out?: Float64Array | Uint8Array, mask?: Uint8Array): Float64Array | Uint8Array;
  /** One row, for explain traces: values by name (category fields as their string value). Returns the result and every intermediate node value in evaluation order. */
  evaluateRow(values: Record<string, number | string | null>): { value: number | boolean; steps: Array<{ text: string; value: number | boolean | string }> };
}

/**
 * Checks and compiles a formula once; the result evaluates whole columns. Never throws on bad formula text: every
 * problem comes back as a FormulaError with the rule name, the character position and a sentence to show the user.
 *
 * In explain steps, literal constants are left out (their value is their text); parameters are kept; a category
 * field shows its string value, or NaN when missing. `and`, `or` and `? :` show only what was evaluated.
 * @example
 * const r = compileFormula('base_price * acf * (1 + uplift) ^ years', {
 *   rule: 'tariff.price',
 *   fields: { base_price: { kind: 'number' }, acf: { kind: 'number' }, years: { kind: 'number' } },
 *   scalars: { uplift: 0.02 },
 *   expect: 'number',
 * });
 * if (r.ok) r.formula.evaluate({ base_price: new Float64Array([10000]), acf: new Float64Array([1.1]), years: new Float64Array([2]) }, 1);
 * // Float64Array [11444.4]  (10000 × 1.1 × 1.02²)
 */
export function compileFormula(text: string, options: CompileOptions): { ok: true; formula: CompiledFormula } | { ok: false; errors: FormulaError[] } {
  const result = checkText(text, options);
  if (!result.ok) return result;
  const { root, fieldsUsed, scalarsUsed } = result.checked;
  const folded: Root = root.type === 'number' ? { type: 'number', node: foldNumber(root.node) } : { type: 'boolean', node: foldBoolean(root.node) };

  const wanted = options.mode ?? 'auto';
  let mode: 'codegen' | 'closure' = wanted === 'closure' ? 'closure' : wanted === 'codegen' || canGenerateCode() ? 'codegen' : 'closure';
  let kernel: Kernel;
  if (mode === 'codegen') {
    try {
      kernel = generateKernel(folded, fieldsUsed.length).kernel;
    } catch (e) {
      if (wanted === 'codegen') {
        const why = e instanceof Error ? e.message : String(e);
        return { ok: false, errors: [formulaError(options.rule, text, -1, `code generation is not available here (${why}); use mode "closure" or "auto".`)] };
      }
      // auto: e.g. a CSP that canGenerateCode() did not foresee; the fallback gives the same numbers
      mode = 'closure';
      kernel = buildBlockKernel(folded);
    }
  } else {
    kernel = buildBlockKernel(folded);
  }
  return { ok: true, formula: new Formula(options, text, root, fieldsUsed, scalarsUsed, mode, kernel) };
}

/**
 * Parses and checks only (for live validation in an editor), same errors as compileFormula; [] when the formula is fine.
 * @example
 * checkFormula('age > 5 and foo', { rule: 'band.B3.when', fields: { age: { kind: 'number' } }, expect: 'boolean' })[0].message
 * // 'Rule "band.B3.when": at character 12 of "age > 5 and foo": unknown name "foo". Known names: age.'
 */
export function checkFormula(text: string, options: Omit<CompileOptions, 'mode'>): FormulaError[] {
  const result = checkText(text, options);
  return result.ok ? [] : result.errors;
}

class Formula implements CompiledFormula {
  readonly rule: string;
  readonly resultType: 'number' | 'boolean';
  readonly fieldsUsed: string[];
  readonly scalarsUsed: string[];
  private readonly kinds: FieldKind[];
  private readonly codeOf: Array<Map<string, number> | null>;

  constructor(
    options: CompileOptions,
    readonly text: string,
    private readonly root: Root,
    fieldsUsed: string[],
    scalarsUsed: string[],
    readonly mode: 'codegen' | 'closure',
    private readonly kernel: Kernel,
  ) {
    this.rule = options.rule;
    this.resultType = root.type;
    this.fieldsUsed = [...fieldsUsed];
    this.scalarsUsed = [...scalarsUsed];
    this.kinds = fieldsUsed.map((name) => options.fields[name] ?? { kind: 'number' });
    this.codeOf = this.kinds.map((kind) => {
      if (kind.kind !== 'category') return null;
      const map = new Map<string, number>();
      kind.dictionary.forEach((value, code) => {
        if (!map.has(value)) map.set(value, code);
      });
      return map;
    });
  }

  evaluate(columns: Record<string, ColumnData>, rowCount: number, out?: Float64Array | Uint8Array, mask?: Uint8Array): Float64Array | Uint8Array {
    const where = `Rule "${this.rule}"`;
    if (!Number.isInteger(rowCount) || rowCount < 0) throw new RangeError(`${where}: rowCount must be a whole number ≥ 0, not ${String(rowCount)}.`);
    const cols = this.fieldsUsed.map((name, slot) => {
      const column = Object.hasOwn(columns, name) ? columns[name] : undefined;
      const kind = this.kinds[slot];
      if (column === undefined) throw new TypeError(`${where}: column "${name}" was not given.`);
      if (kind?.kind === 'category' ? !(column instanceof Int32Array) : !(column instanceof Float64Array)) {
        throw new TypeError(`${where}: column "${name}" must be ${kind?.kind === 'category' ? 'an Int32Array of dictionary codes' : 'a Float64Array'}.`);
      }
      if (column.length < rowCount) throw new RangeError(`${where}: column "${name}" has ${column.length} rows, fewer than ${rowCount}.`);
      return column;
    });
    const target = out ?? (this.resultType === 'number' ? new Float64Array(rowCount) : new Uint8Array(rowCount));
    if (this.resultType === 'number' ? !(target instanceof Float64Array) : !(target instanceof Uint8Array)) {
      throw new TypeError(`${where}: out must be a ${this.resultType === 'number' ? 'Float64Array' : 'Uint8Array'}.`);
    }
    if (target.length < rowCount) throw new RangeError(`${where}: out has ${target.length} rows, fewer than ${rowCount}.`);
    if (mask !== undefined && (!(mask instanceof Uint8Array) || mask.length < rowCount)) {
      throw new TypeError(`${where}: mask must be a Uint8Array with at least ${rowCount} rows.`);
    }
    this.kernel(cols, rowCount, target, mask);
    return target;
  }

  evaluateRow(values: Record<string, number | string | null>): { value: number | boolean; steps: Step[] } {
    const row: RowValues = this.rowValues(values);
    const steps: Step[] = [];
    const value = this.root.type === 'number' ? evalNumber(this.root.node, row, steps) : evalBoolean(this.root.node, row, steps);
    const last = steps[steps.length - 1];
    // a formula that is a bare literal records no step; the trace still ends with the result
    if (!last || !Object.is(last.value, value) || last.text !== this.root.node.text) steps.push({ text: this.root.node.text, value });
    return { value, steps };
  }

  private rowValues(values: Record<string, number | string | null>): RowValues {
    const numbers: number[] = [];
    const labels: Array<string | null> = [];
    this.fieldsUsed.forEach((name, slot) => {
      const v = Object.hasOwn(values, name) ? values[name] : null;
      const codes = this.codeOf[slot];
      if (codes) {
        if (v !== null && v !== undefined && typeof v !== 'string') throw new TypeError(`Rule "${this.rule}": "${name}" is a category field; give its value as text.`);
        // a value absent from the dictionary cannot occur in a column; -2 equals no value and is not "missing"
        numbers.push(v === null || v === undefined ? -1 : (codes.get(v) ?? -2));
        labels.push(v ?? null);
      } else {
        if (v !== null && v !== undefined && typeof v !== 'number') throw new TypeError(`Rule "${this.rule}": "${name}" is a number field; give a number or null.`);
        numbers.push(v === null || v === undefined ? NaN : v);
        labels.push(null);
      }
    });
    return { values: numbers, labels };
  }
}
