import type { AppContext } from '../../app-context.ts';

/**
 * Schedules the notices of an alert episode that has just opened: one per channel the
 * episode's kind allows (leak: email and SMS; over-consumption: email), each sent by its own
 * job. Idempotent: calling it again for the same episode queues nothing new. Whether and
 * where each notice goes is decided when its job runs, from the resident's options then.
 *
 * Contract for the detection side: call it once an episode is committed (never inside a
 * transaction: it queues jobs).
 */
export async function scheduleEpisodeNotices(_context: AppContext, _episodeId: string): Promise<void> {
  // The notice table and the send job land in the following commits.
}
