import type { RunConfig } from '../../config/schema.js';
import { timeWindow } from '../../config/window.js';
import { UserError } from '../../errors.js';
import type { Lineage, LineageStep } from '../../lineage/types.js';
import { baseCampaignCount } from '../campaigns.js';
import { stepWindow } from './churn.js';

/**
 * Exposure and response ids are individual_id·span + number, with a span per person of 2^16, or
 * 2^20 for a lineage whose base leaves no room in 2^16 (see idSpan). Ids of paths that span drops
 * (paths.ts) are derived, not counted, so every drop that walks a path numbers its events alike:
 * exposure k of a person's path on campaign c has number frequencyCap·(c − 1) + k, its response
 * 2·that and the conversion following it 2·that + 1. Campaigns are numbered across the lineage,
 * the base's first, and a base person's numbers stay below frequencyCap × the base's campaigns
 * (at most frequencyCap exposures per campaign, two responses per exposure), so none collides.
 */
export const pathIdStart = (config: RunConfig, campaignId: number): number =>
  config.campaigns.frequencyCap * (campaignId - 1);

/**
 * Late responses to the base's exposures (base-paths.ts) are numbered down from the top:
 * span − 1 − 2·(base exposure number) and one less for the conversion after it. Below them, the
 * responses of people a base campaign reaches only after the base (base-movers.ts): place x =
 * frequencyCap·(c − 1) + k in such a path gives response top − 2·frequencyCap·(base campaigns)
 * − 2x (and one less), exposure top − x. The ranges meet when frequencyCap × (the lineage's
 * campaigns + twice the base's) reaches span ÷ 2.
 */
export function moverNumbers(
  span: number,
  cap: number,
  baseCampaigns: number,
  x: number,
): { exposure: number; response: number } {
  return { exposure: span - 1 - x, response: span - 1 - 2 * cap * baseCampaigns - 2 * x };
}

const NARROW = 2 ** 16;
/** Engagement ids already use individual_id·2^20 (< 2^53 for every individual id: exact in a double). */
const WIDE = 2 ** 20;
/** Largest frequencyCap × (campaign number + 2 × base campaigns) a span holds. */
const room = (span: number) => span / 2 - 1;
/** Whether a base's ranges and one increment campaign after them fit the span (below). */
const baseFits = (span: number, cap: number, baseCampaigns: number) => cap * (3 * baseCampaigns + 1) <= room(span);

/**
 * A base's ranges (frequencyCap × its campaigns for exposures, three times that for responses)
 * plus one campaign of an increment must fit. A base with many campaigns (a short window carries
 * in count × (mean flight − 1) ÷ window days: ~1,900 for a 1-day window at the defaults) does not
 * fit 2^16 and gets 2^20. The span is a pure function of the base's config, so every drop of the
 * lineage derives it alike; bases that fit 2^16 keep it (and their bytes), and those that did
 * not could never be continued before 2^20 existed, so no lineage changes its numbering.
 */
export function idSpan(cap: number, baseCampaigns: number): number {
  return baseFits(NARROW, cap, baseCampaigns) ? NARROW : WIDE;
}

/** The span of a lineage whose base step is `base` (campaigns absent: written before running campaigns, no paths). */
export function lineageIdSpan(config: RunConfig, base: LineageStep): number {
  const baseCampaigns = base.campaigns ? baseCampaignCount(base.campaigns, stepWindow(base).days) : 0;
  return idSpan(config.campaigns.frequencyCap, baseCampaigns);
}

/**
 * Refuses a base whose campaigns would not leave a person's ids room for one increment, even
 * with the wide span: never a base that cannot be continued (checked before anything is written).
 */
export function checkBaseIdRoom(config: RunConfig): void {
  if (config.output.tables !== 'all') return;
  const days = timeWindow(config).days;
  const baseCampaigns = baseCampaignCount(config.campaigns, days);
  const cap = config.campaigns.frequencyCap;
  if (baseFits(WIDE, cap, baseCampaigns)) return;
  throw new UserError(
    `campaigns.count ${config.campaigns.count} over a ${days}-day window makes ${baseCampaigns} campaigns (those running on its first day carried in): at campaigns.frequencyCap ${cap} a person's exposure and response ids (${cap} per campaign, 2^20 in all) leave no room for an increment`,
    'use a longer window (window.length), a lower campaigns.count or a lower campaigns.frequencyCap',
  );
}

/** Refuses an increment whose path ids would not fit in a person's span. */
export function checkPathIdRoom(config: RunConfig, parent: Lineage): void {
  // Core tables only: no campaign activity, no path ids.
  if (config.output.tables !== 'all') return;
  const lastCampaign = parent.highWater.campaigns + config.campaigns.count;
  // The base's campaigns include those it carried in (campaigns.ts).
  const base = parent.history[0];
  const baseCampaigns = base.campaigns ? baseCampaignCount(base.campaigns, stepWindow(base).days) : 0;
  const cap = config.campaigns.frequencyCap;
  const span = idSpan(cap, baseCampaigns);
  if (cap * (lastCampaign + 2 * baseCampaigns) > room(span))
    throw new UserError(
      `this increment would number campaign ${lastCampaign}, too many for campaigns.frequencyCap ${cap}: a person's exposure and response ids (${cap} per campaign, 2^${Math.log2(span)} in all) would run out`,
      'start a new lineage with `idgraph generate` (a new base), with fewer campaigns or a lower campaigns.frequencyCap',
    );
}
