// The post-mortem draft: Markdown shaped like the seeds, and one self-contained HTML page that
// real headless Chromium loads without console errors, its chart drawn and its script run; a
// screenshot is kept in test/out/ for a person to look at.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, cli, tempDir } from './helpers.js';

const SAMPLES = join(ROOT, 'samples');
const OUT = join(ROOT, 'test', 'out');

function chromium(): string {
  for (const c of ['chromium', 'chromium-browser', 'google-chrome']) if (spawnSync('sh', ['-c', `command -v ${c}`]).status === 0) return c;
  throw new Error('the HTML report test needs Chromium: apt-get install chromium (.ci/run installs it)');
}

describe('kubesleuth report', () => {
  const dir = tempDir();
  const db = join(dir, 'r.db');
  let md = '';
  beforeAll(async () => {
    const r = await cli(['report', '--db', db, join(SAMPLES, 'seed-001-flanneld-restart'), join(SAMPLES, 'seed-000-docker-hung')]);
    expect(r.code).toBe(0);
    md = r.stdout;
  });

  it("writes a Markdown draft with the seeds' sections, in order", () => {
    const heads = md.split('\n').filter((l) => /^##? /.test(l));
    expect(heads[0]).toMatch(/^# Post-mortem draft: /);
    expect(heads.slice(1)).toEqual(['## Summary', '## Affected nodes', '## Timeline (UTC)', '## Findings', '## Likely cause chain', '## Action items', '## About this draft']);
  });

  it("tells seed 001's incident: flanneld failed at 02:38, docker and kubelet left down, with the evidence's file and line", () => {
    expect(md).toMatch(/\*\*Where:\*\* 2 of 2 node\(s\): k8s-master-1, k8s-pool2-19522833-9/);
    expect(md).toMatch(/`2017-06-04 02:38:13` \*\*k8s-master-1\*\* — \*\*finding #\d+\*\* systemd-dependency-left-failed \(critical\)/);
    expect(md).toMatch(/Dependency failed for Docker Application Container Engine\. {2}\[.*samples\/seed-001-flanneld-restart\/journal\.export:\d+\]/);
    expect(md).toMatch(/- \[ \] \*\*systemd-dependency-left-failed\*\* \(k8s-master-1\): Start the units that were left down now/);
    expect(md).toMatch(/units docker\.service, flanneld\.service, kubelet\.service/);
  });

  it('says so when nothing matched', async () => {
    const r = await cli(['report', '--db', join(tempDir(), 'h.db'), join(SAMPLES, 'healthy', 'kubelet.log')]);
    expect(r.stdout).toMatch(/^## Summary\n\nNothing in these logs matched a rule: 1 node\(s\), \d+ events\.$/m);
  });

  it('refuses an unknown format and an in-memory store in one line', async () => {
    expect((await cli(['report', '--db', db, '--format', 'pdf'])).stderr).toBe('kubesleuth: --format wants markdown or html, got "pdf"\n');
    expect((await cli(['report', '--db', ':memory:'])).code).toBe(2);
  });

  it('writes one self-contained HTML page that Chromium renders with its chart, script and no console errors', async () => {
    const html = join(dir, 'postmortem.html');
    const store = join(dir, 'all.db');
    const r = await cli(['report', '--db', store, '--format', 'html', '-o', html, SAMPLES]);
    expect([r.code, r.stderr]).toEqual([0, `kubesleuth: wrote ${html}\n`]);
    const page = readFileSync(html, 'utf8');
    // Nothing fetched from anywhere: no external scripts, styles, images or fonts.
    expect(page).not.toMatch(/<script[^>]+src=|<link\b|<img\b|url\(|@import/i);
    const browser = chromium();
    const run = spawnSync(browser, ['--headless', '--no-sandbox', '--disable-gpu', '--enable-logging=stderr', '--v=0', '--virtual-time-budget=5000', '--dump-dom', `file://${html}`], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status).toBe(0);
    expect(run.stderr.split('\n').filter((l) => l.includes(':CONSOLE'))).toEqual([]);
    const dom = run.stdout;
    expect(dom).toMatch(/<svg id="chart"/);
    expect((dom.match(/<rect class="bar"/g) ?? []).length).toBeGreaterThan(50);
    expect((dom.match(/<g class="marker">/g) ?? []).length).toBeGreaterThanOrEqual(7);
    // The evidence filter's script ran: it counts the rows it shows.
    expect(dom).toMatch(/<span id="n">(\d+) of \1 lines<\/span>/);
    mkdirSync(OUT, { recursive: true });
    const png = join(OUT, 'report.png');
    execFileSync(browser, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--screenshot=${png}`, '--window-size=1200,1600', `file://${html}`], { stdio: 'ignore', timeout: 120_000 });
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(png).size).toBeGreaterThan(20_000);
  }, 240_000);
});
