/**
 * Whether this context may generate code. Node and workers may (DESIGN §5); a page whose CSP forbids eval may not,
 * and the formula compiler then uses its closure-based fallback, which gives the same numbers.
 */
let cached: boolean | undefined;

/** @example canGenerateCode() // true in Node, false on a page whose CSP forbids 'unsafe-eval' */
export function canGenerateCode(): boolean {
  if (cached === undefined) {
    try {
      cached = new Function('return 2 + 2')() === 4;
    } catch {
      cached = false;
    }
  }
  return cached;
}
