import { z } from 'zod';
import { defineJob } from '../../jobs/job-definition.ts';
import { closeAccountsPastMoveOut } from './data-rights.service.ts';

/** Every minute: residents whose declared move-out day is over lose their access, and their dwelling is free. */
const closeMovedOutAccountsJob = defineJob({
  name: 'residents.close-moved-out-accounts',
  payload: z.object({}),
  policy: 'singleton',
  schedule: '* * * * *',
  async handle(context) {
    await closeAccountsPastMoveOut(context);
  },
});

export const residentJobs = [closeMovedOutAccountsJob];
