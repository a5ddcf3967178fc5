// Every rule fires on its positive samples and stays silent on its negative ones; the rule folder
// is linted; a broken rule is a start-up error naming the file and the field.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules, parseRule } from '../src/engine/rules.js';
import { requiredLiteral, requiredLiterals } from '../src/engine/literal.js';
import { lintRule } from '../src/engine/lint.js';
import { RULES_DIR } from '../src/paths.js';
import { KubesleuthError } from '../src/errors.js';
import { analyzeText, cli, tempDir } from './helpers.js';

const rules = loadRules([RULES_DIR]);

describe('every shipped rule', () => {
  for (const rule of rules) {
    describe(rule.id, () => {
      for (const s of rule.samples.positive) {
        it(`fires on: ${s.name}`, async () => {
          const doc = await analyzeText(s.log, s.format ? ['--format', s.format] : []);
          const mine = doc.findings.filter((f) => f.rule === rule.id);
          if (s.findings !== null) expect(mine).toHaveLength(s.findings);
          else expect(mine.length).toBeGreaterThan(0);
          for (const f of mine) {
            expect(f.summary).not.toMatch(/\{[\w.:]+\}/);
            expect(f.evidence.length).toBeGreaterThan(0);
          }
          expect(doc.stats.unparsed).toBe(0);
        });
      }
      for (const s of rule.samples.negative) {
        it(`stays silent on: ${s.name}`, async () => {
          const doc = await analyzeText(s.log, s.format ? ['--format', s.format] : []);
          expect(doc.findings.filter((f) => f.rule === rule.id)).toEqual([]);
          expect(doc.stats.events).toBeGreaterThan(0);
        });
      }
    });
  }
});

describe('the rule folder', () => {
  it('holds one YAML file per rule, named by its id, and ids are unique', () => {
    const files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.yaml'));
    expect(files.map((f) => f.replace(/\.yaml$/, '')).sort()).toEqual(rules.map((r) => r.id).sort());
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });

  it('ships the rule ids the design fixes for the seeds', () => {
    for (const id of ['docker-containerd-start-timeout', 'pleg-no-sandbox-burst', 'systemd-dependency-left-failed']) expect(rules.map((r) => r.id)).toContain(id);
  });

  for (const rule of rules) {
    it(`${rule.id}: passes the lint (references are links, every signal is used, templates name known values, chains name known rules)`, () => {
      expect(lintRule(rule, new Set(rules.map((r) => r.id)))).toEqual([]);
    });
  }
});

