/**
 * A CPU profile of every `next start` process a benchmark starts, for finding where an instance's
 * time goes under load (docs/benchmarks.md). Node refuses --cpu-prof in NODE_OPTIONS, so this is
 * preloaded instead and uses the inspector:
 *   CPU_PROFILE_DIR=/tmp/prof NODE_OPTIONS="--import ./scripts/bench/lib/cpu-profile.mjs" npm run bench:roles -- ...
 * Each server writes <dir>/<pid>-<PORT>-<PURGE_ROLE>.cpuprofile when it exits; read it with
 * `npx tsx scripts/bench/cpu-profile-report.ts <file>` or Chrome's DevTools.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

const directory = process.env.CPU_PROFILE_DIR;
const isNextServer = /\bnext(\.js)?\s+start\b/.test(process.argv.join(' '));
if (directory && isNextServer) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  process.on('exit', () => {
    // The in-process inspector answers synchronously, so this runs before the process is gone.
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      mkdirSync(directory, { recursive: true });
      const name = `${process.pid}-${process.env.PORT ?? 'port'}-${process.env.PURGE_ROLE ?? 'all'}.cpuprofile`;
      writeFileSync(path.join(directory, name), JSON.stringify(result.profile));
    });
  });
}
