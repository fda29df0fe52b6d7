/** The commissioner workbench's charts, thin over charts/workbench.ts: fees per band as a strip plot, and the cap's saving per year. */
import { Bar, BarChart, CartesianGrid, LabelList, ReferenceArea, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFigure } from '../../components/ChartFigure';
import { ChartTooltip } from '../../components/ChartTooltip';
import { moneyM, moneyTick, pounds } from '../../charts/format';
import { PALETTE } from '../../charts/palette';
import { bandStrip, bandStripTable, bandStripTitle, capYearSeries, capYearTable } from '../../charts/workbench';
import type { BandDistribution, CapSavingYear } from '../../../../models/workbench/commissioner';

const AXIS = { fontSize: 13, fill: '#0b0c0c' };

/** p10–p90 box with the median per band, the band price as a dashed line, each provider's mean fee as a dot. */
export function BandStripChart({ byBand }: { byBand: readonly BandDistribution[] }) {
  const { boxes, dots } = bandStrip(byBand);
  const title = bandStripTitle(byBand);
  const top = Math.max(1, ...boxes.map((b) => b.p90), ...dots.map((d) => d.y));
  const tick = moneyTick(top);
  return (
    <ChartFigure
      name="fees-by-band"
      title={title}
      note="Each box runs from the 10th to the 90th percentile of fees in the band, with a thick line at the median; the dashed lines are the band’s lowest and highest price (day to residential, by setting); each dot is one provider’s mean fee in the band."
      table={bandStripTable(byBand, title)}
    >
      <ResponsiveContainer width="100%" height={340}>
        <ScatterChart margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="#d8dadb" vertical={false} />
          <XAxis type="number" dataKey="x" domain={[-0.5, boxes.length - 0.5]} ticks={boxes.map((b) => b.x)} tickFormatter={(x: number) => boxes[Math.round(x)]?.band ?? ''} tick={AXIS} allowDecimals={false} name="Band" />
          <YAxis type="number" dataKey="y" tickFormatter={tick} tick={AXIS} width={80} domain={[0, 'auto']} name="Mean fee" />
          {boxes.map((b) => (
            <ReferenceArea key={`box-${b.band}`} x1={b.x - 0.34} x2={b.x + 0.34} y1={b.p10} y2={b.p90} fill={PALETTE.sky} fillOpacity={0.22} stroke={PALETTE.blue} ifOverflow="extendDomain" />
          ))}
          {boxes.map((b) => (
            <ReferenceLine key={`med-${b.band}`} segment={[{ x: b.x - 0.34, y: b.p50 }, { x: b.x + 0.34, y: b.p50 }]} stroke={PALETTE.ink} strokeWidth={3} />
          ))}
          {boxes.map((b) => (
            <ReferenceLine key={`low-${b.band}`} segment={[{ x: b.x - 0.42, y: b.priceMin }, { x: b.x + 0.42, y: b.priceMin }]} stroke={PALETTE.vermillion} strokeWidth={2} strokeDasharray="6 4" />
          ))}
          {boxes.map((b) => (
            <ReferenceLine key={`price-${b.band}`} segment={[{ x: b.x - 0.42, y: b.priceMax }, { x: b.x + 0.42, y: b.priceMax }]} stroke={PALETTE.vermillion} strokeWidth={2} strokeDasharray="6 4" />
          ))}
          <Tooltip cursor={false} content={<DotTooltip />} />
          <Scatter data={dots} name="Provider mean fee" fill={PALETTE.blue} fillOpacity={0.55} isAnimationActive={false} shape="circle" />
        </ScatterChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

export function CapYearChart({ years, cap }: { years: readonly CapSavingYear[]; cap: number }) {
  const { rows, title } = capYearSeries(years, cap);
  const tick = moneyTick(Math.max(1, ...rows.map((r) => r.saving)));
  const data = rows.map((r) => ({ ...r, savingText: moneyM(r.saving) }));
  return (
    <ChartFigure name="cap-by-year" title={title} note="The saving a year if every fee above band price + the cap were brought down to it; today’s placements, fees rising with the tariff’s indexation." table={capYearTable(rows, title)}>
      <ResponsiveContainer width="100%" height={300}>
        <BarChart data={data} margin={{ top: 24, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid stroke="#d8dadb" vertical={false} />
          <XAxis dataKey="year" tick={AXIS} />
          <YAxis tickFormatter={tick} tick={AXIS} width={72} />
          <Tooltip content={<ChartTooltip />} />
          <Bar dataKey="saving" name="Saving from the cap" fill={PALETTE.blue} isAnimationActive={false}>
            <LabelList dataKey="savingText" position="top" style={{ fontSize: 13, fill: '#0b0c0c' }} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/** One provider's dot: who, which band, mean fee, placements. */
function DotTooltip({ active, payload }: { active?: boolean; payload?: ReadonlyArray<{ payload?: { providerId?: string; band?: string; y?: number; plans?: number } }> }) {
  const d = active ? payload?.[0]?.payload : undefined;
  if (!d || d.providerId === undefined) return null;
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-label">{d.providerId}</p>
      <p>
        Band {d.band}: mean fee {pounds(d.y ?? 0)} over {d.plans} placement{d.plans === 1 ? '' : 's'}
      </p>
    </div>
  );
}
