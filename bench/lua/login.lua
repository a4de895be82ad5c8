-- P4, the login storm: sign-ins (POST /auth/login) with the right password, each checked with
-- argon2id, rotating over many accounts. Arguments: e-mails file, threads, password.
local common = require "common"
setup = common.setup
done = common.done

codes = {}
local emails, n = {}, 0
local password

function init(args)
  emails = common.slice(args[1], tid, tonumber(args[2]))
  password = args[3]
end

function request()
  n = n % #emails + 1
  return wrk.format("POST", "/api/v1/auth/login", { ["Content-Type"] = "application/json" },
    '{"email": "' .. emails[n] .. '", "password": "' .. password .. '"}')
end

function response(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
end
