import { deflateRawSync, inflateRawSync } from 'node:zlib'

// How a session's user agent rests in Redis: raw deflate with a preset dictionary.
//
// Why: memory per session. The user agent was the largest thing in a session hash (a
// browser's is 100-150 bytes, more than both token digests), and a hash keeps Redis's
// compact listpack encoding only while every value is at most hash-max-listpack-value
// bytes (64 by default), so it was stored in 64-byte pieces. Browser agents are nearly
// all the same few shapes, frozen by user-agent reduction, so deflate against a
// dictionary of those shapes leaves little more than the version numbers: 8-20 bytes for
// a current browser, 30-45 for a desktop app or an unusual agent: one listpack value.
// A session hash then takes 264 B instead of 424 B (MEMORY USAGE). Deflating costs some
// tens of microseconds once per session (at sign-in, beside an argon2 verify of
// milliseconds), inflating about ten per listed session. The in-process store keeps
// plain strings: this is a Redis layout concern only.
//
// The dictionary is part of the stored format. Bytes deflated against one dictionary
// inflate against another to different text (often without an error: raw deflate carries
// no checksum), so never edit it in place: a new dictionary needs new field names in
// lua/lib.lua, so that sessions stored before read as having no user agent.
//
// What it holds (about 700 bytes): the public shapes of current user agents, each part
// written once, not tuned to any one list of agents. Deflate copies a run of 3 or more
// bytes from up to 32 KiB back (the dictionary counts as text just before the agent), and
// a copy from nearer costs fewer bits, so the most common fragments come last:
//   1. native HTTP clients and libraries (curl, python-requests, okhttp, Android's Dalvik,
//      Apple's CFNetwork/Darwin) and the marker of Electron desktop apps;
//   2. browser tokens seen less often: Samsung Internet, Opera (OPR/), Edge (Edg/, EdgA/,
//      EdgiOS/), Chrome and Firefox on iOS (CriOS/, FxiOS/);
//   3. Firefox on Windows, macOS (10.15), Linux and Android: `rv:` and the frozen
//      `Gecko/20100101 Firefox/` tail;
//   4. Safari on iPhone, iPad and macOS: WebKit's frozen 605.1.15, Version/, and the
//      frozen `Mobile/15E148 Safari/604.1` tail;
//   5. Chrome's reduced agent: the frozen Linux, macOS 10_15_7 and Android `10; K`
//      platforms, the AppleWebKit/537.36 middle and the `.0.0.0 Safari/537.36` tail, with
//      its Windows form last and whole, the commonest agent of all (Edge and Opera on
//      Windows start with it too).
// A fragment that ends just before a version number takes its first digit along where
// every current version shares it (Chrome/1xx, Firefox 1xx, iOS 1x, Samsung Internet 2x).
const DICTIONARY = Buffer.from([
  // 1
  'curl/8.', 'python-requests/2.', 'okhttp/4.', 'Dalvik/2.1.0 (Linux; U; Android 1', ' Build/',
  ' CFNetwork/', ' Darwin/2', ' Electron/',
  // 2
  'SamsungBrowser/2', ' OPR/1', ' EdgiOS/1', ' EdgA/1', ' Edg/1', 'FxiOS/1', 'CriOS/1',
  // 3 (Firefox on macOS takes `(Macintosh; Intel Mac OS X 10` from Chrome's, below)
  '(Android 1', '; Mobile; rv:1', '(X11; Linux x86_64; rv:1', '(Windows NT 10.0; Win64; x64; rv:1', '.15; rv:1',
  '.0) Gecko/20100101 Firefox/1',
  // 4 (Safari on macOS takes its platform from Chrome's, below)
  '(iPad; CPU OS 1', 'Mozilla/5.0 (iPhone; CPU iPhone OS 1',
  ' like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/1', ' Mobile/15E148 Safari/604.1', ' Safari/605.1.15',
  // 5
  'Mozilla/5.0 (X11; Linux x86_64', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7',
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/1', '.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/1', '.0.0.0 Safari/537.36'
].join(''), 'latin1')

// Far above any user agent a session keeps (authgate stores at most 256 characters), so
// that a corrupt or hostile stored value cannot make a listing inflate megabytes.
const MAX_INFLATED_BYTES = 64 * 1024

// fatal: bytes that are not UTF-8 are an error (a corrupt value), not U+FFFD; ignoreBOM:
// a leading U+FEFF is part of the agent, not a byte-order mark to drop.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** The bytes a user agent is stored as; empty for an empty agent. */
export function encodeUserAgent (userAgent: string): Buffer {
  if (userAgent === '') return Buffer.alloc(0)
  // UTF-8 gives back exactly any well-formed string: header values arrive as latin1
  // strings (one character per byte), and a plugin host may pass any text. (A lone
  // surrogate, which no header can hold, comes back as U+FFFD, as it always has here.)
  return deflateRawSync(Buffer.from(userAgent, 'utf8'), { level: 9, memLevel: 9, dictionary: DICTIONARY })
}

/**
 * The user agent stored as `stored`; undefined for none, and for bytes that do not decode:
 * a corrupt value must cost the session list one detail, never the whole answer.
 */
export function decodeUserAgent (stored: Buffer): string | undefined {
  if (stored.length === 0) return undefined
  try {
    const text = UTF8.decode(inflateRawSync(stored, { dictionary: DICTIONARY, maxOutputLength: MAX_INFLATED_BYTES }))
    return text === '' ? undefined : text
  } catch {
    return undefined
  }
}
