// Parses a formula with a restricted mathjs instance and checks it against our whitelist, giving the typed tree or errors.
//
// This walker is the safety boundary: only the node kinds, operators and functions listed here get through, and the
// tree it returns holds numbers, booleans, slots and dictionary codes, never user text that could reach generated code.
import { create, parseDependencies } from 'mathjs';
import type {
  AccessorNode,
  ArrayNode,
  AssignmentNode,
  BlockNode,
  ConditionalNode,
  ConstantNode,
  FunctionAssignmentNode,
  FunctionNode,
  IndexNode,
  MathNode,
  ObjectNode,
  ParenthesisNode,
  RangeNode,
  RelationalNode,
  SymbolNode,
} from 'mathjs';
import type { CompileOptions, FieldKind, FormulaError } from './formula';
import { foldNumber, type ArithOp, type BooleanNode, type CompareOp, type NumberFn, type NumberNode, type Root } from './formula-ir';

/** Longer formulas are refused before parsing: nobody writes them by hand, and they bound parse time and recursion. */
export const MAX_FORMULA_LENGTH = 2000;
/** Brackets deeper than this are refused before parsing, so mathjs's recursive-descent parser cannot overflow the stack. */
export const MAX_BRACKET_DEPTH = 64;
/** Tree depth limit (a long chain a + b + c + … is as deep as it is long), which bounds our own recursive walkers. */
export const MAX_TREE_DEPTH = 256;

// ---- the restricted mathjs instance -------------------------------------------------------------------------------
// Only the parser is created. We never evaluate mathjs nodes, but following mathjs's security guidance the functions
// that could reach the parser or alter the instance are replaced by stubs that throw, in case anything ever does.
const math = create({ parseDependencies });
const parseExpression: (text: string) => MathNode = math.parse;
const disabled = (name: string) => () => {
  throw new Error(`Function ${name} is disabled in formulas`);
};
math.import(
  {
    import: disabled('import'),
    createUnit: disabled('createUnit'),
    evaluate: disabled('evaluate'),
    parse: disabled('parse'),
    simplify: disabled('simplify'),
    derivative: disabled('derivative'),
    resolve: disabled('resolve'),
    compile: disabled('compile'),
    reviver: disabled('reviver'),
  },
  { override: true },
);

// ---- functions we allow ---------------------------------------------------------------------------------------------
interface FunctionSpec {
  min: number;
  max: number;
  usage: string;
}
const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map<string, FunctionSpec>([
  ['abs', { min: 1, max: 1, usage: 'abs(x)' }],
  ['ceil', { min: 1, max: 1, usage: 'ceil(x)' }],
  ['clamp', { min: 3, max: 3, usage: 'clamp(x, low, high)' }],
  ['exp', { min: 1, max: 1, usage: 'exp(x)' }],
  ['floor', { min: 1, max: 1, usage: 'floor(x)' }],
  ['isnan', { min: 1, max: 1, usage: 'isnan(x)' }],
  ['ismissing', { min: 1, max: 1, usage: 'ismissing(x)' }],
  ['log', { min: 1, max: 2, usage: 'log(x) or log(x, base)' }],
  ['max', { min: 1, max: Infinity, usage: 'max(a, b, …)' }],
  ['min', { min: 1, max: Infinity, usage: 'min(a, b, …)' }],
  ['mod', { min: 2, max: 2, usage: 'mod(x, y)' }],
  ['oneof', { min: 2, max: Infinity, usage: 'oneof(field, "a", "b", …)' }],
  ['pow', { min: 2, max: 2, usage: 'pow(x, y)' }],
  ['round', { min: 1, max: 2, usage: 'round(x) or round(x, decimals)' }],
  ['sqrt', { min: 1, max: 1, usage: 'sqrt(x)' }],
]);
const SIMPLE_FUNCTIONS: ReadonlyMap<string, NumberFn> = new Map<string, NumberFn>([
  ['abs', 'abs'],
  ['ceil', 'ceil'],
  ['exp', 'exp'],
  ['floor', 'floor'],
  ['sqrt', 'sqrt'],
  ['pow', 'pow'],
  ['mod', 'mod'],
  ['min', 'min'],
  ['max', 'max'],
  ['clamp', 'clamp'],
]);
const ARITH: ReadonlyMap<string, ArithOp> = new Map<string, ArithOp>([
  ['add', 'add'],
  ['subtract', 'sub'],
  ['multiply', 'mul'],
  ['divide', 'div'],
  ['pow', 'pow'],
]);
const COMPARE: ReadonlyMap<string, CompareOp> = new Map<string, CompareOp>([
  ['equal', 'eq'],
  ['unequal', 'ne'],
  ['smaller', 'lt'],
  ['smallerEq', 'le'],
  ['larger', 'gt'],
  ['largerEq', 'ge'],
]);
const COMPARE_SYMBOL: Readonly<Record<CompareOp, string>> = { eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' };
const ALLOWED_OPERATORS = '+ - * / ^, == != < <= > >=, and or xor not, mod, and c ? a : b';

// ---- a small lexer, only to locate nodes in the text (mathjs nodes carry no positions) -----------------------------
interface Token {
  key: string;
  pos: number;
}
const MULTI_CHAR_OPERATORS = ['>>>', '<<', '>>', '==', '!=', '<=', '>=', '.*', './', '.^', ".'", '^|', '??', '?.'];
const NUMBER_RE = /0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const ID_START_RE = /[\p{L}_$]/u;
const ID_PART_RE = /[\p{L}\p{N}_$]/u;
const OPENERS = '([{';
const CLOSERS = ')]}';

function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '#') {
      while (i < text.length && text.charAt(i) !== '\n') i++;
    } else if (ch === '"' || ch === "'") {
      const start = i++;
      let value = '';
      while (i < text.length && text.charAt(i) !== ch) {
        if (text.charAt(i) === '\\' && i + 1 < text.length) {
          const next = text.charAt(i + 1);
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
          i += 2;
        } else {
          value += text.charAt(i++);
        }
      }
      i++;
      tokens.push({ key: `str:${value}`, pos: start });
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(text.charAt(i + 1)))) {
      NUMBER_RE.lastIndex = i;
      const m = NUMBER_RE.exec(text);
      const literal = m ? m[0] : ch;
      tokens.push({ key: `num:${String(Number(literal))}`, pos: i });
      i += literal.length;
    } else if (ID_START_RE.test(ch)) {
      const start = i;
      while (i < text.length && ID_PART_RE.test(text.charAt(i))) i++;
      tokens.push({ key: `id:${text.slice(start, i)}`, pos: start });
    } else {
      const op = MULTI_CHAR_OPERATORS.find((o) => text.startsWith(o, i)) ?? ch;
      tokens.push({ key: `op:${op}`, pos: i });
      i += op.length;
    }
  }
  return tokens;
}

