-- wrk script: POSTs Pipedrive webhooks v2 "create deal" bodies, each a new event of a new deal, so the
-- service stores every one (a repeated meta.id would be answered "duplicate" and not stored).
-- The path and the Basic credentials come from the command line: wrk ... -s pipedrive-create.lua URL -- USER PASSWORD
-- done() prints one line, WRK_RESULT key=value ..., for the bench scripts to read.

local threads = {}
local next_thread = 1

function setup(thread)
  thread:set("thread_number", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

local counter = 0
local headers = {}

-- thread_number is a global that setup() sets in each thread's own Lua state.
function init(args)
  local user = args[1] or "bench"
  local password = args[2] or "bench"
  headers["Content-Type"] = "application/json"
  headers["Authorization"] = "Basic " .. base64(user .. ":" .. password)
end

-- wrk has no base64: a small encoder, run once per thread.
function base64(text)
  local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
  return ((text:gsub(".", function(c)
    local byte, bits = c:byte(), ""
    for i = 8, 1, -1 do bits = bits .. (byte % 2 ^ i - byte % 2 ^ (i - 1) > 0 and "1" or "0") end
    return bits
  end) .. "0000"):gsub("%d%d%d?%d?%d?%d?", function(bits)
    if #bits < 6 then return "" end
    local value = 0
    for i = 1, 6 do value = value + (bits:sub(i, i) == "1" and 2 ^ (6 - i) or 0) end
    return alphabet:sub(value + 1, value + 1)
  end) .. ({ "", "==", "=" })[#text % 3 + 1])
end

local run = tostring(os.time())

function request()
  counter = counter + 1
  local number = thread_number or 0
  -- Unique across threads and across the wrk runs of one bench (os.time differs between runs): a deal that
  -- came again in a later run would wait behind its earlier event, as events of one deal do, and the bench
  -- would measure that queue instead of the intake. At most 13 digits, which Lua prints exactly.
  local deal_id = string.format("%.0f", (tonumber(run) % 1000) * 10000000000 + number * 100000000 + counter)
  local event_id = string.format("%08x-%04x-4%03x-8000-%012d", tonumber(run) % 4294967296, number, counter % 4096, counter)
  local now = os.date("!%Y-%m-%dT%H:%M:%S")
  local body = '{"meta":{"id":"' .. event_id .. '","correlation_id":"' .. event_id .. '",'
    .. '"action":"create","entity":"deal","entity_id":"' .. deal_id .. '","attempt":1,'
    .. '"change_source":"app","user_id":"12415231","company_id":"8087566","webhook_id":"801",'
    .. '"webhook_owner_id":"12094821","type":"general","version":"2.0","is_bulk_edit":false,'
    .. '"host":"bench.pipedrive.com","timestamp":"' .. now .. '.000Z","permitted_user_ids":["12415231"]},'
    .. '"data":{"id":' .. deal_id .. ',"title":"Bench deal ' .. deal_id .. '","creator_user_id":12415231,'
    .. '"owner_id":12415231,"person_id":' .. (counter % 100000 + 1) .. ',"org_id":null,"pipeline_id":1,"stage_id":1,'
    .. '"value":12500,"currency":"EUR","status":"open","probability":null,"lost_reason":null,'
    .. '"add_time":"' .. now .. 'Z","update_time":"' .. now .. 'Z","stage_change_time":null,"won_time":null,'
    .. '"lost_time":null,"close_time":null,"expected_close_date":null,"is_deleted":false,"is_archived":false,'
    .. '"visible_to":"3","label_ids":[],"custom_fields":{}},"previous":null}'
  return wrk.format("POST", nil, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK_RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d"
    .. " errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d non_2xx=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.timeout, e.status))
end
