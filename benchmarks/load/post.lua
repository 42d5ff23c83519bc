-- wrk script for the load comparison: POSTs the ~2 KB request.json (10 personal fields) as application/json.
-- LOAD_BODY names another body file; LOAD_SUBJECT, when set, is sent as X-Subject-Id (the gateway's subject header).
-- LOAD_COUNT_STATUS=1 counts 5xx (and other non-2xx) answers in a response() callback and prints
-- "STATUS_5XX <n>" and "STATUS_NON2XX <n>" at the end (slower: wrk then hands every response to Lua).
local path = os.getenv("LOAD_BODY") or "request.json"
local file = assert(io.open(path, "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
local subject = os.getenv("LOAD_SUBJECT")
if subject and subject ~= "" then
  wrk.headers["X-Subject-Id"] = subject
end

if os.getenv("LOAD_COUNT_STATUS") == "1" then
  local threads = {}

  function setup(thread)
    table.insert(threads, thread)
  end

  function init(args)
    status5xx = 0
    statusNon2xx = 0
  end

  function response(status, headers, body)
    if status >= 500 then
      status5xx = status5xx + 1
    end
    if status < 200 or status > 299 then
      statusNon2xx = statusNon2xx + 1
    end
  end

  function done(summary, latency, requests)
    local s5, sn = 0, 0
    for _, thread in ipairs(threads) do
      s5 = s5 + thread:get("status5xx")
      sn = sn + thread:get("statusNon2xx")
    end
    io.write(string.format("STATUS_5XX %d\nSTATUS_NON2XX %d\n", s5, sn))
  end
end
