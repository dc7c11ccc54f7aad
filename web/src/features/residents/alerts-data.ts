import type { z } from 'zod';
import type { residentAlert, residentAlerts } from '../../../../server/modules/alerts/alerts.schemas.ts';
import { apiRequest } from '../../api/client.ts';
import { defineFeatureTexts, type TextPaths } from '../../i18n/feature-texts.ts';
import en from './alerts.en.json';
import fr from './alerts.fr.json';

// The response shapes are the server's own schemas, imported as types only.
export type ResidentAlerts = z.infer<typeof residentAlerts>;
export type ResidentAlert = z.infer<typeof residentAlert>;

/** The texts of « Alertes », shared by its page, the home page's notice and the menu's badge. */
export const useAlertsText = defineFeatureTexts('alerts', { fr, en });
export type AlertsTextKey = TextPaths<typeof fr>;

export const alertsQuery = () => ({
  queryKey: ['resident', 'alerts'],
  queryFn: () => apiRequest<ResidentAlerts>('/api/resident/alerts'),
});
