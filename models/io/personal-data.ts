/** The personal-data guard: columns that look like children's names, UPNs, dates of birth, postcodes or addresses — by header and by content — are flagged so they can be dropped before anything is kept. */
import { labelKey } from '../vocab/aliases';
import { laOf } from '../vocab/las';
import { needOf } from '../vocab/needs';
import { governanceOf, settingOf } from '../vocab/settings';
import { cleanText, columnLetter, readDateText, type SheetCell } from './import-values';

export type PersonalDataKind = 'name' | 'upn' | 'date_of_birth' | 'postcode' | 'address' | 'identifier';

/** What each kind is called in a warning. */
export const PERSONAL_DATA_WORDS: Readonly<Record<PersonalDataKind, string>> = {
  name: 'names of children',
  upn: 'unique pupil numbers (UPNs)',
  date_of_birth: 'dates of birth',
  postcode: 'home postcodes',
  address: 'home addresses',
  identifier: 'personal identifiers (ULN, NHS or National Insurance numbers)',
};

export interface PersonalDataFlag {
  /** The column's letter, e.g. "D". */
  column: string;
  /** 0-based column index. */
  index: number;
  /** The header text as written (may be blank). */
  header: string;
  kind: PersonalDataKind;
  /** What gave it away: its header, its content, or both. */
  by: Array<'header' | 'content'>;
  /** True when the column was dropped (never kept or written anywhere). */
  dropped: boolean;
  /** The plain warning, e.g. `Column D "Pupil name" looks like names of children. The model never needs it: drop it before the data is kept.` */
  message: string;
}

// --- UPN -------------------------------------------------------------------------------------------------------

/** The DfE check-letter alphabet: A–Z without I, O and S. */
const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/**
 * The check letter of a UPN's last 12 characters (DfE "Unique pupil numbers" guidance, Annex: characters 2–13
 * weighted 2–13, a letter in position 13 of a temporary UPN counted by its place in the check alphabet, the sum
 * modulo 23 indexing that alphabet). Null when the 12 characters are not 11 digits and a digit or letter.
 * @example upnCheckLetter('801200005001') // 'B'
 */
export function upnCheckLetter(rest: string): string | null {
  if (!/^\d{11}[0-9A-HJ-NP-RT-Z]$/.test(rest)) return null;
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const ch = rest[i];
    const value = ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : UPN_LETTERS.indexOf(ch);
    sum += value * (i + 2);
  }
  return UPN_LETTERS[sum % 23];
}

/**
 * Whether a text is a UPN with a correct check letter: 13 characters, a check letter, 11 digits, then a digit (or a
 * letter for a temporary UPN). Spaces are ignored; case is not (UPNs are upper case).
 * @example isValidUpn('B801200005001') // true
 * @example isValidUpn('A801200005001') // false (wrong check letter)
 */
export function isValidUpn(text: string): boolean {
  const s = text.replace(/\s+/g, '');
  if (s.length !== 13) return false;
  const check = upnCheckLetter(s.slice(1));
  return check !== null && check === s[0];
}

const UPN_SHAPE = /^[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]$/;

// --- headers ---------------------------------------------------------------------------------------------------

const NAME_HEADERS = new Set(
  [
    'name', 'names', 'full name', 'forename', 'forenames', 'surname', 'surnames', 'first name', 'first names', 'last name',
    'family name', 'given name', 'given names', 'middle name', 'middle names', 'preferred name', 'legal name', 'known as',
    'child name', "child's name", 'childs name', 'children name', 'pupil name', "pupil's name", 'student name',
    'learner name', 'young person name', "young person's name", 'yp name', 'cyp name', 'name of child', 'name of pupil',
    'name of young person', 'child full name', 'pupil full name', 'surname forename', 'forename surname', 'first name surname',
  ].map(labelKey),
);
const NAME_HEADER_PATTERN = /^(?:child|children|pupil|student|learner|youngperson|cyp|yp|person)s?(?:full|first|last|fore|sur|given|family|legal|preferred)?names?$/;

const HEADERS: ReadonlyArray<readonly [PersonalDataKind, (key: string) => boolean]> = [
  ['name', (k) => NAME_HEADERS.has(k) || NAME_HEADER_PATTERN.test(k) || k.includes('surname') || k.includes('forename')],
  ['upn', (k) => /^(?:former|pupil|child|student|learner)?upns?(?:number|no)?$/.test(k) || k === 'uniquepupilnumber' || k === 'pupilnumber'],
  ['identifier', (k) => ['uln', 'uniquelearnernumber', 'nhsnumber', 'nhsno', 'ninumber', 'nino', 'nationalinsurancenumber'].includes(k)],
  ['date_of_birth', (k) => /^(?:child|pupil|student|learner|cyp|yp)?s?(?:dob|dateofbirth|birthdate|birthday|dateofbirthddmmyyyy|dobddmmyyyy)$/.test(k)],
  ['postcode', (k) => /^(?:home|child|pupil|student|family|parent|carer|residence|resident)?s?(?:postcode|postalcode|postcodeofresidence)$/.test(k)],
  ['address', (k) => /^(?:home|child|pupil|family|parent|carer)?s?(?:address|addressline\d?|address\d|street|streetaddress|houseno|housenumber)$/.test(k)],
];

