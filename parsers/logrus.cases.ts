// logrus / slog text lines from dockerd and containerd (seeds 000 and 003; formats.md §4.1).
import type { ParserCase } from './types.js';

/** Payload cases. */
export const logrusCases: ParserCase[] = [
  {
    name: 'seed 000 error with error= and id=',
    input: 'time="2017-10-10T20:55:30.790401257Z" level=error msg="containerd: start container" error="containerd: container did not start before the specified timeout" id=abd267ef08b4a4184e19307be784d62470f9a713b59e406249c6cdf0bb333260',
    expect: { priority: 3, message: 'containerd: start container', time: { kind: 'abs', us: 1507668930790401 }, fields: { error: 'containerd: container did not start before the specified timeout', id: 'abd267ef08b4a4184e19307be784d62470f9a713b59e406249c6cdf0bb333260' } },
  },
  {
    name: 'seed 003 info line with unquoted bool and int',
    input: 'time="2020-01-30T23:27:57.175479212Z" level=info msg="shim containerd-shim started" address="/containerd-shim/moby/3b800a25/shim.sock" debug=false pid=6774',
    expect: { priority: 6, message: 'shim containerd-shim started', fields: { debug: 'false', pid: '6774' } },
  },
  { name: 'warning level word', input: 'time="2020-01-30T23:27:56.558110997Z" level=warning msg="Published ports are discarded when using host network mode"', expect: { priority: 4 } },
  { name: 'containerd 1.0 second-precision time', input: 'time="2018-03-04T05:06:07Z" level=info msg="starting containerd" module=containerd revision=773c489c9c1b21a6d78b5c538cd395416ec50f88 version=v1.0.3', expect: { time: { kind: 'abs', us: 1520139967000000 }, fields: { module: 'containerd' } } },
  { name: 'local zone offset', input: 'time="2024-01-02T11:04:05.000000000+08:00" level=info msg=hello', expect: { message: 'hello', time: { kind: 'abs', us: 1704164645000000 } } },
  { name: 'Go slog text handler', input: 'time=2024-01-02T03:04:05.000Z level=INFO msg="loading plugin" id=io.containerd.grpc.v1.cri', expect: { priority: 6, message: 'loading plugin' } },
  { name: 'logrus 1.0.0 unescaped quotes stay readable', input: 'time="2017-06-04T02:30:02Z" level=info msg="Loading containers: done."', expect: { message: 'Loading containers: done.' } },
  { name: 'near miss: no level', input: 'time="2017-06-04T02:30:02Z" msg="x"', expect: null },
  { name: 'near miss: plain text', input: 'http: multiple response.WriteHeader calls', expect: null },
];

/** Envelope cases of a bare docker.log. */
export const logrusFileCases: ParserCase[] = [
  { name: 'a logrus line is its own message', input: 'time="2017-10-10T20:55:30.790923460Z" level=error msg="Create container failed with error: containerd: container did not start before the specified timeout"', expect: { host: null, ident: null } },
  { name: "Go's log package line in docker.log stays a message", input: 'http: multiple response.WriteHeader calls', expect: { message: 'http: multiple response.WriteHeader calls' } },
];
