import { Type as T } from "@sinclair/typebox";
import { Elysia } from "elysia";
import type { InferenceEngine } from "../engine/inference-engine.ts";

/**
 * Test-only: POST /__test/fault {"fault":"crash"|"hang"} makes the worker that takes the next
 * batch exit or hang while holding it. Mounted only when fault hooks are enabled.
 */
export function faultRoutes(engine: Pick<InferenceEngine, "armFault">) {
  return new Elysia({ name: "fault-routes" }).post(
    "/__test/fault",
    ({ body }) => {
      engine.armFault(body.fault);
      return { armed: body.fault };
    },
    {
      body: T.Object({ fault: T.Union([T.Literal("crash"), T.Literal("hang")]) }),
      detail: { hide: true },
    },
  );
}
