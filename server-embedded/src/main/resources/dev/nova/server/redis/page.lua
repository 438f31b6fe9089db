-- The newest messages of one thread below an offset, from the thread's index. Reads only.
-- KEYS[1] the log, KEYS[2] the thread's index
-- ARGV[1] the upper offset, exclusive ('+': from the newest), ARGV[2] how many
-- Returns per message, newest first: offset, the message as JSON.
local upper = '+'
if ARGV[1] ~= '+' then
  upper = '(' .. ARGV[1] .. '-0'
end
local out = {}
for _, e in ipairs(redis.call('XREVRANGE', KEYS[2], upper, '-', 'COUNT', tonumber(ARGV[2]))) do
  local m = redis.call('XRANGE', KEYS[1], e[1], e[1])
  if #m > 0 then
    out[#out + 1] = string.match(e[1], '^(%d+)')
    out[#out + 1] = m[1][2][2]
  end
end
return out
