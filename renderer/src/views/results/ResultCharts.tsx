/**
 * The Results view's charts, thin over the pure series in charts/series.ts: each gets its rows, draws them with
 * recharts in the colour-blind-safe palette with labels and legends, and opens the Explain drawer on a click.
 */
import { useState } from 'react';
import {
  Area, Bar, BarChart, CartesianGrid, Cell, ComposedChart, LabelList, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis,
} from 'recharts';
import { ChartFigure } from '../../components/ChartFigure';
import { ChartTooltip } from '../../components/ChartTooltip';
import { bandTable, dsgTable, fanTable, sectorTable, settingTable, tornadoTable, waterfallTable } from '../../charts/export';
import { bandTitle, dsgTitle, fanTitle, settingTitle, stackedTitle, tornadoTitle, waterfallTitle } from '../../charts/findings';
import { count, money, moneyM, moneyTick, percent, signedMoneyM } from '../../charts/format';
import { FALL, PALETTE, RISE, SECTOR_COLOURS, TOTAL } from '../../charts/palette';
import {
  BASIS_LABEL, SECTOR_SERIES, bandSeries, dsgSeries, fanSeries, settingCostSeries, stackedSectorSeries, tornadoBars, waterfallSteps, type Basis, type RunResult,
} from '../../charts/series';
import { inputLabel, inputValueText } from '../../charts/labels';
import type { PricingSummary } from '../../../../models/service/workspace-jobs';
import type { Tornado } from '../../../../models/uncertainty/sensitivity';
import type { ExplainTarget } from '../../store/explain';
import type { Loadable } from '../../store/results';
import type { Scenario } from '../../../../models/projection/scenario';

const HEIGHT = 300;
const AXIS = { fontSize: 13, fill: '#0b0c0c' };
const maxAbs = (xs: number[]) => xs.reduce((m, x) => (Number.isFinite(x) ? Math.max(m, Math.abs(x)) : m), 0);

type Open = (target: ExplainTarget) => void;
interface ChartProps {
  run: RunResult;
  runId: string;
  basis: Basis;
  onExplain: Open;
}

