import type { RunConfig } from '../../config/schema.js';
import { UserError } from '../../errors.js';
import type { Lineage } from '../../lineage/types.js';
import { baseCampaignCount } from '../campaigns.js';
import { stepWindow } from './churn.js';

/**
 * Exposure and response ids of paths that span drops (paths.ts) are derived, not counted, so every
 * drop that walks a path numbers its events alike: exposure k of a person's path on campaign c
 * has sequence number frequencyCap·(c − 1) + k, its response 2·that and the conversion following
 * it 2·that + 1 (id = individual_id·2^16 + number). Campaigns are numbered across the lineage, the
 * base's first, and a base person's numbers stay below frequencyCap × the base's campaigns (at
 * most frequencyCap exposures per campaign, two responses per exposure), so none collides.
 */
export const pathIdStart = (config: RunConfig, campaignId: number): number =>
  config.campaigns.frequencyCap * (campaignId - 1);

/**
 * Late responses to the base's exposures (base-paths.ts) are numbered down from the top:
 * 65535 − 2·(base exposure number) and one less for the conversion after it. Below them, the
 * responses of people a base campaign reaches only after the base (base-movers.ts): place x =
 * frequencyCap·(c − 1) + k in such a path gives response 65535 − 2·frequencyCap·(base campaigns)
 * − 2x (and one less), exposure 65535 − x. The ranges meet when frequencyCap × (the lineage's
 * campaigns + twice the base's) reaches 2^15.
 */
export function moverNumbers(cap: number, baseCampaigns: number, x: number): { exposure: number; response: number } {
  return { exposure: 65_535 - x, response: 65_535 - 2 * cap * baseCampaigns - 2 * x };
}

const ROOM = 32_767;

/** Refuses an increment whose path ids would not fit in a person's 2^16 numbers. */
export function checkPathIdRoom(config: RunConfig, parent: Lineage): void {
  // Core tables only: no campaign activity, no path ids.
  if (config.output.tables !== 'all') return;
  const lastCampaign = parent.highWater.campaigns + config.campaigns.count;
  // The base's campaigns include those it carried in (campaigns.ts).
  const base = parent.history[0];
  const baseCampaigns = base.campaigns ? baseCampaignCount(base.campaigns, stepWindow(base).days) : 0;
  const cap = config.campaigns.frequencyCap;
  if (cap * (lastCampaign + 2 * baseCampaigns) > ROOM)
    throw new UserError(
      `this increment would number campaign ${lastCampaign}, too many for campaigns.frequencyCap ${cap}: a person's exposure and response ids (${cap} per campaign, 2^16 in all) would run out`,
      'start a new lineage with `idgraph generate` (a new base), with fewer campaigns or a lower campaigns.frequencyCap',
    );
}