/** Where each node sits in the text: its own token (operator, name, bracket), and where its subtree starts. */
interface Place {
  pos: number;
  start: number;
}

/**
 * Walks the parsed tree in source order, matching each node to the next token with the right key. Best effort: it is
 * exact for names, literals and operators, which is what error messages point at.
 */
class Locator {
  readonly places = new Map<MathNode, Place>();
  readonly relationalOps = new Map<MathNode, number[]>();
  maxDepth = 0;
  private cursor = 0;
  private readonly byKey = new Map<string, number[]>();

  constructor(tokens: readonly Token[]) {
    for (const t of tokens) {
      const list = this.byKey.get(t.key);
      if (list) list.push(t.pos);
      else this.byKey.set(t.key, [t.pos]);
    }
  }

  private take(key: string): number {
    const list = this.byKey.get(key);
    if (!list) return -1;
    for (const p of list) {
      if (p >= this.cursor) {
        this.cursor = p + 1;
        return p;
      }
    }
    return -1;
  }

  private takeOperator(op: string): number {
    return this.take(/^[a-z]+$/.test(op) ? `id:${op}` : `op:${op}`);
  }

  /** Visits a node; returns where its subtree starts (or -1). Stops descending past MAX_TREE_DEPTH. */
  visit(node: MathNode, depth: number): number {
    if (depth > this.maxDepth) this.maxDepth = depth;
    if (depth > MAX_TREE_DEPTH) return -1;
    const d = depth + 1;
    let pos = -1;
    const starts: number[] = [];
    const child = (n: MathNode | null | undefined): void => {
      if (n) starts.push(this.visit(n, d));
    };
    switch (node.type) {
      case 'ConstantNode': {
        const value: unknown = (node as unknown as { value: unknown }).value;
        if (typeof value === 'string') pos = this.take(`str:${value}`);
        else if (typeof value === 'number' && Number.isFinite(value)) pos = this.take(`num:${String(value)}`);
        else pos = this.take(`id:${String(value)}`);
        break;
      }
      case 'SymbolNode':
        pos = this.take(`id:${(node as SymbolNode).name}`);
        break;
      case 'ParenthesisNode':
        pos = this.take('op:(');
        child((node as ParenthesisNode).content);
        break;
      case 'OperatorNode': {
        const op = node as OperatorLike;
        const args = op.args;
        const opText = op.op;
        if (args.length === 1) {
          const postfix = opText === '!' || opText === "'";
          if (!postfix) pos = this.takeOperator(opText);
          child(args[0]);
          if (postfix) pos = this.takeOperator(opText);
        } else {
          child(args[0]);
          if (!op.implicit) pos = this.takeOperator(opText);
          for (let j = 1; j < args.length; j++) child(args[j]);
          if (op.implicit) pos = starts[1] ?? -1;
        }
        break;
      }
      case 'RelationalNode': {
        const rel = node as RelationalNode;
        const ops: number[] = [];
        child(rel.params[0]);
        rel.conditionals.forEach((c, j) => {
          const op = COMPARE.get(c);
          ops.push(op ? this.takeOperator(COMPARE_SYMBOL[op]) : -1);
          child(rel.params[j + 1]);
        });
        this.relationalOps.set(node, ops);
        pos = ops[0] ?? -1;
        break;
      }
      case 'ConditionalNode': {
        const c = node as ConditionalNode;
        child(c.condition);
        pos = this.take('op:?');
        child(c.trueExpr);
        this.take('op::');
        child(c.falseExpr);
        break;
      }
      case 'FunctionNode': {
        const f = node as FunctionNode<MathNode>;
        if (f.fn.type === 'SymbolNode') {
          pos = this.take(`id:${(f.fn as SymbolNode).name}`);
          this.places.set(f.fn, { pos, start: pos });
        } else {
          child(f.fn);
          pos = starts[0] ?? -1;
        }
        this.take('op:(');
        for (const a of f.args) child(a);
        break;
      }
      case 'AccessorNode': {
        const a = node as AccessorNode;
        child(a.object);
        child(a.index);
        pos = this.places.get(a.index)?.pos ?? -1;
        break;
      }
      case 'IndexNode': {
        const ix = node as IndexNode;
        const dot = (ix as unknown as { dotNotation?: unknown }).dotNotation === true;
        pos = this.take(dot ? 'op:.' : 'op:[');
        if (!dot) for (const dim of ix.dimensions) child(dim);
        break;
      }
      case 'ArrayNode':
        pos = this.take('op:[');
        for (const item of (node as ArrayNode).items) child(item);
        break;
      case 'ObjectNode':
        pos = this.take('op:{');
        for (const value of Object.values((node as ObjectNode).properties)) child(value);
        break;
      case 'AssignmentNode': {
        const a = node as AssignmentNode;
        child(a.object);
        child(a.index);
        pos = this.take('op:=');
        child(a.value);
        break;
      }
      case 'FunctionAssignmentNode': {
        const f = node as FunctionAssignmentNode;
        this.take(`id:${f.name}`);
        pos = this.take('op:=');
        child(f.expr);
        break;
      }
      case 'RangeNode': {
        const r = node as RangeNode;
        child(r.start);
        pos = this.take('op::');
        child(r.step);
        child(r.end);
        break;
      }
      case 'BlockNode':
        for (const b of (node as BlockNode).blocks) child(b.node);
        break;
      default:
        node.forEach((c: MathNode) => child(c));
    }
    let start = pos;
    for (const s of starts) if (s >= 0 && (start < 0 || s < start)) start = s;
    this.places.set(node, { pos, start });
    return start;
  }
}

