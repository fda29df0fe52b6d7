// The engine service behind the host: jobs report progress and results, cancel works, pages are bounded.
import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../models/contract/host';
import { createEngineService, throwIfCancelled, type PagedTable } from '../../models/service/engine-service';

function tableOf(columns: string[], rows: Array<Array<string | number | null>>): PagedTable {
  return { rowCount: rows.length, columns, cell: (r, c) => rows[r][c] };
}

const until = (events: JobEvent[], pred: (e: JobEvent) => boolean) =>
  new Promise<JobEvent>((resolve) => {
    const tick = () => {
      const e = events.find(pred);
      if (e) resolve(e);
      else setTimeout(tick, 1);
    };
    tick();
  });

describe('engine service jobs', () => {
  it('runs a job, forwarding progress and the result', async () => {
    const events: JobEvent[] = [];
    const service = createEngineService(
      {
        sum: (payload, ctx) => {
          const xs = payload as number[];
          let s = 0;
          xs.forEach((x, i) => {
            s += x;
            ctx.progress(i + 1, xs.length);
          });
          return s;
        },
      },
      (e) => events.push(e),
    );
    expect(service.start('j1', 'sum', [1, 2, 3.5])).toEqual({ ok: true, data: { jobId: 'j1' } });
    const done = await until(events, (e) => e.type === 'done');
    expect(done).toEqual({ jobId: 'j1', type: 'done', result: 6.5 });
    expect(events.filter((e) => e.type === 'progress').map((e) => (e.type === 'progress' ? e.done : -1))).toEqual([1, 2, 3]);
  });

  it('refuses an unknown job kind, including prototype names', () => {
    const service = createEngineService({}, () => {});
    expect(service.start('j', 'nope', null)).toMatchObject({ ok: false, error: { code: 'unknown-job' } });
    expect(service.start('j', 'constructor', null)).toMatchObject({ ok: false, error: { code: 'unknown-job' } });
  });

  it('cancels a running job, which then reports cancelled rather than done', async () => {
    const events: JobEvent[] = [];
    const service = createEngineService(
      {
        slow: async (_p, ctx) => {
          for (let i = 0; i < 1000; i++) {
            await new Promise((r) => setTimeout(r, 1));
            throwIfCancelled(ctx.cancel);
          }
          return 'finished';
        },
      },
      (e) => events.push(e),
    );
    service.start('j2', 'slow', null);
    expect(service.cancel('j2')).toEqual({ ok: true, data: { cancelled: true } });
    expect(await until(events, (e) => e.type !== 'progress')).toEqual({ jobId: 'j2', type: 'cancelled' });
    expect(service.cancel('j2')).toEqual({ ok: true, data: { cancelled: false } });
  });

  it('turns a thrown error into an error event with its message', async () => {
    const events: JobEvent[] = [];
    const service = createEngineService({ boom: () => { throw new Error('Rulebook has no bands.'); } }, (e) => events.push(e));
    service.start('j3', 'boom', null);
    expect(await until(events, () => true)).toEqual({ jobId: 'j3', type: 'error', error: { code: 'job-failed', message: 'Rulebook has no bands.' } });
  });
});

describe('paged queries', () => {
  const service = createEngineService({}, () => {});
  service.tables.set('t', tableOf(['la', 'cost'], [['202', 30], ['201', 10], ['202', 20], ['330', null]]));

  it('pages, filters and sorts on the engine side', () => {
    expect(service.tables.query({ table: 't', offset: 1, limit: 2 })).toEqual({
      ok: true, data: { table: 't', columns: ['la', 'cost'], rows: [['201', 10], ['202', 20]], offset: 1, totalRows: 4 },
    });
    const r = service.tables.query({ table: 't', offset: 0, limit: 10, filters: [{ column: 'la', in: ['202'] }], sort: { column: 'cost', direction: 'asc' } });
    expect(r.ok && r.data.rows).toEqual([['202', 20], ['202', 30]]);
    const ranged = service.tables.query({ table: 't', offset: 0, limit: 10, columns: ['cost'], filters: [{ column: 'cost', min: 15 }], sort: { column: 'cost', direction: 'desc' } });
    expect(ranged.ok && ranged.data).toMatchObject({ rows: [[30], [20]], totalRows: 2 });
  });

  it('names what is wrong with a bad query', () => {
    expect(service.tables.query({ table: 'x', offset: 0, limit: 1 })).toEqual({ ok: false, error: { code: 'not-found', message: 'No table named "x" is loaded.' } });
    expect(service.tables.query({ table: 't', offset: 0, limit: 1, columns: ['name'] })).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: 'Table "t" has no column "name".' } });
    expect(service.tables.query({ table: 't', offset: 0, limit: 100000 })).toMatchObject({ ok: false, error: { code: 'too-large' } });
    expect(service.tables.query({ table: 't', offset: -1, limit: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });
});
