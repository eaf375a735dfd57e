import type { Meta, StoryObj } from '@storybook/react-vite';
import { TributaryProvider, type TributaryTheme } from '../../src/react/index.ts';
import { ImportSteps } from '../host/ImportSteps.tsx';
import { useDemoClient } from '../shared/demoClient.ts';
import { brands, brandStylesheet, type BrandId } from './brands.ts';
import './theming-page.css';

interface BrandedSettingsPageProps {
  brand: BrandId;
  theme: TributaryTheme;
}

/** The host's settings page, with the kit wearing one brand: tokens on the provider's root and portal, nothing else. */
function BrandedSettingsPage({ brand, theme }: BrandedSettingsPageProps) {
  const { client, status } = useDemoClient({ connectRelayCrm: true });
  const { className, name, tagline } = brands[brand];
  return (
    <>
      {/* The host's stylesheet with its brand classes; a plain <style> so it leaves with the story. */}
      <style>{brandStylesheet()}</style>
      <TributaryProvider client={client} theme={theme} className={className} portalClassName={className}>
        <main className="theming-page" data-brand={brand}>
          <header>
            <h1>{name} · Integrations</h1>
            <p className="acme-muted">{tagline}</p>
          </header>
          {status.state === 'ready' ? (
            <ImportSteps />
          ) : status.state === 'failed' ? (
            <p role="alert">Story setup failed: {status.message}</p>
          ) : (
            <p>Preparing the story…</p>
          )}
        </main>
      </TributaryProvider>
    </>
  );
}

const meta = {
  title: 'Theming/Brands',
  component: BrandedSettingsPage,
  argTypes: {
    brand: { control: 'inline-radio', options: Object.keys(brands) },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
  },
  parameters: {
    docs: {
      description: {
        component:
          'The same settings page in three brands. Each brand is only values for `--tributary-*` tokens, set by a class on the provider (`className` for the root, `portalClassName` for dialogs); colours are `light-dark()` pairs, so `theme` swaps them.',
      },
    },
  },
} satisfies Meta<typeof BrandedSettingsPage>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Compact and square: small type, tight spacing, short controls, 2px corners. */
export const Ledger: Story = { args: { brand: 'ledger', theme: 'light' } };

/** Round and roomy: rounded type, pill buttons, large radius, tall controls. */
export const Sprout: Story = { args: { brand: 'sprout', theme: 'light' } };

/** Serif and square: a newspaper's type and paper, no radius, ink-coloured rules. */
export const Broadsheet: Story = { args: { brand: 'broadsheet', theme: 'light' } };

/** A brand in the dark theme: the same tokens' dark halves, whatever the viewer prefers. */
export const Dark: Story = { args: { brand: 'ledger', theme: 'dark' } };
