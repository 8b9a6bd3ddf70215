/**
 * `npm run admin:create -- --email a@b.c [--password '...'] [--name 'X']`: creates an admin, or
 * resets the password of an existing one. Without --password it reads ADMIN_PASSWORD, which
 * keeps the password out of the shell history and the process list.
 */
import { parseArgs } from 'node:util';
import { getDb } from '../../lib/db';
import { getEnv } from '../../lib/env';
import { upsertAdmin } from '../../lib/admin/upsert-admin';
import { runMain } from '../lib/run-main';

const USAGE = "usage: npm run admin:create -- --email a@b.c [--password '...'] [--name 'X']";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
  });
  if (!values.email) throw new Error(USAGE);
  const password = values.password ?? getEnv().ADMIN_PASSWORD;
  if (!password) throw new Error(`${USAGE}\n(without --password, ADMIN_PASSWORD must be set)`);
  try {
    const admin = await upsertAdmin({ email: values.email, password, name: values.name });
    console.log(`admin ${admin.email} (${admin.name}) is ready; sign in at /admin/login`);
  } finally {
    await getDb().$disconnect();
  }
}

runMain(main);
