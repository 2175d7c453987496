/**
 * The one reading of a time of day, for every command that takes one (book, slots, routine add;
 * skip refuses one by the same reading). The forms are those of README's "Times and dates" table
 * and of TIME_GRAMMAR (cli/time/grammar.ts):
 * - digits are a 24-hour clock: `9`, `9:30`, `09:30`, `14.30`, `14h`, `9h30` (SPEC §11: `14h` is 14:00);
 * - `am`/`pm` make them a 12-hour clock: `9am`, `9:30 pm`, `12am`;
 * - `noon`, `midday`, `midnight`;
 * - a time said in words, `half past two`, `quarter to 9`, `ten past nine`, `two o'clock`, is read
 *   as people say it in a working day: 7 to 11 in the morning, 12 to 6 in the afternoon and
 *   evening, unless `am`/`pm` follows.
 */
export interface ClockTime {
  hour: number;
  minute: number;
}

const HOUR_WORDS = ['twelve', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven'];
const MINUTE_WORDS: Record<string, number> = { five: 5, ten: 10, quarter: 15, twenty: 20, 'twenty-five': 25, 'twenty five': 25, half: 30 };
const NAMED: Record<string, ClockTime> = { noon: { hour: 12, minute: 0 }, midday: { hour: 12, minute: 0 }, midnight: { hour: 0, minute: 0 } };

const MERIDIEM = String.raw`(?:\s*([ap])\.?m\.?)?`;
const DIGITS = new RegExp(String.raw`^(\d{1,2})(?:[:.h](\d{2})|h)?${MERIDIEM}$`);
const SPOKEN = new RegExp(
  String.raw`^(?:(${Object.keys(MINUTE_WORDS).join('|')}|\d{1,2})(?:\s+minutes?)?\s+(past|after|to)\s+)?` +
  String.raw`(${HOUR_WORDS.join('|')}|\d{1,2})(\s+o'?clock)?${MERIDIEM}$`,
);

/** An hour of a 12-hour dial (1 to 12) on the 24-hour clock. */
function onDial(hour: number, marker: string | undefined): number {
  if (marker === 'a') return hour % 12;
  if (marker === 'p') return (hour % 12) + 12;
  return hour >= 7 && hour <= 12 ? hour : hour + 12;
}

function readDigits(match: RegExpExecArray): ClockTime | undefined {
  const [, hourText, minuteText, marker] = match;
  const hour = Number(hourText);
  const minute = Number(minuteText ?? 0);
  if (minute > 59) return undefined;
  if (marker) return hour >= 1 && hour <= 12 ? { hour: onDial(hour, marker), minute } : undefined;
  return hour <= 23 ? { hour, minute } : undefined;
}

function readSpoken(match: RegExpExecArray): ClockTime | undefined {
  const [, minuteText, direction, hourText, oclock, marker] = match;
  // A lone number is the digits' form; here it needs words around it ("half past 2", "2 o'clock").
  if (!minuteText && !oclock && /^\d/.test(hourText!)) return undefined;
  const named = HOUR_WORDS.indexOf(hourText!);
  const said = named >= 0 ? named || 12 : Number(hourText);
  let hour: number;
  if (said >= 1 && said <= 12) hour = onDial(said, marker);
  else if (said <= 23 && !marker) hour = said;
  else return undefined;
  const minutes = minuteText === undefined ? 0 : (MINUTE_WORDS[minuteText] ?? Number(minuteText));
  if (minutes < 0 || minutes > 59 || (minuteText !== undefined && minutes === 0)) return undefined;
  const total = direction === 'to' ? hour * 60 - minutes + 24 * 60 : hour * 60 + minutes;
  return { hour: Math.floor(total / 60) % 24, minute: total % 60 };
}

/** The time of day `text` says, or undefined when it says none (it may be a date, or nothing). */
export function readClock(text: string): ClockTime | undefined {
  const said = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const named = NAMED[said];
  if (named) return named;
  const digits = DIGITS.exec(said);
  if (digits) return readDigits(digits);
  const spoken = SPOKEN.exec(said);
  return spoken ? readSpoken(spoken) : undefined;
}

/** "09:30": how a clock time is handed on (to chrono, to the API). */
export const clockText = (clock: ClockTime) => `${String(clock.hour).padStart(2, '0')}:${String(clock.minute).padStart(2, '0')}`;
