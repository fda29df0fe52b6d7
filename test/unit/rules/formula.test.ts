// The formula compiler: exact error messages and positions, hostile input, categories, masks, explain traces, a worked example.
import { describe, expect, it } from 'vitest';
import { checkFormula, compileFormula, type CompileOptions, type FieldSchema } from '../../../models/rules/formula';
import { checkText } from '../../../models/rules/formula-check';
import { generateKernel, numberLiteral } from '../../../models/rules/formula-codegen';
import { foldBoolean, foldNumber } from '../../../models/rules/formula-ir';

const fields: FieldSchema = {
  age: { kind: 'number' },
  cost: { kind: 'number' },
  setting: { kind: 'category', dictionary: ['mainstream', 'iss', 'nmss'], vocabulary: ['mainstream', 'iss', 'nmss', 'ap'] },
  need: { kind: 'category', dictionary: ['ASD', 'SEMH'] },
};
const scalars = { uplift: 0.02, zero: 0 };
const opts = (expect: 'number' | 'boolean', rule = 'band.B3.when'): Omit<CompileOptions, 'mode'> => ({ rule, fields, scalars, expect });
const KNOWN = 'Known names: age, cost, need, setting, uplift, zero.';
const MODES = ['codegen', 'closure'] as const;

function compiled(text: string, expect: 'number' | 'boolean', mode: 'codegen' | 'closure' = 'codegen') {
  const r = compileFormula(text, { ...opts(expect), mode });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.formula;
}

