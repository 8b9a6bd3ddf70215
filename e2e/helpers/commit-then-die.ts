/**
 * `tsx e2e/helpers/commit-then-die.ts <product id> '<product form JSON>'`
 *
 * Plays an app process that crashes right after a change commits and before it purges: it saves
 * the product through the same change road the dashboard uses (the change, its audit rows and
 * its outbox rows in one transaction) without regenerating, then kills itself with SIGKILL, so
 * nothing after the commit runs. The running shop must then converge on its own.
 */
import { updateProduct } from '../../lib/catalog/update-product';
import { commitCatalogChange } from '../../lib/changes/commit-catalog-change';
import { productUpdateSchema } from '../../lib/validations/product-update';

async function main(): Promise<void> {
  const [id, form] = process.argv.slice(2);
  const input = productUpdateSchema.parse(JSON.parse(form ?? ''));
  const author = { source: 'ADMIN' as const, actor: 'crash-test@shop.test' };
  await commitCatalogChange(author, (scope) => updateProduct(scope, Number(id), input));
  process.kill(process.pid, 'SIGKILL');
}

void main();
