import { answer, guarded, type ToolKit } from './tool-kit.js';

/** Your numbers (SPEC §8). */
export function registerAccountTools({ server, ctx }: ToolKit): void {
  server.registerTool('stats', {
    title: 'Your stats',
    description: 'Sessions completed, minutes focused, the last 12 weeks, streaks of days, attendance score, no-shows and late cancels.',
    annotations: { readOnlyHint: true },
  }, () => guarded(async () => {
    const stats = await ctx.client.stats();
    const score = stats.score === null ? 'no attendance score yet' : `an attendance score of ${Math.round(stats.score * 100)} %`;
    return answer(stats, `${stats.completed} sessions completed (${stats.minutesFocused} minutes focused), a streak of ${stats.streak.current} days (longest ${stats.streak.longest}), ${score}.`);
  }));
}
