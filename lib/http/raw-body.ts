import type { IncomingMessage } from 'node:http';
import { HttpError } from './errors';

/** Webhook bodies are a few kilobytes; anything this large is not one. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The request body exactly as sent. Signatures (Stripe, Shopify) cover these bytes, so routes
 * that verify one turn off Next's body parser (`config.api.bodyParser = false`) and read this.
 */
export async function readRawBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > limit) throw new HttpError(413, 'Request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** A header's single value (Node joins repeated ones into an array). */
export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
