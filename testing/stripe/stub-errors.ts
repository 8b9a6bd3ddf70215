/** Errors the Stripe stub answers with, in Stripe's shape and words. */
import { unixNow } from './fixtures/ids';

export interface StripeErrorBody {
  type: 'invalid_request_error' | 'api_error' | 'idempotency_error';
  message: string;
  code?: string;
  param?: string;
}

export class StubError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    /** A failure from `failNext`; the SDK may retry those like real 5xx answers. */
    readonly simulated = false,
  ) {
    super(body.message);
  }
}

const DOC_URLS: Record<string, string> = {
  resource_missing: 'https://stripe.com/docs/error-codes/resource-missing',
  parameter_unknown: 'https://stripe.com/docs/error-codes/parameter-unknown',
  parameter_missing: 'https://stripe.com/docs/error-codes/parameter-missing',
  parameter_invalid_integer: 'https://stripe.com/docs/error-codes/parameter-invalid-integer',
  parameter_invalid_empty: 'https://stripe.com/docs/error-codes/parameter-invalid-empty',
  url_invalid: 'https://stripe.com/docs/error-codes/url-invalid',
  email_invalid: 'https://stripe.com/docs/error-codes/email-invalid',
  checkout_session_expired: 'https://stripe.com/docs/error-codes/checkout-session-expired',
};

export function errorBody(error: StripeErrorBody, requestId: string): { error: Record<string, string> } {
  const body: Record<string, string> = {};
  if (error.code !== undefined) body.code = error.code;
  const docUrl = error.code === undefined ? undefined : DOC_URLS[error.code];
  if (docUrl !== undefined) body.doc_url = docUrl;
  body.message = error.message;
  if (error.param !== undefined) body.param = error.param;
  body.request_log_url = `https://dashboard.stripe.com/test/logs/${requestId}?t=${unixNow()}`;
  body.type = error.type;
  return { error: body };
}

export function missing(noun: string, id: string, param: string, status = 404): StubError {
  return new StubError(status, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `No such ${noun}: '${id}'`,
    param,
  });
}

export function invalid(message: string, param: string, code?: string): StubError {
  return new StubError(400, { type: 'invalid_request_error', message, param, ...(code === undefined ? {} : { code }) });
}

export function missingParam(param: string): StubError {
  return invalid(`Missing required param: ${param}.`, param, 'parameter_missing');
}

export function unknownParam(param: string): StubError {
  return invalid(`Received unknown parameter: ${param}`, param, 'parameter_unknown');
}

export function notImplemented(what: string): StubError {
  return new StubError(501, { type: 'api_error', message: `The Stripe stub does not implement ${what}.` });
}
