// SEN2 primary needs: codes, DfE labels and columns, aliases.
import { describe, expect, it } from 'vitest';
import { NEEDS, NEED_CODES, needInfo, needLabel, needOf } from '../../../models/vocab/needs';
import { readSharedHeader } from '../data/shared-data';

describe('the needs table', () => {
  it('has the 14 SEN2 codes of DESIGN §2 in order', () => {
    expect(NEED_CODES).toEqual(['ASD', 'SLCN', 'SEMH', 'MLD', 'SLD', 'PMLD', 'SPLD', 'HI', 'VI', 'MSI', 'PD', 'DS', 'OTH', 'UNK']);
  });

  it("names sen_needs_all_plans.csv's count columns, one per need except DS (counted within OTH)", () => {
    const header = readSharedHeader('dfe-ehcp-2025/sen_needs_all_plans.csv');
    const counted = header.filter((h) => h.startsWith('number_'));
    expect(NEEDS.flatMap((n) => (n.dfeColumn ? [n.dfeColumn] : [])).sort()).toEqual(counted.sort());
    expect(needInfo('DS').dfeColumn).toBeNull();
  });

  it('names the columns of the placement × need extract', () => {
    const header = readSharedHeader('ehcp_need_by_placement_england_jan2025.csv');
    for (const n of NEEDS) if (n.extractColumn) expect(header).toContain(n.extractColumn);
    for (const h of header.slice(3)) expect(needOf(h), h).not.toBeNull();
  });
});

describe('needOf', () => {
  it.each([
    ['ASD', 'ASD'],
    ['asd', 'ASD'],
    ['Autistic Spectrum Disorder', 'ASD'],
    ['Autistic spectrum disorder', 'ASD'],
    ['Autism', 'ASD'],
    ['number_asd', 'ASD'],
    ['Speech, language and communication needs', 'SLCN'],
    ['speech language and communication needs', 'SLCN'],
    ['Social, emotional and mental health', 'SEMH'],
    ['BESD', 'SEMH'],
    ['Moderate learning difficulty', 'MLD'],
    ['Moderate learning difficulty ', 'MLD'],
    ['Severe learning difficulty', 'SLD'],
    ['Profound & multiple learning difficulty', 'PMLD'],
    ['Profound and multiple learning difficulty', 'PMLD'],
    ['Specific learning difficulty', 'SPLD'],
    ['SpLD', 'SPLD'],
    ['Hearing impairment', 'HI'],
    ['Visual impairment', 'VI'],
    ['Multisensory impairment', 'MSI'],
    ['Multi-sensory impairment', 'MSI'],
    ['Physical disability', 'PD'],
    ["Down's syndrome", 'DS'],
    ['Other difficulty/disability', 'OTH'],
    ['NEED_UNKNOWN', 'UNK'],
    ['Unknown', 'UNK'],
    ['Primary need is not recorded', 'UNK'],
    ['number_need_unknown', 'UNK'],
  ])('%j → %s', (label, code) => {
    expect(needOf(label)).toBe(code);
  });

  it.each([['Hungry'], [''], ['A S D X']])('%j → null', (label) => {
    expect(needOf(label)).toBeNull();
  });

  it('maps every code, label and alias to its own need', () => {
    for (const n of NEEDS) for (const l of [n.code, n.label, ...n.aliases]) expect(needOf(l), l).toBe(n.code);
  });

  it('labels codes and passes other strings through', () => {
    expect(needLabel('SLCN')).toBe('Speech, language and communication needs');
    expect(needLabel('zzz')).toBe('zzz');
  });
});