/** Placement spend by sector, stacked by financial year. */
export function SectorChart({ run, runId, basis, onExplain }: ChartProps) {
  const rows = stackedSectorSeries(run, basis);
  const title = stackedTitle(rows);
  const tick = moneyTick(maxAbs(rows.map((r) => r.total)));
  return (
    <ChartFigure name="sectors" title={title} note={`Placement spend ${BASIS_LABEL[basis]}, central run, £ per financial year. Click a bar to see how it is made.`} table={sectorTable(rows, title)}>
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid stroke="#d8dadb" vertical={false} />
          <XAxis dataKey="year" tick={AXIS} />
          <YAxis tickFormatter={tick} tick={AXIS} width={72} />
          <Tooltip content={<ChartTooltip extra={(r) => [{ name: 'Total', value: r.total as number }]} />} />
          <Legend wrapperStyle={{ fontSize: 14 }} itemSorter={null} />
          {SECTOR_SERIES.map((s) => (
            <Bar
              isAnimationActive={false}
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stackId="spend"
              fill={SECTOR_COLOURS[s.key]}
              cursor="pointer"
              onClick={(d) => onExplain({ kind: 'group', runId, by: 'sector', key: s.key, title: `${s.label}, ${d.payload.year}`, figures: [{ label: `Placement spend ${BASIS_LABEL[basis]}`, value: d.payload[s.key] as number, unit: 'money', year: d.payload.year as string }] })}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/** The fan chart: p10–p90 band with the p50 line and the central run. */
export function FanChart({ run, runId, basis, onExplain }: ChartProps) {
  const rows = fanSeries(run, basis);
  const title = fanTitle(rows, run.draws);
  const tick = moneyTick(maxAbs(rows.flatMap((r) => [r.p10, r.p90])));
  const low = Math.min(...rows.map((r) => r.p10));
  return (
    <ChartFigure name="fan" title={title} note={`Placement spend ${BASIS_LABEL[basis]}: the shaded band holds 80% of ${count(run.draws)} draws (10th to 90th percentile); the line is the median; dots mark the central run.`} table={fanTable(rows, title, run.draws)}>
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <ComposedChart
          data={rows}
          margin={{ top: 8, right: 16, bottom: 4, left: 8 }}
          onClick={(e) => {
            const year = (e as { activeLabel?: string } | null)?.activeLabel;
            const row = rows.find((r) => r.year === year);
            if (row) onExplain({ kind: 'group', runId, by: 'all', key: 'all', title: `Placement spend, ${row.year}`, figures: [{ label: 'Central run', value: row.central, unit: 'money', year: row.year }, { label: '10th percentile', value: row.p10, unit: 'money', year: row.year }, { label: '90th percentile', value: row.p90, unit: 'money', year: row.year }] });
          }}
        >
          <CartesianGrid stroke="#d8dadb" vertical={false} />
          <XAxis dataKey="year" tick={AXIS} />
          <YAxis tickFormatter={tick} tick={AXIS} width={72} domain={[Math.max(0, low * 0.9), 'auto']} />
          <Tooltip content={<ChartTooltip />} />
          <Legend wrapperStyle={{ fontSize: 14 }} itemSorter={null} />
          <Area dataKey="range" name="80% range (p10–p90)" stroke="none" fill={PALETTE.sky} fillOpacity={0.35} isAnimationActive={false} />
          <Line dataKey="p50" name="Median (p50)" stroke={PALETTE.blue} strokeWidth={2.5} dot={false} isAnimationActive={false} />
          <Line dataKey="central" name="Central run" stroke={PALETTE.ink} strokeWidth={0} dot={{ r: 4, fill: PALETTE.ink }} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/** Today's cost against the full tariff, by setting, in one year. */
export function SettingChart({ run, runId, onExplain }: Omit<ChartProps, 'basis'>) {
  const [yearIndex, setYearIndex] = useState(0);
  const year = run.years[yearIndex] ?? run.years[0];
  const rows = settingCostSeries(run, yearIndex);
  const title = settingTitle(rows, year);
  const tick = moneyTick(maxAbs(rows.flatMap((r) => [r.current, r.tariff])));
  return (
    <ChartFigure
      name="settings"
      title={title}
      note={`${year}, central run: what each setting costs at today’s costs (indexed) and what the same placements would cost at full tariff. Click a bar to see the band mix and the prices behind it.`}
      table={settingTable(rows, title, year)}
      controls={
        <label className="field-inline">
          <span>Financial year</span>
          <select value={yearIndex} onChange={(e) => setYearIndex(Number(e.target.value))}>
            {run.years.map((y, i) => (
              <option key={y} value={i}>
                {y}
              </option>
            ))}
          </select>
        </label>
      }
    >
      <ResponsiveContainer width="100%" height={Math.max(HEIGHT, rows.length * 44 + 70)}>
        <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid stroke="#d8dadb" horizontal={false} />
          <XAxis type="number" tickFormatter={tick} tick={AXIS} />
          <YAxis type="category" dataKey="label" width={230} tick={{ ...AXIS, fontSize: 12 }} interval={0} />
          <Tooltip content={<ChartTooltip extra={(r) => [{ name: 'Tariff − today', value: r.difference as number }]} />} />
          <Legend wrapperStyle={{ fontSize: 14 }} itemSorter={null} />
          {(['current', 'tariff'] as const).map((k) => (
            <Bar
              isAnimationActive={false}
              key={k}
              dataKey={k}
              name={k === 'current' ? 'Today’s costs' : 'Full tariff'}
              fill={k === 'current' ? PALETTE.grey : PALETTE.blue}
              cursor="pointer"
              onClick={(d) => onExplain({ kind: 'group', runId, by: 'setting', key: d.payload.setting as string, title: `${d.payload.label as string}`, figures: [{ label: 'Today’s costs', value: d.payload.current as number, unit: 'money', year }, { label: 'Full tariff', value: d.payload.tariff as number, unit: 'money', year }, { label: 'Plans', value: d.payload.plans as number, unit: 'count', year }] })}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/** Plans by band on the pricing date. */
export function BandChart({ pricing, runId, onExplain }: { pricing: Loadable<PricingSummary>; runId: string; onExplain: Open }) {
  if (pricing.state !== 'ready') {
    const waiting = pricing.state === 'failed' ? `The bands could not be worked out: ${pricing.message}` : 'Pricing the placements to count them by band…';
    return (
      <ChartFigure name="bands" title="Plans by band" table={{ name: 'plans-by-band', title: 'Plans by band', columns: [], kinds: [], rows: [], notes: [] }} placeholder={<p className="chart-placeholder" role="status">{waiting}</p>}>
        {null}
      </ChartFigure>
    );
  }
  const rows = bandSeries(pricing.data);
  const title = bandTitle(rows);
  return (
    <ChartFigure name="bands" title={title} note={`Placements at the start of the forecast, banded by the rules of ${pricing.data.rulebook.name}${pricing.data.rulebook.illustrative ? ' (illustrative prices)' : ''}, priced on ${pricing.data.date}. Click a bar for its rules, prices and largest placements.`} table={bandTable(rows, title, pricing.data.date)}>
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <BarChart data={rows} margin={{ top: 24, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid stroke="#d8dadb" vertical={false} />
          <XAxis dataKey="band" tick={AXIS} />
          <YAxis tickFormatter={(v: number) => count(v)} tick={AXIS} width={72} />
          <Tooltip content={<ChartTooltip format={count} extra={(r) => [{ name: 'Share of plans', value: 0, text: percent(r.share as number) }, { name: 'Price under the rulebook', value: 0, text: moneyM(r.price as number) }]} />} />
          <Bar
              isAnimationActive={false}
            dataKey="plans"
            name="Plans"
            fill={PALETTE.blue}
            cursor="pointer"
            onClick={(d) => onExplain({ kind: 'group', runId, by: 'band', key: d.payload.band as string, title: d.payload.label as string, figures: [{ label: 'Plans', value: d.payload.plans as number, unit: 'count' }, { label: 'Price under the rulebook', value: d.payload.price as number, unit: 'money' }] })}
          >
            <LabelList dataKey="share" position="top" formatter={(v: unknown) => percent(Number(v))} style={{ fontSize: 12, fill: '#0b0c0c' }} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/** The DSG balance: in-year bars, the cumulative line with its range, the zero line and the override's end. */
export function DsgChart({ run, runId, onExplain }: Omit<ChartProps, 'basis'>) {
  const s = dsgSeries(run);
  const title = dsgTitle(s);
  const tick = moneyTick(maxAbs(s.rows.flatMap((r) => [r.p10, r.p90, r.inYear, r.cumulative])));
  return (
    <ChartFigure
      name="dsg"
      title={title}
      note={`Negative is a deficit; the solid black line is £0. Bars: the in-year balance; line: the cumulative balance (central run), shaded: its 80% range over the draws. The dashed line marks ${s.overrideEnds}, the last year of the statutory override${s.writeOffPaidIn ? `; a write-off grant is paid in ${s.writeOffPaidIn}` : ''}. Click for the funding assumptions.`}
      table={dsgTable(s, title)}
    >
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <ComposedChart
          data={s.rows}
          margin={{ top: 24, right: 16, bottom: 4, left: 8 }}
          onClick={(e) => {
            const year = (e as { activeLabel?: string } | null)?.activeLabel;
            const row = s.rows.find((r) => r.year === year);
            if (row) onExplain({ kind: 'funding', runId, title: `DSG balance, ${row.year}`, figures: [{ label: 'In-year balance', value: row.inYear, unit: 'money', year: row.year }, { label: 'Cumulative balance', value: row.cumulative, unit: 'money', year: row.year }] });
          }}
        >
          <CartesianGrid stroke="#d8dadb" vertical={false} />
          <XAxis dataKey="year" tick={AXIS} />
          <YAxis tickFormatter={tick} tick={AXIS} width={80} />
          <Tooltip content={<ChartTooltip />} />
          <Legend wrapperStyle={{ fontSize: 14 }} itemSorter={null} />
          <ReferenceLine y={0} stroke={PALETTE.ink} strokeWidth={1.5} />
          {s.overrideInside ? (
            <ReferenceLine x={s.overrideEnds} stroke={PALETTE.vermillion} strokeDasharray="6 4" strokeWidth={2} label={{ value: 'Statutory override ends', position: 'top', fontSize: 12, fill: '#0b0c0c' }} />
          ) : null}
          <Bar isAnimationActive={false} dataKey="inYear" name="In-year balance" fill={PALETTE.blue} barSize={28} cursor="pointer" />
          <Area dataKey="range" name="Cumulative balance, 80% range" stroke="none" fill={PALETTE.purple} fillOpacity={0.25} isAnimationActive={false} />
          <Line dataKey="cumulative" name="Cumulative DSG balance" stroke={PALETTE.vermillion} strokeWidth={2.5} dot={{ r: 4 }} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/** From the first year's spend to the last's: growth, mix, price and policy steps. */
export function WaterfallChart({ run, runId, basis, onExplain }: ChartProps) {
  const steps = waterfallSteps(run, basis);
  const title = waterfallTitle(steps);
  const tick = moneyTick(maxAbs(steps.flatMap((s) => s.bar)));
  const rows = steps.map((s) => ({ ...s, display: s.kind === 'total' ? moneyM(s.value) : signedMoneyM(s.value) }));
  return (
    <ChartFigure name="waterfall" title={title} note={`Placement spend ${BASIS_LABEL[basis]}. Growth steps price the extra plans at the ${run.years[0]} average cost; mix is the shift between settings; price is indexation; policy is the rest. Vermillion bars add spend, blue bars reduce it (each labelled with its sign).`} table={waterfallTable(steps, title)}>
      <ResponsiveContainer width="100%" height={HEIGHT + 40}>
        <BarChart data={rows} margin={{ top: 24, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid stroke="#d8dadb" vertical={false} />
          <XAxis dataKey="short" tick={{ ...AXIS, fontSize: 12 }} interval={0} height={36} />
          <YAxis tickFormatter={tick} tick={AXIS} width={72} domain={[(min: number) => Math.max(0, min * 0.85), 'auto']} allowDataOverflow />
          <Tooltip content={<ChartTooltip extra={(r) => [{ name: 'Step', value: r.value as number }]} />} />
          <Bar
            dataKey="bar"
            name="Running total"
            cursor="pointer"
            isAnimationActive={false}
            onClick={(d) => onExplain({ kind: 'group', runId, by: 'all', key: 'all', title: d.payload.label as string, figures: [{ label: d.payload.note as string, value: d.payload.value as number, unit: 'money' }] })}
          >
            {rows.map((r) => (
              <Cell key={r.key} fill={r.kind === 'total' ? TOTAL : r.kind === 'rise' ? RISE : FALL} />
            ))}
            <LabelList dataKey="display" position="top" style={{ fontSize: 12, fill: '#0b0c0c' }} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/** Each uncertain input at its p10 and p90: the swing in the last year's spend. */
export function TornadoChart({ tornado, scenario, lastYear }: { tornado: Loadable<Tornado>; scenario: Scenario | null; lastYear: string }) {
  const output = `placement spend in ${lastYear}`;
  if (tornado.state !== 'ready') {
    const waiting = tornado.state === 'failed' ? `The sensitivity could not be worked out: ${tornado.message}` : 'Running each uncertain input at its 10th and 90th percentile…';
    return (
      <ChartFigure name="tornado" title={`What moves ${output} most`} table={{ name: 'tornado', title: '', columns: [], kinds: [], rows: [], notes: [] }} placeholder={<p className="chart-placeholder" role="status">{waiting}</p>}>
        {null}
      </ChartFigure>
    );
  }
  const rows = tornadoBars(tornado.data, (p) => inputLabel(p, scenario));
  const title = tornadoTitle(rows, output);
  const tick = moneyTick(maxAbs(rows.flatMap((r) => r.bar)));
  const data = rows.map((r) => ({ ...r, lowText: signedMoneyM(r.low), highText: signedMoneyM(r.high) }));
  return (
    <ChartFigure name="tornado" title={title} note={`Change in ${output} (central: ${money(tornado.data.central)}) with one input at its 10th or 90th percentile and every other at its median; longest bar first.`} table={tornadoTable(rows, title, `Spend in ${lastYear}`)}>
      <ResponsiveContainer width="100%" height={Math.max(160, rows.length * 48 + 70)}>
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 72, bottom: 4, left: 8 }}>
          <CartesianGrid stroke="#d8dadb" horizontal={false} />
          <XAxis type="number" tickFormatter={tick} tick={AXIS} />
          <YAxis type="category" dataKey="label" width={190} tick={{ ...AXIS, fontSize: 12 }} interval={0} />
          <ReferenceLine x={0} stroke={PALETTE.ink} />
          <Tooltip content={<ChartTooltip extra={(r) => [{ name: 'Input at p10 – p90', value: 0, text: `${inputValueText(r.path as string, r.inputP10 as number)} – ${inputValueText(r.path as string, r.inputP90 as number)}` }]} />} />
          <Bar dataKey="bar" name="Swing around the central value" fill={PALETTE.blue} isAnimationActive={false}>
            <LabelList dataKey="highText" position="right" style={{ fontSize: 12, fill: '#0b0c0c' }} />
            <LabelList dataKey="lowText" position="left" style={{ fontSize: 12, fill: '#0b0c0c' }} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}


