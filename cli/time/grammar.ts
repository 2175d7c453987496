/**
 * The time grammar as `--help` shows it, under every command that reads a time or a date (book,
 * slots, routine add|skip|unskip); README's "Times and dates" table says the same. The readers are
 * cli/time/clock.ts (a time of day), cli/time/when.ts (a start) and cli/time/day.ts (a whole day).
 */
export const TIME_GRAMMAR = `
Times and dates, read alike by book and slots (a day and a time), routine add
(a time) and routine skip|unskip (days), in your time zone (TZ):
  14:00 14.30 14h 9h30 9      24-hour clock; "tomorrow 9" is 09:00
  9am 2:30pm 12am             12-hour clock
  noon midday midnight
  "half past two"             said in words: 7 to 11 is morning, 1 to 6
  "quarter to 9"              afternoon, unless am or pm follows
  today tomorrow fri          a day; a weekday is its next one
  "24 dec" 24/12 2030-12-24   a date, the next one when the year is left out
                              (1/2 has two readings and is refused)
  "fri at 14.30" "9am fri"    a day and a time, either way round
  now                         the next quarter hour; also ISO 8601
  A time already past today means tomorrow; sessions start on the quarter hour.`;
