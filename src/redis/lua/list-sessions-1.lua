-- KEYS: index
-- ARGV: session key prefix, now ms
-- Returns a flat list: id, expires at, created at, rotated at, user agent (deflated), ip;
-- per live session.
local index, prefix, now = KEYS[1], ARGV[1], tonumber(ARGV[2])
tidy_index(index, now)
local entries = redis.call('ZRANGE', index, 0, -1, 'WITHSCORES')
local out = {}
for i = 1, #entries, 2 do
  local id = entries[i]
  local fields = redis.call('HMGET', prefix .. id, 'c', 'r', 'ip')
  if fields[1] then
    table.insert(out, id)
    table.insert(out, entries[i + 1])
    table.insert(out, fields[1])
    table.insert(out, fields[2] or '')
    table.insert(out, user_agent_of(prefix .. id))
    table.insert(out, fields[3] or '')
  else
    redis.call('ZREM', index, id)
  end
end
return out
