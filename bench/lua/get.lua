-- GET of the URL given to wrk (P3: the public winner list; its baseline: /healthz). With
-- BENCH_PACE_MS set, each connection waits that long between requests (the probe of P4).
local common = require "common"
setup = common.setup
done = common.done

local pace = tonumber(os.getenv("BENCH_PACE_MS") or "0")
if pace > 0 then
  function delay() return pace end
end
