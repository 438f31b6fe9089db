-- Removes stored messages of a stream with their index entries (a person deleting, a thread
-- deleted, an operator's retention rule). Offsets are never reused.
-- KEYS[1] the log, KEYS[2] the message id hash, KEYS[3] the thread set
-- ARGV[1] the prefix of a thread's index key, ARGV[2] of its set of messages not by the owner,
-- ARGV[3] of the search text keys; then per message: offset, thread id, message id
-- Returns how many messages went from the log.
local gone = 0
for i = 4, #ARGV, 3 do
  local id = ARGV[i] .. '-0'
  local index = ARGV[1] .. ARGV[i + 1]
  local others = ARGV[2] .. ARGV[i + 1]
  gone = gone + redis.call('XDEL', KEYS[1], id)
  redis.call('XDEL', index, id)
  redis.call('ZREM', others, ARGV[i])
  redis.call('HDEL', KEYS[2], ARGV[i + 2])
  local block = ARGV[3] .. math.floor(tonumber(ARGV[i]) / 256)
  local text = redis.call('GET', block)
  if text then
    local a = string.find(text, '\0' .. ARGV[i] .. '|', 1, true)
    if a then
      local b = string.find(text, '\0', a + 1, true)
      local rest = string.sub(text, 1, a - 1) .. (b and string.sub(text, b) or '')
      if rest == '' then
        redis.call('DEL', block)
      else
        redis.call('SET', block, rest)
      end
    end
  end
  if redis.call('XLEN', index) == 0 then
    redis.call('DEL', index, others)
    redis.call('SREM', KEYS[3], ARGV[i + 1])
  end
end
return gone