describe('rule validation', () => {
  const base = `id: x-rule
title: T
severity: high
description: D
remediation: R
summary: S
signals:
  a:
    contains: boom
correlation:
  type: event_count
  signals: [a]
  timespan: 1m
  condition: { gte: 1 }
samples:
  positive: [{ name: p, log: 'Jan 02 03:04:05 n k[1]: boom' }]
  negative: [{ name: n, log: 'Jan 02 03:04:05 n k[1]: calm' }]
`;
  const bad = (text: string) => {
    try {
      parseRule(text, 'rules/x-rule.yaml');
    } catch (err) {
      expect(err).toBeInstanceOf(KubesleuthError);
      return (err as Error).message;
    }
    throw new Error('the rule was accepted');
  };

  it('accepts a minimal rule', () => expect(parseRule(base, 'rules/x-rule.yaml').id).toBe('x-rule'));
  it('names the file and the field of a bad duration', () => expect(bad(base.replace('timespan: 1m', 'timespan: soon'))).toBe('rules/x-rule.yaml: correlation.timespan: expected a duration like 90s, 10m or 2h, got "soon"'));
  it('names a regex that does not compile', () => expect(bad(base.replace('contains: boom', "regex: '(unclosed'"))).toMatch(/^rules\/x-rule\.yaml: signals\.a\.regex: invalid regular expression/));
  it('refuses an id that is not the file name', () => expect(bad(base.replace('id: x-rule', 'id: other'))).toBe('rules/x-rule.yaml: id: "other" must equal the file name "x-rule"'));
  it('refuses an unknown severity', () => expect(bad(base.replace('severity: high', 'severity: bad'))).toMatch(/severity: expected one of critical, high, medium, low, info/));
  it('refuses a correlation on an unknown signal', () => expect(bad(base.replace('signals: [a]', 'signals: [b]'))).toBe('rules/x-rule.yaml: correlation.signals[0]: unknown signal "b"'));
  it('refuses a signal that would match every event', () => expect(bad(base.replace('contains: boom', 'in: [message]'))).toMatch(/signals\.a: matches every event/));
  it('refuses an unless on an unknown signal', () => expect(bad(`${base}unless: [{ signal: nope, before: 5m }]\n`)).toBe('rules/x-rule.yaml: unless[0].signal: unknown signal "nope"'));
  it('refuses a weight that is neither a whole number up to 1000 nor a field', () => {
    expect(bad(base.replace('contains: boom', 'contains: boom\n    weight: 0.5'))).toMatch(/signals\.a\.weight: expected a whole number from 1 to 1000 or a field like fields\.count, got 0\.5/);
    expect(parseRule(base.replace('contains: boom', 'contains: boom\n    weight: fields.count'), 'rules/x-rule.yaml').signals.a!.any[0]!.weight).toBe('fields.count');
  });
  it('refuses unknown keys in a match', () => expect(bad(base.replace('contains: boom', 'contains: boom\n    regexp: x'))).toMatch(/signals\.a\.regexp: unknown key/));
  it('refuses a rule without negative samples', () => expect(bad(base.replace(/ {2}negative:.*\n/, ''))).toMatch(/samples\.negative: expected at least one sample/));
  it('refuses YAML that does not parse, in one line', () => expect(bad('id: [unclosed')).toMatch(/^rules\/x-rule\.yaml: not valid YAML: [^\n]+$/));
  it('refuses a step that joins on an alias not defined before it', () => {
    const seq = base.replace(/correlation:[\s\S]*?samples:/, `correlation:
  type: temporal_ordered
  steps:
    - { signal: a, as: one, where: { unit: two.unit } }
samples:`);
    expect(bad(seq)).toMatch(/correlation\.steps\[0\]\.where\.unit: "two" is not an earlier step's alias/);
  });

  it('makes analyze exit 2 with that one line for a bad rule given by --rules', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'mine'));
    writeFileSync(join(dir, 'mine', 'x-rule.yaml'), base.replace('gte: 1', 'gte: 0'));
    const r = await cli(['analyze', '--db', ':memory:', '--rules', join(dir, 'mine')], 'Jan 02 03:04:05 n k[1]: boom\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`kubesleuth: ${join(dir, 'mine', 'x-rule.yaml')}: correlation.condition.gte: expected a whole number ≥ 1, got 0\n`);
  });

  it('runs a user regex that backtracks catastrophically in linear time, so a hostile line cannot hang the run', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x-rule.yaml'), base.replace('contains: boom', () => "regex: '^(a+)+$'"));
    const line = `Jan 02 03:04:05 n k[1]: ${'a'.repeat(50_000)}!\nJan 02 03:04:06 n k[1]: aaaa\n`;
    const doc = await analyzeText(line, ['--rules', dir, '--year', '2024', '--only', 'x-rule']);
    expect(doc.findings.map((f) => f.evidence.length)).toEqual([1]);
  });

  it('refuses a user regex that would need backtracking and could take exponential time', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x-rule.yaml'), base.replace('contains: boom', () => "regex: '(?<=k)(\\w+\\s?)*$'"));
    const r = await cli(['analyze', '--db', ':memory:', '--rules', dir], 'Jan 02 03:04:05 n k[1]: boom\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kubesleuth: .*x-rule\.yaml: signals\.a\.regex: this regular expression could take exponential time .*\n$/);
  });

  it('runs a user rule given by --rules next to the shipped ones', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x-rule.yaml'), base);
    const doc = await analyzeText('Jan 02 03:04:05 n k[1]: boom\n', ['--rules', dir, '--year', '2024']);
    expect(doc.findings.map((f) => f.rule)).toEqual(['x-rule']);
  });
});

describe('the literal pre-filter', () => {
  it.each([
    ['No sandbox for pod "(?<pod>[^"]+)" can be found', 'No sandbox for pod "'],
    ['docker\\.sock\\S*: write: broken pipe', ': write: broken pipe'],
    ['^(?:foo )?bar baz', 'bar baz'],
    ['a(bcd)?efgh', 'efgh'],
    ['x(?=lookahead)yzzz', 'yzzz'],
  ])('finds a literal every match of /%s/ contains', (re, lit) => expect(requiredLiteral(re)).toBe(lit));
  it.each([['foo|bar'], ['ab'], ['[abc]+']])('gives up on /%s/ rather than guess', (re) => expect(requiredLiteral(re)).toBeNull());
  it('keeps the literals around a group that holds alternatives, not those inside it', () => {
    expect(requiredLiteral('No sandbox for pod (?:"|can) (?:be|was) found')).toBe('No sandbox for pod ');
    expect(requiredLiteral('(?:Liveness|Readiness) probe failed')).toBe(' probe failed');
  });
  it('gives one literal per top-level alternative, or none when one alternative has none', () => {
    expect(requiredLiterals('Out of memory: Kill(?:ed)? process|Memory cgroup out of memory')).toEqual(['Out of memory: Kill', 'Memory cgroup out of memory']);
    expect(requiredLiterals('a\\|b|x\\|y')).toEqual(['a|b', 'x|y']);
    expect(requiredLiterals('task [\\w-]+:\\d+ blocked|\\d+')).toBeNull();
  });
});
