import { z } from '@hono/zod-openapi';

// The calendar feed (SPEC §9).

export const CalendarSchema = z
  .strictObject({ url: z.url().openapi({ description: 'A secret address any calendar app can subscribe to; whoever has it sees your sessions', example: 'https://cowork.example.org/calendar/3q2-7wYp0cR9dLmVbK4xTn.ics' }) })
  .openapi('CalendarFeed');

export const feedParam = z.object({ feed: z.string().openapi({ param: { name: 'feed', in: 'path' }, example: '<token>.ics' }) });
