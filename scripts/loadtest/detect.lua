-- wrk script: POST one image to /v1/detect as multipart form data and count answers by
-- status, so the load test can show that the only 5xx is the intended 503.
-- Environment: LOADTEST_IMAGE (file to upload), LOADTEST_CLASSES, LOADTEST_BROKEN=1 to send
-- bytes that are not an image (the error path under load).
local boundary = "----glimpse-loadtest-boundary"
local path = os.getenv("LOADTEST_IMAGE") or "/usr/share/darknet/data/dog.jpg"
local classes = os.getenv("LOADTEST_CLASSES") or "dog, bicycle, car"
local file = assert(io.open(path, "rb"))
local image = file:read("*all")
file:close()
if os.getenv("LOADTEST_BROKEN") == "1" then image = string.rep("not an image ", 4000) end

wrk.method = "POST"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
wrk.body = "--" .. boundary .. "\r\n"
  .. 'Content-Disposition: form-data; name="image"; filename="load.jpg"\r\n'
  .. "Content-Type: image/jpeg\r\n\r\n" .. image .. "\r\n"
  .. "--" .. boundary .. "\r\n"
  .. 'Content-Disposition: form-data; name="classes"\r\n\r\n' .. classes .. "\r\n"
  .. "--" .. boundary .. "--\r\n"

local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do total[status] = (total[status] or 0) + count end
  end
  for status, count in pairs(total) do io.write(string.format("status %d %d\n", status, count)) end
  io.write(string.format("requests %d\n", summary.requests))
  io.write(string.format("seconds %.2f\n", summary.duration / 1e6))
  io.write(string.format("errors_socket %d\n", summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  io.write(string.format("p50_ms %.1f\n", latency:percentile(50) / 1000))
  io.write(string.format("p99_ms %.1f\n", latency:percentile(99) / 1000))
end
