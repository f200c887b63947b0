import { StatusMap } from "elysia";

/**
 * The status a response went out with, whichever way the handler set it: a returned Response,
 * a number or a status name in `set.status` (the error handler sets it too), else 200.
 *
 * @example
 * responseStatus(new Response("", { status: 418 }), 200) // 418
 * responseStatus({ ok: true }, "Created") // 201
 */
export function responseStatus(
  responseValue: unknown,
  setStatus: number | string | undefined,
): number {
  if (responseValue instanceof Response) return responseValue.status;
  if (typeof setStatus === "number") return setStatus;
  return (setStatus !== undefined && StatusMap[setStatus as keyof typeof StatusMap]) || 200;
}
