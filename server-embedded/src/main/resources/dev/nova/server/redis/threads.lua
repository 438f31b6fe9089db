-- The sidebar's threads of a stream from its indexes, without reading the stream: per thread its
-- size, first message, last offset and time, and what the reader has not read (not their own,
-- after their mark), counted up to a cap. Reads only.
-- KEYS[1] the log, KEYS[2] the thread set, KEYS[3] the read marks hash
-- ARGV[1] the prefix of a thread's index key, ARGV[2] the reader,
-- ARGV[3] the prefix of the reader's mark fields (the thread id follows), ARGV[4] the unread cap,
-- ARGV[5] the prefix of a thread's set of messages not by the owner, ARGV[6] the stream's owner
-- (the reader, when it is the person's own stream: then unread is one count in that set)
-- Returns per thread: id, messages, first message's content, last offset, last created_at, unread.
local out = {}
local cap = tonumber(ARGV[4])
for _, thread in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  local index = ARGV[1] .. thread
  local n = redis.call('XLEN', index)
  if n > 0 then
    local first = redis.call('XRANGE', index, '-', '+', 'COUNT', 1)[1]
    local last = redis.call('XREVRANGE', index, '+', '-', 'COUNT', 1)[1]
    local m = redis.call('XRANGE', KEYS[1], first[1], first[1])
    local content = ''
    if #m > 0 then
      content = cjson.decode(m[1][2][2])['content']
    end
    local mark = redis.call('HGET', KEYS[3], ARGV[3] .. thread) or '0'
    local unread = 0
    if ARGV[6] == ARGV[2] then
      unread = math.min(cap, redis.call('ZCOUNT', ARGV[5] .. thread, '(' .. mark, '+inf'))
    else
      local from = '(' .. mark .. '-0'
      while unread < cap do
        local batch = redis.call('XRANGE', index, from, '+', 'COUNT', 200)
        for _, e in ipairs(batch) do
          if e[2][2] ~= ARGV[2] then
            unread = unread + 1
            if unread >= cap then
              break
            end
          end
        end
        if #batch < 200 then
          break
        end
        from = '(' .. batch[#batch][1]
      end
    end
    out[#out + 1] = thread
    out[#out + 1] = n
    out[#out + 1] = content
    out[#out + 1] = string.match(last[1], '^(%d+)')
    out[#out + 1] = last[2][4]
    out[#out + 1] = unread
  end
end
return out
