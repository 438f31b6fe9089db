-- One step of a text search through a stream, newest blocks first, inside Redis, over the search
-- text append.lua keeps (per 256 offsets one string of '\0<offset>|<created_at>\1<text>'): a plain
-- find through each block, each match checked to lie in a message's text. Case-insensitive for
-- ASCII letters, as the embedded store's LIKE. Reads only.
-- KEYS[1] the stream's meta hash (its top offset)
-- ARGV[1] the prefix of the search text keys, ARGV[2] the text, lower case, ARGV[3] the block to
-- start below ('' for the newest), ARGV[4] blocks per step, ARGV[5] the most matches wanted
-- Returns: the lowest block looked at (0: done), then per match, the newest (by created_at, then
-- offset) first, at most ARGV[5]: its offset and created_at.
local needle = ARGV[2]
local wanted = tonumber(ARGV[5])
local upper
if ARGV[3] == '' then
  upper = math.floor(tonumber(redis.call('HGET', KEYS[1], 'top') or '0') / 256) + 1
else
  upper = tonumber(ARGV[3])
end
local lowest = math.max(0, upper - tonumber(ARGV[4]))

-- the best matches so far, newest first: at most `wanted`, so most matches are turned away at once
local best = {}
local function newer(at, off, other)
  return at > other[1] or (at == other[1] and off > other[2])
end
local function keep(at, off)
  local n = #best
  if n == wanted and not newer(at, off, best[n]) then
    return
  end
  local i = n
  if n == wanted then
    best[n] = nil
    i = n - 1
  end
  while i >= 1 and newer(at, off, best[i]) do
    best[i + 1] = best[i]
    i = i - 1
  end
  best[i + 1] = {at, off}
end

for b = upper - 1, lowest, -1 do
  local s = redis.call('GET', ARGV[1] .. b)
  if s then
    local hit = string.find(s, needle, 1, true)
    local seg = 1 -- where the message holding `hit` starts (its \0)
    while hit do
      local nxt = string.find(s, '\0', seg + 1, true)
      while nxt and nxt < hit do
        seg = nxt
        nxt = string.find(s, '\0', seg + 1, true)
      end
      local text = string.find(s, '\1', seg, true)
      if hit > text then -- in the text, not in the offset or time before it
        local off, at = string.match(s, '^%z(%d+)|([^\1]*)', seg)
        keep(at, tonumber(off))
        if not nxt then
          break
        end
        hit = string.find(s, needle, nxt, true) -- one match per message is enough
      else
        hit = string.find(s, needle, hit + 1, true)
      end
    end
  end
end
local out = {lowest}
for _, h in ipairs(best) do
  out[#out + 1] = h[2]
  out[#out + 1] = h[1]
end
return out
