/** Plain-English names for a scenario's assumptions, by their dotted path ("demand.joiners.multiplier"). */
import type { Scenario } from '../../../models/projection/scenario';
import { settingLabel } from '../../../models/vocab/settings';
import { count, percent } from './format';

const FIXED: Record<string, string> = {
  'demand.joiners.multiplier': 'Joiners (new plans)',
  'demand.leavers.multiplier': 'Leavers (ceased plans)',
  'demand.movers.multiplier': 'Moves between settings',
  'demand.netOtherChange.rate': 'Net other change',
  'levers.tariff.scale': 'Tariff scale',
  'levers.issFeeCap.premium': 'ISS fee cap premium',
  'levers.apReform.tier1Share': 'AP reform: tier 1 share',
  'levers.apReform.tier2Share': 'AP reform: tier 2 share',
  'funding.allocation.growth': 'Allocation growth',
  'funding.nonPlacement.uplift': 'Non-placement uplift',
  'funding.writeOff.share': 'Deficit write-off share',
};

/**
 * @example inputLabel('demand.joiners.multiplier') // 'Joiners (new plans)'
 * @example inputLabel('costs.uplift.2.rate', scenario) // 'Cost uplift from 2027-28'
 */
export function inputLabel(path: string, scenario?: Scenario | null): string {
  if (FIXED[path]) return FIXED[path];
  let m = /^costs\.uplift\.(\d+)\.rate$/.exec(path);
  if (m) {
    const from = scenario?.costs.uplift[Number(m[1])]?.from;
    return from ? `Cost uplift from ${from}` : 'Cost uplift';
  }
  m = /^costs\.settingUplift\.(\w+)\.(\d+)\.rate$/.exec(path);
  if (m) {
    const from = scenario?.costs.settingUplift[m[1] as keyof Scenario['costs']['settingUplift']]?.[Number(m[2])]?.from;
    return `${settingLabel(m[1])} cost uplift${from ? ` from ${from}` : ''}`;
  }
  m = /^demand\.growthOverrides\.(\d+)\.rate$/.exec(path);
  if (m) {
    const g = scenario?.demand.growthOverrides[Number(m[1])];
    const what = g ? [g.need, g.setting ? settingLabel(g.setting) : null].filter(Boolean).join(' in ') : '';
    return `Growth override${what ? `: ${what}` : ''}`;
  }
  m = /^levers\.capacity\.(\d+)\.placesPerYear$/.exec(path);
  if (m) return `${scenario?.levers.capacity[Number(m[1])]?.label ?? 'New places'} a year`;
  return path;
}

/** The unit an input's value is written in, from its path. */
export function inputUnit(path: string): 'multiplier' | 'rate' | 'share' | 'count' {
  if (/multiplier$|\.scale$/.test(path)) return 'multiplier';
  if (/placesPerYear$/.test(path)) return 'count';
  if (/Share$|premium$|\.share$/.test(path)) return 'share';
  return 'rate';
}

/**
 * An input's value in its unit: multipliers as "× 1.1", rates as "2.35% a year", shares as "20.0%".
 * @example inputValueText('demand.netOtherChange.rate', 0.0075) // '0.75% a year'
 */
export function inputValueText(path: string, value: number): string {
  switch (inputUnit(path)) {
    case 'multiplier':
      return `× ${Number(value.toPrecision(4))}`;
    case 'count':
      return count(value);
    case 'share':
      return percent(value);
    case 'rate':
      return `${percent(value, 2)} a year`;
  }
}
