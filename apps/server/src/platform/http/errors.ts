import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import type { ApiErrorBody } from '@loopline/shared';

/** An error a user caused or may see; everything else is a 500 and a bug. */
export class AppError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, details?: unknown) => new AppError(400, code, message, details);
export const unauthorized = (message = 'authentication required', code = 'UNAUTHENTICATED') => new AppError(401, code, message);
export const forbidden = (message: string, details?: unknown) => new AppError(403, 'FORBIDDEN', message, details);
export const notFound = (what: string) => new AppError(404, 'NOT_FOUND', `${what} not found`);
export const conflict = (code: string, message: string, details?: unknown) => new AppError(409, code, message, details);
export const unprocessable = (code: string, message: string, details?: unknown) => new AppError(422, code, message, details);
export const fieldError = (field: string, message: string, code = 'VALIDATION_FAILED') =>
  new AppError(400, code, `${field}: ${message}`, { fields: [{ field, message }] });

interface FieldIssue { field: string; message: string }

function zodFields(issues: { path: PropertyKey[]; message: string; code?: string; keys?: string[] }[]): FieldIssue[] {
  return issues.flatMap((i) => {
    // "unrecognized_keys" names the unknown keys themselves, so the user sees which field to remove.
    if (i.code === 'unrecognized_keys' && i.keys) return i.keys.map((k) => ({ field: [...i.path, k].join('.'), message: 'unknown field' }));
    return [{ field: i.path.map(String).join('.') || '(body)', message: i.message }];
  });
}

/** PostgreSQL error codes that user input can cause, mapped to 4xx instead of 500. */
function fromPostgres(err: { code?: string; constraint?: string; detail?: string }): AppError | null {
  switch (err.code) {
    case '23505':
      return conflict('DUPLICATE', 'a record with the same value already exists', { constraint: err.constraint });
    case '23503':
      return unprocessable('REFERENCE_NOT_FOUND', 'a referenced record does not exist', { constraint: err.constraint });
    case '23514':
    case '23502':
      return badRequest('VALIDATION_FAILED', 'a value violates a rule', { constraint: err.constraint });
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
      return badRequest('VALIDATION_FAILED', 'a value has the wrong format');
    case '2201B':
      return badRequest('VALIDATION_FAILED', 'invalid regular expression');
    default:
      return null;
  }
}

export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  const e = err as FastifyError & { code?: string; name?: string; field?: string };
  if (hasZodFastifySchemaValidationErrors(e)) {
    // keyword = zod issue code, instancePath = /a/b, params = the rest of the zod issue (e.g. keys)
    const fields = zodFields(
      e.validation.map((v) => ({
        path: v.instancePath.split('/').filter(Boolean),
        message: v.message ?? 'invalid',
        code: v.keyword,
        keys: (v.params as { keys?: string[] }).keys,
      })),
    );
    const where = e.validationContext && e.validationContext !== 'body' ? `${e.validationContext}: ` : '';
    return new AppError(400, 'VALIDATION_FAILED', where + fields.map((f) => `${f.field}: ${f.message}`).join('; '), { fields, in: e.validationContext });
  }
  if (err instanceof ZodError) {
    const fields = zodFields(err.issues as never);
    return new AppError(400, 'VALIDATION_FAILED', fields.map((f) => `${f.field}: ${f.message}`).join('; '), { fields });
  }
  if (e?.name === 'FilterError') return new AppError(400, 'INVALID_FILTER', e.message, { field: e.field });
  if (e?.code === 'FST_REQ_FILE_TOO_LARGE') return new AppError(413, 'FILE_TOO_LARGE', 'file is too large');
  if (e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e?.statusCode === 413) return new AppError(413, 'PAYLOAD_TOO_LARGE', 'request body is too large');
  if (e?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'unsupported content type');
  if (e?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (e instanceof SyntaxError && e.statusCode === 400))
    return new AppError(400, 'INVALID_JSON', 'request body is not valid JSON');
  // drizzle wraps driver errors (DrizzleQueryError) and keeps the PostgreSQL error as `cause`
  const dbErr = (typeof e?.code === 'string' ? e : (e as { cause?: unknown })?.cause) as { code?: string } | undefined;
  if (typeof dbErr?.code === 'string' && /^[0-9A-Z]{5}$/.test(dbErr.code)) {
    const pgErr = fromPostgres(dbErr);
    if (pgErr) return pgErr;
  }
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return new AppError(e.statusCode, e.code ?? 'BAD_REQUEST', e.message);
  }
  return null;
}

export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  if (isResponseSerializationError(err as never)) req.log.error({ err }, 'response did not match its schema');
  const appErr = toAppError(err);
  if (appErr) {
    const body: ApiErrorBody = { error: { code: appErr.code, message: appErr.message, details: appErr.details } };
    if (appErr.status >= 500) req.log.error({ err }, appErr.message);
    return reply.status(appErr.status).send(body);
  }
  req.log.error({ err }, 'unhandled error');
  const body: ApiErrorBody = { error: { code: 'INTERNAL', message: 'internal error', details: { requestId: req.id } } };
  return reply.status(500).send(body);
}
