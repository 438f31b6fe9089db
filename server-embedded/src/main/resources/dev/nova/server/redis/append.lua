-- Stores one message of a stream and announces it, atomically (Redis runs a script alone).
-- Nothing is ever trimmed here: what is kept is only ever cut by a person deleting or by an
-- operator's retention rule (remove.lua).
-- KEYS[1] the stream's log (a Redis stream; entry id <offset>-0, field m: the message as JSON)
-- KEYS[2] its meta hash {epoch, top, idx}; a missing hash (a wiped Redis) starts a new epoch;
--         idx says the indexes below are kept (a stream from before them is indexed by reindex.lua)
-- KEYS[3] the idempotency key of (sender, client_message_id), or a placeholder when there is none
-- KEYS[4] the thread's index: a Redis stream, entry id <offset>-0, fields s (sender), a (created_at)
-- KEYS[5] the set of the stream's threads, KEYS[6] the hash message id -> offset
-- KEYS[7] the thread's messages not by the stream's owner (a sorted set of offsets): a person's unread
-- Search text: per 256 offsets one string of '\0<offset>|<created_at>\1<text, lower case>' per message
-- ARGV[1] the epoch to start with, ARGV[2] the message (JSON, offset 0),
-- ARGV[3] the pub/sub channel ('' publishes nothing), ARGV[4] '1' when KEYS[3] is used,
-- ARGV[5] how long an idempotency key lives, in seconds, ARGV[6] PUBLISH, or SPUBLISH on Redis Cluster
-- (sharded pub/sub: the channel carries the stream's hash tag, so it lives in the stream's slot),
-- ARGV[7] the thread id, ARGV[8] the sender, ARGV[9] created_at, ARGV[10] the message id,
-- ARGV[11] '1' when the sender is not the stream's owner (an assistant's answer in a person's stream),
-- ARGV[12] the message's text for search (lower case, no \0 or \1), ARGV[13] the search text keys' prefix
-- Returns {'ok', epoch, offset} or {'dup', epoch, offset, the original's JSON or ''}.
local epoch = redis.call('HGET', KEYS[2], 'epoch')
if not epoch then
  epoch = ARGV[1]
  redis.call('HSET', KEYS[2], 'epoch', epoch, 'top', 0, 'idx', 1)
end
if ARGV[4] == '1' then
  local prior = redis.call('GET', KEYS[3])
  if prior then
    local e = redis.call('XRANGE', KEYS[1], prior .. '-0', prior .. '-0')
    if #e > 0 then
      return {'dup', epoch, prior, e[1][2][2]}
    end
    return {'dup', epoch, prior, ''}
  end
end
local off = redis.call('HINCRBY', KEYS[2], 'top', 1)
local id = off .. '-0'
redis.call('XADD', KEYS[1], id, 'm', ARGV[2])
if redis.call('HEXISTS', KEYS[2], 'idx') == 1 then
  redis.call('XADD', KEYS[4], id, 's', ARGV[8], 'a', ARGV[9])
  redis.call('SADD', KEYS[5], ARGV[7])
  redis.call('HSET', KEYS[6], ARGV[10], off)
  if ARGV[11] == '1' then
    redis.call('ZADD', KEYS[7], off, off)
  end
  local block = ARGV[13] .. math.floor(off / 256)
  redis.call('APPEND', block, '\0' .. off .. '|' .. ARGV[9] .. '\1' .. ARGV[12])
  if off % 256 == 255 then
    redis.call('SET', block, redis.call('GET', block)) -- full: stored again at its size, without APPEND's spare room
  end
end
if ARGV[4] == '1' then
  redis.call('SET', KEYS[3], off, 'EX', ARGV[5])
end
if ARGV[3] ~= '' then
  redis.call(ARGV[6], ARGV[3], 's|' .. epoch .. '|' .. off .. '|' .. ARGV[2])
end
return {'ok', epoch, tostring(off)}