describe('errors: exact message and position', () => {
  it.each([
    // [text, expect, position, message after 'Rule "band.B3.when": ']
    ['age > 5 and foo', 'boolean', 12, `at character 12 of "age > 5 and foo": unknown name "foo". ${KNOWN}`],
    ['agee + 1', 'number', 0, `at character 0 of "agee + 1": unknown name "agee" (did you mean "age"?). ${KNOWN}`],
    ['age + agee', 'number', 6, `at character 6 of "age + agee": unknown name "agee" (did you mean "age"?). ${KNOWN}`],
    ['a +', 'number', 3, 'at character 3 of "a +": syntax error: unexpected end of expression.'],
    ['(age', 'number', 4, 'at character 4 of "(age": syntax error: parenthesis ) expected.'],
    ['1 +* 2', 'number', 3, 'at character 3 of "1 +* 2": syntax error: value expected.'],
    ['', 'number', -1, 'in "": the formula is empty.'],
    ['  # only a comment', 'number', -1, 'in "  # only a comment": the formula is empty.'],
    ['setting + 1', 'number', 0, 'at character 0 of "setting + 1": "setting" is a category field and cannot be used as a number; compare it with a quoted value instead, e.g. setting == "mainstream".'],
    ['(age > 1) + 1', 'number', 10, 'at character 10 of "(age > 1) + 1": "+" needs a number, but "age > 1" is a condition (true/false).'],
    ['age and cost > 1', 'boolean', 4, 'at character 4 of "age and cost > 1": "and" needs a condition (true/false), but "age" is a number.'],
    ['not age', 'boolean', 0, 'at character 0 of "not age": "not" needs a condition (true/false), but "age" is a number.'],
    ['age == "x"', 'boolean', 4, 'at character 4 of "age == "x"": cannot compare a number ("age") with text ("x").'],
    ['(age > 1) == (cost > 1)', 'boolean', 10, 'at character 10 of "(age > 1) == (cost > 1)": "==" compares numbers, but "age > 1" is a condition (true/false).'],
    ['setting < "iss"', 'boolean', 8, 'at character 8 of "setting < "iss"": "setting" is a category field: only == and != can compare it.'],
    ['setting == need', 'boolean', 0, 'at character 0 of "setting == need": "setting" is a category field; compare it with a quoted value, e.g. setting == "mainstream".'],
    ['setting == "isss"', 'boolean', 11, 'at character 11 of "setting == "isss"": "isss" is not a known setting; known: mainstream, iss, nmss, ap.'],
    ['need == "ASDD"', 'boolean', 8, 'at character 8 of "need == "ASDD"": "ASDD" is not a known need; known: ASD, SEMH.'],
    ['"iss" + 1', 'number', 0, 'at character 0 of ""iss" + 1": text ("iss") can only be compared with a category field (== or !=) or listed in oneof(…).'],
    ['age', 'boolean', -1, 'in "age": the formula gives a number, but a condition (true/false) is needed here.'],
    ['age > 1', 'number', -1, 'in "age > 1": the formula gives a condition (true/false), but a number is needed here.'],
    ['setting', 'number', -1, 'in "setting": the formula gives the category field "setting", but a number is needed here.'],
    ['age ? 1 : 2', 'number', 4, 'at character 4 of "age ? 1 : 2": the part before "?" needs a condition (true/false), but "age" is a number.'],
    ['age > 1 ? 1 : cost > 2', 'number', 8, 'at character 8 of "age > 1 ? 1 : cost > 2": both branches of "? :" must give the same kind of value, but "1" is a number and "cost > 2" is a condition (true/false).'],
    ['cos(age)', 'number', 0, 'at character 0 of "cos(age)": function "cos" is not allowed. Allowed functions: abs, ceil, clamp, exp, floor, isnan, ismissing, log, max, min, mod, oneof, pow, round, sqrt.'],
    ['age(2)', 'number', 0, 'at character 0 of "age(2)": "age" is a name, not a function; to multiply, write age * (…).'],
    ['min + 1', 'number', 0, 'at character 0 of "min + 1": "min" is a function; call it with arguments: min(a, b, …).'],
    ['min()', 'number', 0, 'at character 0 of "min()": min takes at least 1 argument (min(a, b, …)), not 0.'],
    ['round(age, 2, 3)', 'number', 0, 'at character 0 of "round(age, 2, 3)": round takes 1 or 2 arguments (round(x) or round(x, decimals)), not 3.'],
    ['clamp(age, 1)', 'number', 0, 'at character 0 of "clamp(age, 1)": clamp takes 3 arguments (clamp(x, low, high)), not 2.'],
    ['sqrt()', 'number', 0, 'at character 0 of "sqrt()": sqrt takes 1 argument (sqrt(x)), not 0.'],
    ['oneof(setting)', 'boolean', 0, 'at character 0 of "oneof(setting)": oneof takes at least 2 arguments (oneof(field, "a", "b", …)), not 1.'],
    ['oneof(age, "x")', 'boolean', 6, 'at character 6 of "oneof(age, "x")": the first argument of oneof must be a category field, e.g. oneof(setting, "iss", "nmss").'],
    ['oneof(setting, age)', 'boolean', 15, 'at character 15 of "oneof(setting, age)": oneof lists quoted values after the field, e.g. oneof(setting, "mainstream").'],
    ['isnan(setting)', 'boolean', 0, 'at character 0 of "isnan(setting)": isnan needs a number; use ismissing(setting) for a category field.'],
    ['sqrt(age > 1)', 'number', 0, 'at character 0 of "sqrt(age > 1)": sqrt (argument 1) needs a number, but "age > 1" is a condition (true/false).'],
    ['round(age, 2.5)', 'number', 0, 'at character 0 of "round(age, 2.5)": the number of decimals in round must be a whole number from 0 to 15, not 2.5.'],
    ['age / 0', 'number', 4, 'at character 4 of "age / 0": division by zero.'],
    ['age / (2 - 2)', 'number', 4, 'at character 4 of "age / (2 - 2)": division by zero: "2 - 2" is always 0.'],
    ['age / zero', 'number', 4, 'at character 4 of "age / zero": division by zero: "zero" is always 0.'],
    ['age > 1 and cost / (uplift - 0.02) > 1', 'boolean', 17, 'at character 17 of "age > 1 and cost / (uplift - 0.02) > 1": division by zero: "uplift - 0.02" is always 0.'],
    ['age % 2', 'number', 4, 'at character 4 of "age % 2": "%" is not allowed: use mod(a, b) for a remainder, and write percentages as decimals (5% → 0.05).'],
    ['5% * cost', 'number', 1, 'at character 1 of "5% * cost": "%" is not allowed: use mod(a, b) for a remainder, and write percentages as decimals (5% → 0.05).'],
    ['2 age', 'number', 2, 'at character 2 of "2 age": multiplication must be written with "*", e.g. 2 * age; "2 age" is ambiguous.'],
    ['cost (1 + uplift)', 'number', 0, 'at character 0 of "cost (1 + uplift)": "cost" is a name, not a function; to multiply, write cost * (…).'],
    ['(cost)(1 + uplift)', 'number', 6, 'at character 6 of "(cost)(1 + uplift)": multiplication must be written with "*", e.g. (cost) * (1 + uplift); "(cost) (1 + uplift)" is ambiguous.'],
    ['a = 1', 'number', 2, 'at character 2 of "a = 1": assignment ("=") is not allowed; to compare two values, use "==".'],
    ['f(x) = x', 'number', 5, 'at character 5 of "f(x) = x": defining functions is not allowed.'],
    ['age.b', 'number', 3, 'at character 3 of "age.b": property and index access ("." or "[…]") is not allowed.'],
    ['age[1]', 'number', 3, 'at character 3 of "age[1]": property and index access ("." or "[…]") is not allowed.'],
    ['[1, 2]', 'number', 0, 'at character 0 of "[1, 2]": lists and matrices ("[…]") are not allowed.'],
    ['{a: 1}', 'number', 0, 'at character 0 of "{a: 1}": objects ("{…}") are not allowed.'],
    ['1:3', 'number', 1, 'at character 1 of "1:3": ranges ("a:b") are not allowed.'],
    ['age; cost', 'number', 5, 'at character 5 of "age; cost": only one expression is allowed; remove the ";" or the line break.'],
    ['age to cm', 'number', 4, 'at character 4 of "age to cm": operator "to" is not allowed. Allowed: + - * / ^, == != < <= > >=, and or xor not, mod, and c ? a : b.'],
    ['age!', 'number', 3, 'at character 3 of "age!": operator "!" is not allowed. Allowed: + - * / ^, == != < <= > >=, and or xor not, mod, and c ? a : b.'],
    ['age & 1', 'number', 4, 'at character 4 of "age & 1": operator "&" is not allowed. Allowed: + - * / ^, == != < <= > >=, and or xor not, mod, and c ? a : b.'],
    ['null', 'number', 0, 'at character 0 of "null": "null" is not allowed in a formula.'],
  ] as const)('%j (%s) → error at %d', (text, resultType, position, message) => {
    const errors = checkFormula(text, opts(resultType));
    expect(errors[0]).toEqual({ rule: 'band.B3.when', text, position, message: `Rule "band.B3.when": ${message}` });
    const r = compileFormula(text, opts(resultType));
    expect(r.ok ? [] : r.errors).toEqual(errors);
  });

  it('reports every independent problem, not just the first', () => {
    const errors = checkFormula('foo + bar * sqrt()', opts('number'));
    expect(errors.map((e) => e.position)).toEqual([0, 6, 12]);
  });

  it('points past a string that contains an operator', () => {
    const withSlash: FieldSchema = { age: { kind: 'number' }, setting: { kind: 'category', dictionary: ['n/a', 'iss'] } };
    const errors = checkFormula('oneof(setting, "n/a") or age / 0 > 1', { rule: 'r', fields: withSlash, expect: 'boolean' });
    expect(errors.map((e) => e.position)).toEqual([29]);
  });

  it('names a parameter that is also a field', () => {
    const errors = checkFormula('age * 2', { rule: 'r', fields, scalars: { age: 3 }, expect: 'number' });
    expect(errors[0]?.message).toBe('Rule "r": at character 0 of "age * 2": "age" is both a field and a parameter; rename one of them.');
  });

  it('caps length and nesting with a clear message', () => {
    const long = `age${' + age'.repeat(400)}`;
    expect(checkFormula(long, opts('number'))[0]?.message).toMatch(/^Rule "band\.B3\.when": in ".*…": the formula is 2,403 characters long; the limit is 2,000\.$/);
    const deep = `${'('.repeat(65)}age${')'.repeat(65)}`;
    expect(checkFormula(deep, opts('number'))[0]).toMatchObject({ position: 64, message: expect.stringContaining('brackets are nested more than 64 deep') });
    const chain = `age${' + 1'.repeat(300)}`;
    expect(checkFormula(chain, opts('number'))[0]?.message).toContain('the formula is nested more than 256 levels deep');
  });

  it('accepts a long but shallow formula, and a 140-deep chain of conditions, in both modes', () => {
    expect(checkFormula(`age${' + 1'.repeat(200)}`, opts('number'))).toEqual([]);
    const chain = `${Array.from({ length: 140 }, (_, k) => `age<${k}?${k}:`).join('')}-1`;
    for (const mode of MODES) {
      const f = compiled(chain, 'number', mode);
      expect([...f.evaluate({ age: new Float64Array([0.5, 77.5, 500, NaN]) }, 4)]).toEqual([1, 78, -1, -1]);
    }
  });
});

