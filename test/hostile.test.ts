// Hostile inputs by the hundred, made here: random bytes, broken encodings, giant lines, cut and
// corrupt gzip/tar/zip, decompression bombs, deep nesting, symlink loops and escapes, many tiny
// files, impossible years, and a real incident with junk mixed in. For each: the exit status and
// message DESIGN.md asks for, no stack trace, the good part stored and analysed, the store sound,
// and memory bounded (peak RSS read from /proc while the run lasts).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from './helpers.js';
import { doc, fileIn, rng, run, sane } from './fixtures/hostile.js';
import { tarOf, writeTree, zipOf } from './fixtures/bundles.js';

const SEED000 = readFileSync(join(ROOT, 'samples/seed-000-docker-hung/docker.log'));
const dir = tempDir('kubesleuth-hostile-');

const file = fileIn(dir);

describe('hostile single files', () => {
  for (let seed = 1; seed <= 20; seed++) {
    it(`random bytes #${seed}: refused as binary or read as unparsed lines, never a crash`, async () => {
      const r0 = rng(seed);
      const p = file(`random-${seed}.log`, Buffer.from(Array.from({ length: 4096 + seed * 1000 }, () => Math.floor(r0() * 256))));
      const db = join(dir, `random-${seed}.db`);
      const r = await run(['analyze', '--json', '-q', '--db', db, p]);
      sane(r, db, [0, 2]);
      if (r.code === 2) expect(r.stderr).toMatch(/binary file, not a log/);
    });
  }

  for (let seed = 1; seed <= 20; seed++) {
    it(`a real log with junk lines mixed in (#${seed}) keeps every line and still finds the incident`, async () => {
      const r0 = rng(100 + seed);
      const lines = SEED000.toString('utf8').trimEnd().split('\n');
      const junk = [Buffer.from([0xff, 0xfe, 0x00, 0xc3]).toString('latin1'), '\u0000\u0000\u0000', '\uFFFD\uD800 broken', 'x'.repeat(70_000), '\r', '{"MESSAGE": "cut', '0000-01-01T00:00:00Z node-1 kubelet[1]: year zero', '9999-12-31T23:59:59Z node-1 kubelet[1]: year 9999'];
      const out: string[] = [];
      for (const l of lines) {
        out.push(l);
        if (r0() < 0.5) out.push(junk[Math.floor(r0() * junk.length)]!);
      }
      const p = file(`mixed-${seed}.log`, `${out.join(r0() < 0.5 ? '\n' : '\r\n')}\n`);
      const r = await run(['analyze', '--json', '--db', ':memory:', '--year', '2017', p]);
      sane(r, null);
      const d = doc(r);
      expect(d.findings.map((f) => f.rule)).toContain('docker-containerd-start-timeout');
      // Every non-blank line is an event: the lone CR and the NULs included.
      expect(d.stats.events).toBe(out.filter((l) => l.trim() !== '').length);
    });
  }

  it('a 100 MB line with no newline after good lines: the good lines stay, the rest is a note', async () => {
    const p = file('giant.log', Buffer.concat([SEED000, Buffer.alloc(100 * 1024 * 1024, 'a')]));
    const r = await run(['analyze', '--json', '-q', '--db', ':memory:', '--year', '2017', p]);
    sane(r, null);
    const d = doc(r);
    expect(d.stats.events).toBeGreaterThanOrEqual(10);
    expect(d.findings.map((f) => f.rule)).toContain('docker-containerd-start-timeout');
  }, 60_000);

  it('lines with years 0 and 9999 are stored without breaking the clock or the rules', async () => {
    const p = file('years.log', '0000-01-01T00:00:00+0000 node-1 kubelet[1]: E0101 00:00:00.000000 1 x.go:1] year zero\n9999-12-31T23:59:59+0000 node-1 kubelet[1]: I1231 23:59:59.000000 1 x.go:1] year 9999\n');
    const r = await run(['analyze', '--json', '-q', '--db', ':memory:', p]);
    sane(r, null);
    expect(doc(r).stats.events).toBe(2);
  });

  for (let cut = 1; cut <= 12; cut++) {
    it(`gzip cut at ${cut}/13 of its length keeps what came before the cut`, async () => {
      const gz = gzipSync(Buffer.concat(Array.from({ length: 300 }, () => SEED000)));
      const p = file(`cut-${cut}.log.gz`, gz.subarray(0, Math.floor((gz.length * cut) / 13)));
      const r = await run(['analyze', '--json', '-q', '--db', ':memory:', '--year', '2017', p]);
      sane(r, null, [0, 2]);
      if (r.code === 0) expect(doc(r).inputs[0]!.notes.join(' ')).toMatch(/reading stopped|unexpected end/);
    });
  }

  for (let k = 1; k <= 12; k++) {
    it(`gzip with corrupt bytes at ${k}/13 of its length is read up to the damage`, async () => {
      const gz = Buffer.from(gzipSync(Buffer.concat(Array.from({ length: 300 }, () => SEED000))));
      const at = Math.floor((gz.length * k) / 13);
      for (let i = 0; i < 16 && at + i < gz.length; i++) gz[at + i] ^= 0x5a;
      const p = file(`corrupt-${k}.log.gz`, gz);
      const r = await run(['analyze', '--json', '-q', '--db', ':memory:', '--year', '2017', p]);
      sane(r, null, [0, 2]);
    });
  }

  it('a gzip bomb is stopped once it expands past 200× and 256 MB, keeping the lines read before', async () => {
    const line = Buffer.from(`${'a'.repeat(8191)}\n`);
    const p = file('bomb.log.gz', gzipSync(Buffer.concat(Array.from({ length: 40_000 }, () => line)), { level: 9 }));
    const r = await run(['analyze', '--json', '-q', '--db', join(dir, 'bomb.db'), p]);
    sane(r, join(dir, 'bomb.db'));
    const d = doc(r);
    expect(d.inputs[0]!.notes.join(' ')).toMatch(/looks like a decompression bomb/);
    expect(d.stats.events).toBeGreaterThan(1000);
    expect(d.stats.events).toBeLessThan(40_000);
  }, 120_000);
});

