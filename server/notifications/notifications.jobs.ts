import { z } from 'zod';
import { defineJob } from '../jobs/job-definition.ts';
import { forgetExpiredSecrets } from './expired-secrets.ts';

/** Every minute: the sealed content and .eml copies of expired codes are deleted. */
const forgetExpiredSecretsJob = defineJob({
  name: 'notifications.forget-expired-secrets',
  payload: z.object({}),
  policy: 'singleton',
  schedule: '* * * * *',
  async handle(context) {
    await forgetExpiredSecrets(context);
  },
});

export const notificationJobs = [forgetExpiredSecretsJob];
