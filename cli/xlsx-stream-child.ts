/** Child process for the synchronous readData: imports one .xlsx with the streaming reader and writes the result to stdout, v8-serialised (exceljs is asynchronous; readData's callers are not). */
import { serialize } from 'node:v8';
import { importFile } from './xlsx-stream';
import type { ImportOptions } from '../models/io/import';

async function run(): Promise<void> {
  const [path, optionsJson] = process.argv.slice(2);
  let payload: unknown;
  try {
    const options = JSON.parse(optionsJson ?? '{}') as ImportOptions & { today?: string };
    const today = options.today ? new Date(options.today) : undefined;
    payload = { ok: true, result: await importFile(path, { ...options, today }) };
  } catch (e) {
    payload = { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  const bytes = serialize(payload);
  await new Promise<void>((resolve, reject) => process.stdout.write(bytes, (err) => (err ? reject(err) : resolve())));
}

await run();