describe('hostile bundles', () => {
  const good = { 'node-1/var/log/docker.log': SEED000 };

  for (let cut = 1; cut <= 10; cut++) {
    it(`a .tar.gz bundle cut at ${cut}/11 of its length: what was whole is read, the rest reported`, async () => {
      const src = join(dir, `tree-${cut}`);
      writeTree(src, { ...good, 'node-1/var/log/kubelet.log': Buffer.concat(Array.from({ length: 200 }, () => SEED000)) });
      const whole = readFileSync(tarOf(src, join(dir, `whole-${cut}.tar.gz`)));
      const p = file(`cut-${cut}.tar.gz`, whole.subarray(0, Math.floor((whole.length * cut) / 11)));
      const r = await run(['analyze', '--json', '-q', '--db', ':memory:', '--year', '2017', p]);
      sane(r, null, [0, 2]);
      if (r.code === 0) expect(doc(r).inputs.length).toBeGreaterThan(0);
    });
  }

  for (let k = 1; k <= 10; k++) {
    it(`a zip with corrupt bytes at ${k}/11 of its length reads its sound members`, async () => {
      const src = join(dir, `ztree-${k}`);
      writeTree(src, { ...good, 'node-1/var/log/kubelet.log': Buffer.concat(Array.from({ length: 50 }, () => SEED000)) });
      const zip = Buffer.from(readFileSync(zipOf(src, join(dir, `whole-${k}.zip`))));
      const at = Math.floor((zip.length * k) / 11);
      for (let i = 0; i < 32 && at + i < zip.length; i++) zip[at + i] ^= 0xa5;
      const p = file(`corrupt-${k}.zip`, zip);
      const r = await run(['analyze', '--json', '-q', '--db', ':memory:', '--year', '2017', p]);
      sane(r, null, [0, 2]);
      // A damaged member stops where its damage is; the sound one before it is read whole.
      if (r.code === 0) expect(doc(r).inputs.find((i) => i.path.endsWith('docker.log'))?.events ?? 10).toBe(10);
    });
  }

  for (const factor of [2, 1000]) {
    it(`a tar whose first member claims ${factor}× its real size still gives that member's lines${factor > 2 ? ', and says the archive ended early' : ''}`, async () => {
      const src = join(dir, `liar-${factor}`);
      writeTree(src, { 'a/docker.log': SEED000, 'b/docker.log': SEED000 });
      const tar = Buffer.from(readFileSync(tarOf(src, join(dir, `liar-${factor}.tar`), '', 'a')));
      // The first header names the folder; the file's header follows it.
      const at = 512;
      const size = Number.parseInt(tar.subarray(at + 124, at + 135).toString('latin1'), 8);
      tar.write(`${(size * factor).toString(8).padStart(11, '0')}\0`, at + 124, 'latin1');
      tar.fill(' ', at + 148, at + 156);
      let sum = 0;
      for (let i = 0; i < 512; i++) sum += tar[at + i]!;
      tar.write(`${sum.toString(8).padStart(6, '0')}\0 `, at + 148, 'latin1');
      const p = file(`liar-${factor}.tar`, tar);
      const r = await run(['analyze', '--json', '-q', '--db', ':memory:', '--year', '2017', p]);
      sane(r, null);
      const d = doc(r);
      // The member's own lines are read; the bytes it wrongly claims (padding, the next header) follow them.
      expect(d.findings.map((f) => f.rule)).toContain('docker-containerd-start-timeout');
      if (factor > 2) expect(d.inputs[0]!.notes.join(' ')).toMatch(/archive truncated or corrupt/);
    });
  }

  it('archives nested eight deep: the first levels are read, deeper ones skipped with a reason', async () => {
    let inner = join(dir, 'nest-0');
    writeTree(inner, good);
    let archive = '';
    for (let level = 1; level <= 8; level++) {
      archive = tarOf(inner, join(dir, `nest-${level}.tar.gz`));
      inner = join(dir, `nest-dir-${level}`);
      mkdirSync(inner, { recursive: true });
      writeFileSync(join(inner, `level-${level}.tar.gz`), readFileSync(archive));
    }
    const r = await run(['analyze', '--json', '-q', '--db', ':memory:', '--year', '2017', archive]);
    sane(r, null);
    expect(doc(r).inputs.some((i) => i.status === 'skipped')).toBe(true);
  });

  it('a folder with a symlink loop and links out of the bundle follows neither', async () => {
    const b = join(dir, 'links');
    writeTree(b, good);
    symlinkSync('.', join(b, 'node-1', 'loop'));
    symlinkSync('/etc/passwd', join(b, 'node-1', 'passwd.log'));
    symlinkSync('/', join(b, 'root'));
    const r = await run(['analyze', '--json', '-q', '--db', ':memory:', '--year', '2017', b]);
    sane(r, null);
    const d = doc(r);
    expect(d.findings.map((f) => f.rule)).toContain('docker-containerd-start-timeout');
    expect(d.inputs.filter((i) => i.status === 'ingested').map((i) => i.path.slice(b.length))).toEqual(['/node-1/var/log/docker.log']);
  });

  it('a tar whose members link outside the bundle and to each other in a loop reads only real files', async () => {
    const b = join(dir, 'tarlinks');
    writeTree(b, good);
    symlinkSync('/etc/shadow', join(b, 'node-1', 'shadow.log'));
    symlinkSync('a.log', join(b, 'node-1', 'b.log'));
    symlinkSync('b.log', join(b, 'node-1', 'a.log'));
    const p = tarOf(b, join(dir, 'tarlinks.tar.gz'));
    const r = await run(['analyze', '--json', '-q', '--db', ':memory:', '--year', '2017', p]);
    sane(r, null);
    expect(doc(r).inputs.filter((i) => i.status === 'ingested')).toHaveLength(1);
  });

  it('a zip bomb (a 300 MB member of 300 kB) is not read, and says why', async () => {
    const b = join(dir, 'zipbomb');
    writeTree(b, { ...good, 'node-1/var/log/zeros.log': Buffer.alloc(300 * 1024 * 1024) });
    const p = zipOf(b, join(dir, 'zipbomb.zip'));
    const r = await run(['analyze', '--json', '-q', '--db', ':memory:', '--year', '2017', p]);
    sane(r, null);
    const d = doc(r);
    expect(d.inputs.find((i) => i.path.endsWith('zeros.log'))?.notes.join(' ')).toMatch(/decompression bomb/);
    expect(d.findings.map((f) => f.rule)).toContain('docker-containerd-start-timeout');
  }, 60_000);

  it('100,000 tiny files in one folder are all read, in bounded memory', async () => {
    const b = join(dir, 'tiny');
    mkdirSync(b);
    for (let i = 0; i < 100_000; i++) writeFileSync(join(b, `f${i}.log`), `Oct 10 20:55:30 node-${i % 7} kubelet[1]: line ${i}\n`);
    const db = join(dir, 'tiny.db');
    const r = await run(['analyze', '--json', '-q', '--db', db, '--year', '2017', b]);
    sane(r, db);
    const d = doc(r);
    expect(d.stats.events).toBe(100_000);
    expect(d.inputs.filter((i) => i.status === 'ingested')).toHaveLength(100_000);
    rmSync(b, { recursive: true, force: true });
  }, 900_000);

  // Root reads everything: the run is made as nobody, when nobody can run the project from here.
  const NOBODY = 65534;
  const asNobody = process.getuid?.() === 0 && spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(BIN)})`], { uid: NOBODY, gid: NOBODY }).status === 0;
  it.skipIf(process.getuid?.() === 0 && !asNobody)('an unreadable file and an unreadable folder are listed as not read, and the rest is read', async () => {
    const b = join(dir, 'locked');
    writeTree(b, { ...good, 'node-1/var/log/kubelet.log': 'Oct 10 20:55:30 n kubelet[1]: hidden\n', 'closed/x.log': 'x\n' });
    chmodSync(dir, 0o755);
    chmodSync(join(b, 'node-1/var/log/kubelet.log'), 0);
    chmodSync(join(b, 'closed'), 0);
    const r = await run(['analyze', '--json', '-q', '--db', ':memory:', '--year', '2017', b], asNobody ? NOBODY : undefined);
    sane(r, null);
    const d = doc(r);
    expect(d.inputs.filter((i) => i.status === 'skipped').map((i) => [i.path.slice(b.length), i.notes.join(' ')])).toEqual([
      ['/closed/', 'unreadable: unreadable folder (EACCES)'],
      ['/node-1/var/log/kubelet.log', 'unreadable: unreadable (EACCES)'],
    ]);
    expect(d.findings.map((f) => f.rule)).toContain('docker-containerd-start-timeout');
  });
});
