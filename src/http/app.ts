import { Elysia } from "elysia";
import { faultRoutes } from "../testing/fault-routes.ts";
import type { AppDeps } from "./app-deps.ts";
import { docsController } from "./docs/docs.controller.ts";
import { errorHandler } from "./error-handler.ts";
import { healthController } from "./health/health.controller.ts";
import { lifecycleGate } from "./lifecycle-gate.ts";
import { metricsPlugin, reportErrorsTo } from "./metrics-plugin.ts";
import { modelInfoController } from "./model-info/model-info.controller.ts";
import { predictController } from "./predict/predict.controller.ts";
import { requestId } from "./request-id.ts";
import { requestLog } from "./request-log.ts";
import { createRouteTable, type RouteTable } from "./route-table.ts";
import { httpSecurity } from "./security.ts";
import { openInferenceController } from "./v2/v2.controller.ts";

/**
 * The Elysia application: cross-cutting plugins first, then the controllers. Listening is the
 * entry point's business (src/server/serve.ts); tests call `app.handle(request)` directly.
 */
export function createApp(deps: AppDeps, options: { faultHooks?: boolean } = {}) {
  let routes: RouteTable = createRouteTable([]);
  const routeTable = () => routes;
  const { metrics } = deps;
  const app = new Elysia({
    // Reject unknown fields (422) instead of silently dropping them.
    normalize: false,
  })
    .use(metrics ? metricsPlugin(metrics, routeTable) : new Elysia({ name: "no-metrics" }))
    .use(requestId())
    .use(
      deps.logger.enabled("debug")
        ? requestLog(deps.logger)
        : new Elysia({ name: "no-request-log" }),
    )
    .use(
      errorHandler({
        logger: deps.logger,
        routes: routeTable,
        onError: metrics && reportErrorsTo(metrics, routeTable),
      }),
    )
    .use(httpSecurity(deps))
    .use(lifecycleGate(deps.lifecycle))
    .use(healthController(deps))
    .use(modelInfoController(deps))
    .use(predictController(deps))
    .use(openInferenceController(deps))
    .use(docsController(deps))
    .use(
      // The constant itself, so the production build drops the fault routes entirely.
      ML_SERVING_FAULT_HOOKS && options.faultHooks
        ? faultRoutes(deps.engine)
        : new Elysia({ name: "no-fault-routes" }),
    );
  routes = createRouteTable(app.routes);
  return app;
}

export type App = ReturnType<typeof createApp>;
