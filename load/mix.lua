-- Reader traffic for `make load` (load/run.py): home, articles, topics, FAQ, search and 2%
-- question submissions through the real form (CSRF token and cookie, the signed start time,
-- the empty honeypot). Arguments: pages file, CSRF token, CSRF cookie, start token, run id.
local WEIGHTS = {
  {"home", 20}, {"article", 30}, {"list", 5}, {"topic", 10},
  {"faq", 8}, {"faq_entry", 10}, {"search", 15}, {"ask", 2},
}
local SEARCHES = {"police", "vote", "immigration", "protest", "council budget",
                  "records request", "jail", "court"}
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local pages, plan = {}, {}
local token, cookie, started, run_id
local n = 0
-- Globals, so done() can read them from each thread.
asks_sent, asks_thanked, s2xx, s3xx, s4xx, s5xx = 0, 0, 0, 0, 0, 0

function init(args)
  local file = assert(io.open(args[1]))
  for line in file:lines() do
    local kind, path = line:match("^(%S+)%s+(%S+)$")
    if kind then
      pages[kind] = pages[kind] or {}
      table.insert(pages[kind], path)
    end
  end
  file:close()
  token, cookie, started, run_id = args[2], args[3], args[4], args[5]
  for _, weight in ipairs(WEIGHTS) do
    for _ = 1, weight[2] do table.insert(plan, weight[1]) end
  end
  math.randomseed(os.time() * 100 + id)
end

local function pick(list) return list[math.random(#list)] end

local function escape(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", c:byte()) end))
end

local FIXED = {home = "/", list = "/articles/", faq = "/faq/"}

function request()
  local kind = pick(plan)
  if kind == "ask" then
    n = n + 1
    asks_sent = asks_sent + 1
    local text = string.format(
      "Load run %s, question %d-%d: who decides where the polling places go?", run_id, id, n)
    local body = "csrfmiddlewaretoken=" .. escape(token) .. "&started=" .. escape(started) ..
      "&question=" .. escape(text) .. "&name=&email=&website=&action=send"
    return wrk.format("POST", "/faq/ask/", {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = "csrftoken=" .. cookie,
    }, body)
  elseif kind == "search" then
    return wrk.format("GET", "/search/?q=" .. escape(pick(SEARCHES)))
  elseif FIXED[kind] then
    return wrk.format("GET", FIXED[kind])
  end
  return wrk.format("GET", pick(pages[kind]))
end

function response(status, headers, body)
  if status >= 500 then s5xx = s5xx + 1
  elseif status >= 400 then s4xx = s4xx + 1
  elseif status >= 300 then
    s3xx = s3xx + 1
    if (headers["Location"] or ""):find("/faq/ask/thanks/", 1, true) then
      asks_thanked = asks_thanked + 1
    end
  else s2xx = s2xx + 1 end
end

function done(summary, latency, requests)
  local totals = {asks_sent = 0, asks_thanked = 0, s2xx = 0, s3xx = 0, s4xx = 0, s5xx = 0}
  for _, thread in ipairs(threads) do
    for key in pairs(totals) do totals[key] = totals[key] + (thread:get(key) or 0) end
  end
  local e = summary.errors
  io.write(string.format(
    'WRKRESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"errors": %d, "timeouts": %d, "non_2xx_3xx": %d, "asks_sent": %d, "asks_thanked": %d, ' ..
    '"s2xx": %d, "s3xx": %d, "s4xx": %d, "s5xx": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write, e.timeout, e.status, totals.asks_sent, totals.asks_thanked,
    totals.s2xx, totals.s3xx, totals.s4xx, totals.s5xx))
end
