// The HTTP ceiling: the least a Bun server can do per request (read the body, answer a constant
// JSON body the size of a prediction), so ml-serving's requests/s can be read as a share of it.
//
//   bun scripts/bench/http-ceiling-server.ts PORT
const port = Number(process.argv[2]);
const body = JSON.stringify({
  prediction: 1,
  label: "churn",
  probability: { no_churn: 0.21, churn: 0.79 },
  inference_time_ms: 0.05,
  model_version: "0b2cb8679f8d",
});

Bun.serve({
  hostname: "127.0.0.1",
  port,
  reusePort: false,
  async fetch(request) {
    await request.arrayBuffer();
    return new Response(body, { headers: { "content-type": "application/json" } });
  },
});