/** Headers naming a place that is not a child's home (a school's postcode is not personal data). */
const INSTITUTION_HEADER = /^(?:la|localauthority)(?:code|name|number|no)?$|school|provider|setting|establishment|college|academy|institution|office|trust/;

/**
 * The kind of personal data a header names, or null.
 * @example personalDataByHeader('Pupil name') // 'name'
 * @example personalDataByHeader('School name') // null
 * @example personalDataByHeader('D.O.B.') // 'date_of_birth'
 */
export function personalDataByHeader(header: string): PersonalDataKind | null {
  const k = labelKey(header);
  if (k === '') return null;
  for (const [kind, test] of HEADERS) if (test(k)) return kind;
  return null;
}

// --- content ---------------------------------------------------------------------------------------------------

/** Words that say a capitalised phrase is a place, a provider or a need, not a person. */
const NOT_NAME_WORDS = new Set(
  (
    'school schools academy academies college trust council ltd limited centre center unit units provision primary secondary high ' +
    'special independent service services the of and for at in on learning education educational care group federation ' +
    'foundation hospital nursery county borough city district road street lane avenue park disorder difficulty difficulties ' +
    'needs need impairment autism autistic spectrum physical social emotional mental health severe moderate profound multiple ' +
    'specific speech language communication hearing visual sensory mainstream resourced base alternative tuition home other ' +
    'local authority north south east west new upper lower infant infants junior juniors community free maintained pru ' +
    'post residential day placement placements support total totals grand sub subtotal unknown none applicable available ' +
    'confidential year years group groups band tier top up element fee fees cost costs'
  ).split(' '),
);

