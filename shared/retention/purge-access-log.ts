/**
 * HOOK for the access log (issue 16 item 1, built separately): deletes its entries older than
 * `before` and returns how many went, or `undefined` while there is no access log to purge.
 *
 * TODO(issue 16, access log): once the access-log collection exists, delete here its entries with
 * `at < before` (one `deleteMany`, through the access log's own repository) and return the count.
 * The retention run already computes the cut-off (policy `retention.keepAccessLog`, default 5 years)
 * and records the result in `retention_runs.accessLogPurged`.
 */
export async function purgeAccessLogBefore(before: Date): Promise<number | undefined> {
  void before;
  return undefined;
}
