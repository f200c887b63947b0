-- wrk script: every request is POST /api/v1/predict with the churn model's example input.
--   wrk -t1 -c32 -d10s --latency -s scripts/metrics-cost/predict.lua http://127.0.0.1:8000
wrk.method = "POST"
wrk.path = "/api/v1/predict"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"tenure_months":24,"monthly_charges":65.5,"total_charges":1572.0,"num_products":3,'
  .. '"has_phone_service":true,"has_internet":true,"contract_type":"month-to-month",'
  .. '"payment_method":"electronic"}'

-- Counts answers that are not 200, so a run that shed load or failed is reported, not hidden.
local failed = 0
function response(status)
  if status ~= 200 then failed = failed + 1 end
end

function done(summary)
  io.write(string.format("non-200: %d\n", summary.errors.status))
end
