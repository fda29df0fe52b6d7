/** `hntm import FILE`: reads a council placement file (.xlsx or .csv), says what it found — header, mapping, counts, personal data, every issue — and writes the table and the rejected rows; exit 1 if any row is rejected, 2 on usage. */
import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs, stringFlag, UsageError } from '../args';
import { formatIssue } from '../sources';
import { count } from '../format';
import { importFile, writeFileAtomic, writeRejectedFile } from '../xlsx-stream';
import { parseMappingFile, withTemplate, type MappingFile, type MappingTemplate } from '../../models/io/mapping';
import { placementTableCsv, placementTableJson } from '../../models/io/import-output';
import { PERSONAL_DATA_WORDS } from '../../models/io/personal-data';
import type { ImportResult } from '../../models/io/import';
import type { Command, Out } from './types';

/** Where named mappings live unless --mappings says otherwise: a JSON file in the current folder. */
export const DEFAULT_MAPPINGS_FILE = 'hntm-mappings.json';

export const importCommand: Command = {
  name: 'import',
  usage: [
    'hntm import FILE [--sheet NAME] [--mapping NAME] [--mappings FILE] [--save-mapping NAME]',
    '            [--out table.csv|table.json] [--rejected rejected.xlsx] [--keep-personal-data]',
    `            (named mappings are read from and saved to --mappings, default ./${DEFAULT_MAPPINGS_FILE})`,
  ].join('\n'),
  run: runImport,
};

function readMappingFile(path: string, required: boolean): MappingFile {
  if (!existsSync(path)) {
    if (required) throw new UsageError(`cannot read the mapping file ${path}: no such file (save one with --save-mapping NAME)`);
    return { templates: {} };
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`${basename(path)} is not valid JSON: ${(e as Error).message}`);
  }
  const { templates, problems } = parseMappingFile(json);
  if (problems.length) throw new UsageError(`${basename(path)}: ${problems.join('; ')}`);
  return { templates };
}

function describeColumn(c: ImportResult['header']['columns'][number], result: ImportResult): string {
  const flag = result.personalData.find((f) => f.index === c.index);
  if (c.dropped) return flag ? `dropped: looks like ${PERSONAL_DATA_WORDS[flag.kind]}` : 'dropped (the mapping says so)';
  if (c.field) return `→ ${c.field}${c.how === 'mapping' ? ' (mapping)' : c.how === 'content' ? ' (by its values)' : ''}${flag ? ` — kept, though it looks like ${PERSONAL_DATA_WORDS[flag.kind]}` : ''}`;
  if (c.mergedInto) return `merged into column ${c.mergedInto}`;
  if (c.header === '') return 'no header: not read';
  return `ignored${flag ? ` — kept, though it looks like ${PERSONAL_DATA_WORDS[flag.kind]}` : ''}`;
}

