/**
 * The quick start: one command from a fresh clone to a running shop with sample data.
 * Database (embedded unless DATABASE_URL is set) -> migrations -> sample catalog if empty ->
 * the admin account -> `next build` if the sources, database or page settings changed ->
 * `next start` on $PORT (default 3000).
 */
import { adminLine, prepareDemoShop, tryItLines } from './lib/demo-shop';
import { bin } from './lib/repo';
import { runCommand } from './lib/run-command';
import { runMain } from './lib/run-main';

async function main(): Promise<number> {
  const { env, release } = await prepareDemoShop();
  try {
    const port = process.env.PORT ?? '3000';
    const origin = `http://localhost:${port}`;
    console.log(`\n  Shop:  ${origin}/`);
    console.log(adminLine(env, origin));
    for (const line of tryItLines(env, origin)) console.log(line);
    return await runCommand(bin('next'), ['start', '-p', port], env);
  } finally {
    await release();
  }
}

runMain(main);
