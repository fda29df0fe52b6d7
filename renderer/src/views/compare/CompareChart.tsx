/** The differences from the baseline per financial year, one bar per compared scenario, labelled with their £ change. */
import { Bar, BarChart, CartesianGrid, LabelList, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartTooltip } from '../../components/ChartTooltip';
import { moneyTick, signedMoneyM } from '../../charts/format';
import { SCENARIO_COLOURS, PALETTE } from '../../charts/palette';
import type { CompareRow } from '../../charts/series';

export function CompareChart({ rows, names }: { rows: readonly CompareRow[]; names: readonly string[] }) {
  const data = rows.map((r) => ({ year: r.year, ...Object.fromEntries(names.flatMap((_, k) => [[`d${k}`, r.deltas[k]], [`t${k}`, signedMoneyM(r.deltas[k])]])) }));
  const max = rows.reduce((m, r) => Math.max(m, ...r.deltas.map((d) => (Number.isFinite(d) ? Math.abs(d) : 0))), 0);
  const tick = moneyTick(max);
  return (
    <ResponsiveContainer width="100%" height={300}>
      <BarChart data={data} margin={{ top: 24, right: 16, bottom: 4, left: 8 }}>
        <CartesianGrid stroke="#d8dadb" vertical={false} />
        <XAxis dataKey="year" tick={{ fontSize: 13, fill: '#0b0c0c' }} />
        <YAxis tickFormatter={tick} tick={{ fontSize: 13, fill: '#0b0c0c' }} width={80} />
        <ReferenceLine y={0} stroke={PALETTE.ink} />
        <Tooltip content={<ChartTooltip />} />
        <Legend wrapperStyle={{ fontSize: 14 }} />
        {names.map((n, k) => (
          <Bar key={n + k} dataKey={`d${k}`} name={`${n} − baseline`} fill={SCENARIO_COLOURS[(k + 1) % SCENARIO_COLOURS.length]} isAnimationActive={false}>
            <LabelList dataKey={`t${k}`} position="top" style={{ fontSize: 12, fill: '#0b0c0c' }} />
          </Bar>
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