async function runImport(argv: string[], out: Out): Promise<number> {
  const args = parseArgs(argv, { sheet: 'value', mapping: 'value', mappings: 'value', 'save-mapping': 'value', out: 'value', rejected: 'value', 'keep-personal-data': 'boolean' });
  if (args.positionals.length !== 1) throw new UsageError('import takes exactly one FILE');
  const path = args.positionals[0];
  const file = basename(path);
  if (!/\.(csv|txt|xlsx|xlsm)$/i.test(path)) throw new UsageError(`${file}: placement files are .csv or .xlsx`);
  if (!existsSync(path)) throw new UsageError(`cannot read ${path}: no such file`);
  const outPath = stringFlag(args, 'out');
  if (outPath !== undefined && !/\.(csv|json)$/i.test(outPath)) throw new UsageError(`--out must name a .csv or .json file, not "${outPath}"`);
  const rejectedPath = stringFlag(args, 'rejected');
  if (rejectedPath !== undefined && !/\.xlsx$/i.test(rejectedPath)) throw new UsageError(`--rejected must name an .xlsx file, not "${rejectedPath}"`);
  const mappingsPath = stringFlag(args, 'mappings') ?? DEFAULT_MAPPINGS_FILE;
  const mappingName = stringFlag(args, 'mapping');
  const saveName = stringFlag(args, 'save-mapping');

  let mapping: MappingTemplate | undefined;
  if (mappingName !== undefined) {
    const { templates } = readMappingFile(mappingsPath, true);
    mapping = templates[mappingName];
    if (!mapping) throw new UsageError(`there is no mapping "${mappingName}" in ${basename(mappingsPath)} (it has ${Object.keys(templates).map((n) => `"${n}"`).join(', ') || 'none'})`);
  }

  const result = await importFile(path, { file, sheet: stringFlag(args, 'sheet'), mapping, personalData: args.flags['keep-personal-data'] ? 'keep' : 'drop' });
  const where = result.sheet ? `${file} [${result.sheet}]` : file;
  if (result.fatal) {
    out.error(`hntm: ${where} ${result.fatal}`);
    return 1;
  }

  // What was found.
  const c = result.counts;
  out.log(`${where}: header on row ${result.header.row}${c.aboveHeader ? ` (${count(c.aboveHeader)} row(s) above it are a title or notes, not read)` : ''}${result.encoding ? `; text encoding ${result.encoding}` : ''}.`);
  out.log('Columns:');
  const width = Math.max(6, ...result.header.columns.map((col) => col.header.length));
  for (const col of result.header.columns) out.log(`  ${col.letter.padEnd(3)} ${(col.header || '(no header)').padEnd(width)}  ${describeColumn(col, result)}`);
  out.log(
    `Rows: ${count(c.dataRows)} read below the header: ${count(c.accepted)} accepted, ${count(c.rejected)} rejected` +
      `${c.blankRows ? `; ${count(c.blankRows)} blank row(s) skipped` : ''}${c.totalRows ? `; ${count(c.totalRows)} total row(s) left out` : ''}.`,
  );
  if (result.personalData.length) {
    const dropped = result.personalData.filter((f) => f.dropped).length;
    out.log(`Personal data: ${result.personalData.length} column(s) flagged, ${dropped} dropped${dropped ? ' (never kept or written anywhere)' : ''}${dropped < result.personalData.length ? `, ${result.personalData.length - dropped} kept as asked` : ''}:`);
    for (const f of result.personalData) out.log(`  ${f.message}`);
  }
  const errors = result.issues.filter((i) => i.severity === 'error').length;
  if (result.issues.length) {
    out.log(`Issues: ${count(errors)} error(s), ${count(result.issues.length - errors)} warning(s):`);
    for (const i of result.issues) out.log(`  ${i.severity}: ${formatIssue(i)}`);
  } else out.log('Issues: none.');

  // What was asked for.
  if (outPath !== undefined) {
    const text = /\.json$/i.test(outPath) ? placementTableJson(result.table, { file, sheet: result.sheet }) : placementTableCsv(result.table);
    await writeFileAtomic(outPath, text);
    out.log(`Wrote ${outPath} (${count(result.table.rowCount)} placement(s)).`);
  }
  if (rejectedPath !== undefined) {
    await writeRejectedFile(rejectedPath, result.rejected, result.rejectedColumns, file);
    out.log(`Wrote ${rejectedPath} (${count(result.rejected.length)} rejected row(s), each with its reason).`);
  }
  if (saveName !== undefined) {
    const existing = readMappingFile(mappingsPath, false);
    const template: MappingTemplate = { ...result.mapping, name: saveName };
    await writeFileAtomic(mappingsPath, JSON.stringify(withTemplate(existing, template), null, 2) + '\n');
    out.log(`Saved the mapping as "${saveName}" in ${resolve(mappingsPath)}: use it with --mapping "${saveName}".`);
  }
  return result.rejected.length > 0 || errors > 0 ? 1 : 0;
}
