/**
 * The benchmark app as a real HTTP server, for benchmarks that must measure
 * the engine's process alone: `node --import tsx test/bench/appServer.ts`
 * prints `{"port":…}` and serves, on 127.0.0.1, a fake app of `<count>`
 * records under `/<count>/`.
 */
import { createServer } from 'node:http';
import { fakeAppFetch } from './fakeApp.ts';

const apps = new Map<number, typeof fetch>();
const server = createServer((incoming, outgoing) => {
  void (async () => {
    const [, count = '0', ...rest] = (incoming.url ?? '/').split('/');
    let app = apps.get(Number(count));
    if (!app) apps.set(Number(count), (app = fakeAppFetch({ count: Number(count) })));
    const response = await app(new URL(`/${rest.join('/')}`, 'https://api.bench.test'));
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  })();
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
});
