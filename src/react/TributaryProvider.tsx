import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { TributaryClient } from '../client/index.ts';
import { TributaryContext, type TributaryContextValue } from './context.ts';

export type TributaryTheme = 'light' | 'dark' | 'auto';

/**
 * Renders two sibling nodes, both carrying the design tokens:
 * - `[data-tributary-root]` (`data-part="root"`) wraps the children;
 * - `[data-tributary-portal]` (`data-part="portal"`) holds dialogs, so they stay out of the host's stacking contexts.
 *
 * Both carry `data-theme="light" | "dark" | "auto"` and, when `unstyled`, `data-unstyled`.
 */
export interface TributaryProviderProps {
  /** The client every Tributary component and hook below reads from. */
  client: TributaryClient;
  children?: ReactNode;
  /** Class for the root node. */
  className?: string;
  /** Class for the portal container node. */
  portalClassName?: string;
  /**
   * Colour scheme; `auto` follows `prefers-color-scheme`.
   * @default 'auto'
   */
  theme?: TributaryTheme;
  /**
   * Drops Tributary's own styles (the data-* attributes stay, for the host's CSS).
   * @default false
   */
  unstyled?: boolean;
  /**
   * The redirect URI OAuth sign-ins use: a page of the host's that calls `completeOAuthRedirect()`
   * (or posts the same message), registered with each app's OAuth provider.
   * @default `${location.origin}/oauth-callback.html`
   */
  oauthRedirectUri?: string;
}

export function TributaryProvider({
  client,
  children,
  className,
  portalClassName,
  theme = 'auto',
  unstyled = false,
  oauthRedirectUri,
}: TributaryProviderProps) {
  // State, not a ref: consumers must re-render once the container exists.
  const [portalContainer, setPortalContainer] = useState<HTMLDivElement | null>(null);
  const value = useMemo<TributaryContextValue>(
    () => ({ client, portalContainer, oauthRedirectUri }),
    [client, portalContainer, oauthRedirectUri],
  );
  // A modal dialog sets body's pointer-events and, on close, writes back '' rather than removing the
  // style attribute it added; the host's body must end as it began.
  useEffect(() => {
    const body = portalContainer?.ownerDocument.body;
    if (!body) return;
    let addedByDialog = false;
    const observer = new MutationObserver((records) => {
      if (records.some((record) => record.oldValue === null) && portalContainer.childElementCount > 0) addedByDialog = true;
      if (addedByDialog && body.getAttribute('style') === '') {
        addedByDialog = false;
        body.removeAttribute('style');
      }
    });
    observer.observe(body, { attributeFilter: ['style'], attributeOldValue: true });
    return () => observer.disconnect();
  }, [portalContainer]);
  const shared = { 'data-theme': theme, 'data-unstyled': unstyled ? '' : undefined };
  return (
    <TributaryContext.Provider value={value}>
      <div data-tributary-root="" data-part="root" {...shared} className={className}>
        {children}
      </div>
      <div ref={setPortalContainer} data-tributary-portal="" data-part="portal" {...shared} className={portalClassName} />
    </TributaryContext.Provider>
  );
}
