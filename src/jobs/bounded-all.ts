// Bounded concurrency for jobs that visit many organisations or connectors.
/** Runs `work` over `items` with at most `limit` in flight. */
export async function boundedAll<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!)
  })
  await Promise.all(lanes)
}