describe('hostile input is rejected, never run, never crashes', () => {
  const hostile = [
    'constructor',
    '__proto__',
    'toString',
    'valueOf',
    'hasOwnProperty("age")',
    'prototype',
    '"".constructor',
    '"".constructor.constructor("return process")()',
    'age.constructor',
    'setting.length',
    'f = evaluate',
    'evaluate("1 + 1")',
    'parse("1")',
    'compile("1")',
    'import({ evil: 1 }, { override: true })',
    'createUnit("foo")',
    'simplify("x")',
    'derivative("x^2", "x")',
    'resolve(age)',
    'reviver',
    'eval("1")',
    'Function("return 1")()',
    'this',
    'globalThis',
    'process.exit(1)',
    'require("fs")',
    'cos(age)',
    'a = 1',
    'f(x) = x',
    'age[1]',
    '[1, 2]',
    '{a: 1}',
    '1:3',
    '2 age',
    '5 cm',
    '5 cm to inch',
    'age; age',
    'age\nage',
    '`${1}`',
    'setting == "__proto__"',
    'setting == "constructor"',
    'oneof(setting, "toString")',
    'oneof(setting, __proto__)',
    'age ?? 1',
    '"\\u0000"',
    `${'('.repeat(200)}1${')'.repeat(200)}`,
    `${'['.repeat(500)}`,
    `${'-'.repeat(1999)}1`,
    `${'not '.repeat(400)}true`,
    `${'sqrt('.repeat(300)}1${')'.repeat(300)}`,
    'x'.repeat(100_000),
  ];
  it.each(hostile.map((t) => [t.length > 60 ? `${t.slice(0, 40)}… (${t.length} chars)` : t, t]))('%j', (_label, text) => {
    for (const expect_ of ['number', 'boolean'] as const) {
      const r = compileFormula(text, { ...opts(expect_, 'hostile'), mode: 'codegen' });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.errors.length).toBeGreaterThan(0);
        for (const e of r.errors) {
          expect(e.message.startsWith('Rule "hostile": ')).toBe(true);
          expect(e.position).toBeGreaterThanOrEqual(-1);
          expect(e.position).toBeLessThanOrEqual(text.length);
        }
      }
    }
    expect(({} as Record<string, unknown>).evil).toBeUndefined();
  });

  it('puts no user text into generated code: names become c0, c1, constants become numbers', () => {
    const evilFields: FieldSchema = { 'alert_x': { kind: 'number' }, s: { kind: 'category', dictionary: ['a"); throw 1; ("', 'b'] } };
    const r = checkText('alert_x * 2 + (s == "a\\"); throw 1; (\\"" ? 1 : 0)', { rule: 'r', fields: evilFields, expect: 'number' });
    expect(r.ok).toBe(true);
    if (!r.ok || r.checked.root.type !== 'number') return;
    const { source } = generateKernel({ type: 'number', node: foldNumber(r.checked.root.node) }, r.checked.fieldsUsed.length);
    expect(source).not.toContain('alert');
    expect(source).not.toContain('throw');
    expect(source).toContain('c0[i]');
    expect(source).toContain('(c1[i] === (0))');
  });

  it.each([
    [0.1, '(0.1)'],
    [-0, '(-0)'],
    [NaN, '(NaN)'],
    [-Infinity, '(-Infinity)'],
    [1e300, '(1e+300)'],
    [-5e-324, '(-5e-324)'],
  ])('numberLiteral(%d) is %s and reads back exactly', (value, literal) => {
    expect(numberLiteral(value)).toBe(literal);
    expect(Object.is(new Function(`return ${literal};`)() as number, value)).toBe(true);
  });
});

