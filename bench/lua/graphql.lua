-- wrk script for the bench: sends prepared requests (GraphQL POSTs with cookies, CSRF header
-- or bearer token; or GETs of HTML pages).
--   wrk -s bench/lua/graphql.lua URL -- REQUESTS_FILE PARTITION THREADS
-- REQUESTS_FILE is a Lua file returning { {body=..., cookie=..., csrf=..., authorization=...,
-- method=..., path=...}, ... } (written by bench/run.py; method defaults to POST, path to the
-- URL's). Each thread cycles through its requests in order; with PARTITION = 1,
-- thread k of n takes requests k, k+n, k+2n, ... so that no two threads share a session.
-- done() prints one JSON line: counts, latency percentiles (microseconds), SQL statements
-- seen in X-Bench-SQL headers, GraphQL errors and the vote no-ops.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local all = dofile(args[1])
  local partition = args[2] == "1"
  local nthreads = tonumber(args[3] or "1")
  mine = {}
  for i, r in ipairs(all) do
    if not partition or ((i - 1) % nthreads) == id then
      local method = r.method or "POST"
      local headers = {}
      if method == "POST" then
        headers["Content-Type"] = "application/json"
        headers["Accept"] = "application/json"
      else
        headers["Accept"] = "text/html"
      end
      if (r.cookie or "") ~= "" then headers["Cookie"] = r.cookie end
      if (r.csrf or "") ~= "" then headers["X-CSRFToken"] = r.csrf end
      if (r.authorization or "") ~= "" then headers["Authorization"] = r.authorization end
      local body = nil
      if method == "POST" then body = r.body end
      table.insert(mine, wrk.format(method, r.path or wrk.path, headers, body))
    end
  end
  cursor = 0
  responses = 0
  bad_status = 0
  graphql_errors = 0
  noops = 0
  sql = 0
  sql_seen = 0
end

function request()
  -- wrk 4.1 checks the script by calling request() once in the first thread's state, before
  -- any connection, and never sends what it gets: hand it the first request without moving
  -- on, so that thread skips none.
  if id == 0 and not primed then
    primed = true
    return mine[1]
  end
  cursor = cursor % #mine + 1
  return mine[cursor]
end

-- The first unexpected answer of each kind, for the log (stderr).
local function sample(kind, status, body)
  if not sampled then sampled = {} end
  if not sampled[kind] then
    sampled[kind] = true
    io.stderr:write(string.format("thread %d, %s, HTTP %d: %s\n", id, kind, status, string.sub(body, 1, 400)))
  end
end

function response(status, headers, body)
  responses = responses + 1
  -- A GraphQL answer with an error has a "message"; an HTML page may well contain the word.
  local content_type = headers["content-type"] or headers["Content-Type"] or ""
  if status ~= 200 then
    bad_status = bad_status + 1
    sample("bad status", status, body)
  elseif not string.find(content_type, "html", 1, true) and string.find(body, '"message"', 1, true) then
    graphql_errors = graphql_errors + 1
    sample("GraphQL error", status, body)
  elseif string.find(body, "ALREADY_VOTED", 1, true) or string.find(body, "NOT_VOTED", 1, true) then
    noops = noops + 1
    sample("no-op", status, body .. " after " .. responses .. " responses")
  end
  local n = headers["x-bench-sql"] or headers["X-Bench-SQL"]
  if n then
    sql = sql + tonumber(n)
    sql_seen = sql_seen + 1
  end
end

function done(summary, latency, requests)
  local totals = { responses = 0, bad_status = 0, graphql_errors = 0, noops = 0, sql = 0, sql_seen = 0 }
  for _, thread in ipairs(threads) do
    for key, _ in pairs(totals) do
      totals[key] = totals[key] + (thread:get(key) or 0)
    end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests":%d,"duration_us":%d,"socket_errors":%d,"responses":%d,' ..
    '"bad_status":%d,"graphql_errors":%d,"noops":%d,"sql":%d,"sql_seen":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout,
    totals.responses, totals.bad_status, totals.graphql_errors, totals.noops, totals.sql,
    totals.sql_seen, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
