-- Builds the indexes append.lua keeps (per thread, the thread set, message ids) for a stream
-- stored before they existed, a batch at a time; appends keep them once this says idx.
-- KEYS[1] the log, KEYS[2] the meta hash, KEYS[3] the thread set, KEYS[4] the message id hash
-- ARGV[1] the prefix of a thread's index key (the thread id follows), ARGV[2] entries per call,
-- ARGV[3] the prefix of a thread's set of messages not by the owner, ARGV[4] the owner ('' for none),
-- ARGV[5] the prefix of the search text keys (see append.lua)
-- Returns 1 when the stream is indexed, 0 when another call is needed.
if redis.call('HEXISTS', KEYS[2], 'idx') == 1 then
  return 1
end
local cursor = redis.call('HGET', KEYS[2], 'idxcur') or '0'
local batch = redis.call('XRANGE', KEYS[1], '(' .. cursor .. '-0', '+', 'COUNT', tonumber(ARGV[2]))
for _, e in ipairs(batch) do
  local m = cjson.decode(e[2][2])
  local off = tonumber(string.match(e[1], '^(%d+)'))
  redis.call('XADD', ARGV[1] .. m['thread_id'], e[1], 's', m['sender'], 'a', m['created_at'])
  redis.call('SADD', KEYS[3], m['thread_id'])
  redis.call('HSET', KEYS[4], m['message_id'], off)
  if ARGV[4] ~= '' and m['sender'] ~= ARGV[4] then
    redis.call('ZADD', ARGV[3] .. m['thread_id'], off, off)
  end
  local text = string.gsub(string.lower(m['content']), '[%z\1]', ' ')
  redis.call('APPEND', ARGV[5] .. math.floor(off / 256), '\0' .. off .. '|' .. m['created_at'] .. '\1' .. text)
  cursor = off
end
if #batch < tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[2], 'idx', 1)
  redis.call('HDEL', KEYS[2], 'idxcur')
  return 1
end
redis.call('HSET', KEYS[2], 'idxcur', cursor)
return 0
