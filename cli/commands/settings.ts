import type { Activity, SettingsChange, User } from '../api-types.js';
import { UsageError } from '../errors.js';
import { printJson, printLine, say, type GlobalOptions } from '../output.js';
import { languagesWords, parseLanguages } from '../languages.js';
import { connect } from './context.js';
import { describeMailSettings, hasMailFlags, mailSettingsFor, type MailFlags } from './mail-settings.js';

export interface SettingsOptions extends GlobalOptions, MailFlags {
  matchWith?: string | undefined;
  activity?: string | undefined;
  quiet?: boolean | undefined;
  name?: string | undefined;
  timezone?: string | undefined;
  languages?: string | undefined;
}

const MATCH_WITH = ['anyone', 'favorites'];
export const ACTIVITY_CHOICES: Activity[] = ['desk', 'moving', 'anything'];

export function checkActivity(value: string | undefined): Activity | undefined {
  if (value === undefined) return undefined;
  if (!ACTIVITY_CHOICES.includes(value as Activity)) throw new UsageError(`--activity must be desk, moving or anything, not "${value}".`);
  return value as Activity;
}

/** Shows your matching settings, or changes those given as flags. */
export async function settings(options: SettingsOptions): Promise<void> {
  const { client } = connect(options);
  if (options.matchWith !== undefined && !MATCH_WITH.includes(options.matchWith)) {
    throw new UsageError(`--match-with must be anyone or favorites, not "${options.matchWith}".`);
  }
  const change: SettingsChange = {
    ...(options.matchWith === undefined ? {} : { matchWith: options.matchWith as SettingsChange['matchWith'] }),
    ...(options.activity === undefined ? {} : { activity: checkActivity(options.activity) }),
    ...(options.quiet === undefined ? {} : { quiet: options.quiet }),
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.timezone === undefined ? {} : { timezone: options.timezone }),
    ...(options.languages === undefined ? {} : { languages: parseLanguages(options.languages, '--languages') }),
  };
  const changing = Object.keys(change).length > 0;
  const user = changing ? await client.updateMe(change) : await client.me();
  if (changing) say('Settings saved. Activity, quiet and languages apply to your next bookings.');
  const mail = await mailSettingsFor(client, options);
  if (hasMailFlags(options)) say('Mail settings saved.');
  if (options.json) return printJson(hasMailFlags(options) && !changing ? mail : user);
  printLine(describeSettings(user));
  if (mail) printLine(describeMailSettings(mail));
}

function describeSettings(user: User): string {
  return [
    `name          ${user.name}`,
    `time zone     ${user.timezone}`,
    `match with    ${user.matchWith === 'favorites' ? 'favourites only' : 'anyone'}`,
    `activity      ${user.activity}`,
    `quiet         ${user.quiet ? 'yes (paired only with quiet people)' : 'no'}`,
    `languages     ${languagesWords(user.languages)}`,
  ].join('\n');
}
