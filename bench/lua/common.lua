-- Shared by the wrk scripts of `make bench`: numbers each thread, counts answers by status and
-- prints one JSON line (prefixed WRKJSON) with the totals and the latency percentiles.
local M = {}
local threads = {}

function M.setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

-- Lines of a file, keeping every nthreads-th one from this thread's offset.
function M.slice(path, tid, nthreads)
  local out, i = {}, 0
  for line in io.lines(path) do
    if line ~= "" and i % nthreads == tid then out[#out + 1] = line end
    i = i + 1
  end
  return out
end

function M.split(line, sep)
  local out = {}
  for part in string.gmatch(line, "[^" .. sep .. "]+") do out[#out + 1] = part end
  return out
end

function M.done(summary, latency, requests)
  local codes = {}
  for _, t in ipairs(threads) do
    local c = t:get("codes")
    if type(c) == "table" then
      for k, v in pairs(c) do codes[tostring(k)] = (codes[tostring(k)] or 0) + v end
    end
  end
  local parts = {}
  for k, v in pairs(codes) do parts[#parts + 1] = string.format('"%s": %d', k, v) end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "mean_us": %.1f, "max_us": %d, "codes": {%s}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max,
    table.concat(parts, ", ")))
end

return M
