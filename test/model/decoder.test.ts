import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { createDecoder } from "../../src/model/decoder.ts";
import { createEncoder } from "../../src/model/encoder.ts";
import { parseManifest } from "../../src/model/manifest.ts";
import type { Manifest } from "../../src/model/manifest-schema.ts";
import { tensorColumns } from "../../src/model/tensor-columns.ts";

const churn = parseManifest(
  readFileSync(join(import.meta.dir, "../../models/churn.manifest.json"), "utf8"),
);

/** Every kind of column, with transforms, so the inverse is not the identity. */
const scaled: Manifest = parseManifest(
  JSON.stringify({
    name: "scaled",
    task: "classification",
    input: { name: "x" },
    features: [
      {
        name: "age",
        type: "integer",
        minimum: 18,
        maximum: 99,
        transform: { center: 40, scale: 15 },
      },
      {
        name: "income",
        type: "number",
        minimum: 0.1,
        maximum: 1000,
        transform: { center: 50, scale: 3.3 },
      },
      { name: "spend", type: "number", minimum: 0 },
      { name: "member", type: "boolean" },
      { name: "tier", type: "enum", values: ["low", "mid", "high"], encoding: "ordinal" },
      { name: "region", type: "enum", values: ["north", "south"], encoding: "one_hot" },
    ],
    rules: [{ kind: "compare", left: "spend", op: "<=", right: "income" }],
    outputs: { probabilities: "p" },
    classes: ["a", "b"],
    example: { age: 30, income: 10, spend: 5, member: true, tier: "mid", region: "south" },
  }),
);

const churnRow = (values: number[]) => Float32Array.from(values);
//                  tenure monthly total products phone internet contract electronic mailed bank credit
const validChurn = [24, 65.5, 1572, 3, 1, 1, 0, 1, 0, 0, 0];