describe('category fields', () => {
  // dictionary codes: mainstream 0, iss 1, nmss 2; "ap" is in the vocabulary but no row holds it; -1 missing; 7 bad code
  const setting = new Int32Array([0, 1, 2, -1, 7]);
  const age = new Float64Array([4, 8, 12, NaN, 16]);
  it.each([
    ['setting == "iss"', [0, 1, 0, 0, 0]],
    ['setting != "iss"', [1, 0, 1, 1, 1]],
    ['"iss" == setting', [0, 1, 0, 0, 0]],
    ['setting == "ap"', [0, 0, 0, 0, 0]],
    ['setting != "ap"', [1, 1, 1, 1, 1]],
    ['oneof(setting, "iss", "nmss")', [0, 1, 1, 0, 0]],
    ['oneof(setting, "ap")', [0, 0, 0, 0, 0]],
    ['oneof(setting, "mainstream", "ap", "nmss")', [1, 0, 1, 0, 0]],
    ['not oneof(setting, "iss", "nmss")', [1, 0, 0, 1, 1]],
    ['ismissing(setting)', [0, 0, 0, 1, 0]],
    ['ismissing(age)', [0, 0, 0, 1, 0]],
    ['isnan(age / 4)', [0, 0, 0, 1, 0]],
    ['setting == "iss" or age > 10', [0, 1, 1, 0, 1]],
    ['setting == "mainstream" xor age < 10', [0, 1, 0, 0, 0]],
    ['5 <= age < 13', [0, 1, 1, 0, 0]],
    ['age != 4', [0, 1, 1, 1, 1]],
    ['age == 4', [1, 0, 0, 0, 0]],
    ['age > 10 ? setting == "nmss" : true', [1, 1, 1, 1, 0]],
  ])('%s', (text, expected) => {
    for (const mode of MODES) {
      const f = compiled(text, 'boolean', mode);
      expect([...f.evaluate({ setting, age }, 5)]).toEqual(expected);
      for (let i = 0; i < 5; i++) {
        const label = setting[i] === -1 ? null : (['mainstream', 'iss', 'nmss'][setting[i] ?? 0] ?? 'unknown');
        const row = f.evaluateRow({ setting: label, age: Number.isNaN(age[i]) ? null : (age[i] ?? null) });
        if (setting[i] !== 7) expect(row.value).toBe(expected[i] === 1);
      }
    }
  });

  it('reports which fields and parameters a formula reads, in order of use', () => {
    const f = compiled('cost * (1 + uplift) + (setting == "iss" ? age : 0)', 'number');
    expect(f.fieldsUsed).toEqual(['cost', 'setting', 'age']);
    expect(f.scalarsUsed).toEqual(['uplift']);
    expect(f.resultType).toBe('number');
  });
});

