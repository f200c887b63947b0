// Imported first by src/main.ts, so it runs before Elysia's modules: Elysia decides at load time,
// from NODE_ENV, whether to do development-only work (such as detailed validation summaries on
// every 422). The compiled binary is the production build; running from source stays in
// development mode unless NODE_ENV says otherwise.
if (ML_SERVING_COMPILED) process.env.NODE_ENV ??= "production";
