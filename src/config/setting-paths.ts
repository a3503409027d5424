import type { z } from 'zod';

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; shape?: Record<string, z.ZodType> };

/** Wrappers (default, prefault, optional, pipe…) around a schema, peeled to what they hold. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let i = 0; i < 10; i++) {
    const def = (s as unknown as { def: Def }).def;
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!inner) return s;
    s = inner;
  }
  return s;
}

/** Every setting path the config schema knows, groups and leaves: `household`, `household.sizeMean`, … */
export function settingPaths(schema: z.ZodType, prefix = ''): string[] {
  const def = (unwrap(schema) as unknown as { def: Def }).def;
  if (def.type !== 'object' || !def.shape) return [];
  const out: string[] = [];
  for (const [key, child] of Object.entries(def.shape)) {
    const path = prefix ? `${prefix}.${key}` : key;
    out.push(path, ...settingPaths(child, path));
  }
  return out;
}