// ---- the checker --------------------------------------------------------------------------------------------------
/** The fields of mathjs's OperatorNode we read, without its generic operator typing. */
type OperatorLike = MathNode & { op: string; fn: string; args: MathNode[]; implicit: boolean };
type CategoryKind = Extract<FieldKind, { kind: 'category' }>;
type Checked =
  | { t: 'number'; node: NumberNode; src: MathNode }
  | { t: 'boolean'; node: BooleanNode; src: MathNode }
  | { t: 'category'; slot: number; name: string; kind: CategoryKind; src: MathNode }
  | { t: 'string'; value: string; src: MathNode }
  | { t: 'error' };

const ERROR: Checked = { t: 'error' };

/** What a successful check returns: the typed tree and the names it reads. */
export interface CheckedFormula {
  root: Root;
  /** slot → field name, in order of first use */
  fieldsUsed: string[];
  scalarsUsed: string[];
}

/**
 * Formats a position-carrying error as a full sentence naming the rule.
 * @example formulaError('r', 'a +', 3, 'syntax error: unexpected end of expression.').message
 *   // 'Rule "r": at character 3 of "a +": syntax error: unexpected end of expression.'
 */
export function formulaError(rule: string, text: string, position: number, message: string): FormulaError {
  const where = position >= 0 ? `at character ${position} of ${excerpt(text, position)}` : `in ${excerpt(text, 0)}`;
  return { rule, text, position, message: `Rule "${rule}": ${where}: ${message}` };
}

/** The formula as quoted in messages: whole when short, else a window around the position. */
function excerpt(text: string, position: number): string {
  const flat = text.replace(/[\r\n\t]/g, ' ');
  if (flat.length <= 120) return `"${flat}"`;
  const from = Math.max(0, Math.min(position - 50, flat.length - 100));
  const to = Math.min(flat.length, from + 100);
  return `"${from > 0 ? '…' : ''}${flat.slice(from, to)}${to < flat.length ? '…' : ''}"`;
}

