-- Driven by bench/wrkclient.py: `wrk ... -s bench/wrk.lua URL -- PATH...`.
-- Every connection cycles through the given paths (like bench.loadclient, stride 7); the
-- bearer token comes from the environment so it does not show in `ps`.
local paths = {}
local index = 0

function init(args)
  for i = 1, #args do
    paths[i] = args[i]
  end
  index = math.random(0, #paths)
  local token = os.getenv("LEDGER_BENCH_TOKEN")
  if token and token ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. token
  end
end

function request()
  if #paths == 0 then
    return wrk.format("GET")
  end
  index = index + 7
  return wrk.format("GET", paths[index % #paths + 1])
end
