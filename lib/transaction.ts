/**
 * Every interactive transaction of the app starts here, with bounds on how long it may wait.
 *
 * Without them a statement blocked by another transaction's row lock waits indefinitely (Prisma's
 * transaction timeout does not cancel a running statement), and the request answers 500 seconds
 * later. Here a lock wait ends after `lockTimeoutMs` and a statement after `statementTimeoutMs`,
 * both as a DatabaseBusyError, which the API wrapper answers with 503 and Retry-After.
 */
import { getDb } from './db';
import type { Prisma } from './generated/prisma/client';

export type Tx = Prisma.TransactionClient;

export interface TransactionLimits {
  /** Longest wait for a row lock held by another transaction. */
  lockTimeoutMs: number;
  /** Longest single statement. */
  statementTimeoutMs: number;
  /** Longest whole transaction (Prisma rolls it back after this). */
  timeoutMs: number;
  /** Longest wait for a pooled connection. */
  maxWaitMs: number;
}

/** For a request someone is waiting on: a form save, a webhook's application. */
export const INTERACTIVE_LIMITS: TransactionLimits = {
  lockTimeoutMs: 3_000,
  statementTimeoutMs: 10_000,
  timeoutMs: 15_000,
  maxWaitMs: 3_000,
};

/** The database could not do it now (a lock held too long, a timeout, no free connection): retry later. */
export class DatabaseBusyError extends Error {
  override name = 'DatabaseBusyError';
  constructor(
    message: string,
    /** A reasonable wait before retrying. */
    readonly retryAfterSeconds = 5,
  ) {
    super(message);
  }
}

/** Runs `work` in one transaction under `limits`; contention surfaces as DatabaseBusyError. */
export async function inTransaction<T>(
  work: (tx: Tx) => Promise<T>,
  limits: TransactionLimits = INTERACTIVE_LIMITS,
): Promise<T> {
  try {
    return await getDb().$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT set_config('lock_timeout', ${String(limits.lockTimeoutMs)}, true),
          set_config('statement_timeout', ${String(limits.statementTimeoutMs)}, true)`;
        return work(tx);
      },
      { maxWait: limits.maxWaitMs, timeout: limits.timeoutMs },
    );
  } catch (error) {
    throw busyErrorFrom(error) ?? error;
  }
}

// PostgreSQL: lock_timeout, statement_timeout, deadlock, serialization failure.
const BUSY_SQLSTATES: Record<string, string> = {
  '55P03': 'waited too long for a lock another change holds',
  '57014': 'a statement took too long',
  '40P01': 'a deadlock with another change',
  '40001': 'a conflicting concurrent change',
};
// Prisma: interactive transaction expired or could not start; no connection free in time.
const BUSY_PRISMA_CODES: Record<string, string> = {
  P2028: 'the transaction ran out of time',
  P2024: 'no database connection was free in time',
};

/** The DatabaseBusyError `error` stands for, or null when it is something else. */
export function busyErrorFrom(error: unknown): DatabaseBusyError | null {
  if (error instanceof DatabaseBusyError) return error;
  if (typeof error !== 'object' || error === null) return null;
  if (/timeout exceeded when trying to connect/i.test(String((error as { message?: unknown }).message))) {
    return new DatabaseBusyError(
      'Nothing was changed: no database connection was free in time. Try again in a few seconds.',
    );
  }
  const { code, meta } = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { code?: unknown } } } };
  const sqlState = meta?.driverAdapterError?.cause?.code;
  const reason =
    (typeof sqlState === 'string' ? BUSY_SQLSTATES[sqlState] : undefined) ??
    (typeof code === 'string' ? BUSY_PRISMA_CODES[code] : undefined);
  return reason ? new DatabaseBusyError(`Nothing was changed: ${reason}. Try again in a few seconds.`) : null;
}