describe('evaluate', () => {
  it.each(MODES)('%s: a mask limits the rows written; others keep their values', (mode) => {
    const f = compiled('age * 2', 'number', mode);
    const n = 2500; // spans several blocks of the fallback
    const ageCol = Float64Array.from({ length: n }, (_, i) => i);
    const mask = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 || (i > 1100 && i < 2100) ? 0 : 1));
    const out = new Float64Array(n).fill(-1);
    expect(f.evaluate({ age: ageCol }, n, out, mask)).toBe(out);
    for (let i = 0; i < n; i++) expect(out[i]).toBe(mask[i] === 1 ? i * 2 : -1);
    const b = compiled('age > 10', 'boolean', mode);
    const bout = new Uint8Array(n).fill(9);
    b.evaluate({ age: ageCol }, n, bout, mask);
    for (let i = 0; i < n; i++) expect(bout[i]).toBe(mask[i] === 1 ? (i > 10 ? 1 : 0) : 9);
  });

  it.each(MODES)('%s: only rows [0, rowCount) are touched; a mask of 2 counts as off', (mode) => {
    const f = compiled('cost + 1', 'number', mode);
    const out = new Float64Array(4).fill(-1);
    f.evaluate({ cost: new Float64Array([1, 2, 3, 4]) }, 3, out, new Uint8Array([1, 2, 1, 1]));
    expect([...out]).toEqual([2, -1, 4, -1]);
    expect([...f.evaluate({ cost: new Float64Array([1, 2]) }, 0)]).toEqual([]);
  });

  it('allocates the output when none is given, with the type of the result', () => {
    expect(compiled('age + 1', 'number').evaluate({ age: new Float64Array([1]) }, 1)).toBeInstanceOf(Float64Array);
    expect(compiled('age > 1', 'boolean').evaluate({ age: new Float64Array([1]) }, 1)).toBeInstanceOf(Uint8Array);
  });

  it('a constant formula fills every row', () => {
    for (const mode of MODES) {
      const r = compileFormula('2 * uplift', { ...opts('number'), mode });
      expect(r.ok && [...r.formula.evaluate({}, 3)]).toEqual([0.04, 0.04, 0.04]);
    }
  });

  it('refuses columns of the wrong kind or length, naming the rule and column', () => {
    const f = compiled('age + (setting == "iss" ? 1 : 0)', 'number');
    expect(() => f.evaluate({ setting: new Int32Array(2) }, 2)).toThrow('Rule "band.B3.when": column "age" was not given.');
    expect(() => f.evaluate({ age: new Float64Array(2), setting: new Float64Array(2) }, 2)).toThrow('column "setting" must be an Int32Array of dictionary codes');
    expect(() => f.evaluate({ age: new Float64Array(1), setting: new Int32Array(2) }, 2)).toThrow('column "age" has 1 rows, fewer than 2');
    expect(() => f.evaluate({ age: new Float64Array(2), setting: new Int32Array(2) }, 2, new Uint8Array(2))).toThrow('out must be a Float64Array');
    expect(() => f.evaluate({ age: new Float64Array(2), setting: new Int32Array(2) }, 1.5)).toThrow('rowCount must be a whole number');
  });

  it('auto mode generates code in Node', () => {
    const r = compileFormula('age + 1', opts('number'));
    expect(r.ok && r.formula.mode).toBe('codegen');
  });
});

