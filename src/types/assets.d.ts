// Files imported `with { type: "file" }` resolve to a path (an internal one in a compiled binary).
declare module "*.onnx" {
  const path: string;
  export default path;
}
declare module "*.node" {
  const path: string;
  export default path;
}
declare module "*.so.1" {
  const path: string;
  export default path;
}