describe("decoding the churn tensor", () => {
  test("the encoding of the manifest's example decodes to the example", () => {
    const decoder = createDecoder(churn);
    const tensor = createEncoder(churn).encode([churn.example]);
    expect(decoder.decodeRow(tensor, 0)).toEqual({ input: churn.example, issues: [] });
  });

  const cases: {
    name: string;
    change: [column: number, value: number][];
    issue?: [feature: string, column: number, columns: number, message: string];
  }[] = [
    { name: "a valid row", change: [] },
    { name: "tenure at its maximum", change: [[0, 120]] },
    {
      name: "tenure not whole",
      change: [[0, 2.5]],
      issue: ["tenure_months", 0, 1, "must be a whole number"],
    },
    {
      name: "tenure above its maximum",
      change: [[0, 121]],
      issue: ["tenure_months", 0, 1, "must be ≤ 120"],
    },
    { name: "negative tenure", change: [[0, -1]], issue: ["tenure_months", 0, 1, "must be ≥ 0"] },
    {
      name: "monthly charges above 500",
      change: [[1, 500.5]],
      issue: ["monthly_charges", 1, 1, "must be ≤ 500"],
    },
    { name: "no products", change: [[3, 0]], issue: ["num_products", 3, 1, "must be ≥ 1"] },
    {
      name: "boolean 2",
      change: [[4, 2]],
      issue: ["has_phone_service", 4, 1, "must be 1 (true) or 0 (false)"],
    },
    {
      name: "boolean 0.5",
      change: [[5, 0.5]],
      issue: ["has_internet", 5, 1, "must be 1 (true) or 0 (false)"],
    },
    { name: "ordinal 2 (two-year)", change: [[6, 2]] },
    {
      name: "ordinal 3",
      change: [[6, 3]],
      issue: [
        "contract_type",
        6,
        1,
        "must be the index of a value (0 = month-to-month, 1 = one-year, 2 = two-year)",
      ],
    },
    {
      name: "ordinal 0.5",
      change: [[6, 0.5]],
      issue: [
        "contract_type",
        6,
        1,
        "must be the index of a value (0 = month-to-month, 1 = one-year, 2 = two-year)",
      ],
    },
    {
      name: "one-hot on the last value",
      change: [
        [7, 0],
        [10, 1],
      ],
    },
    {
      name: "one-hot with two 1s",
      change: [[8, 1]],
      issue: [
        "payment_method",
        7,
        4,
        "must be one-hot over 4 columns (electronic, mailed, bank, credit): one 1, the rest 0",
      ],
    },
    {
      name: "one-hot with no 1",
      change: [[7, 0]],
      issue: [
        "payment_method",
        7,
        4,
        "must be one-hot over 4 columns (electronic, mailed, bank, credit): one 1, the rest 0",
      ],
    },
    {
      name: "one-hot with 0.5",
      change: [
        [7, 0.5],
        [8, 0.5],
      ],
      issue: [
        "payment_method",
        7,
        4,
        "must be one-hot over 4 columns (electronic, mailed, bank, credit): one 1, the rest 0",
      ],
    },
    {
      name: "total charges below monthly charges (the rule)",
      change: [[2, 65]],
      issue: [
        "total_charges",
        2,
        1,
        "total_charges must be greater than or equal to monthly_charges",
      ],
    },
    { name: "total charges equal to monthly charges", change: [[2, 65.5]] },
    {
      name: "infinite total charges",
      change: [[2, Number.POSITIVE_INFINITY]],
      issue: ["total_charges", 2, 1, "must be a finite number"],
    },
  ];

  for (const { name, change, issue } of cases) {
    test(name, () => {
      const row = [...validChurn];
      for (const [column, value] of change) row[column] = value;
      const { issues } = createDecoder(churn).decodeRow(churnRow(row), 0);
      const expected =
        issue === undefined
          ? []
          : [{ row: 0, feature: issue[0], column: issue[1], columns: issue[2], message: issue[3] }];
      expect(issues).toEqual(expected);
    });
  }

  test("check() reports issues of every row in order, up to the limit", () => {
    const rows = [
      validChurn,
      [...validChurn.slice(0, 4), 3, ...validChurn.slice(5)],
      validChurn,
      [0.5, ...validChurn.slice(1, 6), 9, ...validChurn.slice(7)],
    ];
    const tensor = Float32Array.from(rows.flat());
    const decoder = createDecoder(churn);
    expect(decoder.check(tensor, 4).map((issue) => [issue.row, issue.feature])).toEqual([
      [1, "has_phone_service"],
      [3, "tenure_months"],
      [3, "contract_type"],
    ]);
    expect(decoder.check(tensor, 4, 2)).toHaveLength(2);
    expect(decoder.check(tensor, 1)).toEqual([]);
  });

  test("the rules are not checked on a row whose values are already wrong", () => {
    const row = [...validChurn];
    row[1] = 600; // monthly charges over the bound, and above total charges too
    row[2] = 100;
    expect(
      createDecoder(churn)
        .decodeRow(churnRow(row), 0)
        .issues.map((issue) => issue.feature),
    ).toEqual(["monthly_charges"]);
  });
});

