import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState, type CSSProperties, type ReactNode } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { relayCrm } from '../../mocks/index.ts';
import { createClient, type TributaryClient } from '../../src/client/index.ts';
import { createEngine } from '../../src/engine/index.ts';
import { AppCatalog, TributaryProvider } from '../../src/react/index.ts';
import { withTributary, type TributaryStoryParameters } from './decorators.tsx';
import { unreachableTransport } from '../shared/transports.ts';

const meta = {
  title: 'Components/AppCatalog',
  component: AppCatalog,
  parameters: {
    docs: {
      description: {
        component:
          'The apps an end user can connect: a search (name, description and categories; case and accents aside), a category filter, how many apps match (announced politely), then each app with its connections and a Connect button that opens `ConnectDialog`. Search and category are controlled (`query`/`onQueryChange`, `category`/`onCategoryChange`) or not (`defaultQuery`, `defaultCategory`). Ships as a composite and as parts (`AppCatalog.Root`, `.Search`, `.Filters`, `.Count`, `.List`, `.Card`, `.ConnectButton`), plus the `useAppCatalog` hook.',
      },
    },
  },
} satisfies Meta<typeof AppCatalog>;

export default meta;
type Story = StoryObj<typeof meta>;

const frame: CSSProperties = { padding: '1.5rem', maxWidth: '60rem' };

/** Renders `children` in a provider on a client of the story's own (a server that fails, or offers no apps). */
function OwnClient({ make, children }: { make: () => TributaryClient; children: ReactNode }) {
  const [client] = useState(make);
  return (
    <div style={frame}>
      <TributaryProvider client={client}>{children}</TributaryProvider>
    </div>
  );
}

// ---- States ---------------------------------------------------------------------------------------

/** Nothing connected yet. */
export const Default: Story = {
  decorators: [withTributary],
};

/** The apps are on their way (here: a server that never answers). */
export const Loading: Story = {
  render: (args) => (
    <OwnClient make={() => createClient({ transport: { call: () => new Promise(() => {}), subscribe: () => () => {} } })}>
      <AppCatalog {...args} />
    </OwnClient>
  ),
};


/** The apps could not be loaded: why, and Try again. */
export const LoadError: Story = {
  render: (args) => (
    <OwnClient make={() => createClient({ transport: unreachableTransport })}>
      <AppCatalog {...args} />
    </OwnClient>
  ),
};

/** The engine offers no apps: no search, no filter, and what the host says instead. */
export const Empty: Story = {
  args: { emptyText: 'No apps are available yet. Ask your workspace admin to enable one.' },
  render: (args) => (
    <OwnClient make={() => createClient({ engine: createEngine({ connectors: [], destination: async () => {} }) })}>
      <AppCatalog {...args} />
    </OwnClient>
  ),
};

/** Relay CRM already connected: its card shows the connection and a Disconnect button. */
export const WithConnection: Story = {
  decorators: [withTributary],
  parameters: { tributary: { connect: [relayCrm.appId] } satisfies TributaryStoryParameters },
};

// ---- Search and filter ----------------------------------------------------------------------------

/** A search for “crm”: the two CRMs stay, and the count says 2 of 11. */
export const SearchResults: Story = {
  decorators: [withTributary],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(await canvas.findByRole('searchbox', { name: 'Search apps' }), 'crm');
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('2 of 11 apps'));
    await expect(canvas.getAllByRole('heading', { level: 3 }).map((heading) => heading.textContent)).toEqual(['Relay CRM', 'Pipewell CRM']);
  },
};

/** Nothing matches: the catalog says so and offers to clear the search and the category. */
export const NoMatch: Story = {
  decorators: [withTributary],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(await canvas.findByRole('searchbox', { name: 'Search apps' }), 'spreadsheet');
    await expect(await canvas.findByText(/No apps match “spreadsheet”/)).toHaveAttribute('data-state', 'no-match');
    await expect(canvas.getByRole('button', { name: 'Clear filters' })).toBeInTheDocument();
  },
};

/** Started on one category (`defaultCategory="crm"`); All shows every app again. */
export const FilteredByCategory: Story = {
  decorators: [withTributary],
  args: { defaultCategory: 'crm' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const filter = await canvas.findByRole('group', { name: 'Filter by category' });
    await expect(within(filter).getByRole('button', { name: 'crm' })).toHaveAttribute('aria-pressed', 'true');
    await expect(canvas.getByRole('status')).toHaveTextContent('2 of 11 apps');
  },
};

// ---- Connecting -----------------------------------------------------------------------------------

/** A wrong API key: the app’s own message appears in the dialog, which stays open. */
export const WrongApiKey: Story = {
  decorators: [withTributary],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Connect Relay CRM' }));
    const body = within(canvasElement.ownerDocument.body);
    const dialog = await body.findByRole('dialog', { name: 'Connect Relay CRM' });
    await userEvent.type(within(dialog).getByLabelText('API key'), 'relay_test_wrong');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(within(dialog).getByRole('alert')).toHaveTextContent('Invalid API key'));
  },
};

// ---- Composition and theming ----------------------------------------------------------------------

const sidebar: CSSProperties = { display: 'grid', gridTemplateColumns: 'minmax(10rem, 14rem) 1fr', gap: '1.5rem', alignItems: 'start' };
const row: CSSProperties = { display: 'flex', alignItems: 'center', gap: '0.75rem', padding: '0.5rem 0', borderBottom: '1px solid #e2e5ea' };

/** The parts in a host’s own layout: the filter in a sidebar, the search above a compact row per app. */
export const ComposedFromParts: Story = {
  decorators: [withTributary],
  parameters: { tributary: { connect: [relayCrm.appId] } satisfies TributaryStoryParameters },
  render: () => (
    <AppCatalog.Root aria-label="Integrations">
      <div data-part="host-layout" style={sidebar}>
        <AppCatalog.Filters />
        <div data-part="host-main" style={{ display: 'grid', gap: '0.75rem' }}>
          <AppCatalog.Search label="Find an integration" placeholder="Name, description or category" />
          <AppCatalog.Count />
          <AppCatalog.List>
            {(item) => (
              <li data-part="host-row" style={row}>
                <strong data-part="host-app-name" style={{ flex: 1 }}>
                  {item.app.name}
                </strong>
                <span data-part="host-app-state">{item.state === 'not-connected' ? '' : item.state}</span>
                <AppCatalog.ConnectButton item={item} />
              </li>
            )}
          </AppCatalog.List>
        </div>
      </div>
    </AppCatalog.Root>
  ),
};

/** Dark theme: a token swap on the provider’s root and portal. */
export const Dark: Story = {
  parameters: {
    tributary: { theme: 'dark', connect: [relayCrm.appId] } satisfies TributaryStoryParameters,
    backgrounds: { default: 'dark' },
  },
  decorators: [
    (Story) => (
      <div style={{ background: '#0d1017', minHeight: '100vh' }}>
        <Story />
      </div>
    ),
    withTributary,
  ],
};

/** `unstyled`: the kit’s CSS steps aside and only the data-part/data-state hooks remain for the host. */
export const Unstyled: Story = {
  decorators: [withTributary],
  parameters: { tributary: { unstyled: true, connect: [relayCrm.appId] } satisfies TributaryStoryParameters },
};
