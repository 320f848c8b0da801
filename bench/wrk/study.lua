-- wrk script for the study endpoints (bench/loadtest.py writes the data file and runs it).
-- Run with as many threads as connections: each thread has one connection (opened again
-- when the server closes it) and is one user with their own token. `next` asks GET /api/study/next/; `review` posts a review of
-- the user's cards in turn (answers right and wrong, and flips), each with a new client_id.
--   wrk -t16 -c16 -d30s -s study.lua URL -- next|review DATA_FILE RUN_ID [PREFIX]
-- PREFIX is /api/study (the default) or /bare/study (the yardstick, bench/yardstick.py).

local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("client", thread_count)
end

function init(args)
  mode, run_id, prefix = args[1], args[3], args[4] or "/api/study"
  user = dofile(args[2])[client]
  headers = {
    ["Authorization"] = "Token " .. user.token,
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
  }
  next_path = prefix .. "/next/?set=" .. user.set
  sent, position = 0, 0
end

function request()
  if mode == "next" then
    return wrk.format("GET", next_path, headers)
  end
  sent = sent + 1
  position = position % #user.cards + 1
  local card = user.cards[position]
  local body = '{"card":' .. card.id .. ',' .. card.fields .. ',"duration_ms":4200,"client_id":"'
    .. run_id .. '-' .. client .. '-' .. sent .. '"}'
  return wrk.format("POST", prefix .. "/reviews/", headers, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "non_2xx": %d, "connect_errors": %d, "read_errors": %d, '
      .. '"write_errors": %d, "timeouts": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, '
      .. '"mean_us": %.1f}\n',
    summary.requests, summary.duration, errors.status, errors.connect, errors.read, errors.write,
    errors.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    latency.mean))
end
