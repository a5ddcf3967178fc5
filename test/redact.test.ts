// --redact: secrets masked in everything printed, the store keeping the raw lines.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { redactor } from '../src/report/redact.js';
import { cli, tempDir } from './helpers.js';

const secrets = redactor({ ips: false, emails: false });
const all = redactor({ ips: true, emails: true });

describe('redaction', () => {
  it.each([
    ['Authorization: Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJlLXNpZ24', 'Authorization: Bearer [REDACTED]'],
    ['map[Authorization:[Basic dXNlcjpodW50ZXIy] User-Agent:[kubelet]]', 'map[Authorization:[Basic [REDACTED]] User-Agent:[kubelet]]'],
    ['pulling from https://robot:s3cr3tP4ss@registry.example.com/app:v1', 'pulling from https://robot:[REDACTED]@registry.example.com/app:v1'],
    ['level=info msg="login" password=hunter22 user=admin', 'level=info msg="login" password=[REDACTED] user=admin'],
    ['{"client_secret": "abcd1234efgh", "grant": "x"}', '{"client_secret": "[REDACTED]", "grant": "x"}'],
    ['aws: using key AKIAIOSFODNN7EXAMPLE for s3', 'aws: using key [REDACTED] for s3'],
    ['token: 5f4dcc3b5aa765d61d8327deb882cf99', 'token: [REDACTED]'],
  ])('masks the secret in %s', (line, want) => {
    expect(secrets(line)).toBe(want);
  });

  it.each([
    'Failed to get token from the metadata service: context deadline exceeded',
    'Liveness probe failed: HTTP probe failed with statuscode: 500',
    'kubelet.go:2125] Container runtime not ready: RuntimeReady=false',
    'Started Kubernetes Kubelet.',
  ])('leaves a line without secrets as it is: %s', (line) => {
    expect(secrets(line)).toBe(line);
  });

  it('masks IPs and emails only when asked, one label per address, MAC addresses kept', () => {
    const line = 'dial tcp 10.1.2.3:8080 and 10.1.2.3:9090 and 10.9.9.9 from fe80::1c2f:3dff:fe4a:77b1 mac 02:42:ac:11:00:02 mail ops@example.com';
    expect(secrets(line)).toBe(line);
    expect(all(line)).toBe('dial tcp [IP-1]:8080 and [IP-1]:9090 and [IP-2] from [IP-3] mac 02:42:ac:11:00:02 mail [EMAIL-1]');
    expect(redactor({ ips: true, emails: false })('lost contact with 10.0.0.5. Version 1.2.3.4.5 stays.')).toBe('lost contact with [IP-1]. Version 1.2.3.4.5 stays.');
  });
});

describe('--redact on the commands', () => {
  const log = [
    'Jun 04 02:38:08 10.0.0.5 systemd[1]: flanneld.service: Main process exited, code=exited, status=1/FAILURE',
    'Jun 04 02:38:08 10.0.0.5 flanneld[911]: E0604 02:38:08.000000     911 main.go:1] etcd https://root:etcdpass1@10.0.0.9:2379 refused, Authorization: Bearer abcdefgh12345678',
    'Jun 04 02:38:08 10.0.0.5 systemd[1]: Failed to start Flannel Network Fabric.',
    'Jun 04 02:38:13 10.0.0.5 systemd[1]: Dependency failed for Docker Application Container Engine.',
    "Jun 04 02:38:13 10.0.0.5 systemd[1]: docker.service: Job docker.service/start failed with result 'dependency'.",
  ].join('\n');

  it('masks analyze output, timeline, search and report, while the store keeps the raw line', async () => {
    const db = join(tempDir(), 'r.db');
    const a = await cli(['analyze', '--json', '--redact-ips', '--year', '2017', '--db', db], log);
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('[IP-1]');
    expect(a.stdout).not.toMatch(/etcdpass1|abcdefgh12345678|10\.0\.0\.[59]/);
    for (const args of [['timeline', '--json'], ['search', 'etcd']]) {
      const plain = await cli([...args, '--db', db]);
      const masked = await cli([...args, '--db', db, '--redact']);
      expect(plain.stdout).toContain('etcdpass1');
      expect(masked.stdout).not.toMatch(/etcdpass1|abcdefgh12345678/);
      expect(masked.stdout).toContain('root:[REDACTED]@');
    }
    for (const format of ['markdown', 'html']) {
      const plain = await cli(['report', '--format', format, '--db', db]);
      const masked = await cli(['report', '--format', format, '--db', db, '--redact-ips']);
      expect(plain.stdout).toContain('10.0.0.5');
      expect(masked.stdout).not.toContain('10.0.0.5');
      expect(masked.stdout).toContain('[IP-1]');
    }
    const store = new Database(db, { readonly: true });
    expect((store.prepare(`SELECT COUNT(*) AS n FROM events WHERE raw LIKE '%etcdpass1%'`).get() as { n: number }).n).toBe(1);
    store.close();
  });
});
