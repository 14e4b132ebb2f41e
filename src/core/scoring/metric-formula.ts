/**
 * Arithmetic formulas over named scores, for promptfoo's `derivedMetrics`
 * (`2 * precision * recall / (precision + recall)`). promptfoo evaluates them with
 * mathjs; this reads the part of that language such formulas use — numbers, names,
 * `+ - * / % ^`, parentheses, unary signs and common functions — and says clearly when
 * a formula uses anything else, rather than pulling in a whole algebra system.
 */

export class MetricFormulaError extends Error {
  constructor(formula: string, problem: string) {
    super(`formula "${formula}": ${problem}`);
    this.name = 'MetricFormulaError';
  }
}

type Node =
  | { kind: 'number'; value: number }
  | { kind: 'name'; name: string }
  | { kind: 'unary'; op: '-' | '+'; operand: Node }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/' | '%' | '^'; left: Node; right: Node }
  | { kind: 'call'; name: string; args: Node[] };

const functions: Record<string, { arity: [number, number]; apply: (...values: number[]) => number }> = {
  abs: { arity: [1, 1], apply: Math.abs },
  sqrt: { arity: [1, 1], apply: Math.sqrt },
  exp: { arity: [1, 1], apply: Math.exp },
  log: { arity: [1, 2], apply: (value, base) => (base === undefined ? Math.log(value) : Math.log(value) / Math.log(base)) },
  log10: { arity: [1, 1], apply: Math.log10 },
  log2: { arity: [1, 1], apply: Math.log2 },
  floor: { arity: [1, 1], apply: Math.floor },
  ceil: { arity: [1, 1], apply: Math.ceil },
  round: { arity: [1, 2], apply: (value, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits },
  pow: { arity: [2, 2], apply: Math.pow },
  min: { arity: [1, Infinity], apply: Math.min },
  max: { arity: [1, Infinity], apply: Math.max },
  sum: { arity: [1, Infinity], apply: (...values) => values.reduce((total, value) => total + value, 0) },
  mean: { arity: [1, Infinity], apply: (...values) => values.reduce((total, value) => total + value, 0) / values.length },
};

const tokenPattern = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(\S))/y;

function tokenize(formula: string): string[] {
  const tokens: string[] = [];
  tokenPattern.lastIndex = 0;
  while (tokenPattern.lastIndex < formula.length) {
    const match = tokenPattern.exec(formula);
    if (!match) break;
    const token = match[1] ?? match[2] ?? match[3];
    if (token !== undefined) tokens.push(token);
  }
  return tokens;
}

/** A parsed formula: `evaluate` it against named values as often as needed. */
export class MetricFormula {
  private readonly root: Node;
  private position = 0;
  private readonly tokens: string[];

  constructor(readonly source: string) {
    this.tokens = tokenize(source);
    if (this.tokens.length === 0) throw new MetricFormulaError(source, 'is empty');
    this.root = this.sum();
    if (this.position < this.tokens.length) throw new MetricFormulaError(source, `cannot read "${this.tokens[this.position]}" here; formulas take numbers, score names, + - * / % ^, parentheses and ${Object.keys(functions).join(', ')}`);
  }

  /** Names the formula reads (functions aside). */
  names(): string[] {
    const found = new Set<string>();
    const visit = (node: Node): void => {
      if (node.kind === 'name') found.add(node.name);
      else if (node.kind === 'unary') visit(node.operand);
      else if (node.kind === 'binary') (visit(node.left), visit(node.right));
      else if (node.kind === 'call') node.args.forEach(visit);
    };
    visit(this.root);
    return [...found];
  }

  /** The formula's value; a name without a value is an error that names it. */
  evaluate(values: Readonly<Record<string, number>>): number {
    const run = (node: Node): number => {
      switch (node.kind) {
        case 'number':
          return node.value;
        case 'name': {
          const value = values[node.name];
          if (value === undefined) throw new MetricFormulaError(this.source, `no score is named "${node.name}"`);
          return value;
        }
        case 'unary':
          return node.op === '-' ? -run(node.operand) : run(node.operand);
        case 'binary': {
          const left = run(node.left);
          const right = run(node.right);
          if (node.op === '+') return left + right;
          if (node.op === '-') return left - right;
          if (node.op === '*') return left * right;
          if (node.op === '/') return left / right;
          if (node.op === '%') return left % right;
          return left ** right;
        }
        case 'call':
          return functions[node.name]!.apply(...node.args.map(run));
      }
    };
    return run(this.root);
  }

  private peek(): string | undefined {
    return this.tokens[this.position];
  }

  private take(expected?: string): string {
    const token = this.tokens[this.position];
    if (token === undefined) throw new MetricFormulaError(this.source, expected ? `ends where "${expected}" is missing` : 'ends too early');
    if (expected !== undefined && token !== expected) throw new MetricFormulaError(this.source, `has "${token}" where "${expected}" belongs`);
    this.position += 1;
    return token;
  }

  private sum(): Node {
    let node = this.product();
    while (this.peek() === '+' || this.peek() === '-') {
      const op = this.take() as '+' | '-';
      node = { kind: 'binary', op, left: node, right: this.product() };
    }
    return node;
  }

  private product(): Node {
    let node = this.unary();
    while (this.peek() === '*' || this.peek() === '/' || this.peek() === '%') {
      const op = this.take() as '*' | '/' | '%';
      node = { kind: 'binary', op, left: node, right: this.unary() };
    }
    return node;
  }

  private unary(): Node {
    if (this.peek() === '-' || this.peek() === '+') {
      const op = this.take() as '-' | '+';
      return { kind: 'unary', op, operand: this.unary() };
    }
    return this.power();
  }

  /** `^` binds tighter than a sign on its left and groups to the right, as in mathjs: -2^2 = -4, 2^3^2 = 512. */
  private power(): Node {
    const base = this.atom();
    if (this.peek() !== '^') return base;
    this.take('^');
    return { kind: 'binary', op: '^', left: base, right: this.unary() };
  }

  private atom(): Node {
    const token = this.take();
    if (token === '(') {
      const inner = this.sum();
      this.take(')');
      return inner;
    }
    if (/^[\d.]/.test(token)) return { kind: 'number', value: Number(token) };
    if (/^[A-Za-z_]/.test(token)) {
      if (this.peek() !== '(') return { kind: 'name', name: token };
      const definition = functions[token];
      if (!definition) throw new MetricFormulaError(this.source, `function "${token}" is not one formulas take (${Object.keys(functions).join(', ')})`);
      this.take('(');
      const args: Node[] = [];
      if (this.peek() !== ')') {
        args.push(this.sum());
        while (this.peek() === ',') {
          this.take(',');
          args.push(this.sum());
        }
      }
      this.take(')');
      const [least, most] = definition.arity;
      if (args.length < least || args.length > most) throw new MetricFormulaError(this.source, `${token}() takes ${least === most ? least : most === Infinity ? `${least} or more` : `${least} to ${most}`} argument${most === 1 ? '' : 's'}, not ${args.length}`);
      return { kind: 'call', name: token, args };
    }
    throw new MetricFormulaError(this.source, `cannot read "${token}" here; formulas take numbers, score names, + - * / % ^, parentheses and ${Object.keys(functions).join(', ')}`);
  }
}