function withCommas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function listNames(names: readonly string[], limit: number): string {
  if (names.length <= limit) return names.join(', ');
  return `${names.slice(0, limit).join(', ')}, … (${names.length - limit} more)`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

function closestName(name: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = k.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, k);
    if (d < bestDistance) {
      bestDistance = d;
      best = k;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : null;
}

class Checker {
  readonly errors: FormulaError[] = [];
  readonly fieldsUsed: string[] = [];
  readonly scalarsUsed: string[] = [];

  constructor(
    private readonly text: string,
    private readonly options: Omit<CompileOptions, 'mode'>,
    private readonly locator: Locator,
  ) {}

  private fail(at: MathNode | number, message: string): Checked {
    const position = typeof at === 'number' ? at : this.pos(at);
    this.errors.push(formulaError(this.options.rule, this.text, position, message));
    return ERROR;
  }

  private pos(node: MathNode): number {
    const place = this.locator.places.get(node);
    if (!place) return -1;
    return place.pos >= 0 ? place.pos : place.start;
  }

  private start(node: MathNode): number {
    return this.locator.places.get(node)?.start ?? -1;
  }

  private slotOf(name: string): number {
    const existing = this.fieldsUsed.indexOf(name);
    if (existing >= 0) return existing;
    this.fieldsUsed.push(name);
    return this.fieldsUsed.length - 1;
  }

  check(node: MathNode): Checked {
    switch (node.type) {
      case 'ConstantNode':
        return this.constant(node as ConstantNode);
      case 'SymbolNode':
        return this.symbol(node as SymbolNode);
      case 'ParenthesisNode': {
        const inner = this.check((node as ParenthesisNode).content);
        return inner.t === 'error' ? inner : { ...inner, src: node };
      }
      case 'OperatorNode':
        return this.operator(node as OperatorLike);
      case 'RelationalNode':
        return this.relational(node as RelationalNode);
      case 'ConditionalNode':
        return this.conditional(node as ConditionalNode);
      case 'FunctionNode':
        return this.call(node as FunctionNode<MathNode>);
      case 'BlockNode': {
        const blocks = (node as BlockNode).blocks;
        if (blocks.length === 1 && blocks[0]) return this.check(blocks[0].node);
        if (blocks.length === 0) return this.fail(-1, 'the formula is empty.');
        return this.fail(this.secondBlockPosition(node as BlockNode), 'only one expression is allowed; remove the ";" or the line break.');
      }
      case 'AssignmentNode':
        return this.fail(node, 'assignment ("=") is not allowed; to compare two values, use "==".');
      case 'FunctionAssignmentNode':
        return this.fail(node, 'defining functions is not allowed.');
      case 'AccessorNode':
        return this.fail(node, 'property and index access ("." or "[…]") is not allowed.');
      case 'IndexNode':
        return this.fail(node, 'index access ("[…]") is not allowed.');
      case 'ArrayNode':
        return this.fail(node, 'lists and matrices ("[…]") are not allowed.');
      case 'ObjectNode':
        return this.fail(node, 'objects ("{…}") are not allowed.');
      case 'RangeNode':
        return this.fail(node, 'ranges ("a:b") are not allowed.');
      default:
        return this.fail(node, `"${node.toString()}" is not allowed in a formula.`);
    }
  }

  private secondBlockPosition(node: BlockNode): number {
    const second = node.blocks[1];
    return second ? this.start(second.node) : -1;
  }

  private constant(node: ConstantNode): Checked {
    const value: unknown = node.value;
    if (typeof value === 'number') return { t: 'number', node: { k: 'const', value, text: node.toString(), scalar: null }, src: node };
    if (typeof value === 'boolean') return { t: 'boolean', node: { k: 'const', value, text: node.toString() }, src: node };
    if (typeof value === 'string') return { t: 'string', value, src: node };
    if (value === undefined && this.pos(node) < 0) return this.fail(-1, 'the formula is empty.');
    return this.fail(node, `"${String(value)}" is not allowed in a formula.`);
  }

  private symbol(node: SymbolNode): Checked {
    const name = node.name;
    const { fields, scalars } = this.options;
    const isField = Object.hasOwn(fields, name);
    const isScalar = scalars !== undefined && Object.hasOwn(scalars, name);
    if (isField && isScalar) return this.fail(node, `"${name}" is both a field and a parameter; rename one of them.`);
    if (isField) {
      const kind = fields[name];
      if (kind === undefined) return this.fail(node, `field "${name}" has no kind.`);
      const slot = this.slotOf(name);
      if (kind.kind === 'category') return { t: 'category', slot, name, kind, src: node };
      return { t: 'number', node: { k: 'field', slot, name, text: name }, src: node };
    }
    if (isScalar && scalars) {
      const value = scalars[name];
      if (typeof value !== 'number') return this.fail(node, `parameter "${name}" is not a number.`);
      if (!this.scalarsUsed.includes(name)) this.scalarsUsed.push(name);
      return { t: 'number', node: { k: 'const', value, text: name, scalar: name }, src: node };
    }
    if (FUNCTIONS.has(name)) return this.fail(node, `"${name}" is a function; call it with arguments: ${FUNCTIONS.get(name)?.usage ?? name}.`);
    const known = [...Object.keys(fields), ...Object.keys(scalars ?? {})].sort();
    const suggestion = closestName(name, known);
    const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
    const list = known.length > 0 ? `Known names: ${listNames(known, 40)}.` : 'There are no fields or parameters to use.';
    return this.fail(node, `unknown name "${name}"${hint}. ${list}`);
  }

  // -- type coercions with messages --

  private exampleValue(kind: CategoryKind): string {
    return (kind.vocabulary ?? kind.dictionary)[0] ?? 'value';
  }

  private misuse(c: Extract<Checked, { t: 'category' } | { t: 'string' }>): Checked {
    if (c.t === 'category') {
      return this.fail(c.src, `"${c.name}" is a category field; compare it with a quoted value, e.g. ${c.name} == "${this.exampleValue(c.kind)}".`);
    }
    return this.fail(c.src, `text ("${c.value}") can only be compared with a category field (== or !=) or listed in oneof(…).`);
  }

  private asNumber(c: Checked, at: MathNode, who: string): NumberNode | null {
    switch (c.t) {
      case 'number':
        return c.node;
      case 'boolean':
        this.fail(at, `${who} needs a number, but "${c.node.text}" is a condition (true/false).`);
        return null;
      case 'category':
        this.fail(c.src, `"${c.name}" is a category field and cannot be used as a number; compare it with a quoted value instead, e.g. ${c.name} == "${this.exampleValue(c.kind)}".`);
        return null;
      case 'string':
        this.misuse(c);
        return null;
      case 'error':
        return null;
    }
  }

  private asBoolean(c: Checked, at: MathNode | number, who: string): BooleanNode | null {
    switch (c.t) {
      case 'boolean':
        return c.node;
      case 'number':
        this.fail(at, `${who} needs a condition (true/false), but "${c.node.text}" is a number.`);
        return null;
      case 'category':
      case 'string':
        this.misuse(c);
        return null;
      case 'error':
        return null;
    }
  }

  // -- operators --

  private operator(node: OperatorLike): Checked {
    const { fn, op: opText, args } = node;
    if (node.implicit) {
      const [left, right] = args;
      const suggestion = left && right ? `${left.toString()} * ${right.toString()}` : 'a * b';
      return this.fail(node, `multiplication must be written with "*", e.g. ${suggestion}; "${node.toString()}" is ambiguous.`);
    }
    if (opText === '%') return this.fail(node, percentMessage);
    const text = node.toString();
    if (args.length === 1) {
      const arg = this.check(args[0] as MathNode);
      if (fn === 'unaryMinus' || fn === 'unaryPlus') {
        const a = this.asNumber(arg, node, `"${opText}"`);
        if (!a) return ERROR;
        // unary plus is the identity on numbers; dropping it keeps traces free of a step equal to its child
        return { t: 'number', node: fn === 'unaryPlus' ? a : { k: 'neg', arg: a, text }, src: node };
      }
      if (fn === 'not') {
        const a = this.asBoolean(arg, node, '"not"');
        return a ? { t: 'boolean', node: { k: 'not', arg: a, text }, src: node } : ERROR;
      }
      return this.fail(node, `operator "${opText}" is not allowed. Allowed: ${ALLOWED_OPERATORS}.`);
    }
    const arith = ARITH.get(fn);
    const compare = COMPARE.get(fn);
    if (!arith && !compare && fn !== 'and' && fn !== 'or' && fn !== 'xor' && fn !== 'mod') {
      return this.fail(node, `operator "${opText}" is not allowed. Allowed: ${ALLOWED_OPERATORS}.`);
    }
    const [leftNode, rightNode] = args as [MathNode, MathNode];
    const left = this.check(leftNode);
    const right = this.check(rightNode);
    if (compare) return this.compare(compare, left, right, node, this.pos(node), text);
    if (fn === 'and' || fn === 'or' || fn === 'xor') {
      const a = this.asBoolean(left, node, `"${fn}"`);
      const b = this.asBoolean(right, node, `"${fn}"`);
      return a && b ? { t: 'boolean', node: { k: 'logic', op: fn, a, b, text }, src: node } : ERROR;
    }
    const a = this.asNumber(left, node, `"${opText}"`);
    const b = this.asNumber(right, node, `"${opText}"`);
    if (!a || !b) return ERROR;
    if (fn === 'mod') return { t: 'number', node: { k: 'call', fn: 'mod', args: [a, b], text }, src: node };
    if (arith === 'div') {
      const divisor = foldNumber(b);
      if (divisor.k === 'const' && divisor.value === 0) {
        return this.fail(node, b.k === 'const' && b.scalar === null ? 'division by zero.' : `division by zero: "${b.text}" is always 0.`);
      }
    }
    return arith ? { t: 'number', node: { k: 'arith', op: arith, a, b, text }, src: node } : ERROR;
  }

  private relational(node: RelationalNode): Checked {
    const params = node.params.map((p) => this.check(p));
    const positions = this.locator.relationalOps.get(node) ?? [];
    let result: BooleanNode | null = null;
    let failed = false;
    for (let j = 0; j < node.conditionals.length; j++) {
      const op = COMPARE.get(node.conditionals[j] ?? '');
      const leftSrc = node.params[j];
      const rightSrc = node.params[j + 1];
      const left = params[j];
      const right = params[j + 1];
      if (!op || !leftSrc || !rightSrc || !left || !right) {
        failed = true;
        continue;
      }
      const text = `${leftSrc.toString()} ${COMPARE_SYMBOL[op]} ${rightSrc.toString()}`;
      const part = this.compare(op, left, right, node, positions[j] ?? -1, text);
      if (part.t !== 'boolean') {
        failed = true;
        continue;
      }
      // mathjs evaluates a < b < c as (a < b) and (b < c)
      result = result === null ? part.node : { k: 'logic', op: 'and', a: result, b: part.node, text: `${result.text} and ${text}` };
    }
    if (failed || result === null) return ERROR;
    return { t: 'boolean', node: { ...result, text: node.toString() }, src: node };
  }

  private compare(op: CompareOp, left: Checked, right: Checked, node: MathNode, at: number, text: string): Checked {
    if (left.t === 'error' || right.t === 'error') return ERROR;
    const symbol = COMPARE_SYMBOL[op];
    const category = left.t === 'category' ? left : right.t === 'category' ? right : null;
    const str = left.t === 'string' ? left : right.t === 'string' ? right : null;
    if (category && str && (op === 'eq' || op === 'ne')) {
      const codes = this.codesFor(category, [str]);
      if (!codes) return ERROR;
      return { t: 'boolean', node: { k: 'catIn', slot: category.slot, name: category.name, codes, negate: op === 'ne', text }, src: node };
    }
    if (category) {
      if (op !== 'eq' && op !== 'ne') return this.fail(at, `"${category.name}" is a category field: only == and != can compare it.`);
      return this.misuse(category);
    }
    if (str) {
      const other = str === left ? right : left;
      if (other.t === 'number') return this.fail(at, `cannot compare a number ("${other.node.text}") with text ("${str.value}").`);
      return this.misuse(str);
    }
    const bad = left.t === 'boolean' ? left : right.t === 'boolean' ? right : null;
    if (bad) return this.fail(at, `"${symbol}" compares numbers, but "${bad.node.text}" is a condition (true/false).`);
    const a = this.asNumber(left, node, `"${symbol}"`);
    const b = this.asNumber(right, node, `"${symbol}"`);
    if (!a || !b) return ERROR;
    return { t: 'boolean', node: { k: 'compare', op, a, b, text }, src: node };
  }

  /** Dictionary codes for quoted values of a category field; null (and errors) if a value is not in the vocabulary. */
  private codesFor(category: Extract<Checked, { t: 'category' }>, values: ReadonlyArray<Extract<Checked, { t: 'string' }>>): number[] | null {
    const { kind, name } = category;
    const known = kind.vocabulary ?? kind.dictionary;
    const codes: number[] = [];
    let ok = true;
    for (const v of values) {
      if (!known.includes(v.value)) {
        const list = known.length > 0 ? `known: ${listNames([...new Set(known)], 30)}.` : 'the field has no known values.';
        this.fail(v.src, `"${v.value}" is not a known ${name}; ${list}`);
        ok = false;
        continue;
      }
      // in the vocabulary but absent from this table's dictionary: no row can hold it, so it matches nothing
      const code = kind.dictionary.indexOf(v.value);
      if (code >= 0 && !codes.includes(code)) codes.push(code);
    }
    return ok ? codes : null;
  }

  private conditional(node: ConditionalNode): Checked {
    const c = this.check(node.condition);
    const a = this.check(node.trueExpr);
    const b = this.check(node.falseExpr);
    const text = node.toString();
    const condition = this.asBoolean(c, node, 'the part before "?"');
    if (a.t === 'error' || b.t === 'error' || !condition) {
      if (a.t === 'category' || a.t === 'string') this.misuse(a);
      if (b.t === 'category' || b.t === 'string') this.misuse(b);
      return ERROR;
    }
    if (a.t === 'number' && b.t === 'number') return { t: 'number', node: { k: 'cond', c: condition, a: a.node, b: b.node, text }, src: node };
    if (a.t === 'boolean' && b.t === 'boolean') return { t: 'boolean', node: { k: 'cond', c: condition, a: a.node, b: b.node, text }, src: node };
    if (a.t === 'category' || a.t === 'string') return this.misuse(a);
    if (b.t === 'category' || b.t === 'string') return this.misuse(b);
    const describe = (x: Checked): string => (x.t === 'number' ? `"${x.node.text}" is a number` : x.t === 'boolean' ? `"${x.node.text}" is a condition (true/false)` : 'it is not a value');
    return this.fail(node, `both branches of "? :" must give the same kind of value, but ${describe(a)} and ${describe(b)}.`);
  }

  private call(node: FunctionNode<MathNode>): Checked {
    if (node.fn.type !== 'SymbolNode') {
      const target = this.check(node.fn);
      return target.t === 'error' ? ERROR : this.fail(node, `only named functions can be called, e.g. ${[...FUNCTIONS.keys()][0] ?? 'abs'}(x).`);
    }
    const name = (node.fn as SymbolNode).name;
    const spec = FUNCTIONS.get(name);
    if (!spec) {
      if (Object.hasOwn(this.options.fields, name) || (this.options.scalars && Object.hasOwn(this.options.scalars, name))) {
        return this.fail(node, `"${name}" is a name, not a function; to multiply, write ${name} * (…).`);
      }
      return this.fail(node, `function "${name}" is not allowed. Allowed functions: ${[...FUNCTIONS.keys()].join(', ')}.`);
    }
    const count = node.args.length;
    if (count < spec.min || count > spec.max) {
      const takes =
        spec.max === Infinity
          ? `at least ${spec.min} argument${spec.min === 1 ? '' : 's'}`
          : spec.min === spec.max
            ? `${spec.min} argument${spec.min === 1 ? '' : 's'}`
            : `${spec.min} or ${spec.max} arguments`;
      return this.fail(node, `${name} takes ${takes} (${spec.usage}), not ${count}.`);
    }
    const args = node.args.map((a) => this.check(a));
    const text = node.toString();
    if (name === 'oneof') return this.oneof(node, args, text);
    if (name === 'ismissing' || name === 'isnan') {
      const arg = args[0] ?? ERROR;
      if (arg.t === 'category') {
        if (name === 'isnan') return this.fail(node, `isnan needs a number; use ismissing(${arg.name}) for a category field.`);
        return { t: 'boolean', node: { k: 'catMissing', slot: arg.slot, name: arg.name, text }, src: node };
      }
      const x = this.asNumber(arg, node, name);
      return x ? { t: 'boolean', node: { k: 'isnan', arg: x, text }, src: node } : ERROR;
    }
    const numbers: NumberNode[] = [];
    args.forEach((a, j) => {
      const x = this.asNumber(a, node, `${name} (argument ${j + 1})`);
      if (x) numbers.push(x);
    });
    if (numbers.length !== args.length) return ERROR;
    let fn: NumberFn | undefined = SIMPLE_FUNCTIONS.get(name);
    if (name === 'log') fn = count === 2 ? 'logBase' : 'log';
    if (name === 'round') {
      fn = count === 2 ? 'roundN' : 'round';
      const decimals = numbers[1] ? foldNumber(numbers[1]) : null;
      if (decimals && decimals.k === 'const' && !(decimals.value >= 0 && decimals.value <= 15 && Number.isInteger(decimals.value))) {
        return this.fail(node, `the number of decimals in round must be a whole number from 0 to 15, not ${String(decimals.value)}.`);
      }
    }
    if (!fn) return this.fail(node, `function "${name}" is not allowed.`);
    return { t: 'number', node: { k: 'call', fn, args: numbers, text }, src: node };
  }

  private oneof(node: FunctionNode<MathNode>, args: Checked[], text: string): Checked {
    const [first, ...rest] = args;
    if (!first || first.t === 'error') return ERROR;
    if (first.t !== 'category') {
      const src = first.src;
      return this.fail(src, `the first argument of oneof must be a category field, e.g. oneof(setting, "iss", "nmss").`);
    }
    const strings: Array<Extract<Checked, { t: 'string' }>> = [];
    let ok = true;
    for (const r of rest) {
      if (r.t === 'string') strings.push(r);
      else if (r.t !== 'error') {
        ok = false;
        this.fail(r.src, `oneof lists quoted values after the field, e.g. oneof(${first.name}, "${this.exampleValue(first.kind)}").`);
      } else ok = false;
    }
    const codes = this.codesFor(first, strings);
    if (!ok || !codes) return ERROR;
    return { t: 'boolean', node: { k: 'catIn', slot: first.slot, name: first.name, codes, negate: false, text }, src: node };
  }
}

const percentMessage = '"%" is not allowed: use mod(a, b) for a remainder, and write percentages as decimals (5% → 0.05).';

function resultMismatch(got: Checked, expect: 'number' | 'boolean'): string {
  const need = expect === 'number' ? 'a number' : 'a condition (true/false)';
  switch (got.t) {
    case 'number':
      return `the formula gives a number, but ${need} is needed here.`;
    case 'boolean':
      return `the formula gives a condition (true/false), but ${need} is needed here.`;
    case 'category':
      return `the formula gives the category field "${got.name}", but ${need} is needed here.`;
    case 'string':
      return `the formula is only text ("${got.value}"), but ${need} is needed here.`;
    case 'error':
      return 'the formula could not be checked.';
  }
}

function validateOptions(options: Omit<CompileOptions, 'mode'>): string | null {
  if (typeof options.rule !== 'string') return 'the rule has no name.';
  if (options.expect !== 'number' && options.expect !== 'boolean') return `expect must be "number" or "boolean".`;
  if (typeof options.fields !== 'object' || options.fields === null) return 'fields must be an object.';
  for (const [name, kind] of Object.entries(options.fields)) {
    if (kind?.kind === 'number') continue;
    if (kind?.kind === 'category' && Array.isArray(kind.dictionary)) continue;
    return `field "${name}" must be { kind: 'number' } or { kind: 'category', dictionary: [...] }.`;
  }
  return null;
}

/**
 * Parses and checks a formula. Never throws: every problem, including a crash of the parser, becomes a FormulaError.
 * @example checkText('age > 5', { rule: 'r', fields: { age: { kind: 'number' } }, expect: 'boolean' }).errors // []
 */
export function checkText(text: string, options: Omit<CompileOptions, 'mode'>): { ok: true; checked: CheckedFormula } | { ok: false; errors: FormulaError[] } {
  const rule = typeof options?.rule === 'string' ? options.rule : '?';
  const fail = (position: number, message: string) => ({ ok: false as const, errors: [formulaError(rule, typeof text === 'string' ? text : '', position, message)] });
  try {
    if (typeof text !== 'string') return fail(-1, 'the formula is not text.');
    const bad = validateOptions(options);
    if (bad) return fail(-1, bad);
    if (text.length > MAX_FORMULA_LENGTH) {
      return fail(-1, `the formula is ${withCommas(text.length)} characters long; the limit is ${withCommas(MAX_FORMULA_LENGTH)}.`);
    }
    const tokens = lex(text);
    if (tokens.length === 0) return fail(-1, 'the formula is empty.');
    let depth = 0;
    for (const t of tokens) {
      const op = t.key.startsWith('op:') ? t.key.slice(3) : '';
      if (op === '%') return fail(t.pos, percentMessage);
      if (op.length === 1 && OPENERS.includes(op)) {
        depth++;
        if (depth > MAX_BRACKET_DEPTH) return fail(t.pos, `brackets are nested more than ${MAX_BRACKET_DEPTH} deep; simplify the formula.`);
      } else if (op.length === 1 && CLOSERS.includes(op)) {
        depth = Math.max(0, depth - 1);
      }
    }
    let tree: MathNode;
    try {
      tree = parseExpression(text);
    } catch (e) {
      if (e instanceof RangeError) return fail(-1, `the formula is nested too deeply; simplify it.`);
      const message = e instanceof Error ? e.message : String(e);
      const charProp: unknown = e instanceof Error ? (e as Error & { char?: unknown }).char : undefined;
      const position = typeof charProp === 'number' ? Math.min(Math.max(charProp - 1, 0), text.length) : -1;
      const clean = message.replace(/\s*\(char \d+\)\s*$/, '');
      return fail(position, `syntax error: ${clean.charAt(0).toLowerCase()}${clean.slice(1)}.`);
    }
    const locator = new Locator(tokens);
    locator.visit(tree, 1);
    if (locator.maxDepth > MAX_TREE_DEPTH) return fail(-1, `the formula is nested more than ${MAX_TREE_DEPTH} levels deep; simplify it.`);
    const checker = new Checker(text, options, locator);
    const result = checker.check(tree);
    if (checker.errors.length > 0) return { ok: false, errors: checker.errors };
    if (result.t === 'number' && options.expect === 'number') {
      return { ok: true, checked: { root: { type: 'number', node: result.node }, fieldsUsed: checker.fieldsUsed, scalarsUsed: checker.scalarsUsed } };
    }
    if (result.t === 'boolean' && options.expect === 'boolean') {
      return { ok: true, checked: { root: { type: 'boolean', node: result.node }, fieldsUsed: checker.fieldsUsed, scalarsUsed: checker.scalarsUsed } };
    }
    return fail(-1, resultMismatch(result, options.expect));
  } catch (e) {
    // a bug or an engine limit (e.g. stack size in a small worker) must still come back as a message, not a crash
    const message = e instanceof RangeError ? 'the formula is nested too deeply; simplify it.' : `the formula could not be checked (${e instanceof Error ? e.message : String(e)}).`;
    return fail(-1, message);
  }
}
