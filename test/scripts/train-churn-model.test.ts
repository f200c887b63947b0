import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Value } from "@sinclair/typebox/value";
import { onnx } from "onnx-proto";
import { CHURN_TRAINING } from "../../scripts/lib/churn-training-config.ts";
import { createManifestEncoder } from "../../scripts/lib/manifest-encoder.ts";
import { runClassifier } from "../../scripts/lib/onnx-run.ts";
import { runCommand } from "../../scripts/lib/run-command.ts";
import { manifestJson, trainChurnModel } from "../../scripts/train-churn-model.ts";
import { type Manifest, ManifestSchema } from "../../src/model/manifest-schema.ts";
import { churnExample } from "../utils.ts";

const MODELS = join(import.meta.dir, "..", "..", "models");
const committed = {
  onnx: new Uint8Array(readFileSync(join(MODELS, "churn.onnx"))),
  manifest: readFileSync(join(MODELS, "churn.manifest.json"), "utf8"),
  card: readFileSync(join(MODELS, "churn.md"), "utf8"),
};
const manifest = JSON.parse(committed.manifest) as Manifest;

/** A number the card states, found by the text before it. */
function cardNumber(pattern: RegExp): number {
  const match = committed.card.match(pattern);
  if (!match?.[1]) throw new Error(`the card does not state ${pattern}`);
  return Number(match[1]);
}

describe("the committed churn model", () => {
  test("manifest validates and states the SPEC's contract", () => {
    expect(Value.Check(ManifestSchema, manifest)).toBe(true);
    expect(manifest.version).toBeUndefined();
    expect(manifest.input.name).toBe("features");
    expect(manifest.outputs).toEqual({ probabilities: "probabilities", label: "label" });
    expect(manifest.classes).toEqual(["no_churn", "churn"]);
    expect(manifest.features.map((f) => [f.name, f.type])).toEqual([
      ["tenure_months", "integer"],
      ["monthly_charges", "number"],
      ["total_charges", "number"],
      ["num_products", "integer"],
      ["has_phone_service", "boolean"],
      ["has_internet", "boolean"],
      ["contract_type", "enum"],
      ["payment_method", "enum"],
    ]);
    expect(manifest.example).toEqual(churnExample);
  });

  test("card records the file's sha256 and a holdout AUC of at least 0.85", () => {
    const sha256 = createHash("sha256").update(committed.onnx).digest("hex");
    expect(committed.card).toContain(`| sha256 | \`${sha256}\` |`);
    expect(cardNumber(/\| ROC AUC \| ([\d.]+) \|/)).toBeGreaterThanOrEqual(0.85);
  });

  test("the manifest's example gets the probability the card states", async () => {
    const row = createManifestEncoder(manifest).encode(manifest.example);
    const run = await runClassifier(
      committed.onnx,
      { input: "features", probabilities: "probabilities", label: "label" },
      [row],
    );
    const [noChurn = Number.NaN, churn = Number.NaN] = run.probabilities[0] ?? [];
    expect(churn).toBeCloseTo(cardNumber(/P\(churn\) = ([\d.]+)/), 6);
    expect(noChurn + churn).toBeCloseTo(1, 6);
    const label = manifest.classes[run.labels?.[0] ?? -1];
    expect(committed.card).toContain(`label \`${label}\``);
  });

  test("is a 100-tree TreeEnsembleClassifier with ArgMax label, IR 8, opsets 17 + ml 3", () => {
    const model = onnx.ModelProto.decode(committed.onnx);
    expect(Number(model.irVersion)).toBe(8);
    expect(model.producerName).toBe("ml-serving-train-churn-model");
    expect(model.docString).toContain("churn");
    const graph = model.graph as onnx.GraphProto;
    expect(graph.node.map((n) => n.opType)).toEqual(["TreeEnsembleClassifier", "ArgMax"]);
    const forest = graph.node[0] as onnx.NodeProto;
    const attribute = (name: string) => forest.attribute.find((a) => a.name === name);
    expect(new Set((attribute("nodes_treeids")?.ints ?? []).map(Number)).size).toBe(100);
    const modes = attribute("nodes_modes")?.strings ?? [];
    const decoded = new Set(modes.map((m) => new TextDecoder().decode(m)));
    expect([...decoded].sort()).toEqual(["BRANCH_LT", "LEAF"]);
  });
});

describe("scripts/train-churn-model.ts", () => {
  test("re-running the script reproduces the committed files byte for byte", async () => {
    // A separate process: the very command a developer runs, with a fresh JIT (in this process,
    // after other tests' code ran, the same training takes twice as long).
    const out = mkdtempSync(join(tmpdir(), "churn-model-"));
    try {
      const script = join(import.meta.dir, "..", "..", "scripts", "train-churn-model.ts");
      const { code, stdout, stderr } = await runCommand([
        process.execPath,
        script,
        "--out-dir",
        out,
      ]);
      expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
      const report = JSON.parse(stdout) as { auc: number; max_export_error: number };
      expect(report.auc).toBeGreaterThanOrEqual(0.85);
      expect(report.max_export_error).toBeLessThan(1e-6);
      expect(readFileSync(join(out, "churn.onnx")).equals(Buffer.from(committed.onnx))).toBe(true);
      expect(readFileSync(join(out, "churn.manifest.json"), "utf8")).toBe(committed.manifest);
      expect(readFileSync(join(out, "churn.md"), "utf8")).toBe(committed.card);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);

  test("training in-process is deterministic and really uses the seed", async () => {
    const small = { ...CHURN_TRAINING, rows: 3000, shards: 4, treesPerShard: 2 };
    const a = await trainChurnModel(small);
    const again = await trainChurnModel(small);
    const b = await trainChurnModel({ ...small, seed: 7 });
    expect(Buffer.from(again.onnx).equals(Buffer.from(a.onnx))).toBe(true);
    expect(again.card).toBe(a.card);
    expect(a.sha256).not.toBe(b.sha256);
    expect(a.facts.metrics.auc).toBeGreaterThan(0.8);
    expect(manifestJson(a.manifest)).toBe(committed.manifest);
  }, 120_000);
});
