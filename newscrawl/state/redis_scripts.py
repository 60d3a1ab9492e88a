"""The Lua scripts of the Redis crawl state: each runs atomically on the server, in one round trip.

Every script takes the key prefix as ARGV[1] (one Redis database may hold several crawls' states under
different prefixes) and touches only keys under it; standalone Redis (not Cluster). Empty strings stand for
missing values (cjson's null is truthy in Lua).
"""

from __future__ import annotations

# ARGV: prefix, JSON {worker, run, now, marks: [{k, id, site, hash, file, pub, aliases}], nd: [{id, site, cluster,
# nb}]}, then per nd row: signature, nb x (bucket, field). Returns {articles newly marked, index rows written}.
COMMIT = """
local p = ARGV[1]
local h = cjson.decode(ARGV[2])
local newly, written = 0, 0
for _, m in ipairs(h.marks) do
  if redis.call('HSETNX', p..':exported', m.k, m.id) == 1 then
    newly = newly + 1
    redis.call('HINCRBY', p..':exported:sites', m.site, 1)
    redis.call('HINCRBY', p..':files:'..h.worker, m.site..'\\t'..m.file, 1)
  end
  if m.hash ~= '' then
    local raw = redis.call('HGET', p..':content', m.hash)
    local copies = {}
    if raw then copies = cjson.decode(raw) end
    local present = false
    for _, c in ipairs(copies) do if c[2] == m.site then present = true end end
    if not present then
      local seq = redis.call('INCR', p..':content:seq')
      table.insert(copies, {m.id, m.site, m.pub, h.now, seq})
      redis.call('HSET', p..':content', m.hash, cjson.encode(copies))
    end
  end
  for _, a in ipairs(m.aliases) do
    if a ~= m.k then redis.call('HSETNX', p..':aliases', a, m.id) end
  end
  local claim = redis.call('HGET', p..':claims', m.k)
  if claim then
    redis.call('HDEL', p..':claims', m.k)
    redis.call('SREM', p..':claims:'..string.match(claim, '^([^\\t]*)'), m.k)
  end
end
local i = 3
for _, d in ipairs(h.nd) do
  local sig = ARGV[i]
  i = i + 1
  if redis.call('HEXISTS', p..':nd:ids', d.id) == 0 then
    local seq = redis.call('INCR', p..':nd:seq')
    redis.call('HSET', p..':nd:ids', d.id, seq..'\\t'..d.cluster)
    redis.call('HSET', p..':nd:rows', seq, d.id..'\\t'..d.cluster..'\\t'..d.site..'\\n'..sig)
    redis.call('RPUSH', p..':nd:order', seq)
    redis.call('HINCRBY', p..':nd:clusters', d.cluster, 1)
    for _ = 1, d.nb do
      local bk, f = p..':nd:bk:'..ARGV[i], ARGV[i + 1]
      local v = redis.call('HGET', bk, f)
      if not v then
        redis.call('HSET', bk, f, seq)
      elseif select(2, string.gsub(v, ',', '')) < h.max_candidates then
        redis.call('HSET', bk, f, v..','..seq)
      end
      i = i + 2
    end
    written = written + 1
  else
    i = i + 2 * d.nb
  end
end
return {newly, written}
"""

# ARGV: prefix, run, now, ttl, JSON [[article id, url key, [other url keys]]...]. Claims the articles not exported
# and not claimed by another run within ttl seconds; returns the ids refused.
CLAIM = """
local p, run, now, ttl = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local refused = {}
local function known(k)
  return redis.call('HEXISTS', p..':exported', k) == 1 or redis.call('HEXISTS', p..':aliases', k) == 1
end
for _, e in ipairs(cjson.decode(ARGV[5])) do
  local id, k = e[1], e[2]
  local taken = known(k)
  for _, o in ipairs(e[3]) do taken = taken or known(o) end
  if not taken then
    local claim = redis.call('HGET', p..':claims', k)
    if claim then
      local owner, at = string.match(claim, '^([^\\t]*)\\t(.*)$')
      if owner ~= run and now - tonumber(at) < ttl then taken = true end
    end
  end
  if taken then
    table.insert(refused, id)
  else
    redis.call('HSET', p..':claims', k, run..'\\t'..now)
    redis.call('SADD', p..':claims:'..run, k)
  end
end
return refused
"""

