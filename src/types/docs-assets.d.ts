// Swagger UI's files, imported `with { type: "file" }` so `bun build --compile` embeds them:
// the import is the file's path (an internal /$bunfs/ one in the compiled binary).
declare module "swagger-ui-dist/swagger-ui-bundle.js" {
  const path: string;
  export default path;
}
declare module "*.css" {
  const path: string;
  export default path;
}
