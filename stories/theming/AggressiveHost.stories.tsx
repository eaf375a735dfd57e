import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import type { DataSourceRef } from '../../src/client/index.ts';
import { AppCatalog, CollectionPicker, Connections, TributaryProvider, useConnections } from '../../src/react/index.ts';
import { useDemoClient } from '../shared/demoClient.ts';
import hostCss from './aggressive-host.css?inline';

/**
 * How the host's stylesheet meets the kit:
 * - `careless`: as written, un-layered. Its rules beat the kit's `@layer tributary` wherever they name a kit element
 *   (a global `button { … }` restyles the kit's buttons too): the host always wins, by design.
 * - `fenced`: the same rules inside `@scope (:root) to ([data-tributary-root], [data-tributary-portal])`, which
 *   stops them at the kit's two nodes, so the kit keeps its look while the host's page keeps its own.
 */
export type HostStylesheet = 'careless' | 'fenced';

const KIT_NODES = '[data-tributary-root], [data-tributary-portal]';

function stylesheet(mode: HostStylesheet): string {
  switch (mode) {
    case 'careless':
      return hostCss;
    case 'fenced':
      return `@scope (:root) to (${KIT_NODES}) {\n${hostCss}\n}`;
    default:
      return mode satisfies never;
  }
}

function Integrations() {
  const connection = useConnections().at(-1);
  const [source, setSource] = useState<DataSourceRef | null>(null);
  return (
    <>
      <Connections />
      <AppCatalog />
      {connection && <CollectionPicker connectionId={connection.id} value={source} onValueChange={setSource} />}
    </>
  );
}

/** A legacy host page with the kit embedded in its settings. */
function AggressiveHostPage({ hostStylesheet }: { hostStylesheet: HostStylesheet }) {
  const { client, status } = useDemoClient({ connectRelayCrm: true });
  return (
    <div id="app">
      {/* A plain <style>, not an import, so the host's global rules leave with the story instead of reaching others. */}
      <style data-host-stylesheet={hostStylesheet}>{stylesheet(hostStylesheet)}</style>
      <header className="topbar" data-host="topbar">
        <strong>Legacy Corp</strong>
        <a href="#home" data-host="link">
          Home
        </a>
        <input aria-label="Search" placeholder="Search" data-host="search" />
        <button type="button" data-host="button">
          Upgrade
        </button>
      </header>
      <div className="content" data-host="content">
        <section aria-labelledby="host-team">
          <h2 id="host-team" data-host="heading">
            Team
          </h2>
          <p data-host="paragraph">The host&apos;s own page, styled only by its own stylesheet.</p>
          <table data-host="table">
            <caption>Members</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td data-host="cell">Ada Lovelace</td>
                <td>Owner</td>
              </tr>
            </tbody>
          </table>
          <form className="host-form" onSubmit={(event) => event.preventDefault()}>
            <label data-host="label">
              Team name
              <input defaultValue="Analytical Engines" data-host="input" />
            </label>
            <ul data-host="list">
              <li>Everyone can import.</li>
            </ul>
            <button type="submit" data-host="submit">
              Save
            </button>
          </form>
        </section>
        <section aria-labelledby="host-integrations">
          <h2 id="host-integrations">Integrations</h2>
          <TributaryProvider client={client} theme="light">
            {status.state === 'ready' ? (
              <Integrations />
            ) : status.state === 'failed' ? (
              <p role="alert">Story setup failed: {status.message}</p>
            ) : (
              <p>Preparing the story…</p>
            )}
          </TributaryProvider>
        </section>
      </div>
    </div>
  );
}

const meta = {
  title: 'Theming/Aggressive host',
  component: AggressiveHostPage,
  argTypes: { hostStylesheet: { control: 'inline-radio', options: ['careless', 'fenced'] } },
  parameters: {
    docs: {
      description: {
        component:
          'The kit in a host page whose stylesheet has a universal reset, global element rules, body styles, `#app` rules and `!important`. The kit never styles the host (every rule of ours is `:where()`-scoped to our nodes), and leaves `body` as it found it after a dialog closes. The host, un-layered, wins over our layer wherever its rules name our elements: that is what lets a host restyle the kit. A host that wants its legacy rules kept off the kit fences them with `@scope … to (' +
          KIT_NODES +
          ')`, or puts them in a cascade layer ordered before `tributary`.',
      },
    },
  },
} satisfies Meta<typeof AggressiveHostPage>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The host's stylesheet as written: its global rules reach the kit's elements where they name them. */
export const Careless: Story = { args: { hostStylesheet: 'careless' } };

/** The same stylesheet fenced off at the kit's two nodes with `@scope`: each side keeps its own look. */
export const Fenced: Story = { args: { hostStylesheet: 'fenced' } };
