import type { RunConfig } from '../config/schema.js';
import { CONTENT_CATEGORIES } from '../schema/domains.js';
import { ASPECT, cumulative, type GuidedCumulative, guided, Rng } from './rng.js';

/** engagement.categories in CONTENT_CATEGORIES order: share of content and engagement per category. */
export const categoryWeights = (config: RunConfig): number[] =>
  CONTENT_CATEGORIES.map((c) => config.engagement.categories[c]);

/** Median seconds watched/read per view, per category, and the log-normal spread. */
export const VIEW_SECONDS = [95, 600, 1300, 540, 420, 220, 300, 260, 900, 720];
export const VIEW_SIGMA = 0.9;

export interface Catalog {
  /** Content ids, indexed by item (the dictionary of the content_id column). */
  names: string[];
  /** Items of each category, most popular first, and their Zipf cumulative weights (guided: one pick per event). */
  byCategory: { items: Int32Array; weights: GuidedCumulative }[];
}

/**
 * The content catalog: a small global table regenerated identically by every worker from the
 * seed. Each item has one category; within a category popularity follows Zipf(popularitySkew).
 */
export function buildCatalog(config: RunConfig, seedW: number): Catalog {
  const rng = Rng.for(seedW, ASPECT.catalog, 0);
  const n = config.engagement.catalogSize;
  const categoryPick = cumulative(categoryWeights(config));
  const members: number[][] = CONTENT_CATEGORIES.map(() => []);
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = rng.pickCumulative(categoryPick);
    members[c].push(i);
    // Video-first categories get video ids, reading-first ones article ids.
    const prefix = c === 0 || c === 7 || c === 6 ? 'art' : 'vid';
    names.push(`${prefix}_${(i + 1).toString(36).padStart(6, '0')}`);
  }
  return {
    names,
    byCategory: members.map((items) => ({
      items: Int32Array.from(items.length ? items : [0]),
      weights: guided(
        cumulative((items.length ? items : [0]).map((_, rank) => 1 / (rank + 1) ** config.engagement.popularitySkew)),
      ),
    })),
  };
}
