import type { Mismatch, VerificationReport } from './types';

/** One line per mismatch: page, kind, product/sku, expected vs shown. */
export function formatMismatch(mismatch: Mismatch): string {
  const subject = [mismatch.product, mismatch.sku && `sku ${mismatch.sku}`].filter(Boolean).join(' ');
  return `${mismatch.page}  ${mismatch.kind}${subject ? `  ${subject}` : ''}: expected ${mismatch.expected}, shown ${mismatch.shown}`;
}

/** The closing line: what was checked and whether it all matched. */
export function formatSummary(report: VerificationReport): string {
  const seconds = (report.durationMs / 1000).toFixed(1);
  const verdict =
    report.mismatches.length === 0 ? 'every price matches the database' : `${report.mismatches.length} mismatch(es)`;
  return `verify:prices ${report.baseUrl}: ${report.pagesChecked} pages, ${report.pricesChecked} prices checked in ${seconds} s: ${verdict}`;
}
