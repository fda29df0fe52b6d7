/** The placement categories of the DfE DSG management plan template (DOMAIN.md "How the money flows today"). */
import { labelLookup } from './aliases';

export type DsgPlanCategoryCode = 'mainstream' | 'resourced' | 'special' | 'independent' | 'hospital_ap' | 'post16' | 'other';

export interface DsgPlanCategory {
  code: DsgPlanCategoryCode;
  /** The category's name as the management plan template writes it. */
  label: string;
  aliases: readonly string[];
}

/** The management plan's categories, in the template's order. */
export const DSG_PLAN_CATEGORIES: readonly DsgPlanCategory[] = [
  { code: 'mainstream', label: 'Mainstream', aliases: ['Mainstream schools'] },
  { code: 'resourced', label: 'Resourced provision / SEN units', aliases: ['Resourced provision', 'SEN units', 'Resourced provision and SEN units'] },
  {
    code: 'special',
    label: 'Maintained special & special academies',
    aliases: ['Maintained special schools and special academies', 'Special schools', 'Maintained special'],
  },
  { code: 'independent', label: 'NMSS / independent', aliases: ['NMSS or independent', 'NMSS/ISS', 'Independent', 'Non-maintained and independent'] },
  { code: 'hospital_ap', label: 'Hospital / AP', aliases: ['Hospital and AP', 'Hospital / alternative provision', 'AP'] },
  { code: 'post16', label: 'Post-16 / FE', aliases: ['Post-16', 'FE', 'Post-16 and FE'] },
  { code: 'other', label: 'Other', aliases: [] },
];

/** The category codes in the template's order. */
export const DSG_PLAN_CATEGORY_CODES: readonly DsgPlanCategoryCode[] = DSG_PLAN_CATEGORIES.map((c) => c.code);

const lookup = labelLookup(DSG_PLAN_CATEGORIES.map((c) => [c.code, [c.label, ...c.aliases]] as const));

/**
 * The management-plan category a label names, or null.
 * @example dsgPlanCategoryOf('NMSS / independent') // 'independent'
 */
export function dsgPlanCategoryOf(label: unknown): DsgPlanCategoryCode | null {
  return lookup.of(label);
}

/**
 * The full entry for a category code.
 * @example dsgPlanCategoryInfo('post16').label // 'Post-16 / FE'
 */
export function dsgPlanCategoryInfo(code: DsgPlanCategoryCode): DsgPlanCategory {
  const found = DSG_PLAN_CATEGORIES.find((c) => c.code === code);
  if (!found) throw new RangeError(`"${String(code)}" is not a DSG management plan category.`);
  return found;
}
