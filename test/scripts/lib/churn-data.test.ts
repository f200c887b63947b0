import { describe, expect, test } from "bun:test";
import { type ChurnRow, makeChurnData } from "../../../scripts/lib/churn-data.ts";

const rows = makeChurnData({ rows: 20000, seed: 42 });
const churnRate = (subset: ChurnRow[]): number =>
  subset.reduce((sum, r) => sum + r.churn, 0) / subset.length;
const where = (f: (r: ChurnRow) => boolean): number => churnRate(rows.filter(f));

describe("makeChurnData", () => {
  test("is deterministic for a seed", () => {
    expect(makeChurnData({ rows: 50, seed: 42 })).toEqual(rows.slice(0, 50));
    expect(makeChurnData({ rows: 50, seed: 43 })).not.toEqual(rows.slice(0, 50));
  });

  test("every customer is a valid request to the churn API", () => {
    for (const { customer: c } of rows) {
      expect(Number.isInteger(c.tenure_months) && c.tenure_months >= 0).toBe(true);
      expect(c.tenure_months).toBeLessThanOrEqual(120);
      expect(c.monthly_charges).toBeGreaterThanOrEqual(0);
      expect(c.monthly_charges).toBeLessThanOrEqual(500);
      expect(c.total_charges).toBeGreaterThanOrEqual(c.monthly_charges);
      expect(Number.isInteger(c.num_products) && c.num_products >= 1).toBe(true);
      expect(c.num_products).toBeLessThanOrEqual(10);
    }
  });

  test("has the peer's mixes and churn rate", () => {
    const share = (f: (r: ChurnRow) => boolean) => rows.filter(f).length / rows.length;
    expect(share((r) => r.customer.contract_type === "month-to-month")).toBeCloseTo(0.55, 1);
    expect(share((r) => r.customer.payment_method === "electronic")).toBeCloseTo(0.34, 1);
    expect(share((r) => r.customer.has_internet)).toBeCloseTo(0.78, 1);
    // The FastAPI peer's data set churns 29.2 %.
    expect(churnRate(rows)).toBeGreaterThan(0.26);
    expect(churnRate(rows)).toBeLessThan(0.33);
  });

  test("short tenure, month-to-month and electronic payment raise churn", () => {
    const m2m = where((r) => r.customer.contract_type === "month-to-month");
    const twoYear = where((r) => r.customer.contract_type === "two-year");
    expect(m2m).toBeGreaterThan(twoYear + 0.25);
    const electronic = where((r) => r.customer.payment_method === "electronic");
    const other = where((r) => r.customer.payment_method !== "electronic");
    expect(electronic).toBeGreaterThan(other + 0.1);
    const newCustomers = where((r) => r.customer.tenure_months < 12);
    const loyal = where((r) => r.customer.tenure_months >= 48);
    expect(newCustomers).toBeGreaterThan(loyal + 0.3);
  });
});
