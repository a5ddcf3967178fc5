// Journal Export Format entries (docs/JOURNAL_EXPORT_FORMATS.md; formats.md §1.6).

/** Framing cases: input is the raw export text; expect lists the entries' fields (null = an unreadable record). */
export const journalExportCases: Array<{ name: string; input: Buffer; expect: Array<Record<string, unknown> | null> }> = [
  { name: 'two text entries', input: Buffer.from('__REALTIME_TIMESTAMP=1\nMESSAGE=a\n_HOSTNAME=n\n\n__REALTIME_TIMESTAMP=2\nMESSAGE=b\n\n'), expect: [{ MESSAGE: 'a', _HOSTNAME: 'n' }, { MESSAGE: 'b' }] },
  {
    name: 'binary field with an embedded blank line',
    input: Buffer.concat([Buffer.from('__REALTIME_TIMESTAMP=1\nMESSAGE\n'), Buffer.from([7, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('a\n\nb\x00cd\n'), Buffer.from('SYSLOG_IDENTIFIER=x\n\n')]),
    expect: [{ MESSAGE: 'a\n\nb\u0000cd', SYSLOG_IDENTIFIER: 'x' }],
  },
  { name: 'repeated field', input: Buffer.from('MESSAGE=m\n_UDEV_DEVLINK=/dev/a\n_UDEV_DEVLINK=/dev/b\n\n'), expect: [{ _UDEV_DEVLINK: ['/dev/a', '/dev/b'] }] },
  { name: 'last entry without its blank line', input: Buffer.from('MESSAGE=end\n'), expect: [{ MESSAGE: 'end' }] },
  { name: 'junk line between entries is kept as unreadable', input: Buffer.from('MESSAGE=a\n\nthis is not a field\nMESSAGE=b\n\n'), expect: [{ MESSAGE: 'a' }, null, { MESSAGE: 'b' }] },
  { name: 'binary field cut short at the end', input: Buffer.concat([Buffer.from('MESSAGE\n'), Buffer.from([50, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('short')]), expect: [null] },
];
