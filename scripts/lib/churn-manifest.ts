import type { Manifest } from "../../src/model/manifest-schema.ts";
import { CONTRACT_TYPES, PAYMENT_METHODS } from "./churn-data.ts";

/**
 * The churn model's manifest (models/churn.manifest.json). The training script writes this file
 * and trains on `createManifestEncoder(churnManifest)`, so model and manifest never drift. No
 * `version`: the server derives it from the ONNX file's SHA-256.
 */
export const churnManifest = {
  name: "churn",
  description:
    "Customer churn classifier: the probability that a subscription customer cancels. A " +
    "random forest trained on seeded synthetic telco data; see models/churn.md.",
  task: "classification",
  input: { name: "features" },
  features: [
    {
      name: "tenure_months",
      type: "integer",
      description: "Whole months the customer has been subscribed (0 for a new customer).",
      minimum: 0,
      maximum: 120,
    },
    {
      name: "monthly_charges",
      type: "number",
      description: "Current monthly bill in the account's currency.",
      minimum: 0,
      maximum: 500,
    },
    {
      name: "total_charges",
      type: "number",
      description: "Everything billed over the customer's lifetime; at least one month's charges.",
      minimum: 0,
    },
    {
      name: "num_products",
      type: "integer",
      description: "Number of products or add-ons the customer subscribes to.",
      minimum: 1,
      maximum: 10,
    },
    {
      name: "has_phone_service",
      type: "boolean",
      description: "Whether the customer has phone service.",
    },
    {
      name: "has_internet",
      type: "boolean",
      description: "Whether the customer has internet service.",
    },
    {
      name: "contract_type",
      type: "enum",
      description: "Contract term; longer contracts churn less. Encoded as 0, 1, 2.",
      values: [...CONTRACT_TYPES],
      encoding: "ordinal",
    },
    {
      name: "payment_method",
      type: "enum",
      description:
        "How the customer pays: electronic payment, mailed check, bank transfer or credit card. " +
        "Electronic payers churn more.",
      values: [...PAYMENT_METHODS],
      encoding: "one_hot",
    },
  ],
  rules: [
    {
      kind: "compare",
      left: "total_charges",
      op: ">=",
      right: "monthly_charges",
      message: "total_charges must be greater than or equal to monthly_charges",
    },
  ],
  outputs: { probabilities: "probabilities", label: "label" },
  classes: ["no_churn", "churn"],
  example: {
    tenure_months: 24,
    monthly_charges: 65.5,
    total_charges: 1572.0,
    num_products: 3,
    has_phone_service: true,
    has_internet: true,
    contract_type: "month-to-month",
    payment_method: "electronic",
  },
} satisfies Manifest;
