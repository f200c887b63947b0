-- wrk script for the benchmark (scripts/bench): POSTs JSON bodies read from a file, one per line,
-- rotating through them (each wrk thread starts at a different line). A line is either a JSON body
-- (sent to PATH) or "PATH<TAB>BODY". With WRK_TALLY=1 it also counts answers by status and the
-- 503s without Retry-After (that costs wrk some CPU, so only the overload check asks for it).
-- done() prints one line: "WRK_JSON " followed by the run's figures as JSON (times in microseconds).
--
--   wrk -t1 -c64 -d15s -s rotating-post.lua http://127.0.0.1:8000 -- BODIES_FILE [PATH]

local threads = {}

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

local requests = {}
local next_index = 0
statuses = {}
missing_retry_after = 0

function init(args)
  local file = assert(args[1], "usage: -- BODIES_FILE [PATH]")
  local default_path = args[2] or "/"
  local headers = { ["Content-Type"] = "application/json" }
  for line in io.lines(file) do
    if #line > 0 then
      local path, body = line:match("^(/[^\t]*)\t(.*)$")
      if path == nil then path, body = default_path, line end
      requests[#requests + 1] = wrk.format("POST", path, headers, body)
    end
  end
  assert(#requests > 0, "no bodies in " .. file)
  next_index = ((thread_index or 0) * 7919) % #requests
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end

-- wrk parses headers and bodies for Lua only when a global function response exists at load.
if os.getenv("WRK_TALLY") == "1" then
  function response(status, headers, _)
    statuses[status] = (statuses[status] or 0) + 1
    if status == 503 then
      local found = false
      for name, _ in pairs(headers) do
        if string.lower(name) == "retry-after" then found = true end
      end
      if not found then missing_retry_after = missing_retry_after + 1 end
    end
  end
end

function done(summary, latency, _)
  local counts = {}
  local missing = 0
  for _, thread in ipairs(threads) do
    local tally = thread:get("statuses") or {}
    for status, count in pairs(tally) do counts[status] = (counts[status] or 0) + count end
    missing = missing + (thread:get("missing_retry_after") or 0)
  end
  local parts = {}
  for status, count in pairs(counts) do parts[#parts + 1] = string.format('"%d": %d', status, count) end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"p50": %d, "p90": %d, "p99": %d, "p999": %d, "max": %d, "mean": %.1f}, ' ..
    '"statuses": {%s}, "missing_retry_after": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, latency.mean, table.concat(parts, ", "), missing))
end
