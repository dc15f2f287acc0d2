-- KEYS: user, index, new session
-- ARGV: password hash, session key prefix, session id, digest, now ms, idle ttl ms, max ttl ms, user agent (deflated), ip
-- Sets the password, ends every session, opens the new one; returns its expiry (ms),
-- or -1 (and changes nothing) when the user no longer exists.
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
redis.call('HSET', KEYS[1], 'hash', ARGV[1])
end_all_sessions(KEYS[2], ARGV[2])
return open_session(KEYS[3], KEYS[2], ARGV[3], ARGV[4], tonumber(ARGV[5]),
  tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[8], ARGV[9])