const WORD_CAPITALISED = /^(?:[A-Z][a-z]?['’])?[A-ZÀ-Þ][a-zß-ÿ'’]*[a-zß-ÿ](?:-[A-ZÀ-Þ][a-zß-ÿ'’]+)*$/;
const WORD_UPPER = /^[A-ZÀ-Þ][A-ZÀ-Þ'’-]*[A-ZÀ-Þ]$/;

/** Whether a text reads like a person's name: 2–4 capitalised words (one may be upper case), none a place or need word. */
function looksLikeName(text: string): boolean {
  const s = cleanText(text);
  if (s.length < 4 || s.length > 60 || /\d/.test(s)) return false;
  const words = s.split(/[\s,]+/).filter((w) => w !== '');
  if (words.length < 2 || words.length > 4) return false;
  let lower = 0;
  for (const w of words) {
    if (NOT_NAME_WORDS.has(w.toLowerCase().replace(/['’]s$/, ''))) return false;
    if (WORD_CAPITALISED.test(w)) lower++;
    else if (!WORD_UPPER.test(w)) return false;
  }
  // "SMITH John" is a name; "ISS SEMH" is not: at least one word written in ordinary capitalisation.
  if (lower === 0) return false;
  return settingOf(s) === null && needOf(s) === null && laOf(s) === null && governanceOf(s) === null;
}

const POSTCODE = /^(?:GIR ?0AA|[A-PR-UWYZ](?:\d{1,2}|[A-HK-Y]\d{1,2}|\d[A-HJKS-UW]|[A-HK-Y]\d[ABEHMNPRV-Y]) ?\d[ABD-HJLNP-UW-Z]{2})$/i;

/**
 * Whether a text is a full UK postcode (outward and inward parts).
 * @example isFullPostcode('SW1A 1AA') // true
 * @example isFullPostcode('SW1A') // false (a district is not personal data)
 */
export function isFullPostcode(text: string): boolean {
  return POSTCODE.test(cleanText(text));
}

/** Age in whole years on `on` of someone born on `born` (both read in UTC). */
function ageOn(born: Date, on: Date): number {
  let age = on.getUTCFullYear() - born.getUTCFullYear();
  const m = on.getUTCMonth() - born.getUTCMonth();
  if (m < 0 || (m === 0 && on.getUTCDate() < born.getUTCDate())) age--;
  return age;
}

/** Headers of date columns that are about the placement, not the child: their dates are not dates of birth. */
const EVENT_DATE_HEADER = /start|end|review|census|from|until|issued|agreed|plan|placement|began|begin|finish|cease|leave|join|admission|date(?:of)?(?:entry|exit)|effective|invoice|paid|payment/;

/** A share of non-blank cells above which a column's content is taken as personal data. */
const CONTENT_SHARE = 0.6;

/**
 * The kind of personal data a column's cells hold, judged on a sample, or null. Needs at least three non-blank
 * cells. Names: 2–4 capitalised words that are not places, providers, needs or settings, mostly different from each
 * other. UPNs: 13-character pupil numbers whose check letters are right. Dates of birth: dates giving ages 0–25 on
 * `today`, with a median age of 4 or more (placement start dates are recent, birth dates are not). Postcodes: full
 * UK postcodes. A column whose header names an institution (school, provider) is not judged for postcodes or names.
 * @example personalDataByContent(['Amelia Jones', 'Oliver Smith', 'Isla Brown'], 'Child', new Date()) // 'name'
 */
export function personalDataByContent(cells: readonly SheetCell[], header: string, today: Date): PersonalDataKind | null {
  const values = cells.filter((c) => c !== null && c !== undefined && !(typeof c === 'string' && cleanText(c) === ''));
  if (values.length < 3) return null;
  const n = values.length;
  const key = labelKey(header);
  const institution = key !== '' && INSTITUTION_HEADER.test(key);
  const texts = values.filter((v): v is string => typeof v === 'string').map(cleanText);

  // UPNs: the shape is common enough among codes that the check letter must also be right for most of them.
  const shaped = texts.filter((t) => UPN_SHAPE.test(t.replace(/\s+/g, '')));
  if (shaped.length >= CONTENT_SHARE * n && shaped.filter(isValidUpn).length >= 0.8 * shaped.length) return 'upn';

  if (!institution && texts.filter(isFullPostcode).length >= CONTENT_SHARE * n) return 'postcode';

  if (!EVENT_DATE_HEADER.test(key)) {
    const ages: number[] = [];
    for (const v of values) {
      const d = v instanceof Date ? v : typeof v === 'string' ? readDateText(v) : null;
      if (d === null || Number.isNaN(d.getTime())) continue;
      const age = ageOn(d, today);
      if (age >= 0 && age <= 25) ages.push(age);
    }
    if (ages.length >= CONTENT_SHARE * n) {
      ages.sort((a, b) => a - b);
      if (ages[Math.floor(ages.length / 2)] >= 4) return 'date_of_birth';
    }
  }

  if (!institution) {
    const named = texts.filter(looksLikeName);
    // Children's names are nearly all different; provider or team names repeat down the column.
    const distinct = new Set(named).size;
    if (named.length >= CONTENT_SHARE * n && (named.length < 10 || distinct >= 0.7 * named.length)) return 'name';
  }
  return null;
}

/**
 * The plain warning for a flagged column.
 * @example personalDataMessage('D', 'Pupil name', 'name')
 * // 'Column D "Pupil name" looks like names of children. The model never needs it: drop it before the data is kept.'
 */
export function personalDataMessage(column: string, header: string, kind: PersonalDataKind): string {
  const named = header.trim() === '' ? `Column ${column} (no header)` : `Column ${column} "${header.trim()}"`;
  return `${named} looks like ${PERSONAL_DATA_WORDS[kind]}. The model never needs it: drop it before the data is kept.`;
}

/**
 * Flags the columns of a sheet that look like personal data, by header and by content (a sample of cells per
 * column). `dropped` is left false: the importer decides and sets it.
 * @example
 * detectPersonalData(['Ref', 'Pupil name', 'Cost'], [['P1', 'Amelia Jones', 100], ['P2', 'Oliver Smith', 200], ['P3', 'Isla Brown', 50]], new Date())
 * // [{column: 'B', index: 1, header: 'Pupil name', kind: 'name', by: ['header', 'content'], dropped: false, message: 'Column B "Pupil name" looks like names of children. …'}]
 */
export function detectPersonalData(headers: readonly string[], sample: ReadonlyArray<readonly SheetCell[]>, today: Date, letters?: (i: number) => string): PersonalDataFlag[] {
  const width = Math.max(headers.length, ...sample.map((r) => r.length), 0);
  const flags: PersonalDataFlag[] = [];
  for (let c = 0; c < width; c++) {
    const header = headers[c] ?? '';
    const byHeader = personalDataByHeader(header);
    const byContent = personalDataByContent(
      sample.map((r) => r[c] ?? null),
      header,
      today,
    );
    const kind = byHeader ?? byContent;
    if (kind === null) continue;
    const by: PersonalDataFlag['by'] = [];
    if (byHeader) by.push('header');
    if (byContent) by.push('content');
    const column = letters ? letters(c) : columnLetter(c);
    flags.push({ column, index: c, header, kind, by, dropped: false, message: personalDataMessage(column, header, kind) });
  }
  return flags;
}

