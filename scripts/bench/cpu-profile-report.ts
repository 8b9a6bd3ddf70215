/**
 * What a CPU profile (scripts/bench/lib/cpu-profile.mjs, or node --cpu-prof) says:
 *   npx tsx scripts/bench/cpu-profile-report.ts <file.cpuprofile> [--from <s>] [--to <s>] [--top 25]
 * Prints how busy the process was in each second since the profile began, then, for the window
 * --from..--to (seconds; default the whole profile), the functions with the most time of their
 * own and the most time including what they called.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runMain } from '../lib/run-main';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const label = ({ callFrame: { functionName, url, lineNumber } }: ProfileNode) =>
  `${functionName || '(anonymous)'} ${url
    .replace(/.*node_modules\//, '')
    .split('/')
    .slice(-2)
    .join('/')}:${lineNumber}`;

function top(times: Map<string, number>, total: number, count: number): string[] {
  return [...times]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(
      ([name, us]) =>
        `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${name}`,
    );
}

function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { from: { type: 'string' }, to: { type: 'string' }, top: { type: 'string', default: '25' } },
  });
  const file = positionals[0];
  if (!file) throw new Error('usage: cpu-profile-report.ts <file.cpuprofile> [--from s] [--to s] [--top n]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const [from, to] = [Number(values.from ?? 0) * 1e6, Number(values.to ?? Infinity) * 1e6];

  const seconds = new Map<number, { busy: number; all: number }>();
  const own = new Map<string, number>();
  const including = new Map<string, number>();
  let elapsed = 0;
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    elapsed += delta;
    const node = nodes.get(id);
    if (!node) return;
    const second = seconds.get(Math.floor(elapsed / 1e6)) ?? { busy: 0, all: 0 };
    second.all += delta;
    if (node.callFrame.functionName !== '(idle)') second.busy += delta;
    seconds.set(Math.floor(elapsed / 1e6), second);
    if (elapsed < from || elapsed > to) return;
    total += delta;
    own.set(label(node), (own.get(label(node)) ?? 0) + delta);
    const counted = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
      const name = label(nodes.get(at) as ProfileNode);
      if (!counted.has(name)) including.set(name, (including.get(name) ?? 0) + delta);
      counted.add(name);
    }
  });
  console.log('busy % per second since the profile began (second:percent):');
  console.log([...seconds].map(([s, { busy, all }]) => `${s}:${Math.round((100 * busy) / all)}`).join(' '));
  console.log(`\nwindow ${values.from ?? 0}..${values.to ?? 'end'} s: ${(total / 1000).toFixed(0)} ms sampled`);
  console.log('\nmost time of their own:');
  for (const line of top(own, total, Number(values.top))) console.log(line);
  console.log('\nmost time including what they called:');
  for (const line of top(including, total, Number(values.top) * 2)) console.log(line);
  return Promise.resolve();
}

runMain(main);