describe('a hand-worked tariff: base_price * acf * (1 + uplift) ^ years', () => {
  const tariffFields: FieldSchema = { base_price: { kind: 'number' }, acf: { kind: 'number' }, years: { kind: 'number' } };
  // uplift = 0.02 (a parameter)
  //   row 0: 10000 × 1.00 × 1.02^0 = 10000
  //   row 1: 10000 × 1.10 × 1.02^2 = 11000 × 1.0404 = 11444.40
  //   row 2: 25000 × 0.95 × 1.02^1 = 23750 × 1.02 = 24225
  //   row 3: 40000 × 1.20 × 1.02^3 = 48000 × 1.061208 = 50937.984
  //   row 4: base price missing (NaN) → NaN
  const expected = [10000, 11444.4, 24225, 50937.984, NaN];
  const columns = {
    base_price: new Float64Array([10000, 10000, 25000, 40000, NaN]),
    acf: new Float64Array([1, 1.1, 0.95, 1.2, 1]),
    years: new Float64Array([0, 2, 1, 3, 2]),
  };
  it.each(MODES)('%s', (mode) => {
    const r = compileFormula('base_price * acf * (1 + uplift) ^ years', { rule: 'tariff.price', fields: tariffFields, scalars: { uplift: 0.02 }, expect: 'number', mode });
    if (!r.ok) throw new Error(r.errors[0]?.message);
    const out = r.formula.evaluate(columns, 5);
    expected.forEach((v, i) => {
      if (Number.isNaN(v)) expect(out[i]).toBeNaN();
      else expect(out[i]).toBeCloseTo(v, 8);
      // and exactly what the same arithmetic gives in plain JavaScript
      const handwritten = (columns.base_price[i] ?? NaN) * (columns.acf[i] ?? NaN) * Math.pow(1 + 0.02, columns.years[i] ?? NaN);
      expect(Object.is(out[i], handwritten)).toBe(true);
    });
    const trace = r.formula.evaluateRow({ base_price: 10000, acf: 1.1, years: 2 });
    expect(trace.steps.map((s) => s.text)).toEqual(['base_price', 'acf', 'base_price * acf', 'uplift', '1 + uplift', 'years', '(1 + uplift) ^ years', 'base_price * acf * (1 + uplift) ^ years']);
    expect(trace.steps.at(-1)?.value).toBe(trace.value);
    expect(trace.value).toBe(out[1]);
  });
});

