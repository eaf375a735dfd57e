import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { relayCrm } from '../../mocks/index.ts';
import type { AppSummary, Connection } from '../../src/engine/index.ts';
import { ConnectDialog } from '../../src/react/index.ts';
import {
  createTestTributary,
  expectEveryElementNamed,
  expectNoAxeViolations,
  renderWithTributary,
} from './helpers.tsx';

const oauthApp: AppSummary = {
  id: 'cloud-drive',
  name: 'Cloud Drive',
  description: 'Files',
  categories: ['files'],
  auth: { type: 'oauth2', fields: [] },
  collections: [],
};

describe('ConnectDialog', () => {
  it('given an OAuth app, says connecting it here is not yet supported and offers no form', async () => {
    const { client } = createTestTributary();
    const { container } = renderWithTributary(<ConnectDialog app={oauthApp} defaultOpen />, client);

    const dialog = await screen.findByRole('dialog', { name: 'Connect Cloud Drive' });
    expect(within(dialog).getByText(/not yet supported here/)).toHaveAttribute('data-part', 'unsupported');
    expect(within(dialog).queryByRole('textbox')).not.toBeInTheDocument();
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);
  });

  it('controlled by the host, opens on its state, connects and asks to close', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    await client.start();
    const app = client.getState().apps.find((candidate) => candidate.id === relayCrm.appId)!;
    const onConnected = vi.fn<(connection: Connection) => void>();
    function Host() {
      const [open, setOpen] = useState(false);
      return (
        <>
          <button type="button" onClick={() => setOpen(true)}>
            Add Relay
          </button>
          <ConnectDialog
            app={app}
            open={open}
            onOpenChange={setOpen}
            onConnected={onConnected}
            className="host-dialog"
            classNames={{ 'submit-button': 'host-submit', 'dialog-overlay': 'host-overlay' }}
          />
        </>
      );
    }
    const { container } = renderWithTributary(<Host />, client);

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Add Relay' }));
    const dialog = await screen.findByRole('dialog', { name: 'Connect Relay CRM' });
    expect(dialog).toHaveClass('host-dialog');
    expect(dialog).toHaveAttribute('data-state', 'open');
    expect(dialog).toHaveAccessibleDescription('Find it in Relay CRM under Settings → Developers → API keys.');
    expect(container.querySelector('[data-part="dialog-overlay"]')).toHaveClass('host-overlay');
    const submit = within(dialog).getByRole('button', { name: 'Connect' });
    expect(submit).toHaveClass('host-submit');

    await user.type(within(dialog).getByLabelText('API key'), `  ${relayCrm.apiKey}  `);
    await user.click(submit);

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(onConnected).toHaveBeenCalledWith(expect.objectContaining({ appId: relayCrm.appId }));
  });
});
