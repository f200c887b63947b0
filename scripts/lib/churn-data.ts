import { createRng } from "./seeded-rng.ts";

export const CONTRACT_TYPES = ["month-to-month", "one-year", "two-year"] as const;
export const PAYMENT_METHODS = ["electronic", "mailed", "bank", "credit"] as const;

export type ContractType = (typeof CONTRACT_TYPES)[number];
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** One customer, shaped exactly like a prediction request to the churn model. */
export type ChurnCustomer = {
  tenure_months: number;
  monthly_charges: number;
  total_charges: number;
  num_products: number;
  has_phone_service: boolean;
  has_internet: boolean;
  contract_type: ContractType;
  payment_method: PaymentMethod;
};

export interface ChurnRow {
  customer: ChurnCustomer;
  /** 1 when the customer churned. */
  churn: 0 | 1;
}

export interface ChurnDataOptions {
  /** @default 20000 */
  rows?: number;
  /** @default 42 */
  seed?: number;
  /** Base log-odds of churning. @default -2.6 */
  intercept?: number;
  /** Multiplier on all effects (how separable the classes are). @default 1.6 */
  scale?: number;
}

/** Mixes and effect sizes; the same as the FastAPI peer's `train.py make_dataset`. */
const CONTRACT_MIX = [0.55, 0.24, 0.21];
const PAYMENT_MIX = [0.34, 0.23, 0.22, 0.21];
const MEAN_TENURE: Record<ContractType, number> = {
  "month-to-month": 16,
  "one-year": 38,
  "two-year": 55,
};
const TENURE_SHAPE = 1.6;

const clamp = (x: number, low: number, high: number): number => Math.min(high, Math.max(low, x));
const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * The churn probability the generator draws from: the best any model of this data can do.
 *
 * @example
 * trueChurnProbability(churnManifest.example); // 0.461 (24 months, month-to-month, electronic)
 */
export function trueChurnProbability(
  c: ChurnCustomer,
  options: Pick<ChurnDataOptions, "intercept" | "scale"> = {},
): number {
  const { intercept = -2.6, scale = 1.6 } = options;
  const m2m = c.contract_type === "month-to-month";
  const electronic = c.payment_method === "electronic";
  const logit =
    intercept +
    scale *
      (1.5 * Number(m2m) +
        0.3 * Number(c.contract_type === "one-year") -
        0.045 * Math.min(c.tenure_months, 60) +
        0.75 * Number(electronic) -
        0.15 * Number(c.payment_method === "bank") -
        0.1 * Number(c.payment_method === "credit") +
        0.015 * (c.monthly_charges - 65) +
        0.35 * Number(c.has_internet) -
        0.18 * (c.num_products - 3) +
        0.6 * Number(m2m && electronic && c.tenure_months < 12));
  return 1 / (1 + Math.exp(-logit));
}

/**
 * Telco-like customers; churn is driven by short tenure, month-to-month contracts, electronic
 * payment and high charges, plus one interaction (new month-to-month customers paying
 * electronically). Seeded: the same options always give the same rows.
 *
 * @example
 * const rows = makeChurnData({ rows: 1000, seed: 7 });
 * rows[0].customer.contract_type; // "month-to-month" | "one-year" | "two-year"
 */
export function makeChurnData(options: ChurnDataOptions = {}): ChurnRow[] {
  const { rows = 20000, seed = 42, intercept = -2.6, scale = 1.6 } = options;
  const rng = createRng(seed);
  const out: ChurnRow[] = [];
  for (let i = 0; i < rows; i++) {
    const contract = CONTRACT_TYPES[rng.choice(CONTRACT_MIX)] as ContractType;
    const payment = PAYMENT_METHODS[rng.choice(PAYMENT_MIX)] as PaymentMethod;
    const meanTenure = MEAN_TENURE[contract];
    const tenure = clamp(Math.round(rng.gamma(TENURE_SHAPE, meanTenure / TENURE_SHAPE)), 0, 120);

    const hasPhone = rng.next() < 0.9;
    const hasInternet = rng.next() < 0.78;
    const numProducts = clamp(Number(hasPhone) + Number(hasInternet) + rng.poisson(1.2), 1, 10);

    const rawMonthly =
      18 + 20 * Number(hasPhone) + 40 * Number(hasInternet) + 6 * (numProducts - 1);
    const monthly = round2(clamp(rawMonthly + rng.normal(0, 7), 18, 300));
    const rawTotal = monthly * Math.max(tenure, 1) * rng.uniform(0.92, 1.05);
    const total = Math.max(round2(rawTotal), monthly); // the API's rule: total >= monthly

    const customer: ChurnCustomer = {
      tenure_months: tenure,
      monthly_charges: monthly,
      total_charges: total,
      num_products: numProducts,
      has_phone_service: hasPhone,
      has_internet: hasInternet,
      contract_type: contract,
      payment_method: payment,
    };
    const churn = rng.next() < trueChurnProbability(customer, { intercept, scale }) ? 1 : 0;
    out.push({ customer, churn });
  }
  return out;
}
