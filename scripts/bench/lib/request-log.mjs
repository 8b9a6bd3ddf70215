/**
 * A log of every request each `next start` process a benchmark starts answers, for telling time
 * spent before a request reaches Next from time spent in it (docs/benchmarks.md):
 *   REQUEST_LOG_DIR=/tmp/requests NODE_OPTIONS="--import ./scripts/bench/lib/request-log.mjs" npm run bench:roles -- ...
 * Each server appends to <dir>/<PURGE_ROLE>-<PORT>.log one line per answered request: when its
 * `request` event came (epoch ms), how long until the answer was sent (ms), whether it was the first
 * request on its connection (`new`) or not (`reuse`), the method and the URL.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const directory = process.env.REQUEST_LOG_DIR;
const isNextServer = /\bnext(\.js)?\s+start\b/.test(process.argv.join(' '));
if (directory && isNextServer) {
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `${process.env.PURGE_ROLE ?? 'all'}-${process.env.PORT ?? 'port'}.log`);
  const seen = new WeakSet();
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (event, ...args) {
    if (event === 'request') {
      const [req, res] = args;
      const started = Date.now();
      const connection = seen.has(req.socket) ? 'reuse' : 'new';
      seen.add(req.socket);
      res.on('finish', () =>
        appendFileSync(file, `${started} ${Date.now() - started} ${connection} ${req.method} ${req.url}\n`),
      );
    }
    return emit.call(this, event, ...args);
  };
}
