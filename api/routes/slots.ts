import { bearer, defineRoute, json, router } from '../http/openapi.js';
import { SlotListSchema, slotsQuery } from '../schemas/matching.js';
import { openSlots } from '../storage/open-slots.js';

const DAY_MS = 86_400_000;

const list = defineRoute({
  method: 'get', path: '/', operationId: 'listSlots', summary: 'Starts you can book where someone waits whom you, booking with your settings (or activity, quiet and languages as given), would be paired with', security: bearer,
  description: 'from defaults to now (starts already past are left out), to to a day after from; at most 7 days apart. Starts overlapping a live session of yours are left out, except the one named by instead. Only your favourites are ever named.',
  request: { query: slotsQuery },
  responses: { 200: json(SlotListSchema, 'OK') },
});

export const slotRoutes = router().openapi(list, async (c) => {
  const query = c.req.valid('query');
  const now = c.get('deps').clock.now();
  // A start already past cannot be booked, so the window begins now at the earliest.
  const from = query.from && query.from > now ? query.from : now;
  const to = query.to ?? new Date((query.from ?? now).getTime() + DAY_MS);
  const seeker = { activity: query.activity, quiet: query.quiet, languages: query.languages, instead: query.instead };
  const data = to > from ? await openSlots(c.get('deps').db, c.get('user').id, from, to, query.duration ?? null, seeker) : [];
  return c.json({ data }, 200);
});
