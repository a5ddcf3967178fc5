#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/ (built by `npm install` through the prepare script).
import('../dist/src/cli/main.js').then((m) => m.main(process.argv.slice(2))).catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('kubesleuth: not built yet; run `npm install` (or `npm run build`) in the project folder\n');
  } else {
    process.stderr.write(`kubesleuth: ${err && err.message ? err.message : String(err)}\n`);
  }
  process.exit(2);
});
