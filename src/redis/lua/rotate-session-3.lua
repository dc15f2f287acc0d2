-- KEYS: session, index, user
-- ARGV: session id, presented digest, successor digest, now ms, idle ttl ms, grace ms
-- Returns { outcome, role, expires at ms } with outcome rotated | replayed | reused | unknown.
local session, index, user = KEYS[1], KEYS[2], KEYS[3]
local session_id, presented, successor = ARGV[1], ARGV[2], ARGV[3]
local now, idle_ms, grace_ms = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])

local current, rotated_at, absolute = unpack(redis.call('HMGET', session, 'h', 'r', 'x'))
if not current then return { 'unknown' } end

local role = redis.call('HGET', user, 'role')
if not role then
  -- The account is gone: so is every session it had.
  end_session(session, index, session_id, now)
  return { 'unknown' }
end

if current == presented then
  local expires_at = math.min(now + idle_ms, tonumber(absolute))
  if expires_at <= now then
    end_session(session, index, session_id, now)
    return { 'unknown' }
  end
  redis.call('HSET', session, 'h', successor, 'r', now)
  redis.call('PEXPIRE', session, expires_at - now)
  index_put(index, session_id, expires_at, now)
  return { 'rotated', role, expires_at }
end

-- A retry of the token rotated last, while its successor is still unused and within grace.
-- The successor is an HMAC of the presented secret, so a current digest equal to the
-- successor's proves the presented token is the one rotated last: no need to keep its digest.
if current == successor and rotated_at and now - tonumber(rotated_at) < grace_ms then
  return { 'replayed', role, now + redis.call('PTTL', session) }
end

-- Any other secret for a live session is reuse: the whole family goes.
end_session(session, index, session_id, now)
return { 'reused' }
