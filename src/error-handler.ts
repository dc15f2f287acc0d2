import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import {
  AccessTokenExpiredError, AccessTokenInvalidError, BodyTooLargeError, InternalError, InvalidJsonError, MalformedRequestError,
  STORE_RETRY_AFTER_SECONDS, StoreUnavailableError, UnsupportedMediaTypeError, UriTooLongError, ValidationFailedError
} from './errors.js'

// Maps whatever went wrong to the contract's error shape with a stable `code`. Fastify's
// and libraries' own errors are translated here; a 5xx never shows its message.

interface HttpError {
  statusCode: number
  code: string
  message: string
}

const FASTIFY_CODES: Record<string, () => HttpError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () => new BodyTooLargeError(),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => new UnsupportedMediaTypeError(),
  // A body whose size does not match its Content-Length: broken framing, not a large body.
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => new MalformedRequestError(),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new InvalidJsonError(),
  FST_ERR_BAD_URL: () => new MalformedRequestError(),
  FST_ERR_MAX_PARAM_LENGTH: () => new UriTooLongError(),
  FST_ERR_CTP_INVALID_JSON_BODY: () => new InvalidJsonError()
}

export function toHttpError (error: FastifyError): HttpError {
  if (error.validation !== undefined) return new ValidationFailedError(error.message)
  const known = FASTIFY_CODES[error.code]
  if (known !== undefined) return known()
  if (error instanceof SyntaxError && error.statusCode === 400) return new InvalidJsonError()
  const statusCode = error.statusCode ?? 500
  if (statusCode >= 400 && statusCode < 500 && typeof error.code === 'string') {
    return error as unknown as HttpError // a 4xx with a code: ours, or a plugin's that is already stable
  }
  if (error instanceof StoreUnavailableError) return error
  return new InternalError()
}

export function handleError (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const mapped = toHttpError(error)
  const { statusCode, code, message } = mapped
  if (mapped instanceof StoreUnavailableError) {
    request.log.warn({ err: error }, 'store unavailable')
    reply.header('retry-after', STORE_RETRY_AFTER_SECONDS)
  } else if (statusCode >= 500) {
    request.log.error({ err: error }, 'request failed')
  }
  if (mapped instanceof AccessTokenInvalidError || mapped instanceof AccessTokenExpiredError) {
    reply.header('www-authenticate', 'Bearer error="invalid_token"')
  }
  reply.code(statusCode).send({ statusCode, code, error: STATUS_CODES[statusCode] ?? 'Error', message })
}
