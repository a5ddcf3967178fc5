// The post-mortem draft as one self-contained HTML page: the Markdown draft's content, a chart of
// events per minute per host coloured by severity with the findings marked on the time axis, and
// a filterable evidence table. No network fetches: styles, script and the SVG chart are inline.
import type { FindingOut } from './model.js';
import { impactOf } from './markdown.js';
import { spanText, type PostMortem } from './postmortem.js';

const esc = (s: string | number | null | undefined) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const short = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, '') : '?');
const SEV_COLOR: Record<string, string> = { critical: '#b30000', high: '#e34a33', medium: '#f0a500', low: '#3b8bc2', info: '#888' };
const BAND_COLOR = { error: '#d7301f', warning: '#f0a500', other: '#9aa5b1' } as const;

const WIDTH = 1100;
const LEFT = 250;
const LANE = 30;
const MAX_BINS = 800;

/** Events per minute per host, as an inline SVG; findings marked where they start. */
export function chartSvg(pm: PostMortem): string {
  const hosts = [...new Set(pm.perMinute.map((p) => p.host))].sort();
  if (!hosts.length) return '<p>No timed events to chart.</p>';
  const minutes = pm.perMinute.map((p) => p.minute);
  const lo = Math.min(...minutes);
  const hi = Math.max(...minutes) + 1;
  const bin = Math.max(1, Math.ceil((hi - lo) / MAX_BINS));
  const bins = Math.ceil((hi - lo) / bin);
  const plotW = WIDTH - LEFT - 20;
  const bw = plotW / bins;
  const counts = new Map<string, { error: number; warning: number; other: number }>();
  for (const p of pm.perMinute) {
    const k = `${p.host}\u0000${Math.floor((p.minute - lo) / bin)}`;
    const c = counts.get(k) ?? counts.set(k, { error: 0, warning: 0, other: 0 }).get(k)!;
    c[p.band] += p.n;
  }
  const max = Math.max(...[...counts.values()].map((c) => c.error + c.warning + c.other));
  const scale = (n: number) => (n <= 0 ? 0 : ((LANE - 8) * Math.log1p(n)) / Math.log1p(max));
  const height = hosts.length * LANE + 50;
  const x = (minute: number) => LEFT + ((minute - lo) / (hi - lo)) * plotW;
  const parts: string[] = [`<svg id="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="events per minute per host">`];
  hosts.forEach((h, i) => {
    const base = 20 + (i + 1) * LANE - 4;
    parts.push(`<text x="${LEFT - 8}" y="${base - 6}" text-anchor="end" class="lane">${esc(h.length > 38 ? `${h.slice(0, 37)}…` : h)}</text>`, `<line x1="${LEFT}" x2="${WIDTH - 20}" y1="${base}" y2="${base}" class="axis"/>`);
    for (let b = 0; b < bins; b++) {
      const c = counts.get(`${h}\u0000${b}`);
      if (!c) continue;
      let top = base;
      for (const band of ['other', 'warning', 'error'] as const) {
        if (!c[band]) continue;
        // Stacked on a log scale of the total, split in proportion.
        const hgt = (scale(c.error + c.warning + c.other) * c[band]) / (c.error + c.warning + c.other);
        top -= hgt;
        parts.push(`<rect class="bar" x="${(LEFT + b * bw).toFixed(1)}" y="${top.toFixed(1)}" width="${Math.max(1, bw - 0.5).toFixed(1)}" height="${hgt.toFixed(1)}" fill="${BAND_COLOR[band]}"><title>${esc(h)} ${esc(short(new Date((lo + b * bin) * 60000).toISOString()))}: ${c[band]} ${band}</title></rect>`);
      }
    }
  });
  for (const f of pm.findings) {
    if (!f.start) continue;
    const i = hosts.indexOf(f.host);
    const fx = x(Date.parse(f.start) / 60000);
    const y0 = 20 + i * LANE + 4;
    parts.push(`<g class="marker"><line x1="${fx.toFixed(1)}" x2="${fx.toFixed(1)}" y1="14" y2="${height - 30}" stroke="${SEV_COLOR[f.severity]}" stroke-dasharray="3 3"/><path d="M${fx.toFixed(1)} ${i >= 0 ? y0 : 14} l-5 -8 h10 z" fill="${SEV_COLOR[f.severity]}"/><text x="${(fx + 4).toFixed(1)}" y="12" class="mark">#${f.id}</text><title>#${f.id} ${esc(f.rule)} on ${esc(f.host)} ${esc(short(f.start))}</title></g>`);
  }
  for (let t = 0; t <= 5; t++) {
    const m = lo + ((hi - lo) * t) / 5;
    parts.push(`<text x="${x(m).toFixed(1)}" y="${height - 12}" text-anchor="middle" class="tick">${esc(short(new Date(m * 60000).toISOString()))}</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

function findingHtml(f: FindingOut, byId: Map<number, FindingOut>): string {
  const ref = (id: number) => `<a href="#f${id}">#${id} ${esc(byId.get(id)?.rule)}</a>`;
  return `<section class="finding" id="f${f.id}"><h3><span class="sev" style="background:${SEV_COLOR[f.severity]}">${esc(f.severity)}</span> #${f.id} ${esc(f.rule)} — ${esc(f.host)}</h3>
<p><b>${esc(f.title)}.</b> ${esc(f.summary)}</p>
<ul><li><b>When:</b> ${esc(spanText(f.start, f.end))} UTC</li><li><b>Status:</b> ${f.status === 'resolved' ? `resolved at ${esc(short(f.resolved))} UTC` : 'open at the end of the logs'}</li>
${f.caused_by.length ? `<li><b>Caused by:</b> ${f.caused_by.map(ref).join(', ')}</li>` : ''}${f.causes.length ? `<li><b>Led to:</b> ${f.causes.map(ref).join(', ')}</li>` : ''}</ul>
<p><b>Why it matters.</b> ${esc(f.explanation)}</p><p><b>What to do.</b> ${esc(f.remediation)}</p>
${f.references.length ? `<p><b>References:</b> ${f.references.map((r) => `<a href="${esc(r)}">${esc(r)}</a>`).join(', ')}</p>` : ''}</section>`;
}

const STYLE = `body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0 auto;max-width:1150px;padding:16px 24px;color:#1d2329}
h1{font-size:22px}h2{border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:28px}h3{font-size:16px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #eee;padding:3px 6px;text-align:left;vertical-align:top}
td.msg{font-family:ui-monospace,monospace;word-break:break-word}.sev{color:#fff;border-radius:3px;padding:1px 6px;font-size:12px}
.lane{font:11px ui-monospace,monospace;fill:#333}.tick{font:11px system-ui;fill:#555}.mark{font:bold 11px system-ui;fill:#333}.axis{stroke:#ccc}
.meta{color:#555}.filters{margin:8px 0;display:flex;gap:8px}.filters input{flex:1;padding:4px}.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}
ul.tl{list-style:none;padding-left:0}ul.tl li{margin:2px 0}ul.tl li.ev{padding-left:24px;color:#444;font-family:ui-monospace,monospace;font-size:12px}`;

const SCRIPT = `(function(){var q=document.getElementById('q'),h=document.getElementById('h'),s=document.getElementById('s'),n=document.getElementById('n');
var rows=[].slice.call(document.querySelectorAll('#evidence tbody tr'));
function apply(){var t=q.value.toLowerCase(),hv=h.value,sv=s.value,shown=0;rows.forEach(function(r){var ok=(!t||r.textContent.toLowerCase().indexOf(t)>=0)&&(!hv||r.dataset.host===hv)&&(!sv||r.dataset.sev===sv);r.style.display=ok?'':'none';if(ok)shown++;});n.textContent=shown+' of '+rows.length+' lines';}
[q,h,s].forEach(function(e){e.addEventListener('input',apply);});apply();})();`;

/** The draft as one self-contained HTML page. */
export function renderHtml(pm: PostMortem): string {
  const byId = new Map(pm.findings.map((f) => [f.id, f]));
  const affected = pm.nodes.filter((n) => n.findings.length);
  const impact = impactOf(pm.findings);
  const evidence = pm.findings.flatMap((f) => f.evidence.map((e) => ({ f, e })));
  const hosts = [...new Set(evidence.map((x) => x.f.host))].sort();
  const body = [
    `<h1>Post-mortem draft: ${esc(pm.title)}</h1>`,
    `<p class="meta">Drafted by kubesleuth on ${esc(short(pm.generated))} UTC from ${pm.inputs.count} input(s), ${pm.inputs.events} events (${esc(short(pm.inputs.first))} → ${esc(short(pm.inputs.last))} UTC). The findings and their evidence are facts from the logs; the conclusions and action items are for you to confirm.</p>`,
    '<h2>Summary</h2>',
    pm.findings.length
      ? `<ul>${pm.chains.map((c) => `<li><b>What:</b> ${esc(c.root.title)} on ${esc(c.root.host)} (<a href="#f${c.root.id}">#${c.root.id} ${esc(c.root.rule)}</a>)${c.below.length ? `, which led to ${c.below.map((b) => `<a href="#f${b.id}">${esc(b.rule)}</a>`).join(' → ')}` : ''}. ${esc(c.root.summary)}</li>`).join('')}
<li><b>Where:</b> ${affected.length} of ${pm.nodes.length} node(s): ${affected.map((n) => esc(n.host)).join(', ')}</li>
<li><b>Impact:</b> ${pm.findings.length} finding(s)${impact.length ? `; named in them: ${impact.map(([k, vs]) => `${esc(k)} ${vs.slice(0, 8).map(esc).join(', ')}${vs.length > 8 ? ` and ${vs.length - 8} more` : ''}`).join('; ')}` : ''}</li>
${pm.fleet.map((x) => `<li><b>Fleet:</b> ${esc(x.rule)} on ${x.hosts.length} nodes within an hour (${x.hosts.map(esc).join(', ')})</li>`).join('')}</ul>`
      : `<p>Nothing in these logs matched a rule: ${pm.nodes.length} node(s), ${pm.inputs.events} events.</p>`,
    '<h2>Events per minute</h2>',
    `<p class="legend">per host, log scale:<span style="background:${BAND_COLOR.error}"></span>err and worse<span style="background:${BAND_COLOR.warning}"></span>warning<span style="background:${BAND_COLOR.other}"></span>other; dashed lines: findings</p>`,
    chartSvg(pm),
    '<h2>Affected nodes</h2>',
    `<table><thead><tr><th>node</th><th>worst</th><th>findings</th><th>events</th><th>first (UTC)</th><th>last (UTC)</th></tr></thead><tbody>${pm.nodes.map((n) => `<tr><td>${esc(n.host)}</td><td>${esc(n.worst ?? '—')}</td><td>${n.findings.map((id) => `<a href="#f${id}">#${id} ${esc(byId.get(id)!.rule)}</a>`).join(', ') || '—'}</td><td>${n.events}</td><td>${esc(short(n.first))}</td><td>${esc(short(n.last))}</td></tr>`).join('')}</tbody></table>`,
    '<h2>Timeline (UTC)</h2>',
    `<ul class="tl">${pm.timeline.map((e) => (e.kind === 'evidence' ? `<li class="ev">${esc(short(e.ts).slice(11))} ${esc(e.text)}</li>` : `<li><code>${esc(short(e.ts))}</code> <b>${esc(e.host)}</b> — ${e.kind === 'finding' ? `<b>finding <a href="#f${e.finding}">#${e.finding}</a></b> ` : `#${e.finding} `}${esc(e.text)}</li>`)).join('')}</ul>`,
    '<h2>Findings</h2>',
    ...pm.findings.map((f) => findingHtml(f, byId)),
    '<h2>Likely cause chain</h2>',
    pm.chains.some((c) => c.below.length) ? `<ul>${pm.chains.filter((c) => c.below.length).map((c) => `<li>On ${esc(c.root.host)}: ${[c.root, ...c.below].map((f) => `<a href="#f${f.id}">#${f.id} ${esc(f.rule)}</a>`).join(' → ')}</li>`).join('')}</ul>` : '<p>No finding was linked to another by a known chain: each stands on its own.</p>',
    '<h2>Action items</h2>',
    `<ul>${[...new Map(pm.findings.map((f) => [f.rule, f])).values()].map((f) => `<li><input type="checkbox"> <b>${esc(f.rule)}</b>: ${esc(f.remediation)}</li>`).join('')}</ul>`,
    '<h2>Evidence</h2>',
    `<div class="filters"><input id="q" placeholder="filter evidence…"><select id="h"><option value="">all hosts</option>${hosts.map((h) => `<option>${esc(h)}</option>`).join('')}</select><select id="s"><option value="">all findings' severities</option>${['critical', 'high', 'medium', 'low', 'info'].map((s) => `<option>${s}</option>`).join('')}</select><span id="n"></span></div>`,
    `<table id="evidence"><thead><tr><th>time (UTC)</th><th>host</th><th>finding</th><th>source</th><th>message</th><th>file:line</th></tr></thead><tbody>${evidence.map(({ f, e }) => `<tr data-host="${esc(f.host)}" data-sev="${esc(f.severity)}"><td>${esc(short(e.ts))}</td><td>${esc(f.host)}</td><td><a href="#f${f.id}">#${f.id}</a></td><td>${esc(e.source)}${e.unit ? `/${esc(e.unit)}` : ''}</td><td class="msg">${esc(e.message)}</td><td>${esc(e.input)}:${e.line}</td></tr>`).join('')}</tbody></table>`,
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(pm.title)}</title><style>${STYLE}</style></head><body>${body.join('\n')}<script>${SCRIPT}</script></body></html>\n`;
}
