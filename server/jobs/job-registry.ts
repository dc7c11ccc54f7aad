import { alertDetectionJobs } from '../modules/alerts/alert-detection.jobs.ts';
import { alertNoticeJobs } from '../modules/alerts/alert-notices.jobs.ts';
import { notificationJobs } from '../notifications/notifications.jobs.ts';
import { residentJobs } from '../modules/residents/residents.jobs.ts';
import type { JobDefinition } from './job-definition.ts';

/**
 * Every job definition of the app, gathered from the modules' `*.jobs.ts` files: main.ts starts
 * their workers (and their schedules) on each node. A module adds its definitions here.
 */
export const jobDefinitions: readonly JobDefinition[] = [...alertDetectionJobs, ...alertNoticeJobs, ...residentJobs, ...notificationJobs];
