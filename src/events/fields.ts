// The pieces event parameters are made of, declared once (bounds from src/scenario/bounds.ts).
import { z } from 'zod';
import { BOUNDS, ID_PATTERN, ID_RULE, ZONES } from '../scenario/bounds';
import { LIMITS } from '../scenario/limits';

// The app's CSP: zod must not probe `new Function` while these schemas are built, and they
// are built as the scenario format imports the registry, before schema.ts sets the mode.
z.config({ jitless: true });

/** An id of the fabric or of a workload. */
export const id = z.string().regex(ID_PATTERN, ID_RULE).max(LIMITS.idLength);
/** A link, named by its two ends: "a-b". */
export const linkName = z.string().min(3).max(2 * LIMITS.idLength + 1);
export const zone = z.enum(ZONES);
export const linkGBps = z.number().finite().min(BOUNDS.linkGBps.min).max(BOUNDS.linkGBps.max);
export const linkNs = z.number().finite().min(BOUNDS.linkNs.min).max(BOUNDS.linkNs.max);
export const extents = z.number().int().min(BOUNDS.eventExtents.min).max(BOUNDS.eventExtents.max).default(BOUNDS.eventExtents.default);
