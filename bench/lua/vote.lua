-- P7, the vote rush: confirmed voters cast their votes (POST /rounds/{round}/votes), each with a
-- proof of work solved ahead of time, each (voter, category) once. Arguments: votes file ("token
-- round nomination altcha network" lines), threads, origin. The client address comes in
-- X-Forwarded-For, as a reverse proxy in front would send it (the server trusts 127.0.0.1), so
-- votes arrive from many networks as they would from the world, not all from one.
local common = require "common"
setup = common.setup
done = common.done

codes = {}
local rows, n = {}, 0
local origin

function init(args)
  for _, line in ipairs(common.slice(args[1], tid, tonumber(args[2]))) do
    rows[#rows + 1] = common.split(line, " ")
  end
  origin = args[3]
end

function request()
  -- each line once: past the end, a thread repeats lines (answered 409 already_voted, counted)
  n = n % #rows + 1
  local r = rows[n]
  local body = '{"nomination_id": "' .. r[3] .. '", "altcha": "' .. r[4] .. '"}'
  return wrk.format("POST", "/api/v1/rounds/" .. r[2] .. "/votes",
    { ["Cookie"] = "wsis_session=" .. r[1], ["Origin"] = origin, ["Content-Type"] = "application/json",
      ["X-Forwarded-For"] = r[5] },
    body)
end

function response(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
end
