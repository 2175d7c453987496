import { Chalk, type ChalkInstance } from 'chalk';
import { colorEnabled } from '../output.js';

/** A chalk for one stream that follows NO_COLOR, --no-color and the TTY (not chalk's own argv sniffing). */
export function styleFor(stream: NodeJS.WriteStream, flag: boolean | undefined): ChalkInstance {
  return new Chalk({ level: colorEnabled(stream, flag) ? 1 : 0 });
}
