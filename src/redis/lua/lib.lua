-- Shared helpers, prepended to every script by scripts.ts.
-- A user's session index is a sorted set: session id -> expiry (ms). It is pruned of
-- expired entries on every write and expires itself with its longest-lived session.

local function tidy_index(index, now)
  redis.call('ZREMRANGEBYSCORE', index, '-inf', now)
  local last = redis.call('ZRANGE', index, -1, -1, 'WITHSCORES')
  if last[2] == nil then
    redis.call('DEL', index)
  else
    redis.call('PEXPIRE', index, math.max(1, tonumber(last[2]) - now))
  end
end

local function index_put(index, session_id, expires_at, now)
  redis.call('ZADD', index, expires_at, session_id)
  tidy_index(index, now)
end

local function end_session(session, index, session_id, now)
  redis.call('DEL', session)
  redis.call('ZREM', index, session_id)
  tidy_index(index, now)
end

-- A session hash: h (digest of the current refresh secret, 32 raw bytes), r (when it was
-- last rotated, once rotated), c and x (created at, absolute expiry; ms), ip, and the
-- user agent in z1, z2, .... The previous token's digest is not kept: see rotate-session-3.
-- The hash stays in Redis's compact listpack encoding only while every value is at most
-- hash-max-listpack-value bytes (64 by default); a longer one would cost each session
-- ~300 bytes more. So the user agent arrives deflated against a dictionary of common
-- agents (user-agent-codec.ts: 10-40 bytes for a browser's 100-150), which nearly always
-- fits field z1 alone; binary, and opaque here. A longer one is kept in 64-byte pieces,
-- z1, z2, ..., joined again when read.
local UA_PIECE = 64

local function user_agent_of(session)
  local pieces = {}
  local i = 1
  while true do
    local piece = redis.call('HGET', session, 'z' .. i)
    if not piece then break end
    pieces[i] = piece
    i = i + 1
  end
  return table.concat(pieces)
end

-- Writes a new session hash with its TTL and indexes it; returns its expiry (ms).
local function open_session(session, index, session_id, digest, now, idle_ms, max_ms, user_agent, ip)
  local absolute = now + max_ms
  local expires_at = math.min(now + idle_ms, absolute)
  redis.call('HSET', session, 'h', digest, 'c', now, 'x', absolute)
  for i = 1, #user_agent, UA_PIECE do
    redis.call('HSET', session, 'z' .. ((i - 1) / UA_PIECE + 1), string.sub(user_agent, i, i + UA_PIECE - 1))
  end
  if ip ~= '' then redis.call('HSET', session, 'ip', ip) end
  redis.call('PEXPIRE', session, expires_at - now)
  index_put(index, session_id, expires_at, now)
  return expires_at
end

-- Deletes every session in a user's index; returns how many there were.
local function end_all_sessions(index, session_prefix)
  local ids = redis.call('ZRANGE', index, 0, -1)
  for _, id in ipairs(ids) do
    redis.call('DEL', session_prefix .. id)
  end
  redis.call('DEL', index)
  return #ids
end
