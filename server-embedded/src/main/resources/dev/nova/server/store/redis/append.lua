-- Stores one message of a stream and announces it, atomically (Redis runs a script alone).
-- KEYS[1] the stream's log (a Redis stream; entry id <offset>-0, field m: the message as JSON)
-- KEYS[2] its meta hash {epoch, top}; a missing hash (a wiped Redis) starts a new epoch
-- KEYS[3] the idempotency key of (sender, client_message_id), or a placeholder when there is none
-- ARGV[1] the epoch to start with, ARGV[2] the message (JSON, offset 0), ARGV[3] MAXLEN of the log,
-- ARGV[4] the pub/sub channel ('' publishes nothing), ARGV[5] '1' when KEYS[3] is used,
-- ARGV[6] how long an idempotency key lives, in seconds, ARGV[7] PUBLISH, or SPUBLISH on Redis Cluster
-- (sharded pub/sub: the channel carries the stream's hash tag, so it lives in the stream's slot)
-- Returns {'ok', epoch, offset} or {'dup', epoch, offset, the original's JSON or ''}.
local epoch = redis.call('HGET', KEYS[2], 'epoch')
if not epoch then
  epoch = ARGV[1]
  redis.call('HSET', KEYS[2], 'epoch', epoch, 'top', 0)
end
if ARGV[5] == '1' then
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
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], off .. '-0', 'm', ARGV[2])
if ARGV[5] == '1' then
  redis.call('SET', KEYS[3], off, 'EX', ARGV[6])
end
if ARGV[4] ~= '' then
  redis.call(ARGV[7], ARGV[4], 's|' .. epoch .. '|' .. off .. '|' .. ARGV[2])
end
return {'ok', epoch, tostring(off)}