describe('evaluateRow', () => {
  it('shows category values as text, NaN when missing, and only the branch taken', () => {
    const f = compiled('setting == "iss" ? cost * 2 : age', 'number');
    expect(f.evaluateRow({ setting: 'iss', cost: 5, age: 9 }).steps).toEqual([
      { text: 'setting', value: 'iss' },
      { text: 'setting == "iss"', value: true },
      { text: 'cost', value: 5 },
      { text: 'cost * 2', value: 10 },
      { text: '(setting == "iss") ? (cost * 2) : age', value: 10 }, // mathjs's rendering of the node
    ]);
    const missing = f.evaluateRow({ setting: null, cost: 5, age: null });
    expect(missing.steps[0]).toEqual({ text: 'setting', value: NaN });
    expect(missing.value).toBeNaN();
  });

  it('ends with the result even when the formula is a literal', () => {
    expect(compiled('42', 'number').evaluateRow({})).toEqual({ value: 42, steps: [{ text: '42', value: 42 }] });
    expect(compiled('true', 'boolean').evaluateRow({})).toEqual({ value: true, steps: [{ text: 'true', value: true }] });
  });

  it('treats an absent value as missing and a value outside the dictionary as matching nothing', () => {
    const f = compiled('ismissing(setting) or setting != "iss"', 'boolean');
    expect(f.evaluateRow({}).value).toBe(true);
    expect(f.evaluateRow({ setting: 'ap' }).value).toBe(true);
    expect(compiled('setting == "ap"', 'boolean').evaluateRow({ setting: 'ap' }).value).toBe(false);
    expect(() => f.evaluateRow({ setting: 3 })).toThrow('"setting" is a category field');
  });
});

describe('constant folding keeps values identical', () => {
  it('folds parameters and literals but not fields', () => {
    const r = checkText('age * (1 + uplift) ^ 2 + (2 > 1 ? 3 : 4)', opts('number'));
    expect(r.ok).toBe(true);
    if (!r.ok || r.checked.root.type !== 'number') return;
    const folded = foldNumber(r.checked.root.node);
    expect(folded).toMatchObject({ k: 'arith', op: 'add', b: { k: 'const', value: 3 }, a: { k: 'arith', op: 'mul', b: { k: 'const', value: Math.pow(1.02, 2) } } });
    const b = checkText('not (1 > 2) and age > 1', opts('boolean'));
    if (b.ok && b.checked.root.type === 'boolean') expect(foldBoolean(b.checked.root.node)).toMatchObject({ k: 'logic', a: { k: 'const', value: true } });
  });
});
