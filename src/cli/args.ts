// Command-line parsing on node:util parseArgs, with its errors turned into one-line usage errors.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Readable } from 'node:stream';
import { KubesleuthError } from '../errors.js';

/** What a command talks to; injected so tests run commands in-process. */
export interface Io {
  stdin: Readable;
  stdinIsTTY: boolean;
  out: NodeJS.WriteStream;
  err: NodeJS.WriteStream;
  /** Wall clock in µs, read once at start. */
  now: number;
}

/** Parses argv strictly; an unknown or malformed flag is a usage error naming the command. */
export function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O, command: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const msg = (err as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/^Unknown option '(.+?)'.*$/s, "unknown option '$1'");
    throw new KubesleuthError(`${command}: ${msg} (see kubesleuth ${command} --help)`);
  }
}
