// Property tests over every parser and the whole pipeline: whatever the bytes, a parser returns
// (a record, a marker or null) and never throws; analyze stores every line and exits 0.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENVELOPES, PAYLOADS } from '../parsers/index.js';
import { journalTextCases } from '../parsers/journal-text.cases.js';
import { klogCases } from '../parsers/klog.cases.js';
import { logrusCases } from '../parsers/logrus.cases.js';
import { systemdCases } from '../parsers/systemd.cases.js';
import { journalJsonCases } from '../parsers/journal-json.cases.js';
import { criCases } from '../parsers/cri.cases.js';
import { buildRecord } from '../src/pipeline/parse.js';
import { analyzeText } from './helpers.js';

// Real lines to mutate: most of what breaks a parser is a real line cut, doubled or spliced.
const REAL = [...Object.values(journalTextCases).flat(), ...klogCases, ...logrusCases, ...systemdCases, ...journalJsonCases, ...criCases]
  .map((c) => c.input)
  .filter((i): i is string => typeof i === 'string');

const mutated = fc.tuple(fc.constantFrom(...REAL), fc.nat(), fc.nat(), fc.string({ unit: 'binary', maxLength: 40 })).map(([line, a, b, junk]) => {
  const i = a % (line.length + 1);
  const j = i + (b % (line.length - i + 1));
  return line.slice(0, i) + junk + line.slice(j);
});
const anyLine = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 300 }), mutated);
const ctx = { defaultHost: null, defaultSource: null, boot: null, hostAliases: null };

describe('parsers under random and mutated input', () => {
  for (const p of ENVELOPES) {
    it(`${p.id} returns a record, a marker or null for any line, and never throws`, () => {
      fc.assert(
        fc.property(anyLine, (line) => {
          const r = p.parse(line);
          if (r && !('marker' in r)) {
            const rec = buildRecord(r, 1, line, ctx);
            expect(typeof rec.message).toBe('string');
          }
          p.continues?.(line, line);
        }),
        { numRuns: 400 },
      );
    });
  }

  for (const [id, p] of Object.entries(PAYLOADS)) {
    it(`the ${id} payload parser takes any message without throwing`, () => {
      fc.assert(
        fc.property(anyLine, (line) => {
          if (p.sniff(line)) p.parse(line, 'kubelet');
        }),
        { numRuns: 400 },
      );
    });
  }
});

describe('the pipeline under random input', () => {
  it('stores one event per non-blank line of any text, and finishes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyLine.map((l) => l.replace(/[\r\n]/g, ' ')), { minLength: 1, maxLength: 40 }), async (lines) => {
        const doc = await analyzeText(`${lines.join('\n')}\n`, ['--year', '2024', '--tz', 'UTC']);
        const nonBlank = lines.filter((l) => l.trim() !== '').length;
        // Markers (journal headers, boot separators) are read and counted as skipped, not events.
        expect(doc.stats.events).toBeLessThanOrEqual(nonBlank);
        expect(doc.stats.lines).toBe(lines.length);
      }),
      { numRuns: 60 },
    );
  });
});
