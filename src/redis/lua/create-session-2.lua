-- KEYS: session, index
-- ARGV: session id, digest, now ms, idle ttl ms, max ttl ms, user agent (deflated), ip
-- Returns the session's expiry (ms).
return open_session(KEYS[1], KEYS[2], ARGV[1], ARGV[2], tonumber(ARGV[3]),
  tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6], ARGV[7])
