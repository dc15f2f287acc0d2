import fc from 'fast-check'
import t from 'tap'
import { decodeUserAgent, encodeUserAgent } from '../src/redis/user-agent-codec.js'

// How the Redis store keeps a user agent: deflated against a dictionary, losslessly.

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
const roundTrip = (userAgent: string): string | undefined => decodeUserAgent(encodeUserAgent(userAgent))

t.test('agents come back exactly as they went in', async (t) => {
  for (const userAgent of [
    CHROME,
    'okhttp/4.12.0',
    'x',
    // Node hands header values over as latin1 strings: bytes 0x80-0xff are characters.
    'Mozilla/5.0 (Linux; Android 14; Ger\u00e4t \u00ff\u0080) Safari/537.36',
    'App/1.0 — Ünïcødé 漢字 😀',
    '\ufeffApp/1.0 (a byte-order mark first)',
    'a'.repeat(256),
    Array.from({ length: 256 }, (_, i) => String.fromCharCode((i * 97 + 31) % 256)).join('') // barely compressible
  ]) {
    t.equal(roundTrip(userAgent), userAgent, userAgent.slice(0, 40))
  }
})

t.test('any well-formed string, and any latin1 header value, round-trips', async (t) => {
  const latin1 = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 256 })
  const anyText = fc.string({ unit: 'binary', minLength: 1, maxLength: 256 })
  // Text that starts with U+FEFF is easy to lose (a decoder may take it for a byte-order mark).
  const agent = fc.tuple(fc.constantFrom('', '\ufeff'), fc.oneof(latin1, anyText)).map(([start, rest]) => start + rest)
  fc.assert(fc.property(agent, (userAgent) => roundTrip(userAgent) === userAgent), { numRuns: 500 })
  t.pass('500 generated agents round-trip')
})

t.test('an empty agent is stored as nothing and read as none', async (t) => {
  t.equal(encodeUserAgent('').length, 0)
  t.equal(decodeUserAgent(Buffer.alloc(0)), undefined)
})

t.test('a current browser agent fits one 64-byte hash value (Redis keeps the hash compact)', async (t) => {
  for (const userAgent of [
    CHROME,
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0'
  ]) {
    const stored = encodeUserAgent(userAgent)
    t.ok(stored.length < 64, `${stored.length} bytes for ${userAgent.length} characters: ${userAgent.slice(0, 60)}`)
  }
})

t.test('bytes that do not decode read as no agent, never as an error', async (t) => {
  const stored = encodeUserAgent(CHROME)
  const corrupt = [
    Buffer.from([0xff, 0xff, 0xff, 0xff]), // an invalid block type
    stored.subarray(0, Math.floor(stored.length / 2)), // cut short
    Buffer.from('not deflate at all'),
    // Inflates, but to bytes that are not UTF-8.
    rawStored(Buffer.from([0xc3, 0x28]))
  ]
  for (const bytes of corrupt) t.equal(decodeUserAgent(bytes), undefined, bytes.toString('hex'))
})

// Deflated bytes of arbitrary content (a stored block: no dictionary needed to read it).
function rawStored (content: Buffer): Buffer {
  const header = Buffer.from([0x01, content.length & 0xff, content.length >> 8, ~content.length & 0xff, (~content.length >> 8) & 0xff])
  return Buffer.concat([header, content])
}
