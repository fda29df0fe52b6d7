// The personal-data guard: UPN check letters, headers and content that look like names, UPNs, dates of birth and postcodes — and the look-alikes that are not.
import { describe, expect, it } from 'vitest';
import { detectPersonalData, isFullPostcode, isValidUpn, personalDataByContent, personalDataByHeader, personalDataMessage, upnCheckLetter } from '../../../models/io/personal-data';
import { CHILDREN, upnWithCheck } from '../../fixtures/import/make-fixtures';

const today = new Date(Date.UTC(2025, 0, 16));

describe('UPN check letter (DfE algorithm)', () => {
  it('accepts the published example and refuses a wrong check letter', () => {
    expect(upnCheckLetter('801200005001')).toBe('B');
    expect(isValidUpn('B801200005001')).toBe(true);
    expect(isValidUpn('A801200005001')).toBe(false);
    expect(isValidUpn('B 8012 0000 5001')).toBe(true);
  });

  it('weights characters 2–13 by 2–13 and counts a temporary UPN letter by the check alphabet', () => {
    // Worked by hand: 8·2 + 0·3 + 1·4 + 2·5 + 0·6 + 0·7 + 0·8 + 0·9 + 5·10 + 0·11 + 0·12 + A(0)·13 = 80 → 80 mod 23 = 11 → "M".
    expect(upnCheckLetter('80120000500A')).toBe('M');
    expect(isValidUpn('M80120000500A')).toBe(true);
    expect(upnCheckLetter('80120000500I')).toBeNull(); // I, O and S are not in the alphabet
  });

  it('the fixture children have valid UPNs', () => {
    for (const c of CHILDREN) expect(isValidUpn(c.upn)).toBe(true);
    expect(isValidUpn(upnWithCheck('20212345001').replace(/^./, 'Z'))).toBe(upnWithCheck('20212345001')[0] === 'Z');
  });
});

describe('personal data by header', () => {
  it.each([
    ['Pupil name', 'name'],
    ['Name', 'name'],
    ['Forename', 'name'],
    ['SURNAME', 'name'],
    ["Child's name", 'name'],
    ['First name', 'name'],
    ['UPN', 'upn'],
    ['Unique Pupil Number', 'upn'],
    ['Former UPN', 'upn'],
    ['ULN', 'identifier'],
    ['NHS number', 'identifier'],
    ['DOB', 'date_of_birth'],
    ['D.O.B.', 'date_of_birth'],
    ['Date of birth', 'date_of_birth'],
    ['Postcode', 'postcode'],
    ['Home postcode', 'postcode'],
    ['Address line 1', 'address'],
  ])('%j is %s', (header, kind) => expect(personalDataByHeader(header)).toBe(kind));

  it.each(['School name', 'Provider name', 'LA name', 'Group name', 'School postcode', 'Placement type', 'Annual cost', 'Child ref', 'Age'])('%j is not personal data', (header) => {
    expect(personalDataByHeader(header)).toBeNull();
  });
});

describe('personal data by content', () => {
  it('flags names, UPNs, dates of birth and postcodes under innocent headers', () => {
    expect(personalDataByContent(CHILDREN.map((c) => c.name), 'Column 2', today)).toBe('name');
    expect(personalDataByContent(CHILDREN.map((c) => `${c.name.split(' ')[1].toUpperCase()} ${c.name.split(' ')[0]}`), 'Who', today)).toBe('name');
    expect(personalDataByContent(CHILDREN.map((c) => c.upn), 'Ref', today)).toBe('upn');
    expect(personalDataByContent(CHILDREN.map((c) => new Date(c.dob)), 'D', today)).toBe('date_of_birth');
    expect(personalDataByContent(['03/05/2012', '21/09/2014', '09/01/2010'], 'D', today)).toBe('date_of_birth');
    expect(personalDataByContent(CHILDREN.map((c) => c.postcode), 'Area', today)).toBe('postcode');
  });

  it('does not flag look-alikes: providers, settings, needs, LAs, start dates, districts, wrong check letters', () => {
    const providers = ['Oak Tree School', 'Hillside Academy', 'Brook House College', 'Oak Tree School', 'Hillside Academy', 'Oak Tree School', 'Brook House College', 'Oak Tree School', 'Hillside Academy', 'Oak Tree School', 'Oak Tree School'];
    expect(personalDataByContent(providers, 'Provider', today)).toBeNull();
    expect(personalDataByContent(['Special Independent', 'Autistic Spectrum Disorder', 'Severe Learning Difficulty'], 'Notes', today)).toBeNull();
    expect(personalDataByContent(['North East Lincolnshire', 'West Sussex', 'East Riding of Yorkshire'], 'Council', today)).toBeNull();
    expect(personalDataByContent([new Date(Date.UTC(2024, 8, 1)), new Date(Date.UTC(2023, 8, 1)), new Date(Date.UTC(2024, 0, 8))], 'Placement start', today)).toBeNull();
    expect(personalDataByContent([new Date(Date.UTC(2024, 8, 1)), new Date(Date.UTC(2023, 8, 1)), new Date(Date.UTC(2022, 0, 8))], 'When', today)).toBeNull(); // recent: median age < 4
    expect(personalDataByContent(['SW1A', 'M1', 'B33'], 'District', today)).toBeNull();
    expect(personalDataByContent(['A801200005001', 'A801200005002', 'A801200005003'], 'Code', today)).toBeNull();
    expect(personalDataByContent(['SW1A 1AA', 'M1 1AE', 'B33 8TH'], 'School postcode', today)).toBeNull();
    expect(personalDataByContent(['Amelia Quist', 'Oliver Tranter'], 'X', today)).toBeNull(); // too few to judge
  });

  it('checks postcodes by their shape', () => {
    expect(isFullPostcode('sw1a 1aa')).toBe(true);
    expect(isFullPostcode('EC1A1BB')).toBe(true);
    expect(isFullPostcode('SW1A')).toBe(false);
    expect(isFullPostcode('12345')).toBe(false);
  });
});

describe('detectPersonalData', () => {
  it('flags by header and by content, with the plain warning', () => {
    const headers = ['Ref', 'Pupil name', '', 'Cost'];
    const rows = CHILDREN.map((c, i) => [`P${i}`, c.name, c.upn, 1000 * i]);
    const flags = detectPersonalData(headers, rows, today);
    expect(flags.map((f) => [f.column, f.kind, f.by])).toEqual([
      ['B', 'name', ['header', 'content']],
      ['C', 'upn', ['content']],
    ]);
    expect(flags[0].message).toBe('Column B "Pupil name" looks like names of children. The model never needs it: drop it before the data is kept.');
    expect(flags[1].message).toBe('Column C (no header) looks like unique pupil numbers (UPNs). The model never needs it: drop it before the data is kept.');
    expect(personalDataMessage('D', 'DOB', 'date_of_birth')).toContain('looks like dates of birth');
  });
});
