import type { ModuleManifest } from '../../module-manifest.ts';
import { alertDetectionJobs } from './alert-detection.jobs.ts';
import { registerAlertMetrics } from './alert-detection.service.ts';
import { alertNoticeJobs } from './alert-notices.jobs.ts';
import { alertRoutes } from './alerts.routes.ts';

export const alertsModule: ModuleManifest = {
  name: 'alerts',
  routes: { plugin: alertRoutes },
  jobs: [...alertDetectionJobs, ...alertNoticeJobs],
  metrics: registerAlertMetrics,
};
