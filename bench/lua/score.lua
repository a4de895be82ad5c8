-- P2, scoring: judges save score sheets (PUT /rounds/{round}/scores/{nomination}) for the
-- nominations assigned to them, five criteria each. Arguments: assignments file ("token round
-- nomination" lines), threads, origin.
local common = require "common"
setup = common.setup
done = common.done

codes = {}
local rows, n = {}, 0
local origin
local keys = { "impact", "sustainability", "replication", "partnerships", "relevance" }

function init(args)
  for _, line in ipairs(common.slice(args[1], tid, tonumber(args[2]))) do
    rows[#rows + 1] = common.split(line, " ")
  end
  origin = args[3]
  math.randomseed(os.time() + tid)
end

function request()
  n = n % #rows + 1
  local r = rows[n]
  local marks = {}
  for i, k in ipairs(keys) do marks[i] = string.format('"%s": %d', k, math.random(0, 10)) end
  local body = '{"scores": {' .. table.concat(marks, ", ") ..
    '}, "comment": "Solid results, clear plan for replication; partnerships could be broader."}'
  return wrk.format("PUT", "/api/v1/rounds/" .. r[2] .. "/scores/" .. r[3],
    { ["Cookie"] = "wsis_session=" .. r[1], ["Origin"] = origin, ["Content-Type"] = "application/json" },
    body)
end

function response(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
end
