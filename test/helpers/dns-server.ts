import { createSocket } from 'node:dgram';
import ipaddr from 'ipaddr.js';

export interface DnsServer {
  /** "127.0.0.1:<port>", for a resolver's server list. */
  address: string;
  /** How many queries came in. */
  queries(): number;
  stop(): Promise<void>;
}

const A = 1;
const AAAA = 28;

/**
 * A real DNS server on loopback UDP for a few made-up names: it answers A and AAAA from `records`
 * (written without a dotted IPv4 tail), NXDOMAIN for any other name, and nothing at all when
 * `silent` (a server that never answers).
 */
export async function startDnsServer(records: Record<string, string[]>, options: { silent?: boolean } = {}): Promise<DnsServer> {
  const socket = createSocket('udp4');
  let queries = 0;
  socket.on('message', (query, peer) => {
    queries++;
    if (options.silent) return;
    const { name, type, end } = question(query);
    const addresses = records[name.toLowerCase()];
    const wanted = (addresses ?? []).map((text) => ipaddr.parse(text)).filter((ip) => (ip.kind() === 'ipv4' ? A : AAAA) === type);
    const header = Buffer.alloc(12);
    header.writeUInt16BE(query.readUInt16BE(0), 0);
    header.writeUInt16BE(0x8180 | (addresses ? 0 : 3), 2); // a response, recursion available; NXDOMAIN for an unknown name
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(wanted.length, 6);
    const answers = wanted.map((ip) => {
      const data = Buffer.from(ip.toByteArray());
      const record = Buffer.alloc(12);
      record.writeUInt16BE(0xc00c, 0); // the name, pointing at the question's
      record.writeUInt16BE(type, 2);
      record.writeUInt16BE(1, 4); // class IN
      record.writeUInt32BE(60, 6);
      record.writeUInt16BE(data.length, 10);
      return Buffer.concat([record, data]);
    });
    socket.send(Buffer.concat([header, query.subarray(12, end), ...answers]), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    queries: () => queries,
    stop: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

/** The first question's name and type, and where it ends. */
function question(query: Buffer): { name: string; type: number; end: number } {
  const labels: string[] = [];
  let at = 12;
  while (query[at]! > 0) {
    labels.push(query.subarray(at + 1, at + 1 + query[at]!).toString('ascii'));
    at += 1 + query[at]!;
  }
  return { name: labels.join('.'), type: query.readUInt16BE(at + 1), end: at + 5 };
}
