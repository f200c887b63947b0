/**
 * The path of a request URL without building a URL object (this runs on every request).
 *
 * @example
 * pathOf("http://localhost:8000/api/v1/predict?x=1") // "/api/v1/predict"
 */
export function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "/";
  const query = url.indexOf("?", start);
  return query < 0 ? url.slice(start) : url.slice(start, query);
}
