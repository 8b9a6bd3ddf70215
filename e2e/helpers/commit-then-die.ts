/**
 * `tsx e2e/helpers/commit-then-die.ts <product id> '<product form JSON>'`
 *
 * Plays an app process that crashes right after a change commits and before it purges: it saves
 * the product through the same catalog code the dashboard uses (the change, its audit rows and
 * its outbox rows in one transaction), then kills itself with SIGKILL, so nothing after the
 * commit runs. The running shop must then converge on its own.
 */
import { updateProduct } from '../../lib/catalog/update-product';
import { productUpdateSchema } from '../../lib/validations/product-update';

async function main(): Promise<void> {
  const [id, form] = process.argv.slice(2);
  const input = productUpdateSchema.parse(JSON.parse(form ?? ''));
  await updateProduct(Number(id), input, { source: 'ADMIN', actor: 'crash-test@shop.test' });
  process.kill(process.pid, 'SIGKILL');
}

void main();
