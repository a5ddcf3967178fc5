// One writing run per store: a second `analyze` (or `watch --db`) on the same file would drop the
// first one's half-read inputs as leftovers of a killed run. A lock file next to the store names
// the run holding it; a lock whose process is gone (kill -9, a crash) is taken over.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { KubesleuthError } from '../errors.js';

/** A held lock; `release` removes it (idempotent). */
export interface StoreLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed run whose parent is gone stays a zombie where nothing reaps orphans (a container
  // without an init): it answers signals but holds nothing.
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** Takes the write lock of the store at `path`, or fails with a message naming the run that holds it. */
export function lockStore(path: string): StoreLock {
  if (path === ':memory:') return { release() {} };
  const file = `${path}.lock`;
  const me = `${process.pid} ${hostname()} ${new Date().toISOString()}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, me);
      closeSync(fd);
      let held = true;
      return {
        release() {
          if (!held) return;
          held = false;
          try {
            if (readFileSync(file, 'utf8') === me) unlinkSync(file);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new KubesleuthError(`cannot lock store ${path}: ${(err as Error).message}`);
    }
    let owner = '';
    try {
      owner = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const [pid, host, since] = owner.trim().split(' ');
    // A lock from another machine (a shared disk) cannot be checked: it is respected.
    if (Number(pid) > 0 && host === hostname() && !alive(Number(pid))) {
      try {
        unlinkSync(file);
      } catch {
        // Another run took it over first; the next attempt sees its lock.
      }
      continue;
    }
    throw new KubesleuthError(`${path} is being written by another kubesleuth run (pid ${pid ?? '?'} on ${host ?? '?'} since ${since ?? '?'}); wait for it to finish, or use another --db`);
  }
  throw new KubesleuthError(`cannot lock store ${path}: ${file} keeps changing; is another run starting?`);
}
