// Imported as files, so `bun build --compile` embeds them; in a compiled binary these are
// internal /$bunfs/ paths that only Bun's own file APIs can open.
import manifestPath from "../../models/churn.manifest.json" with { type: "file" };
import modelPath from "../../models/churn.onnx" with { type: "file" };

export const embeddedModelPath: string = modelPath;
// TypeScript types a JSON import as its content; with `type: "file"` it is the path.
export const embeddedManifestPath = manifestPath as unknown as string;