describe("decoding with transforms", () => {
  const encoder = createEncoder(scaled);
  const decoder = createDecoder(scaled);
  const encodeOne = (input: Record<string, unknown>) =>
    encoder.encode([{ ...scaled.example, ...input }]);

  test("inverts the encoding of integers, numbers and both enum encodings", () => {
    const input = { age: 99, income: 0.1, spend: 0, member: false, tier: "high", region: "north" };
    const { input: decoded, issues } = decoder.decodeRow(encodeOne(input), 0);
    expect(issues).toEqual([]);
    expect(decoded.age).toBe(99);
    expect(decoded.income as number).toBeCloseTo(0.1, 5);
    expect({ ...decoded, income: 0.1 }).toEqual(input);
  });

  const cases: [
    name: string,
    change: (tensor: Float32Array) => void,
    feature: string,
    message: string,
  ][] = [
    [
      "an encoded age that is no whole number",
      (t) => {
        t[0] = Math.fround((30.5 - 40) / 15);
      },
      "age",
      "must be a whole number (encoded as (value − 40) / 15)",
    ],
    [
      "an age under 18",
      (t) => {
        t[0] = Math.fround((17 - 40) / 15);
      },
      "age",
      "must be ≥ 18 (encoded as (value − 40) / 15)",
    ],
    [
      "an income just under 0.1",
      (t) => {
        t[1] = Math.fround((0.0999 - 50) / 3.3);
      },
      "income",
      "must be ≥ 0.1 (encoded as (value − 50) / 3.3)",
    ],
    [
      "an income over 1000",
      (t) => {
        t[1] = Math.fround((1000.1 - 50) / 3.3);
      },
      "income",
      "must be ≤ 1000 (encoded as (value − 50) / 3.3)",
    ],
    [
      "spend over income (the rule)",
      (t) => {
        t[2] = 11;
      },
      "spend",
      "spend must be <= income",
    ],
  ];
  for (const [name, change, feature, message] of cases) {
    test(name, () => {
      const tensor = encodeOne({});
      change(tensor);
      expect(
        decoder.decodeRow(tensor, 0).issues.map((issue) => [issue.feature, issue.message]),
      ).toEqual([[feature, message]]);
    });
  }

  test("every input the request schema accepts encodes to a row the decoder accepts, and back", () => {
    const input = fc.record({
      age: fc.integer({ min: 18, max: 99 }),
      income: fc.double({ min: 0.1, max: 1000, noNaN: true }),
      member: fc.boolean(),
      tier: fc.constantFrom("low", "mid", "high"),
      region: fc.constantFrom("north", "south"),
    });
    fc.assert(
      fc.property(input, (partial) => {
        const row = { ...partial, spend: 0 };
        const { input: decoded, issues } = decoder.decodeRow(encoder.encode([row]), 0);
        expect(issues).toEqual([]);
        expect({ ...decoded, income: row.income }).toEqual(row);
        // float32 keeps about 7 significant digits of the encoded value
        expect(Math.abs((decoded.income as number) - row.income)).toBeLessThan(1e-3);
      }),
    );
  });

  test("every valid churn input round-trips exactly", () => {
    const input = fc.record({
      tenure_months: fc.integer({ min: 0, max: 120 }),
      monthly_charges: fc.double({ min: 0, max: 500, noNaN: true }).map(Math.fround),
      extra: fc.double({ min: 0, max: 1e6, noNaN: true }),
      num_products: fc.integer({ min: 1, max: 10 }),
      has_phone_service: fc.boolean(),
      has_internet: fc.boolean(),
      contract_type: fc.constantFrom("month-to-month", "one-year", "two-year"),
      payment_method: fc.constantFrom("electronic", "mailed", "bank", "credit"),
    });
    const churnEncoder = createEncoder(churn);
    const churnDecoder = createDecoder(churn);
    fc.assert(
      fc.property(input, ({ extra, ...rest }) => {
        const row = {
          ...rest,
          total_charges: Math.max(rest.monthly_charges, Math.fround(rest.monthly_charges + extra)),
        };
        expect(churnDecoder.decodeRow(churnEncoder.encode([row]), 0)).toEqual({
          input: row,
          issues: [],
        });
      }),
    );
  });
});

describe("describing the columns", () => {
  test("names every column of the churn tensor in encoder order", () => {
    expect(tensorColumns(churn)).toEqual([
      { index: 0, feature: "tenure_months", meaning: "integer 0…120" },
      { index: 1, feature: "monthly_charges", meaning: "number 0…500" },
      { index: 2, feature: "total_charges", meaning: "number ≥ 0" },
      { index: 3, feature: "num_products", meaning: "integer 1…10" },
      { index: 4, feature: "has_phone_service", meaning: "1 (true) or 0 (false)" },
      { index: 5, feature: "has_internet", meaning: "1 (true) or 0 (false)" },
      {
        index: 6,
        feature: "contract_type",
        meaning: "0 = month-to-month, 1 = one-year, 2 = two-year",
      },
      { index: 7, feature: "payment_method", meaning: "1 if payment_method is electronic, else 0" },
      { index: 8, feature: "payment_method", meaning: "1 if payment_method is mailed, else 0" },
      { index: 9, feature: "payment_method", meaning: "1 if payment_method is bank, else 0" },
      { index: 10, feature: "payment_method", meaning: "1 if payment_method is credit, else 0" },
    ]);
  });

  test("shows the transform of a scaled column", () => {
    expect(tensorColumns(scaled)[0]).toEqual({
      index: 0,
      feature: "age",
      meaning: "(integer 18…99 − 40) / 15",
    });
  });
});
