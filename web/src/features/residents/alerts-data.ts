import type { ResidentAlert, ResidentAlerts } from '#shared/contracts/alerts.ts';
import { apiRequest } from '../../api/client.ts';
import { defineFeatureTexts, type TextPaths } from '../../i18n/feature-texts.ts';
import en from './alerts.en.json';
import fr from './alerts.fr.json';

export type { ResidentAlert, ResidentAlerts };

/** The texts of « Alertes », shared by its page, the home page's notice and the menu's badge. */
export const useAlertsText = defineFeatureTexts('alerts', { fr, en });
export type AlertsTextKey = TextPaths<typeof fr>;

export const alertsQuery = () => ({
  queryKey: ['resident', 'alerts'],
  queryFn: () => apiRequest<ResidentAlerts>('/api/resident/alerts'),
});
