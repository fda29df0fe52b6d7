/** Exact floating-point summation (Shewchuk's algorithm, as Python's math.fsum): the total does not depend on order. */

/**
 * Accumulates numbers without rounding error; `value()` is the correctly rounded sum, so adding the same numbers
 * in any order gives the same total to the last bit. NaN and infinities are skipped (a missing cost adds nothing).
 * @example
 * const s = new ExactSum(); s.add(0.1); s.add(0.2); s.add(-0.3); s.value() // 2.7755575615628914e-17, in any order
 */
export class ExactSum {
  private partials: number[] = [];

  add(value: number): void {
    if (!Number.isFinite(value)) return;
    let x = value;
    const p = this.partials;
    let i = 0;
    for (let j = 0; j < p.length; j++) {
      let y = p[j];
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[i++] = lo;
      x = hi;
    }
    p.length = i;
    p.push(x);
  }

  value(): number {
    const p = this.partials;
    let n = p.length;
    if (n === 0) return 0;
    let hi = p[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n];
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0) break;
    }
    // Round half to even across the remaining partials (as CPython's fsum does).
    if (n > 0 && ((lo < 0 && p[n - 1] < 0) || (lo > 0 && p[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      const yr = x - hi;
      if (y === yr) hi = x;
    }
    return hi;
  }
}
