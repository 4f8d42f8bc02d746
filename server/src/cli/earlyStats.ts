/**
 * The CLI's first import: with a cache (`--cache DIR`), the warm start's stat
 * thread starts before the rest of the CLI loads (node/statWorker.ts). Its
 * own start is most of the time it takes to be of use.
 */
import { prestartStatThread } from '../node/statWorker';

if (process.argv.some((a) => a === '--cache' || a.startsWith('--cache='))) prestartStatThread();
