import createError, { type FastifyErrorConstructor } from '@fastify/error'

// Every error authgate answers with. `code` is the stable, machine-readable contract
// (docs/errors.md explains each one and what a client should do); messages may change.

type Cause = [] | [{ cause: unknown }]
type NoArgs = FastifyErrorConstructor<{ code: string, statusCode: number }, Cause>
type WithArgs<A extends unknown[]> = FastifyErrorConstructor<{ code: string, statusCode: number }, A>

// A refusal (4xx) is an answer, not a fault: it is never logged with a stack, and
// capturing one costs more than the rest of the refusal (a quarter of the CPU of a 401 on
// this machine: a token-guessing flood pays it per request). 5xx errors keep theirs.
const withStack = (statusCode: number): boolean => statusCode >= 500

function define (code: string, message: string, statusCode: number): NoArgs {
  return createError(code, message, statusCode, Error, withStack(statusCode)) as NoArgs
}

function defineWith<A extends unknown[]> (code: string, message: string, statusCode: number): WithArgs<A> {
  return createError(code, message, statusCode, Error, withStack(statusCode)) as unknown as WithArgs<A>
}

export const ValidationFailedError = defineWith<[string]>('VALIDATION_FAILED', '%s', 400)
export const InvalidJsonError = define('INVALID_JSON', 'The request body is not valid JSON', 400)
export const MalformedRequestError = define('MALFORMED_REQUEST', 'The request is not valid HTTP', 400)
export const RefreshTokenInQueryError = define('REFRESH_TOKEN_IN_QUERY', 'A refresh token must never be sent in the URL; send it in the cookie or the JSON body', 400)

export const AccessTokenMissingError = define('ACCESS_TOKEN_MISSING', 'An access token is required: send Authorization: Bearer <token>', 401)
export const AccessTokenInvalidError = define('ACCESS_TOKEN_INVALID', 'The access token is invalid', 401)
export const AccessTokenExpiredError = define('ACCESS_TOKEN_EXPIRED', 'The access token has expired', 401)
export const InvalidCredentialsError = define('INVALID_CREDENTIALS', 'Invalid email or password', 401)
export const RefreshTokenMissingError = define('REFRESH_TOKEN_MISSING', 'A refresh token is required', 401)
export const RefreshTokenInvalidError = define('REFRESH_TOKEN_INVALID', 'The refresh token is invalid or expired', 401)
export const RefreshTokenReusedError = define('REFRESH_TOKEN_REUSED', 'The refresh token was already used; the session has been revoked', 401)

export const CrossSiteRequestError = define('CROSS_SITE_REQUEST', 'Cross-site requests may not use the refresh cookie', 403)
export const SessionNotFoundError = define('SESSION_NOT_FOUND', 'No such session', 404)
export const RouteNotFoundError = defineWith<[string, string]>('ROUTE_NOT_FOUND', 'Route %s %s not found', 404)
export const UriTooLongError = define('URI_TOO_LONG', 'The URL is too long', 414)
export const RequestTimeoutError = define('REQUEST_TIMEOUT', 'The request took too long to arrive', 408)
export const EmailTakenError = define('EMAIL_TAKEN', 'An account with this email already exists', 409)
export const BodyTooLargeError = define('BODY_TOO_LARGE', 'The request body is too large', 413)
export const UnsupportedMediaTypeError = define('UNSUPPORTED_MEDIA_TYPE', 'The request body must be application/json', 415)
export const RateLimitedError = defineWith<[string]>('RATE_LIMITED', 'Too many requests, retry in %s', 429)
export const HeadersTooLargeError = define('HEADERS_TOO_LARGE', 'The request headers are too large', 431)

export const InternalError = define('INTERNAL_ERROR', 'Internal Server Error', 500)
export const StoreUnavailableError = define('STORE_UNAVAILABLE', 'The session store is unavailable, retry shortly', 503)

/** Seconds a client should wait before retrying after STORE_UNAVAILABLE. */
export const STORE_RETRY_AFTER_SECONDS = 1
