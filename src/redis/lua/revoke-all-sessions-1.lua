-- KEYS: index
-- ARGV: session key prefix (session keys share the index's hash tag)
-- Returns how many sessions there were.
return end_all_sessions(KEYS[1], ARGV[1])
