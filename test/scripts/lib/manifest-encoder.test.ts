import { describe, expect, test } from "bun:test";
import { churnManifest } from "../../../scripts/lib/churn-manifest.ts";
import { createManifestEncoder } from "../../../scripts/lib/manifest-encoder.ts";
import { penguinsManifest } from "../../../scripts/make-test-model.ts";

describe("createManifestEncoder", () => {
  test("encodes the churn example into the 11 documented columns", () => {
    const encoder = createManifestEncoder(churnManifest);
    expect(encoder.width).toBe(11);
    expect(encoder.columns).toEqual([
      "tenure_months",
      "monthly_charges",
      "total_charges",
      "num_products",
      "has_phone_service",
      "has_internet",
      "contract_type",
      "payment_method=electronic",
      "payment_method=mailed",
      "payment_method=bank",
      "payment_method=credit",
    ]);
    expect(encoder.encode(churnManifest.example)).toEqual([24, 65.5, 1572, 3, 1, 1, 0, 1, 0, 0, 0]);
    expect(
      encoder.encode({
        ...churnManifest.example,
        has_internet: false,
        contract_type: "two-year",
        payment_method: "credit",
      }),
    ).toEqual([24, 65.5, 1572, 3, 1, 0, 2, 0, 0, 0, 1]);
  });

  test("applies center and scale, each defaulting when absent", () => {
    const encoder = createManifestEncoder(penguinsManifest);
    const row = encoder.encode(penguinsManifest.example);
    // bill length (46.5 - 44) / 5, depth (14.8 - 17) / 2, flipper 217 - 200, mass 5200 / 1000.
    expect(row[0]).toBeCloseTo(0.5, 12);
    expect(row[1]).toBeCloseTo(-1.1, 12);
    expect(row.slice(2)).toEqual([17, 5.2, 1, 0, 0, 1]);
  });

  test("rejects values the manifest does not allow", () => {
    const encoder = createManifestEncoder(churnManifest);
    expect(() => encoder.encode({ ...churnManifest.example, contract_type: "weekly" })).toThrow(
      /contract_type/,
    );
    expect(() => encoder.encode({ ...churnManifest.example, has_internet: "yes" })).toThrow(
      /has_internet/,
    );
    expect(() => encoder.encode({ ...churnManifest.example, tenure_months: undefined })).toThrow(
      /tenure_months/,
    );
  });
});
