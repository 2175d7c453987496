// Starts the compiled API server (dist/, built by `npm run build`) the way `cowork serve` does,
// for checkouts where bin/cowork cannot serve yet. Usage: node bench/serve-compiled.mjs <db-file>
import { startServer } from '../dist/api/server.js';

const server = await startServer({ port: 0, host: '127.0.0.1', db: process.argv[2] });
console.log(`cowork listening on ${server.url}`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