# ARGV: prefix, run. Releases the claims a run still holds (it ended, or recovery made its files whole).
RELEASE = """
local p, run = ARGV[1], ARGV[2]
for _, k in ipairs(redis.call('SMEMBERS', p..':claims:'..run)) do
  local claim = redis.call('HGET', p..':claims', k)
  if claim and string.match(claim, '^([^\\t]*)') == run then redis.call('HDEL', p..':claims', k) end
end
redis.call('DEL', p..':claims:'..run)
return 1
"""

# ARGV: prefix, site, url, reason, step, discovered_via (JSON or ''), now.
MARK_RETRY = """
local p, site, url, reason, step = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local key = p..':retry:'..site
local raw = redis.call('HGET', key, url)
local entry = {reason, step, ARGV[6], ARGV[7]}
if raw then
  local old = cjson.decode(raw)
  entry = {reason, old[2] + step, old[3], ARGV[7]}
end
redis.call('HSET', key, url, cjson.encode(entry))
redis.call('HSET', p..':retry:sites', url, site)
return 1
"""

CLEAR_RETRY = """
local p, url = ARGV[1], ARGV[2]
local site = redis.call('HGET', p..':retry:sites', url)
if site then
  redis.call('HDEL', p..':retry:'..site, url)
  redis.call('HDEL', p..':retry:sites', url)
end
return 1
"""

# ARGV: prefix, max candidates, then (bucket, field) per band. The index rows sharing a band, oldest first.
ND_CANDIDATES = """
local p, max = ARGV[1], tonumber(ARGV[2])
local seen, seqs = {}, {}
for i = 3, #ARGV, 2 do
  local v = redis.call('HGET', p..':nd:bk:'..ARGV[i], ARGV[i + 1])
  if v then
    for s in string.gmatch(v, '%d+') do
      local n = tonumber(s)
      if not seen[n] then seen[n] = true; table.insert(seqs, n) end
    end
  end
end
table.sort(seqs)
local out = {}
for j = 1, math.min(#seqs, max) do
  local row = redis.call('HGET', p..':nd:rows', seqs[j])
  if row then table.insert(out, row) end
end
return out
"""

# ARGV: prefix, first seq expected at the head of the order list, then per seq: seq, nb, nb x (bucket, field).
# Forgets the oldest rows (unless another worker evicted them already).
ND_EVICT = """
local p = ARGV[1]
if redis.call('LINDEX', p..':nd:order', 0) ~= ARGV[2] then return 0 end
local i, n = 3, 0
while i <= #ARGV do
  local seq, nb = ARGV[i], tonumber(ARGV[i + 1])
  i = i + 2
  local row = redis.call('HGET', p..':nd:rows', seq)
  if row then
    local id, cluster = string.match(row, '^([^\\t]*)\\t([^\\t]*)\\t')
    redis.call('HDEL', p..':nd:ids', id)
    redis.call('HDEL', p..':nd:rows', seq)
    if redis.call('HINCRBY', p..':nd:clusters', cluster, -1) <= 0 then
      redis.call('HDEL', p..':nd:clusters', cluster)
    end
  end
  for _ = 1, nb do
    local bk, f = p..':nd:bk:'..ARGV[i], ARGV[i + 1]
    local v = redis.call('HGET', bk, f)
    if v then
      local keep = {}
      for s in string.gmatch(v, '%d+') do if s ~= seq then table.insert(keep, s) end end
      if #keep == 0 then redis.call('HDEL', bk, f) else redis.call('HSET', bk, f, table.concat(keep, ',')) end
    end
    i = i + 2
  end
  n = n + 1
end
redis.call('LTRIM', p..':nd:order', n, -1)
return n
"""
