-- KEYS: user
-- ARGV: expected hash, new hash
-- Replaces the password hash only if it is still the expected one (a rehash must never undo
-- a password change that landed in between). Returns 1 if replaced, else 0.
if redis.call('HGET', KEYS[1], 'hash') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'hash', ARGV[2])
return 1
