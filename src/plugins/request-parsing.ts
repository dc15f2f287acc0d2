import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifySchemaValidationError, preValidationHookHandler } from 'fastify'

/**
 * Request parsing for authgate's own scope only (a host's routes keep their parsers):
 * - JSON is the only body type: text/plain and forms (what a cross-site form can send)
 *   get 415; `__proto__` and `constructor.prototype` keys are refused, not stripped.
 * - An empty JSON body is no body, so `fetch(url, { method: 'POST', headers: json })` works.
 * - Validation is TypeBox's, which never coerces a body: `12345` or `["a"]` where a string
 *   belongs is a 400, not a string.
 */
export function configureRequestParsing (scope: FastifyInstance, { bodyLimit }: { bodyLimit: number }): void {
  const parseJson = scope.getDefaultJsonParser('error', 'error')
  scope.removeAllContentTypeParsers()
  scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (request, body, done) => {
    if (body === '') {
      done(null, undefined)
      return
    }
    parseJson(request, body as string, done)
  })
  scope.setValidatorCompiler(TypeBoxValidatorCompiler)
  scope.setSchemaErrorFormatter((errors, dataVar) => new Error(describeValidationError(errors, dataVar)))
}

/** For routes whose body is optional: validate a missing body as an empty object. */
export const allowEmptyBody: preValidationHookHandler = (request, _reply, done) => {
  request.body ??= {}
  done()
}

/** One sentence that names the field at fault, e.g. `body/email must be a valid email address`. */
export function describeValidationError (errors: FastifySchemaValidationError[], dataVar: string): string {
  const first = errors.find((e) => e.keyword !== 'boolean') ?? errors[0]
  if (first === undefined) return `${dataVar} is invalid`
  const params = first.params as Record<string, unknown>
  const at = (path: string): string => `${dataVar}${path}`
  switch (first.keyword) {
    case 'required':
      return `${at(`${first.instancePath}/${String((params.requiredProperties as string[] | undefined)?.[0] ?? params.missingProperty)}`)} is required`
    case 'additionalProperties':
      return `${at(`${first.instancePath}/${String((params.additionalProperties as string[] | undefined)?.[0] ?? params.additionalProperty)}`)} is not allowed`
    case 'pattern':
      return `${at(first.instancePath)} must be ${first.instancePath.endsWith('/email') ? 'a valid email address' : 'well-formed'}`
    default:
      return `${at(first.instancePath)} ${first.message ?? 'is invalid'}`
  }
}
