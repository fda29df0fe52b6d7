/** The tooltip every chart uses: the financial year (or category) and each series in £m with one decimal, labelled. */
import { moneyM } from '../charts/format';

export interface TooltipLine {
  name: string;
  value: number | [number, number];
  colour?: string;
  /** Written as is instead of the formatted value (a share, a count beside £ values). */
  text?: string;
}

interface PayloadItem {
  name?: string | number;
  value?: unknown;
  color?: string;
  dataKey?: unknown;
  payload?: Record<string, unknown>;
}

export interface ChartTooltipProps {
  active?: boolean;
  label?: string | number;
  payload?: readonly PayloadItem[];
  /** How a value is written; £m by default. */
  format?: (value: number) => string;
  /** Extra lines worked out from the row (e.g. a total). */
  extra?: (row: Record<string, unknown>) => TooltipLine[];
}

export function ChartTooltip({ active, label, payload, format = moneyM, extra }: ChartTooltipProps) {
  if (!active || !payload || payload.length === 0) return null;
  const row = (payload[0]?.payload ?? {}) as Record<string, unknown>;
  const lines: TooltipLine[] = payload
    .filter((p) => p.value !== undefined && p.value !== null)
    .map((p) => ({ name: String(p.name ?? p.dataKey ?? ''), value: p.value as number | [number, number], colour: p.color }));
  if (extra) lines.push(...extra(row));
  const text = (v: number | [number, number]) => (Array.isArray(v) ? `${format(v[0])} to ${format(v[1])}` : format(v));
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-label">{label}</p>
      <ul>
        {lines.map((l) => (
          <li key={l.name}>
            {l.colour ? <span className="chart-swatch" style={{ background: l.colour }} aria-hidden="true" /> : null}
            <span>{l.name}: </span>
            <strong>{l.text ?? text(l.value)}</strong>
          </li>
        ))}
      </ul>
    </div>
  );
}
