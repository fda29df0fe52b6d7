/** The policy workbench's charts, thin over charts/workbench.ts: national totals, winners and losers, protection by year, the option's tornado. */
import { Bar, BarChart, CartesianGrid, LabelList, Legend, Line, ComposedChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFigure } from '../../components/ChartFigure';
import { ChartTooltip } from '../../components/ChartTooltip';
import { count, money, moneyTick, signedMoney } from '../../charts/format';
import { PALETTE } from '../../charts/palette';
import {
  CHANGE_BAND_SERIES, nationalSeries, nationalTitle, protectionSeries, protectionTable, tornadoRows, tornadoTable, tornadoTitle, winnersLosersSeries, winnersLosersTable, winnersLosersTitle,
} from '../../charts/workbench';
import type { CompareAnswer, ProtectionAnswer, TornadoAnswer } from '../../../../models/service/workbench-jobs';

const AXIS = { fontSize: 13, fill: '#0b0c0c' };

export function NationalChart({ c }: { c: CompareAnswer }) {
  const rows = nationalSeries(c);
  const title = nationalTitle(c);
  const data = rows.map((r) => ({ ...r, text: r.name === 'Today' ? money(r.total) : `${money(r.total)} (${signedMoney(r.change)})` }));
  return (
    <ChartFigure
      name="national"
      title={title}
      note="What the same placements cost a year today and under each option, national total."
      table={{ name: 'national-totals', title, columns: ['Option', 'Total a year', 'Change against today', 'Change %'], kinds: ['text', 'money', 'money', 'share'], rows: rows.map((r) => [r.name, r.total, r.change, r.changePct]), notes: [] }}
    >
      <ResponsiveContainer width="100%" height={Math.max(170, rows.length * 56 + 40)}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 150, bottom: 4, left: 8 }}>
          <CartesianGrid stroke="#d8dadb" horizontal={false} />
          <XAxis type="number" tickFormatter={moneyTick(Math.max(...rows.map((r) => r.total)))} tick={AXIS} />
          <YAxis type="category" dataKey="name" width={200} tick={{ ...AXIS, fontSize: 12 }} interval={0} />
          <Tooltip content={<ChartTooltip />} />
          <Bar dataKey="total" name="Total a year" fill={PALETTE.blue} isAnimationActive={false}>
            <LabelList dataKey="text" position="right" style={{ fontSize: 13, fill: '#0b0c0c' }} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

export function WinnersChart({ c }: { c: CompareAnswer }) {
  const rows = winnersLosersSeries(c.options);
  const title = winnersLosersTitle(c.options);
  return (
    <ChartFigure name="winners-losers" title={title} note="Councils counted by the change in what their placements would cost under each option against today. Losing means paying more." table={winnersLosersTable(rows, title)}>
      <ResponsiveContainer width="100%" height={Math.max(180, rows.length * 70 + 80)}>
        <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid stroke="#d8dadb" horizontal={false} />
          <XAxis type="number" tick={AXIS} allowDecimals={false} domain={[0, 'dataMax']} />
          <YAxis type="category" dataKey="name" width={200} tick={{ ...AXIS, fontSize: 12 }} interval={0} />
          <Tooltip content={<ChartTooltip format={(v) => `${count(v)} councils`} />} />
          <Legend wrapperStyle={{ fontSize: 14 }} />
          {CHANGE_BAND_SERIES.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} stackId="councils" fill={s.colour} stroke="#ffffff" isAnimationActive={false}>
              <LabelList dataKey={s.key} position="center" style={{ fontSize: 13, fill: '#ffffff', fontWeight: 700 }} formatter={(v: unknown) => (Number(v) >= 4 ? String(v) : '')} />
            </Bar>
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

export function ProtectionChart({ p }: { p: ProtectionAnswer }) {
  const { rows, title } = protectionSeries(p.years, p.rulebook.name);
  const tick = moneyTick(Math.max(1, ...rows.map((r) => Math.max(r.tariff, r.funded))));
  const lo = Math.min(...rows.map((r) => Math.min(r.tariff, r.funded)));
  const hi = Math.max(...rows.map((r) => Math.max(r.tariff, r.funded)));
  const pad = Math.max((hi - lo) * 0.25, hi * 0.005);
  return (
    <ChartFigure
      name="protection"
      title={title}
      note={`Bars: funded with protection (rises capped at ${p.cap === null ? 'none' : `${(p.cap * 100).toFixed(0)}%`}, falls floored at ${p.floor === null ? 'none' : `${(p.floor * 100).toFixed(0)}%`} a year); line: the full tariff. The axis does not start at zero.`}
      table={protectionTable(rows, title)}
    >
      <ResponsiveContainer width="100%" height={300}>
        <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid stroke="#d8dadb" vertical={false} />
          <XAxis dataKey="year" tick={AXIS} />
          <YAxis tickFormatter={tick} tick={AXIS} width={80} domain={[lo - pad, hi + pad]} allowDataOverflow />
          <Tooltip content={<ChartTooltip />} />
          <Legend wrapperStyle={{ fontSize: 14 }} />
          <Bar dataKey="funded" name="Funded with protection" fill={PALETTE.sky} isAnimationActive={false} />
          <Line dataKey="tariff" name="Full tariff" stroke={PALETTE.vermillion} strokeWidth={3} dot={{ r: 4 }} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

export function OptionTornadoChart({ t }: { t: TornadoAnswer }) {
  const rows = tornadoRows(t.bars, t.base);
  const title = tornadoTitle(rows, t.rulebook.name);
  const data = rows.map((r) => ({ ...r, lowText: signedMoney(r.low), highText: signedMoney(r.high) }));
  const tick = moneyTick(Math.max(1, ...rows.flatMap((r) => [Math.abs(r.low), Math.abs(r.high)])));
  return (
    <ChartFigure name="option-tornado" title={title} note={`Change in the option’s national total (${money(t.base)}) with each parameter’s values 10% lower or higher and the rest as they are; longest bar first.`} table={tornadoTable(rows, title, t.base)}>
      <ResponsiveContainer width="100%" height={Math.max(160, rows.length * 44 + 60)}>
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 80, bottom: 4, left: 8 }}>
          <CartesianGrid stroke="#d8dadb" horizontal={false} />
          <XAxis type="number" tickFormatter={tick} tick={AXIS} />
          <YAxis type="category" dataKey="label" width={220} tick={{ ...AXIS, fontSize: 12 }} interval={0} />
          <ReferenceLine x={0} stroke={PALETTE.ink} />
          <Tooltip content={<ChartTooltip />} />
          <Bar dataKey="bar" name="Lower to upper end" fill={PALETTE.blue} isAnimationActive={false}>
            <LabelList dataKey="highText" position="right" style={{ fontSize: 12, fill: '#0b0c0c' }} />
            <LabelList dataKey="lowText" position="left" style={{ fontSize: 12, fill: '#0b0c0c' }} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
