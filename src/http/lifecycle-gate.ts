import { Elysia } from "elysia";
import type { Lifecycle } from "../server/lifecycle.ts";
import { pathOf } from "./path-of.ts";

/** Inference routes: refused while starting or draining, and counted in flight for the drain. */
const isWork = (method: string, path: string) =>
  method === "POST" &&
  (path.startsWith("/api/v1/predict") ||
    (path.startsWith("/v2/models/") && path.endsWith("/infer")));

/**
 * Refuses new inference with 503 before the model is warm and once draining has begun, and
 * counts accepted requests until their response is sent, so the drain knows when to stop.
 */
export function lifecycleGate(lifecycle: Lifecycle) {
  const releases = new WeakMap<Request, () => void>();
  return new Elysia({ name: "lifecycle-gate" })
    .onRequest(({ request }) => {
      if (!isWork(request.method, pathOf(request.url))) return;
      lifecycle.assertAccepting();
      releases.set(request, lifecycle.track());
    })
    .onAfterResponse({ as: "global" }, ({ request }) => {
      releases.get(request)?.();
    });
}
