-- KEYS: session, index
-- ARGV: session id, now ms
-- Returns 1 if the session existed, else 0.
local existed = redis.call('EXISTS', KEYS[1])
end_session(KEYS[1], KEYS[2], ARGV[1], tonumber(ARGV[2]))
return existed
