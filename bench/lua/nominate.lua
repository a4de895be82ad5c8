-- P1, the nomination rush: each nominator creates a complete nomination (POST
-- /editions/{year}/nominations) and then submits it (POST /nominations/{id}/submit). Requests
-- alternate: a created draft waits in a queue and the next request of the thread submits it,
-- with the owner's session. Arguments: sessions file ("index token" lines), threads, year,
-- origin, comma-separated category codes, a run nonce (organisations must be unique per
-- category).
local common = require "common"
setup = common.setup
done = common.done

codes = {}
local sessions, by_index = {}, {}
local queue, head, tail = {}, 1, 0
local next_session, counter = 0, 0
local cats, year, origin, nonce
local template

function init(args)
  for _, line in ipairs(common.slice(args[1], tid, tonumber(args[2]))) do
    local f = common.split(line, " ")
    local s = { index = f[1], token = f[2] }
    sessions[#sessions + 1] = s
    by_index[f[1]] = f[2]
  end
  year, origin, nonce = args[3], args[4], args[6]
  cats = common.split(args[5], ",")
  local words = {}
  for i = 1, 160 do words[i] = "word" .. (i % 37) end
  template = '{"category": "%s", "related_action_lines": ["%s"], ' ..
    '"title": "Mobile clinics for rural communities %d", ' ..
    '"summary": "' .. table.concat(words, " ") .. '", ' ..
    '"description": "Goals, timeframe, added value and results of the project.", ' ..
    '"impact": "Forty thousand consultations a year.", "partnerships": "Ministry of Health", ' ..
    '"challenges": "Connectivity.", "organization": "bench-%s-%s-t%d-%d", ' ..
    '"stakeholder_type": "civil_society", "country": "KE", "sdgs": [3, 10], ' ..
    '"website": "https://clinics.example.org", "project_start": "2019-03-01", ' ..
    '"project_status": "running", "contact_name": "Amina Otieno", ' ..
    '"contact_email": "amina@clinics.example.org"}'
end

function request()
  if head <= tail then
    local item = queue[head]
    queue[head] = nil
    head = head + 1
    return wrk.format("POST", "/api/v1/nominations/" .. item[1] .. "/submit",
      { ["Cookie"] = "wsis_session=" .. item[2], ["Origin"] = origin, ["Content-Length"] = "0" })
  end
  next_session = next_session % #sessions + 1
  local s = sessions[next_session]
  counter = counter + 1
  local cat = cats[counter % #cats + 1]
  local related = cat == "C1" and "C2" or "C1"
  local body = string.format(template, cat, related, counter, s.index, nonce, tid, counter)
  return wrk.format("POST", "/api/v1/editions/" .. year .. "/nominations",
    { ["Cookie"] = "wsis_session=" .. s.token, ["Origin"] = origin, ["Content-Type"] = "application/json" },
    body)
end

function response(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
  if status == 201 then
    local id = string.match(body, '"id":"([%x%-]+)"')
    local index = string.match(body, '"organization":"bench%-(%d+)%-')
    if id and index and by_index[index] then
      tail = tail + 1
      queue[tail] = { id, by_index[index] }
    end
  end
end
