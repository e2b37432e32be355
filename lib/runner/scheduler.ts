/**
 * Runs jobs with bounded parallelism (brief part 3 "parallel where safe"): ordinary tests share
 * nothing (each has its own phone MACs, capture and folder) and run up to `concurrency` at once;
 * an `exclusive` test waits for the others to finish and runs alone. `before` runs ahead of every
 * job while nothing else starts (the runner restarts a crashed target there).
 */
export interface Job {
  readonly exclusive: boolean;
  run(): Promise<void>;
}

export interface ScheduleOptions {
  readonly concurrency: number;
  /** Called before each job starts; jobs start only after it resolves. */
  before?(): Promise<void>;
  /** True once the run is interrupted: no further job starts. */
  stopped?(): boolean;
}

export async function schedule(jobs: readonly Job[], o: ScheduleOptions): Promise<void> {
  const limit = Math.max(1, Math.floor(o.concurrency));
  const running = new Set<Promise<void>>();
  const wait = async (until: (n: number) => boolean) => {
    while (!until(running.size)) await Promise.race(running);
  };
  for (const job of jobs) {
    if (o.stopped?.()) break;
    await wait((n) => n < (job.exclusive ? 1 : limit));
    if (job.exclusive) await wait((n) => n === 0);
    if (o.stopped?.()) break;
    await o.before?.();
    const p: Promise<void> = job.run().finally(() => { running.delete(p); });
    running.add(p);
    if (job.exclusive) await p;
  }
  await Promise.allSettled([...running]);
}
