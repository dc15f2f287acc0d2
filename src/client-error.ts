import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { HeadersTooLargeError, MalformedRequestError, RequestTimeoutError } from './errors.js'

// Requests Node's HTTP parser refuses before Fastify sees them: headers over the limit,
// broken framing, a request that never finishes arriving. Fastify's default handler
// answers without a `code` and logs the error with its `rawPacket`, the raw bytes read
// so far, cookies and bearer tokens included; this one answers in the contract's shape
// and logs the parser's code only.

function errorFor (code: string | undefined): { statusCode: number, code: string, message: string } {
  if (code === 'HPE_HEADER_OVERFLOW') return new HeadersTooLargeError()
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new RequestTimeoutError()
  return new MalformedRequestError()
}

export function answerClientError (this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const { statusCode, code, message } = errorFor(error.code)
  this.log.debug({ parserCode: error.code }, 'refused a malformed request')
  if (socket.writable) {
    const status = STATUS_CODES[statusCode] ?? 'Error'
    const body = JSON.stringify({ statusCode, code, error: status, message })
    socket.write(`HTTP/1.1 ${statusCode} ${status}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
  }
  socket.destroy()
}
