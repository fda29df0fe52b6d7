// Backups rotate (the last N per project kept, the oldest dropped), expire after the retention period, and purge.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupStamp, BackupStore, projectBackupFolder } from '../../../electron/backups';
import { RecoveryStore } from '../../../electron/recovery';

let dir: string;
let now: Date;
const clock = () => now;
const tick = (ms: number) => (now = new Date(now.getTime() + ms));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hntm-backups-'));
  now = new Date('2026-11-22T10:00:00.000Z');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('BackupStore', () => {
  it('keeps the last N saves of a project: the oldest is dropped when a new one arrives', async () => {
    const store = new BackupStore(join(dir, 'backups'), { keep: 3, retentionDays: 30, clock });
    const project = '/home/me/Barnet 2026.hntm';
    for (let i = 1; i <= 5; i++) {
      await store.add(project, new TextEncoder().encode(`save ${i}`));
      tick(60_000);
    }
    const kept = await store.list(project);
    expect(kept).toHaveLength(3);
    expect(kept.map((p) => readFileSync(p, 'utf8'))).toEqual(['save 5', 'save 4', 'save 3']);
    expect(readFileSync(join(store.folderOf(project), 'PROJECT.txt'), 'utf8')).toContain(project);
  });

  it('keeps each project apart, even two with the same file name in different folders', async () => {
    const store = new BackupStore(join(dir, 'backups'), { keep: 2, retentionDays: 30, clock });
    await store.add('/a/plan.hntm', new Uint8Array([1]));
    await store.add('/b/plan.hntm', new Uint8Array([2]));
    expect(projectBackupFolder('/a/plan.hntm')).not.toBe(projectBackupFolder('/b/plan.hntm'));
    expect(projectBackupFolder('/a/plan.hntm')).toMatch(/^plan-[0-9a-f]{12}$/);
    expect((await store.list('/a/plan.hntm')).map((p) => [...readFileSync(p)])).toEqual([[1]]);
    expect((await store.list('/b/plan.hntm')).map((p) => [...readFileSync(p)])).toEqual([[2]]);
  });

  it('two saves in the same millisecond both get a backup', async () => {
    const store = new BackupStore(join(dir, 'backups'), { keep: 5, retentionDays: 30, clock });
    await store.add('/a/x.hntm', new Uint8Array([1]));
    await store.add('/a/x.hntm', new Uint8Array([2]));
    expect(await store.list('/a/x.hntm')).toHaveLength(2);
    expect(backupStamp(now)).toBe('2026-11-22T10-00-00-000Z');
  });

  it('deletes backups older than the retention period at purgeExpired, and the folders they leave empty', async () => {
    const store = new BackupStore(join(dir, 'backups'), { keep: 10, retentionDays: 30, clock });
    const oldPath = await store.add('/a/old.hntm', new Uint8Array(100));
    const recentPath = await store.add('/a/new.hntm', new Uint8Array(50));
    const fortyDaysAgo = new Date(now.getTime() - 40 * 86_400_000);
    utimesSync(oldPath, fortyDaysAgo, fortyDaysAgo);
    expect(await store.purgeExpired()).toEqual({ filesRemoved: 1, bytesRemoved: 100 });
    expect(await store.list('/a/old.hntm')).toEqual([]);
    expect(readdirSync(join(dir, 'backups'))).toEqual([projectBackupFolder('/a/new.hntm')]);
    expect(await store.list('/a/new.hntm')).toEqual([recentPath]);
  });

  it('purgeAll deletes every backup, interrupted temporary files included, and reports what went', async () => {
    const store = new BackupStore(join(dir, 'backups'), { keep: 10, retentionDays: 30, clock });
    await store.add('/a/x.hntm', new Uint8Array(10));
    await store.add('/b/y.hntm', new Uint8Array(20));
    writeFileSync(join(store.folderOf('/a/x.hntm'), '.2026.hntm.abcdef.tmp'), new Uint8Array(5));
    expect(await store.summary()).toEqual({ filesRemoved: 3, bytesRemoved: 35 });
    expect(await store.purgeAll()).toEqual({ filesRemoved: 3, bytesRemoved: 35 });
    expect(readdirSync(join(dir, 'backups'))).toEqual([]);
  });
});

describe('RecoveryStore', () => {
  it("offers other sessions' files, newest first, never its own", async () => {
    const root = join(dir, 'recovery');
    mkdirSync(root);
    const a = new RecoveryStore(root, 'session-a', { retentionDays: 30, clock });
    const b = new RecoveryStore(root, 'session-b', { retentionDays: 30, clock });
    await a.write(new Uint8Array([1]));
    await b.write(new Uint8Array([2]));
    utimesSync(a.ownFile, new Date('2026-11-20T00:00:00Z'), new Date('2026-11-20T00:00:00Z'));
    const c = new RecoveryStore(root, 'session-c', { retentionDays: 30, clock });
    expect((await c.candidates()).map((x) => [...x.bytes])).toEqual([[2], [1]]);
    expect((await a.candidates()).map((x) => [...x.bytes])).toEqual([[2]]);
  });

  it('expires old files but never its own', async () => {
    const root = join(dir, 'recovery');
    mkdirSync(root);
    const old = new RecoveryStore(root, 'old', { retentionDays: 30, clock });
    const current = new RecoveryStore(root, 'current', { retentionDays: 30, clock });
    await old.write(new Uint8Array(7));
    await current.write(new Uint8Array(3));
    const longAgo = new Date(now.getTime() - 31 * 86_400_000);
    utimesSync(old.ownFile, longAgo, longAgo);
    utimesSync(current.ownFile, longAgo, longAgo);
    expect(await current.purgeExpired()).toEqual({ filesRemoved: 1, bytesRemoved: 7 });
    expect(readdirSync(root)).toEqual(['unsaved-current.hntm']);
  });

  it('a session id cannot steer the file name out of the folder', () => {
    expect(new RecoveryStore(join(dir, 'r'), '../../etc/passwd', { retentionDays: 30 }).ownFile).toBe(join(dir, 'r', 'unsaved-etcpasswd.hntm'));
  });
});
