// Healthy input raises nothing at medium or above, from any rule: the healthy samples, and every
// rule's negative samples (benign look-alikes) run against the whole rule set. An exception must
// be listed, with why, in rules/known-false-positives.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../src/engine/rules.js';
import { SEVERITIES } from '../src/engine/rule-types.js';
import { RULES_DIR } from '../src/paths.js';
import type { AnalyzeDoc } from '../src/report/model.js';
import { ROOT, analyzeText, cli } from './helpers.js';

const rules = loadRules([RULES_DIR]);
const accepted = (JSON.parse(readFileSync(join(RULES_DIR, 'known-false-positives.json'), 'utf8')) as { accepted: Array<{ rule: string; where: string; why: string }> }).accepted;
const MEDIUM = SEVERITIES.indexOf('medium');
const serious = (doc: AnalyzeDoc, where: (host: string) => string) =>
  doc.findings.filter((f) => SEVERITIES.indexOf(f.severity) <= MEDIUM && !accepted.some((a) => a.rule === f.rule && a.where === where(f.host))).map((f) => `${f.rule}@${f.host}`);

describe('healthy input', () => {
  it('lists every accepted false positive with a reason, against a rule that exists', () => {
    for (const a of accepted) {
      expect(rules.map((r) => r.id)).toContain(a.rule);
      expect(a.why.length).toBeGreaterThan(10);
    }
  });

  it('raises nothing at medium or above from the healthy samples, with every rule loaded', async () => {
    const r = await cli(['analyze', '--json', '-q', '--db', ':memory:', join(ROOT, 'samples', 'healthy')]);
    expect(serious(JSON.parse(r.stdout) as AnalyzeDoc, (h) => h)).toEqual([]);
  });

  for (const rule of rules) {
    for (const s of rule.samples.negative) {
      it(`raises nothing at medium or above from any rule on ${rule.id}'s look-alike: ${s.name}`, async () => {
        const doc = await analyzeText(s.log, s.format ? ['--format', s.format] : []);
        expect(serious(doc, () => `${rule.id}: ${s.name}`)).toEqual([]);
      });
    }
  }
});
